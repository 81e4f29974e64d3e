import { readFileSync } from 'node:fs';
import { useBrowserApp } from '../helpers/browserApp';
import { logIn, logOut, shot, screenshot } from './browser';

/**
 * The newsroom's real journeys in headless Chromium against the demo newsroom: a fact-checker
 * records and checks a claim, an editor publishes it, a dispute reopens it, an auditor verifies
 * its history. One claim goes through all of it, so the tests run in order.
 */
jest.setTimeout(120_000);

// An uncaught exception or an error logged by the app fails the journey it happened in.
const { app, page } = useBrowserApp('demo');
let claimPath = '';

const STATEMENT = 'North Korea imported far more refined petroleum in 2018 than the UN cap of 500,000 barrels allows.';
const status = () => page.getByLabel('Claim status');

test('/ and /admin lead to the login page', shot(() => page, async () => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/admin/login');
}));

test('a fact-checker records a claim (new claimant created in place, duplicates shown), adds evidence, submits it and proposes a verdict', shot(() => page, async () => {
  await logIn(page, app.url, 'checker@claimledger.example', 'demo-checker-2018');
  await page.getByRole('menuitem', { name: 'Claims' }).click();
  await page.getByRole('link', { name: 'New claim' }).click();

  await page.getByLabel('Statement').fill(STATEMENT);
  // The demo already has a claim about the 500,000-barrel cap: it is offered as a possible duplicate.
  const duplicates = page.getByLabel('Possible duplicates');
  await duplicates.getByText("North Korea's 2018 imports of refined petroleum exceeded the UN cap of 500,000 barrels a year.").waitFor();

  await page.getByLabel('Quote').fill('far more than the cap');
  await page.getByRole('combobox', { name: 'Claimant' }).fill('Nikki Haley');
  await page.getByRole('option', { name: 'New actor: Nikki Haley' }).click();
  const actorDialog = page.getByRole('dialog', { name: 'New actor' });
  await actorDialog.getByLabel('Title or office').fill('US Ambassador to the United Nations');
  await actorDialog.getByRole('button', { name: 'Create actor' }).click();
  await actorDialog.waitFor({ state: 'hidden' });
  await expect(page.getByRole('combobox', { name: 'Claimant' }).inputValue()).resolves.toBe('Nikki Haley — US Ambassador to the United Nations');

  await page.getByRole('combobox', { name: 'First appearance' }).fill('Report on the UN Security');
  await page.getByRole('option', { name: /Report on the UN Security Council meeting on North Korea/ }).click();
  await page.getByLabel('Claimed on').fill('2018-09-27');
  await page.getByLabel('Context').fill('UN Security Council meeting on North Korea, New York');
  await page.getByRole('button', { name: 'Save' }).click();

  await page.getByRole('heading', { level: 2, name: STATEMENT }).waitFor();
  await status().getByText('Draft').waitFor();
  claimPath = new URL(page.url()).pathname;
  expect(claimPath).toMatch(/^\/admin\/claims\/[0-9a-f-]{36}\/show$/);

  await page.getByRole('button', { name: 'Add evidence that supports' }).click();
  const form = page.getByRole('region', { name: 'New evidence' }).or(page.getByLabel('New evidence'));
  await form.getByRole('combobox', { name: 'Source' }).fill('Panel of Experts');
  await page.getByRole('option', { name: /Final report of the Panel of Experts/ }).click();
  await form.getByLabel('Excerpt').fill('Ship-to-ship transfers delivered well over the 500,000-barrel cap in 2018.');
  await form.getByRole('button', { name: 'Add evidence' }).click();
  // (The typed excerpt is also text of the form until the form closes: wait for the saved evidence.)
  await page.getByRole('heading', { name: 'Evidence (1)' }).waitFor();
  await page.getByLabel('Supports (1)').getByText('Ship-to-ship transfers delivered well over the 500,000-barrel cap in 2018.').waitFor();

  await page.getByRole('button', { name: 'Submit for review' }).click();
  await status().getByText('In review').waitFor();

  await page.getByRole('button', { name: 'Propose verdict' }).click();
  const dialog = page.getByRole('dialog', { name: 'Propose a verdict' });
  await dialog.getByLabel('Verdict').click();
  await page.getByRole('option', { name: 'Mostly true' }).click();
  await dialog.getByLabel('Rationale').fill('The UN Panel of Experts documented deliveries above the cap; exact totals are estimates.');
  await dialog.getByRole('button', { name: 'Propose verdict' }).click();
  await status().getByText('Pending approval').waitFor();
  await status().getByText('Mostly true').waitFor();

  // Four-eyes: the proposer is a fact-checker, and nobody approves their own proposal anyway.
  await expect(page.getByRole('button', { name: 'Approve and publish' }).count()).resolves.toBe(0);
  await logOut(page);
}));

