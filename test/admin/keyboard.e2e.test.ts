import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { claimIn, newsroom, PASSWORD, type ClaimRef } from '../fixtures/newsroom';
import { ensureAdminBuilt, openBrowser, shot, type Browser } from './browser';

/**
 * A fact-checker's day by keyboard alone (Tab, Shift+Tab, Enter, Space, Escape, and typing into
 * fields): log in, open a claim from the list, add evidence, propose a verdict, open a dispute
 * and cancel it (by Escape and by its Cancel button), log out. After each step the test says
 * where focus is, and that it can be seen: an outline (or a text field's focus border) of at
 * least 3:1 against what is behind it (WCAG 2.4.7, 1.4.11), in the light and the dark theme.
 */
jest.setTimeout(300_000);

let app: TestApp;
let browser: Browser;
let page: Page;
const claims: ClaimRef[] = [];
const STATEMENTS = [
  'The sixth nuclear test of September 2017 was the most powerful North Korea has conducted.',
  'North Korea launched an intercontinental ballistic missile in November 2017.',
];

beforeAll(async () => {
  ensureAdminBuilt();
  app = await startTestApp({ serveAdmin: true });
  const n = await newsroom(app);
  for (const text of STATEMENTS) claims.push(await claimIn(app, n, 'IN_REVIEW', text));
  browser = await openBrowser();
  page = browser.page;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(() => {
  expect(browser.errors.splice(0)).toEqual([]);
});

/** How visible the focus is (focus-contrast.browser.js, run in the page). */
const FOCUS_CONTRAST = readFileSync(path.join(__dirname, 'focus-contrast.browser.js'), 'utf8');

async function focusContrast(): Promise<{ what: string; contrast: number }> {
  return page.evaluate(FOCUS_CONTRAST) as Promise<{ what: string; contrast: number }>;
}

type InPage = { document: { activeElement: unknown } };
/** Whether `target` has focus (run in the page; the tests are compiled without the DOM's types). */
const hasFocus = (target: Locator) => target.evaluate((el) => el === (globalThis as unknown as InPage).document.activeElement).catch(() => false);

/** Focus is on `target` (it may move a moment after the action: once a dialog has closed, a page has loaded), and can be seen. */
async function expectFocusOn(target: Locator): Promise<void> {
  const handle = await target.elementHandle();
  await page.waitForFunction((el) => el === (globalThis as unknown as InPage).document.activeElement, handle, { timeout: 10_000 }).catch(async () => {
    throw new Error(`focus is not on ${target.toString()} but on ${(await focusContrast()).what}`);
  });
  const { what, contrast } = await focusContrast();
  if (contrast < 3) throw new Error(`focus on ${what} shows with a contrast of ${contrast.toFixed(2)}:1 (at least 3:1 needed)`);
}

/** Presses Tab (or Shift+Tab) until `target` has focus, checking that each stop on the way shows its focus. */
async function tabTo(target: Locator, { back = false, max = 80 } = {}): Promise<void> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const { what, contrast } = await focusContrast();
    stops.push(what);
    if (await hasFocus(target)) {
      if (contrast < 3) throw new Error(`focus on ${what} shows with a contrast of ${contrast.toFixed(2)}:1`);
      return;
    }
    if (what !== 'nothing focused' && contrast < 3) throw new Error(`on the way, focus on ${what} shows with a contrast of ${contrast.toFixed(2)}:1 (at least 3:1 needed)`);
  }
  throw new Error(`${max} presses of ${back ? 'Shift+Tab' : 'Tab'} did not reach ${target.toString()}; they went to ${[...new Set(stops)].join(', ')}`);
}

const status = () => page.getByLabel('Claim status');

