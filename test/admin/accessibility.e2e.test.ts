import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { claimIn, newsroom, PASSWORD, PEOPLE, type ClaimRef, type Newsroom, type Person } from '../fixtures/newsroom';
import { ensureAdminBuilt, logIn, logOut, openBrowser, shot, type Browser } from './browser';

/**
 * WCAG 2.2 AA in the browser: axe-core (the WCAG 2.0/2.1/2.2 A and AA rules and its best
 * practices) over every page and dialog of the admin UI, as each role of the newsroom, in the
 * light and the dark theme. Every rule runs, but one while a menu is open (WHILE_A_MENU_IS_OPEN says why).
 */
jest.setTimeout(600_000);

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

let app: TestApp;
let n: Newsroom;
let browser: Browser;
let page: Page;
const claims = {} as Record<'draft' | 'inReview' | 'pending' | 'published' | 'disputed', ClaimRef>;

beforeAll(async () => {
  ensureAdminBuilt();
  app = await startTestApp({ serveAdmin: true });
  n = await newsroom(app);
  claims.draft = await claimIn(app, n, 'DRAFT', 'North Korea carried out its sixth nuclear test in September 2017.');
  claims.inReview = await claimIn(app, n, 'IN_REVIEW', 'Ship-to-ship transfers delivered refined petroleum above the UN cap in 2018.');
  claims.pending = await claimIn(app, n, 'PENDING_APPROVAL', 'The Punggye-ri test site was demolished without inspectors present.');
  claims.published = await claimIn(app, n, 'PUBLISHED', 'UN resolution 2397 capped refined petroleum imports at 500,000 barrels a year.');
  claims.disputed = await claimIn(app, n, 'PUBLISHED', 'Russia and China held up a US request to declare the petroleum cap breached.');
  await app.ok(
    `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "The panel counted transfers it could not confirm.", raisedByName: "A reader" }) { id } }`,
    { id: claims.disputed.id },
    n.tokens.checker,
  );
  browser = await openBrowser();
  page = browser.page;
  // Short waits: a step that cannot find what it opens is reported, and the run goes on.
  browser.context.setDefaultTimeout(15_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

type InPage = { document: { getAnimations(): { playState: string }[] } };

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string; html: string }[];
}

/**
 * The one rule switched off, and only while a menu is open: `region` (best practice: all content
 * inside landmarks). MUI renders an open menu (role=menu: the language menu, the user menu, the
 * filter menu, the export menu) at the end of <body>, outside the landmarks, and hides the rest
 * of the page from assistive technology while it is open (aria-hidden), so nothing a screen reader
 * can reach is outside a landmark; axe's rule exempts dialogs shown that way, but not menus. Every
 * other check, and every rule on every other page and dialog, runs.
 */
const WHILE_A_MENU_IS_OPEN = { region: { enabled: false } };

/** axe-core's violations on the page as it is now, each with where it was seen. */
async function axe(where: string, rules: Record<string, { enabled: boolean }> = {}): Promise<string[]> {
  // Evaluated rather than added as a <script>: the admin's Content-Security-Policy refuses inline scripts.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const options = { runOnly: { type: 'tag', values: TAGS }, rules, resultTypes: ['violations'] };
  const violations = (await page.evaluate(`axe.run(document, ${JSON.stringify(options)}).then((r) => r.violations)`)) as Violation[];
  return violations.map(
    (v) => `${where}: ${v.id} (${v.impact}) ${v.help}\n${v.nodes
      .slice(0, 4)
      .map((node) => `    ${node.target.join(' ')} ${node.html.slice(0, 160)}\n      ${(node.failureSummary ?? '').replace(/\n/g, ' ')}`)
      .join('\n')}${v.nodes.length > 4 ? `\n    … and ${v.nodes.length - 4} more` : ''}`,
  );
}

/**
 * Waits until the page shows `ready` and no progress bar spins, then checks it. A step that
 * cannot get there is a finding too (the run goes on, to report everything at once).
 */
async function check(found: string[], where: string, ready: Locator): Promise<void> {
  try {
    await ready.first().waitFor();
    await page.locator('[role="progressbar"]').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    // Transitions over (a dialog or menu fading in has not its final colours yet).
    // (A function, not a string: the page's CSP refuses eval. Compiled without the DOM's types.)
    await page.waitForFunction(() => (globalThis as unknown as InPage).document.getAnimations().every((a) => a.playState !== 'running'));
    const menuOpen = await popupMenu().count() > 0;
    found.push(...(await axe(where, menuOpen ? WHILE_A_MENU_IS_OPEN : {})));
  } catch (err) {
    found.push(`${where}: could not be checked: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`);
  }
}

/** Runs one step that opens something; when it fails, says so and goes on from a clean page. */
async function step(found: string[], where: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    found.push(`${where}: failed: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`);
    await page.keyboard.press('Escape').catch(() => undefined);
  }
}