test('the editor approves it and the claim appears in the anonymous API', shot(() => page, async () => {
  await logIn(page, app.url, 'editor@claimledger.example', 'demo-editor-2018');
  await page.getByRole('menuitem', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Hello, Eddie Editor' }).waitFor();
  await page.getByRole('link', { name: /^Pending my approval .+ 2$/ }).waitFor();
  await screenshot(page, 'dashboard');

  await page.goto(`${app.url}${claimPath}`);
  await status().getByText('Pending approval').waitFor();
  await page.getByRole('button', { name: 'Approve and publish' }).click();
  await page.getByRole('dialog', { name: 'Approve and publish' }).getByRole('button', { name: 'Approve and publish' }).click();
  await status().getByText('Published').waitFor();

  const id = claimPath.split('/')[3]!;
  const { claim } = await app.ok<{ claim: { reviewStatus: string; verdict: string; claimant: { name: string }; evidence: { excerpt: string }[] } }>(
    `query($id: ID!) { claim(id: $id) { reviewStatus verdict claimant { name } evidence { excerpt } } }`,
    { id },
  );
  expect(claim).toEqual({
    reviewStatus: 'PUBLISHED',
    verdict: 'MOSTLY_TRUE',
    claimant: { name: 'Nikki Haley' },
    evidence: [{ excerpt: 'Ship-to-ship transfers delivered well over the 500,000-barrel cap in 2018.' }],
  });
}));

test('the claims list shows states as chips, filters by status and verdict, and searches', shot(() => page, async () => {
  await page.getByRole('menuitem', { name: 'Claims' }).click();
  await page.getByRole('cell', { name: new RegExp(`^${STATEMENT.slice(0, 40)}`) }).waitFor();
  await screenshot(page, 'claims-list');

  // For the README: the demo's published, disputed claim, with evidence for and context.
  await page.getByRole('cell', { name: /ship-to-ship transfers banned/ }).click();
  await page.getByLabel('Dispute by Reader correspondence').waitFor();
  await page.getByRole('list', { name: 'History' }).getByText('opened a dispute').waitFor();
  await screenshot(page, 'claim-page', { height: 1400 });

  await page.goto(`${app.url}/admin/claims?filter=${encodeURIComponent(JSON.stringify({ reviewStatus: ['PUBLISHED'], verdict: ['MOSTLY_TRUE'] }))}`);
  const rows = page.locator('tbody tr');
  await rows.first().waitFor();
  await expect(rows.filter({ hasText: STATEMENT.slice(0, 40) }).count()).resolves.toBe(1);
  for (const row of await rows.all()) {
    await expect(row.textContent()).resolves.toMatch(/Published.*Mostly true/);
  }

  // Searching sorts by best match and shows how well each claim matches. (The list remembers its
  // last filters; start from none.)
  await page.goto(`${app.url}/admin/claims?filter=${encodeURIComponent('{}')}`);
  await page.getByPlaceholder('Search statements, quotes, context').fill('ship-to-ship transfers banned');
  await page.getByRole('columnheader', { name: 'Match' }).waitFor();
  await rows.first().getByText('North Korea keeps importing refined petroleum through ship-to-ship transfers banned by UN resolutions.').waitFor();
}));

test('a dispute is opened on behalf of a reader, upheld, and the claim is reopened for correction', shot(() => page, async () => {
  await page.goto(`${app.url}${claimPath}`);
  await status().getByText('Published').waitFor();
  await page.getByRole('button', { name: 'Open dispute' }).click();
  const form = page.getByLabel('New dispute');
  await form.getByLabel('What is wrong with the claim or its verdict?').fill('The panel counted deliveries, not imports: the verdict overstates it.');
  await form.getByLabel('On behalf of (optional)').fill('Korea Watch');
  await form.getByRole('button', { name: 'Open dispute' }).click();
  await status().getByText('Disputed').waitFor();

  await page.getByLabel('Dispute by Korea Watch').getByRole('button', { name: 'Resolve' }).click();
  const dialog = page.getByRole('dialog', { name: 'Resolve the dispute' });
  await dialog.getByLabel(/^Uphold/).check();
  await dialog.getByLabel('Resolution note').fill('Agreed: the rating must distinguish deliveries from imports.');
  await dialog.getByRole('button', { name: 'Resolve' }).click();

  await status().getByText('In review').waitFor();
  await status().getByText('Dispute resolved').waitFor();
  // The verdict that was public stays visible as a correction.
  const corrections = page.getByRole('region', { name: /^Corrections/ });
  await corrections.getByText('Earlier verdict').waitFor();
  await page.getByLabel('Dispute by Korea Watch').getByText('Upheld').waitFor();
  await logOut(page);
}));

test('an auditor sees no actions, verifies the history (pass, then fail after tampering) and reads the claim as it was', shot(() => page, async () => {
  await logIn(page, app.url, 'auditor@claimledger.example', 'demo-auditor-2018');
  await page.goto(`${app.url}${claimPath}`);
  await page.getByRole('heading', { level: 2, name: STATEMENT }).waitFor();
  await expect(page.getByRole('group', { name: 'Workflow actions' }).getByRole('button').count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: /^Add evidence/ }).count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: 'Open dispute' }).count()).resolves.toBe(0);

  const history = page.getByRole('list', { name: 'History' });
  await history.getByText('Eddie Editor').first().waitFor();
  await expect(history.getByText('resolved a dispute').count()).resolves.toBe(1);

  // The claim as it was right after the approval: published, not yet disputed.
  const approval = history.locator('li', { hasText: 'approved and published the verdict' });
  await approval.getByRole('link', { name: 'View as of this moment' }).click();
  await page.getByText('You are looking at this claim as it was on').waitFor();
  await status().getByText('Published').waitFor();
  await expect(status().getByText('In review').count()).resolves.toBe(0);
  await page.getByRole('link', { name: 'Back to the current version' }).click();
  await status().getByText('In review').waitFor();

  await page.getByRole('menuitem', { name: 'Verify history' }).click();
  await page.getByRole('combobox', { name: 'Claim' }).fill('far more refined petroleum');
  await page.getByRole('option', { name: new RegExp(STATEMENT.slice(0, 30)) }).click();
  await page.getByRole('button', { name: 'Verify history' }).click();
  await page.getByRole('status', { name: 'Verification passed' }).getByText('Passed: the history is intact').waitFor();

  // Someone with database access rewrites one event behind the server's back.
  const id = claimPath.split('/')[3]!;
  await app.ds.transaction(async (em) => {
    await em.query('ALTER TABLE history_events DISABLE TRIGGER USER');
    await em.query(`UPDATE history_events SET user_label = 'Someone Else' WHERE chain = $1 AND seq = 2`, [`claim:${id}`]);
    await em.query('ALTER TABLE history_events ENABLE TRIGGER USER');
  });
  await page.getByRole('button', { name: 'Verify history' }).click();
  const failed = page.getByRole('status', { name: 'Verification failed' });
  await failed.getByText('Failed: the history has been tampered with or is incomplete').waitFor();
  await failed.getByText(/breaks at event #2 \(HASH_MISMATCH\)/).waitFor();
}));

