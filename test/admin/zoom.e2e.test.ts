import { writeFileSync } from 'node:fs';
import type { CDPSession, Locator, Page } from 'playwright-core';
import pino from 'pino';
import { seedDemo } from '../../server/seed/demo';
import { startTestApp, type TestApp } from '../helpers/app';
import { ensureAdminBuilt, logIn, logOut, openBrowser, resetEmulation, screenshot, screenshotFile, shot, type Browser } from './browser';

/**
 * Zoom and narrow screens (WCAG 1.4.10 reflow, 1.4.4 resize text): at 320 CSS pixels wide (a
 * 1280 px screen at 400 %) the page never scrolls sideways, the menu folds into its button, the
 * toolbars wrap, a wide table scrolls in its own box, and every action stays on screen. The README
 * shows the claims list at 200 % and a claim in the dark theme (docs/screenshots).
 */
jest.setTimeout(300_000);

let app: TestApp;
let browser: Browser;
let page: Page;
let cdp: CDPSession;

beforeAll(async () => {
  ensureAdminBuilt();
  app = await startTestApp({ serveAdmin: true });
  await seedDemo(app.services, pino({ level: 'silent' }));
  browser = await openBrowser();
  page = browser.page;
  cdp = await browser.context.newCDPSession(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(() => resetEmulation(browser, cdp));

/** The browser zoomed to `percent` of a 1280 × 800 screen: CSS pixels shrink, device pixels stay. */
async function zoom(percent: number): Promise<void> {
  const scale = percent / 100;
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: Math.round(1280 / scale), height: Math.round(800 / scale), deviceScaleFactor: scale, mobile: false });
}

/** The page does not scroll sideways. */
async function expectNoSidewaysScroll(): Promise<void> {
  const [scrollWidth, width] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
  if (scrollWidth <= width) return;
  // The outermost elements that stick out, to say what to fix.
  const culprits = await page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1))
    .slice(0, 5).map((e) => e.tagName + '.' + String(e.className).split(' ').slice(0, 3).join('.') + ' ' + Math.round(e.getBoundingClientRect().right))`);
  throw new Error(`the page is ${scrollWidth} px wide in a ${width} px window; sticking out: ${JSON.stringify(culprits)}`);
}

/** Every one of `targets` is visible and inside the window's width. */
async function expectOnScreen(targets: Locator[]): Promise<void> {
  const width = (await page.evaluate('window.innerWidth')) as number;
  for (const target of targets) {
    await target.waitFor();
    const box = await target.boundingBox();
    if (!box || box.x < 0 || box.x + box.width > width + 0.5) throw new Error(`${target.toString()} is off screen: ${JSON.stringify(box)} in ${width} px`);
  }
}

test('at 320 px (400 %) every action of the claims list and a claim stays on screen, and the page never scrolls sideways', shot(() => page, async () => {
  await logIn(page, app.url, 'editor@claimledger.example', 'demo-editor-2018');
  await zoom(400);
  await page.goto(`${app.url}/admin/claims`);
  const firstClaim = page.getByRole('table').getByRole('link').first();
  await firstClaim.waitFor();
  await expectNoSidewaysScroll();
  // The menu is folded: its button opens it.
  await expect(page.getByRole('menuitem', { name: 'Claims' }).isVisible()).resolves.toBe(false);
  await expectOnScreen([
    page.getByRole('button', { name: 'Open menu' }).or(page.getByRole('button', { name: 'Close menu' })),
    page.getByRole('button', { name: 'Account menu' }),
    page.getByRole('button', { name: 'Refresh' }),
    page.getByRole('button', { name: 'Dark mode' }),
    page.getByRole('button', { name: 'Add filter' }),
    page.getByRole('button', { name: /Import/ }),
    page.getByRole('link', { name: 'New claim' }),
    page.getByRole('button', { name: 'Go to next page' }),
  ]);
  // The table is wider than the window: it scrolls in its own box, the page does not.
  const table = (await page.evaluate(`(() => {
    const wrapper = document.querySelector('.RaDataTable-tableWrapper');
    return { scroll: wrapper.scrollWidth, client: wrapper.clientWidth, overflow: getComputedStyle(wrapper).overflowX };
  })()`)) as { scroll: number; client: number; overflow: string };
  expect(table.overflow).toBe('auto');

  await firstClaim.click();
  await page.getByRole('group', { name: 'Workflow actions' }).waitFor();
  await expectNoSidewaysScroll();
  const actions = await page.getByRole('group', { name: 'Workflow actions' }).getByRole('button').all();
  await expectOnScreen(actions);

  await page.getByRole('button', { name: 'Open menu' }).click();
  await page.getByRole('menuitem', { name: 'Disputes' }).click();
  await page.getByRole('table').waitFor();
  await expectNoSidewaysScroll();

  await cdp.send('Emulation.clearDeviceMetricsOverride');
  await logOut(page);
}));

test('screenshots: the claims list at 200 % and a claim in the dark theme', shot(() => page, async () => {
  await logIn(page, app.url, 'editor@claimledger.example', 'demo-editor-2018');
  await zoom(200);
  await page.goto(`${app.url}/admin/claims`);
  await page.getByRole('table').getByRole('link').first().waitFor();
  await expectNoSidewaysScroll();
  // Taken by the browser itself: Playwright's own screenshot would undo the zoom.
  await page.mouse.move(0, 0);
  const { data } = await cdp.send('Page.captureScreenshot', { format: 'png' });
  writeFileSync(screenshotFile('claims-list-200-percent'), Buffer.from(data, 'base64'));
  await cdp.send('Emulation.clearDeviceMetricsOverride');

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('table').getByRole('link').filter({ hasText: 'ship-to-ship' }).first().click();
  await page.getByRole('list', { name: 'History' }).waitFor();
  await screenshot(page, 'claim-page-dark', { height: 1100 });
  await logOut(page);
}));
