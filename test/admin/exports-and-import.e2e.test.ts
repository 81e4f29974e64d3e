import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Request } from 'playwright-core';
import { claimIn, PASSWORD, type Person } from '../fixtures/newsroom';
import { useBrowserApp } from '../helpers/browserApp';
import { logIn, logOut, shot } from './browser';

/**
 * The claims list's two ways out and in: auditors download the server's claims export with the
 * list's filters, editors import other fact-checkers' ClaimReview files and read the report.
 */
jest.setTimeout(120_000);

const { app, n, page } = useBrowserApp('newsroom');

beforeAll(async () => {
  for (const state of ['DRAFT', 'IN_REVIEW', 'IN_REVIEW', 'PUBLISHED', 'PENDING_APPROVAL', 'IN_REVIEW'] as const) await claimIn(app, n, state);
});

const as = async (person: Person) => logIn(page, app.url, `${person}@newsroom.test`, PASSWORD);
/** The claims list with exactly these filters (react-admin would bring back the last ones used). */
const claimsWith = async (filter: Record<string, unknown>, opts: { empty?: boolean } = {}) => {
  await page.goto(`${app.url}/admin/claims?filter=${encodeURIComponent(JSON.stringify(filter))}`);
  if (opts.empty) await page.getByText('No Claims found using the current filters.').waitFor();
  else await page.getByRole('row').filter({ has: page.getByRole('cell') }).first().waitFor();
};
const exportButton = () => page.getByRole('button', { name: 'Export', exact: true });
const importButton = () => page.getByRole('button', { name: 'Import ClaimReview' });