test('the audit log filters by claim and action', shot(() => page, async () => {
  const id = claimPath.split('/')[3]!;
  await page.goto(`${app.url}/admin/auditLog?filter=${encodeURIComponent(JSON.stringify({ claimId: id }))}`);
  // Data rows carry a time of day; the table also has (empty) rows for expanded details.
  const rows = page.getByRole('row').filter({ hasText: /\d{2}:\d{2}:\d{2}/ });
  await rows.filter({ hasText: 'resolved a dispute' }).waitFor();
  // create, evidence, submit, propose, approve, open dispute, resolve, and the reopening the upheld dispute caused.
  await expect(rows.count()).resolves.toBe(8);
  for (const row of await rows.all()) await expect(row.textContent()).resolves.not.toContain('Ada Admin');

  await page.goto(`${app.url}/admin/auditLog?filter=${encodeURIComponent(JSON.stringify({ claimId: id, action: ['approveVerdict'] }))}`);
  await page.getByText('1-1 of 1').waitFor();
  await rows.first().getByText('approved and published the verdict').waitFor();
  await expect(rows.count()).resolves.toBe(1);
  await expect(rows.first().textContent()).resolves.toContain('Eddie Editor');

  // The claim's history as NDJSON, for offline verification: one line per event of its chain.
  await page.goto(`${app.url}/admin/auditLog?filter=${encodeURIComponent(JSON.stringify({ claimId: id }))}`);
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /^History \(NDJSON/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^claimledger-history-\d{4}-\d{2}-\d{2}\.ndjson$/);
  const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(8);
  for (const line of lines) expect(JSON.stringify(JSON.parse(line))).toContain(id);
  await logOut(page);
}));