describe.each(['light', 'dark'] as const)('in the %s theme', (theme) => {
  test('a fact-checker does a claim by keyboard alone, and always sees where focus is', async () => {
    const claim = claims[theme === 'light' ? 0 : 1]!;
    const statement = STATEMENTS[theme === 'light' ? 0 : 1]!;
    await shot(() => page, async () => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(`${app.url}/admin/login`);
      // The login page puts focus in the e-mail field.
      await expectFocusOn(page.getByRole('textbox', { name: /E-mail/ }));
      await page.keyboard.type('checker@newsroom.test');
      await page.keyboard.press('Tab');
      await expectFocusOn(page.getByLabel(/Password/));
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Hello, Fran Checker' }).waitFor();

      // The menu, then the claims list: each row's claim is a link, reached by Tab, opened by Enter.
      await tabTo(page.getByRole('menuitem', { name: 'Claims' }));
      await page.keyboard.press('Enter');
      await page.getByRole('link', { name: statement }).waitFor();
      await expect(page.title()).resolves.toBe('Claims · ClaimLedger');
      await tabTo(page.getByRole('link', { name: statement }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: statement }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/admin/claims/${claim.id}/show`);
      // The link went away with the list: focus is on the new page's title, which names it.
      await expectFocusOn(page.getByRole('heading', { level: 1 }));

      // Evidence that refutes it, by its URL: the form takes focus; saved, focus is on the column that lists it.
      await tabTo(page.getByRole('button', { name: 'Add evidence that refutes' }));
      await page.keyboard.press('Enter');
      const form = page.getByRole('group', { name: 'New evidence' });
      await form.waitFor();
      await tabTo(form.getByLabel('URL'));
      await page.keyboard.type('https://example.org/ctbto-magnitude');
      await tabTo(form.getByLabel('Excerpt'));
      await page.keyboard.type('The CTBTO measured magnitude 6.1, consistent with earlier estimates.');
      await tabTo(form.getByRole('button', { name: 'Add evidence' }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Evidence (2)' }).waitFor();
      await expectFocusOn(page.getByRole('region', { name: 'Refutes (1)' }));

      // Propose a verdict: the dialog takes focus; Space opens the verdict list, Enter picks its first verdict.
      await tabTo(page.getByRole('button', { name: 'Propose verdict' }), { back: true });
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Propose a verdict' });
      await dialog.waitFor();
      await tabTo(dialog.getByRole('combobox', { name: 'Verdict' }));
      await page.keyboard.press('Space');
      await expectFocusOn(page.getByRole('option').first());
      await page.keyboard.press('Enter');
      await expectFocusOn(dialog.getByRole('combobox', { name: 'Verdict' }));
      await tabTo(dialog.getByLabel('Rationale'));
      await page.keyboard.type('The CTBTO and seismologists agree on the magnitude.');
      await tabTo(dialog.getByRole('button', { name: 'Propose verdict' }));
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      await status().getByText('Pending approval').waitFor();
      // The button that acted is gone: focus is on the claim's new status.
      await expectFocusOn(status());

      // Open a dispute, then change one's mind: Escape closes the form, focus back on its button.
      const openDispute = page.getByRole('button', { name: 'Open dispute' });
      await tabTo(openDispute);
      await page.keyboard.press('Enter');
      const disputeForm = page.getByRole('group', { name: 'New dispute' });
      await expectFocusOn(disputeForm.getByLabel(/What is wrong/));
      await page.keyboard.type('The magnitude is disputed.');
      await page.keyboard.press('Escape');
      await disputeForm.waitFor({ state: 'hidden' });
      await expectFocusOn(openDispute);
      // … and its Cancel button does the same.
      await page.keyboard.press('Space');
      await expectFocusOn(disputeForm.getByLabel(/What is wrong/));
      await tabTo(disputeForm.getByRole('button', { name: 'Cancel' }));
      await page.keyboard.press('Enter');
      await disputeForm.waitFor({ state: 'hidden' });
      await expectFocusOn(openDispute);

      // Log out through the user menu: back through the page to the app bar.
      const userMenu = page.getByRole('button', { name: 'Fran Checker: account menu' });
      await tabTo(userMenu, { back: true, max: 120 });
      await page.keyboard.press('Enter');
      await expectFocusOn(page.getByRole('menuitem', { name: 'Logout' }));
      await page.keyboard.press('Enter');
      await expectFocusOn(page.getByRole('textbox', { name: /E-mail/ }));
    })();
  });
});