/** An open popup menu (not the sidebar's, which is a menu too). */
const popupMenu = () => page.locator('.MuiPopover-root [role="menu"]:visible');
const go = async (path: string) => page.goto(`${app.url}/admin${path}`);
const heading = (name?: string | RegExp) => page.getByRole('heading', { level: 1, ...(name ? { name } : {}) });
const dialog = () => page.getByRole('dialog');

/** Each page the role can open, and each dialog or menu on it, checked where it shows. */
async function everyPage(person: Person, found: string[]): Promise<void> {
  const at = (where: string, ready: Locator) => check(found, where, ready);
  /** Opens something with `how`, checks it once `ready` shows, closes it (Escape unless `close`) until `ready` is gone. */
  const open = (where: string, how: () => Promise<unknown>, ready: Locator, close?: () => Promise<unknown>) =>
    step(found, where, async () => {
      await how();
      await at(where, ready);
      if (close) return void (await close());
      await page.keyboard.press('Escape');
      await ready.first().waitFor({ state: 'hidden' });
    });
  const stay = async () => undefined;

  await go('/');
  await at('dashboard', page.getByRole('heading', { name: `Hello, ${PEOPLE[person].displayName}` }));
  if (person === 'admin') {
    // The pages only an admin has; the rest of the app is the editor's (checked above).
    await go('/users');
    await at('users list', page.getByRole('row').nth(1));
    await go(`/users/${n.ids.checker}`);
    await at('user edit', page.getByLabel('E-mail'));
    await go('/users/create');
    await at('new user', page.getByLabel('E-mail'));
    await go('/apiKeys');
    await at('API keys list', heading());
    await go('/apiKeys/create');
    await at('new API key', page.getByLabel('Name'));
    return;
  }
  await open('user menu', () => page.getByRole('button', { name: PEOPLE[person].displayName }).click(), popupMenu());
  await open('language menu', () => page.getByRole('button', { name: 'English' }).click(), popupMenu());

  await go('/claims');
  await at('claims list', page.getByRole('row').nth(2));
  await open('claims filter menu', () => page.getByRole('button', { name: 'Add filter' }).click(), popupMenu());
  if (person === 'editor') {
    await open('claims list, one selected', () => page.getByRole('checkbox', { name: /Select/ }).nth(1).check(), page.getByRole('button', { name: 'Assign' }), stay);
    await open('bulk assign dialog', () => page.getByRole('button', { name: 'Assign' }).click(), dialog());
    await open('bulk archive dialog', () => page.getByRole('button', { name: 'Archive' }).click(), dialog());
    await open('import dialog', () => page.getByRole('button', { name: /Import/ }).click(), dialog());
  }
  if (person === 'auditor') await open('claims export menu', () => page.getByRole('button', { name: 'Export' }).click(), popupMenu());

  for (const [state, claim] of Object.entries(claims)) {
    await go(`/claims/${claim.id}/show`);
    await at(`claim page (${state})`, page.getByRole('list', { name: 'History' }));
  }
  if (person === 'checker') {
    await go(`/claims/${claims.inReview.id}/show`);
    await open('propose verdict dialog', () => page.getByRole('button', { name: 'Propose verdict' }).click(), dialog());
    await open('new evidence form', () => page.getByRole('button', { name: 'Add evidence that supports' }).click(), page.getByLabel('Excerpt'), stay);
    await go(`/claims/${claims.published.id}/show`);
    await open('open dispute form', () => page.getByRole('button', { name: 'Open dispute' }).click(), page.getByLabel(/What is wrong/), stay);
    await go('/claims/create');
    await at('new claim', page.getByLabel('Statement'));
    await open(
      'new actor dialog',
      async () => {
        await page.getByRole('combobox', { name: 'Claimant' }).fill('Nikki Haley');
        await page.getByRole('option', { name: 'New actor: Nikki Haley' }).click();
      },
      dialog(),
    );
    await go(`/claims/${claims.draft.id}`);
    await at('claim edit', page.getByLabel('Statement'));
    // The conflict dialog: a colleague changes a draft while it is open here.
    const stale = await claimIn(app, n, 'DRAFT', 'A second tanker delivered refined petroleum to Nampo in May 2018.');
    await go(`/claims/${stale.id}/show`);
    await page.getByRole('button', { name: 'Submit for review' }).waitFor();
    await app.ok(
      `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { context: "Panel of Experts, March 2019" }) { version } }`,
      { id: stale.id, v: stale.version },
      n.tokens.checker2,
    );
    await open('conflict dialog', () => page.getByRole('button', { name: 'Submit for review' }).click(), page.getByRole('dialog', { name: 'Someone else changed this meanwhile' }));
  }
  if (person === 'editor') {
    await go(`/claims/${claims.pending.id}/show`);
    await open('approve dialog', () => page.getByRole('button', { name: 'Approve and publish' }).click(), dialog());
    await open('reject dialog', () => page.getByRole('button', { name: /^Reject/ }).first().click(), dialog());
    await go(`/claims/${claims.published.id}/show`);
    await open('reopen dialog', () => page.getByRole('button', { name: 'Reopen for correction' }).click(), dialog());
    await open('assign dialog', () => page.getByRole('group', { name: 'Workflow actions' }).getByRole('button', { name: 'Assign' }).click(), dialog());
    await open('archive dialog', () => page.getByRole('group', { name: 'Workflow actions' }).getByRole('button', { name: 'Archive' }).click(), dialog());
    await go(`/claims/${claims.disputed.id}/show`);
    await open('resolve dispute dialog', () => page.getByRole('button', { name: 'Resolve' }).click(), dialog());
    await open('withdraw dispute dialog', () => page.getByRole('button', { name: 'Withdraw' }).click(), dialog());
  }

  await go('/disputes');
  await at('disputes list', page.getByRole('row').nth(1));
  await go('/actors');
  await at('actors list', page.getByRole('row').nth(1));
  await go(`/actors/${n.actorId}/show`);
  await at('actor page', page.getByRole('heading', { name: 'Mike Pompeo' }));
  await go('/sources');
  await at('sources list', page.getByRole('row').nth(1));
  await go(`/sources/${n.sourceId}/show`);
  await at('source page', page.getByRole('heading', { name: 'UN Panel of Experts report S/2019/171' }));
  if (person !== 'auditor') {
    await go(`/actors/${n.actorId}`);
    await at('actor edit', page.getByLabel('Name'));
    await go('/sources/create');
    await at('new source', page.getByLabel('Title'));
  }
  if (person === 'auditor') {
    await go('/auditLog');
    await at('audit log', page.getByRole('row').nth(1));
    await go('/verify');
    await at('verify history', heading());
  }
}


describe.each(['light', 'dark'] as const)('in the %s theme', (theme) => {
  test.each(['checker', 'editor', 'auditor', 'admin'] as const)('every page and dialog has no axe violation as %s', async (person) => {
    await shot(() => page, async () => {
      await page.emulateMedia({ colorScheme: theme });
      await go('/login');
      const found = await axe(`login (${theme})`);
      await logIn(page, app.url, `${person}@newsroom.test`, PASSWORD);
      await everyPage(person, found);
      await logOut(page);
      expect(found.join('\n')).toBe('');
      expect(browser.errors.splice(0)).toEqual([]);
    })();
  });
});