test('actors (found by an alias), sources with the evidence citing them, and the disputes queue', shot(() => page, async () => {
  await logIn(page, app.url, 'checker@claimledger.example', 'demo-checker-2018');
  await page.getByRole('menuitem', { name: 'Actors' }).click();
  // Search, then wait for the list to narrow to the one match before opening it.
  const actorRows = page.getByRole('row').filter({ has: page.getByRole('cell') });
  await page.getByPlaceholder('Name or alias').fill('Ri Hong Yo');
  await actorRows.nth(1).waitFor({ state: 'detached' });
  await actorRows.filter({ hasText: 'Ri Yong Ho' }).click();
  await page.getByLabel('Aliases').getByText('Ri Hong Yo').waitFor();

  await page.getByRole('menuitem', { name: 'Actors' }).click();
  await page.getByPlaceholder('Name or alias').fill('Lavrov');
  await actorRows.nth(1).waitFor({ state: 'detached' });
  await actorRows.filter({ hasText: 'Sergei Lavrov' }).click();
  await page.getByRole('cell', { name: 'Tightening sanctions on North Korea now is inappropriate and untimely.' }).waitFor();

  await page.getByRole('menuitem', { name: 'Sources' }).click();
  await page.getByPlaceholder('Title, publisher or URL').fill('Panel of Experts');
  await actorRows.nth(1).waitFor({ state: 'detached' });
  await actorRows.filter({ hasText: 'Final report of the Panel of Experts' }).click();
  const citing = page.getByRole('table', { name: 'Evidence citing this source' });
  await citing.getByRole('link', { name: /North Korea keeps importing refined petroleum/ }).waitFor();

  await page.getByRole('menuitem', { name: 'Disputes' }).click();
  const rows = page.getByRole('row').filter({ has: page.getByRole('cell') });
  await rows.filter({ hasText: 'Reader correspondence' }).waitFor();
  // Open disputes first (the queue's order), then the closed ones: the demo's open dispute, then
  // its rejected one (and the one upheld earlier in these journeys).
  const states = await Promise.all((await rows.all()).map((r) => r.getByRole('cell').first().textContent()));
  expect(states).toEqual(['Open', ...states.slice(1).map(() => expect.stringMatching(/^(Upheld|Rejected|Withdrawn)$/))]);
  expect(states).toContain('Rejected');
  await rows.filter({ hasText: 'Reader correspondence' }).click();
  await page.getByLabel('Dispute by Reader correspondence').waitFor();
  await logOut(page);
}));

test.each([
  ['checker@claimledger.example', 'demo-checker-2018', 'Fran Checker', 'Fact-checker', ['My assignments', 'Open disputes']],
  ['editor@claimledger.example', 'demo-editor-2018', 'Eddie Editor', 'Editor', ['My assignments', 'Pending my approval', 'Open disputes']],
  ['auditor@claimledger.example', 'demo-auditor-2018', 'Audrey Auditor', 'Auditor', ['Open disputes']],
  ['admin@claimledger.example', 'demo-admin-2018', 'Ada Admin', 'Admin', ['My assignments', 'Pending my approval', 'Open disputes']],
])('demo user %s lands on a dashboard for the role', (email, password, name, role, counters) => shot(() => page, async () => {
  await logIn(page, app.url, email, password);
  await page.getByRole('menuitem', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: `Hello, ${name}` }).waitFor();
  await page.getByLabel(`Role: ${role}`).waitFor();
  await page.getByText('Claims by status').waitFor();
  await page.getByRole('img', { name: /^Claims per week/ }).waitFor();
  const shown = await page.getByRole('link', { name: /^(My assignments|Pending my approval|Open disputes) .+ \d+$/ }).allTextContents();
  expect(shown.map((t) => t.match(/My assignments|Pending my approval|Open disputes/)?.[0])).toEqual(counters);
  await logOut(page);
})());