test('an auditor downloads the claims in one status as CSV from the list, and is told which filters the file ignores', shot(() => page, async () => {
  await as('auditor');
  await claimsWith({ reviewStatus: ['IN_REVIEW'] });

  await exportButton().hover();
  await page.getByRole('tooltip').getByText(/^Downloads every claim matching the list’s status and claimant filters, not just this page\./).waitFor();
  await exportButton().click();
  await page.getByText('Follows the list’s status and claimant filters.', { exact: true }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Claims (CSV)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^claimledger-claims-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parse(readFileSync((await download.path())!, 'utf8'), { columns: true }) as { id: string; review_status: string }[];

  const inReview = (await app.ds.query(`SELECT id FROM claims WHERE review_status = 'IN_REVIEW'`)) as { id: string }[];
  expect(inReview).toHaveLength(3);
  expect(rows.map((r) => r.id).sort()).toEqual(inReview.map((r) => r.id).sort());
  expect(new Set(rows.map((r) => r.review_status))).toEqual(new Set(['IN_REVIEW']));
  await page.getByText(/^claimledger-claims-\d{4}-\d{2}-\d{2}\.csv: 3 rows$/).waitFor();

  // Claimed-on dates and verdicts are not the export's filters: the button says so instead of pretending.
  // (None of these claims has a claimed-on day, so the list is empty while the file would not be.)
  await claimsWith({ reviewStatus: ['PUBLISHED'], verdict: ['MOSTLY_TRUE'], claimedFrom: '2018-01-01' }, { empty: true });
  await exportButton().hover();
  await page.getByRole('tooltip').getByText(/so these filters are not applied: Verdict, Claimed from\.$/).waitFor();
  await exportButton().click();
  await page.getByText('Follows the list’s status and claimant filters; not applied: Verdict, Claimed from.', { exact: true }).waitFor();
  await page.keyboard.press('Escape');
  await logOut(page);
}));

/** A foreign fact-checker's review, as another newsroom's feed would carry it. */
const review = (i: number, claimReviewed: string) => ({
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url: `https://factcheck.example.com/reviews/${i}`,
  claimReviewed,
  datePublished: '2019-03-01',
  author: { '@type': 'Organization', name: 'Example Fact Check' },
  reviewRating: { '@type': 'Rating', alternateName: 'Pants on Fire!' },
  itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Kim Yong Chol' }, datePublished: '2019-02-20' },
});
const IMPORTED = 'Ship-to-ship transfers of petroleum stopped completely in 2018.';

test('an editor imports a ClaimReview file, reads the report, finds the new draft, and a second import adds nothing', shot(() => page, async () => {
  const file = { name: 'reviews.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(JSON.stringify([review(1, IMPORTED), review(2, '')])) };
  const dialog = page.getByRole('dialog', { name: 'Import ClaimReview' });
  const report = dialog.getByRole('region', { name: 'Import report' });
  const choose = async (f: typeof file) => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Choose file' }).click()]);
    await chooser.setFiles(f);
  };
  // Every import the page sends, to show that a file above the limit is never sent.
  const importRequests: string[] = [];
  const countImports = (r: Request) => {
    if (r.postData()?.includes('AdminImportClaimReviews')) importRequests.push(r.url());
  };
  page.on('request', countImports);

  await as('editor');
  await claimsWith({});
  await importButton().click();
  await choose(file);
  await dialog.getByLabel('Chosen file').getByText(/^reviews\.jsonld \(\d+\.\d kB\)$/).waitFor();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await report.getByText('1 claim created as drafts, 0 already imported, 1 failed.').waitFor();
  const failure = report.getByRole('table', { name: 'Reviews not imported' }).getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(failure.count()).resolves.toBe(1);
  expect(await failure.getByRole('cell').allTextContents()).toEqual(['1', 'https://factcheck.example.com/reviews/2', 'claimReviewed: is missing']);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The list behind the dialog was refreshed: the new draft is there, newest first.
  const row = page.getByRole('row').filter({ hasText: IMPORTED });
  await row.getByText('Draft').waitFor();
  await row.getByText('Kim Yong Chol').waitFor();

  await importButton().click();
  await choose(file);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await report.getByText('0 claims created as drafts, 1 already imported, 1 failed.').waitFor();
  const imported = (await app.ds.query(`SELECT id FROM claims WHERE imported_from = 'https://factcheck.example.com/reviews/1'`)) as { id: string }[];
  expect(imported).toHaveLength(1);
  expect(importRequests).toHaveLength(2);

  // Something that is not JSON is refused in words, and what was pasted stays.
  await dialog.getByRole('button', { name: 'Import another' }).click();
  const paste = dialog.getByLabel('Or paste ClaimReview JSON-LD');
  await paste.fill('{"@type": "ClaimReview",');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.getByRole('alert').getByText(/not valid JSON/).waitFor();
  await expect(paste.inputValue()).resolves.toBe('{"@type": "ClaimReview",');
  expect(importRequests).toHaveLength(3);

  // Above the server's request limit the file is not sent: the dialog points to the CLI instead.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await importButton().click();
  const big = Array.from({ length: 300 }, (_, i) => review(100 + i, `${IMPORTED} Repeated as review ${i} with enough words to fill a large feed file quickly.`));
  await choose({ name: 'feed.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(JSON.stringify(big)) });
  const warning = dialog.getByRole('alert');
  await warning.getByText(/^feed\.jsonld is too large to send from here: the request would be at least \d+(\.\d)? kB, and the server accepts at most 100 kB\./).waitFor();
  await warning.getByText('npm run import -- feed.jsonld').waitFor();
  await expect(dialog.getByRole('button', { name: 'Import', exact: true }).isDisabled()).resolves.toBe(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(importRequests).toHaveLength(3);
  page.off('request', countImports);
  await logOut(page);
}));

test('only auditors and admins see the export, only editors and admins the import; a fact-checker sees neither', shot(() => page, async () => {
  const sees = async (person: Person) => {
    await as(person);
    await claimsWith({});
    // Every role has New claim or Export: once one shows, the toolbar knows the role.
    await page.getByRole('link', { name: 'New claim' }).or(exportButton()).first().waitFor();
    const seen = { export: await exportButton().count(), import: await importButton().count() };
    await logOut(page);
    return seen;
  };
  expect(await sees('checker')).toEqual({ export: 0, import: 0 });
  expect(await sees('editor')).toEqual({ export: 0, import: 1 });
  expect(await sees('auditor')).toEqual({ export: 1, import: 0 });
  expect(await sees('admin')).toEqual({ export: 1, import: 1 });
}));
