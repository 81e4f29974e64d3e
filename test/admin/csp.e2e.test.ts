import { useBrowserApp } from '../helpers/browserApp';
import { logIn, logOut, shot } from './browser';

/**
 * The admin UI works under its Content-Security-Policy, in Chromium: MUI's run-time styles apply
 * (they carry the page's nonce), the screens that load charts, dialogs and downloads do not trip
 * the policy, and the policy is really enforced (an injected inline script or style is refused).
 */
jest.setTimeout(120_000);

const { app, browser, page } = useBrowserApp('demo');

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

beforeAll(async () => {
  // Every refusal of the policy, as the page itself reports it. (Browser code as text: the tests
  // compile without the DOM's types.)
  await page.addInitScript(`
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
    });
  `);
});

const violations = () => page.evaluate<Violation[]>('window.cspViolations.splice(0)');

test('the app runs under the policy: styles apply, and dashboard, lists, a claim, a popover and a download raise no violation', shot(() => page, async () => {
  const policy = (await page.goto(`${app.url}/admin/login`))!.headers()['content-security-policy'];
  expect(policy).toMatch(/script-src 'self';/);
  expect(policy).toMatch(/style-src 'self' 'nonce-/);

  await logIn(page, app.url, 'editor@claimledger.example', 'demo-editor-2018');
  await page.getByRole('heading', { name: 'Hello, Eddie Editor' }).waitFor();
  // MUI's styles reached the page: the app bar has its theme colour, not the browser's default.
  const appBar = await page.evaluate<string>("getComputedStyle(document.querySelector('header')).backgroundColor");
  expect(appBar).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^transparent$/);
  // The dashboard's weekly chart (recharts draws SVG with inline styles).
  await page.locator('.recharts-surface').first().waitFor();

  await page.getByRole('menuitem', { name: 'Claims' }).click();
  const rows = page.getByRole('row').filter({ has: page.getByRole('cell') });
  await rows.first().waitFor();
  await rows.first().click();
  await page.getByLabel('Claim status').waitFor();

  await page.getByRole('menuitem', { name: 'Actors' }).click();
  await page.getByPlaceholder('Name or alias').fill('Ri Hong Yo');
  await page.getByRole('row').filter({ hasText: 'Ri Yong Ho' }).waitFor();
  // The profile menu is a popover, positioned by script.
  await logOut(page);

  // Downloads are the auditor's: a blob saved through a link.
  await logIn(page, app.url, 'auditor@claimledger.example', 'demo-auditor-2018');
  await page.getByRole('menuitem', { name: 'Claims' }).click();
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Claims (CSV)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^claimledger-claims-\d{4}-\d{2}-\d{2}\.csv$/);
  await logOut(page);
  expect(await violations()).toEqual([]);
}));

test('the policy is enforced: an injected inline script does not run and an injected style does not apply', shot(() => page, async () => {
  await page.goto(`${app.url}/admin/login`);
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  const outcome = await page.evaluate(`(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.injectedScriptRan = true';
    document.body.appendChild(script);
    const style = document.createElement('style');
    style.textContent = 'body { --injected: yes }';
    document.head.appendChild(style);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { ran: window.injectedScriptRan ?? false, styled: getComputedStyle(document.body).getPropertyValue('--injected') };
  })()`);
  expect(outcome).toEqual({ ran: false, styled: '' });
  expect((await violations()).map((v) => v.directive).sort()).toEqual(['script-src-elem', 'style-src-elem']);
  // The console said so too; those two messages are this test's own doing.
  browser.errors.splice(0);
}));
