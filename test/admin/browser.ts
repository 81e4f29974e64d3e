import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { en } from '../../admin/src/i18n/en';
import type { Messages } from '../../admin/src/i18n/messages';

/**
 * Headless Chromium against the built admin UI that a test app serves at /admin. Waits are
 * Playwright's bounded locator waits, never sleeps.
 */
const ROOT = path.join(__dirname, '..', '..');
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

interface Chromium {
  executablePath: string;
  /** Added to the browser's environment (the packaged one's fonts and, where missing, libraries). */
  env?: Record<string, string>;
}

/**
 * The browser the journeys drive: CHROMIUM_PATH when set; else the system's (Debian's
 * /usr/bin/chromium, which .ci/browser-deps installs) when present; else the one the
 * @sparticuz/chromium devDependency ships, so a fresh clone needs nothing installed by hand.
 * CLAIMLEDGER_TEST_BROWSER=bundled picks the packaged one even where a system one exists (CI
 * tests with both).
 */
function chromiumToUse(): Chromium {
  const choice = process.env.CLAIMLEDGER_TEST_BROWSER ?? '';
  if (!['', 'bundled'].includes(choice)) throw new Error(`CLAIMLEDGER_TEST_BROWSER is "${choice}": leave it unset or set it to "bundled"`);
  if (process.env.CHROMIUM_PATH) return { executablePath: process.env.CHROMIUM_PATH };
  if (choice !== 'bundled' && existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM };
  if (`${process.platform}-${process.arch}` !== 'linux-x64') throw new Error('The packaged Chromium is a Linux x64 build: set CHROMIUM_PATH to a Chromium or Chrome for this system');
  try {
    // Unpacks once per version into the temporary folder (about 2 s, 220 MB), safe from parallel files.
    return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'bundled-chromium.mjs')], { cwd: ROOT, encoding: 'utf8' })) as Chromium;
  } catch (err) {
    throw new Error('No Chromium for the browser tests: run `npm ci` (the @sparticuz/chromium devDependency brings one) or set CHROMIUM_PATH', { cause: err });
  }
}

/** Builds admin/dist when it is missing or older than admin/src (a no-op most runs; a lock guards parallel files). */
export function ensureAdminBuilt(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'admin', 'build-if-needed.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the app, to fail a test that hides one. */
  errors: string[];
  close(): Promise<void>;
}

/** After a test that emulated a screen or a theme: back to the defaults, and no error left by the page. */
export async function resetEmulation(browser: Browser, cdp: CDPSession): Promise<void> {
  await cdp.send('Emulation.clearDeviceMetricsOverride');
  await browser.page.emulateMedia({ colorScheme: 'light' });
  expect(browser.errors.splice(0)).toEqual([]);
}

/** `locale`: the browser's language (what the login page speaks before anyone logs in). */
export async function openBrowser({ locale = 'en-GB' }: { locale?: string } = {}): Promise<Browser> {
  const browser = chromiumToUse();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'claimledger-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    env: browser.env && { ...process.env, ...browser.env },
    headless: true,
    viewport: { width: 1440, height: 900 },
    locale,
    timezoneId: 'UTC',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Generous but bounded: on a 2-core machine the browser shares the CPU with the other test files.
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    // The browser logs refused requests (4xx) on its own; the app's own errors are what matter.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Logs in through the login page, whatever language it shows (its fields are found by name).
 * `speaks`: the catalogue of the language the app should speak once logged in (English unless the
 * account or the browser says otherwise).
 */
export async function logIn(page: Page, baseUrl: string, email: string, password: string, speaks: Messages = en): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  try {
    // Logged in: the app bar names the role. (react-admin returns to the page the last user left.)
    await page.getByLabel(messagePattern(speaks.app.app_bar.role)).waitFor();
  } catch (err) {
    const refusal = await page.getByRole('alert').allTextContents();
    throw new Error(`${email} could not log in (${refusal.join(' ') || 'no message'}); the page shows ${await failureShot(page, 'login')}`, { cause: err });
  }
}

/** A catalogue message as a pattern matching it with any values put in ("Role: %{role}" → /^Role: .+$/). */
export const messagePattern = (message: string): RegExp =>
  new RegExp(
    `^${message
      .split(/%\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+')
      // An accessible name has its no-break spaces (French "Rôle : …") as plain ones.
      .replace(/\u00a0/g, '\\s')}$`,
  );

/**
 * Wraps a test body: when it fails, a screenshot of the page is saved and its path added to the
 * error, so a failure on a CI machine can be looked at afterwards.
 */
export function shot(page: () => Page, body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (err) {
      const file = await failureShot(page(), (expect.getState().currentTestName ?? 'test').replace(/\W+/g, '-').slice(0, 60));
      if (err instanceof Error) err.message += `\nThe page at the failure: ${file}`;
      throw err;
    }
  };
}

/** A screenshot of the page as a test failed, named in the error so it can be looked at. */
export async function failureShot(page: Page, name: string): Promise<string> {
  const dir = path.join(os.tmpdir(), 'claimledger-e2e-failures');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${Date.now()}.png`);
  await page.screenshot({ path: file }).catch(() => undefined);
  return file;
}

/** Logs out through the user menu, in the language the app speaks (`speaks`). */
export async function logOut(page: Page, speaks: Messages = en): Promise<void> {
  // The user menu's button is named after the person logged in ("Fran Checker: account menu").
  await page.getByRole('button', { name: messagePattern(speaks.app.app_bar.user_menu) }).click();
  await page.getByRole('menuitem', { name: speaks.ra.auth.logout }).click();
  await page.locator('form button[type="submit"]').waitFor();
}

/** Where screenshot `name` goes (see screenshot()). */
export function screenshotFile(name: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs', 'screenshots') : path.join(os.tmpdir(), 'claimledger-screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/**
 * Screenshots for the README: written to docs/screenshots when UPDATE_SCREENSHOTS=1 (so a normal
 * test run does not rewrite committed files), else to a temporary folder.
 */
export async function screenshot(page: Page, name: string, opts: { height?: number } = {}): Promise<string> {
  const file = screenshotFile(name);
  await page.mouse.move(0, 0);
  await page.evaluate('window.scrollTo(0, 0)');
  // A taller window rather than a full-page capture, which would misplace the fixed app bar and menu.
  const size = page.viewportSize();
  if (opts.height && size) await page.setViewportSize({ width: size.width, height: opts.height });
  await page.screenshot({ path: file, animations: 'disabled' });
  if (opts.height && size) await page.setViewportSize(size);
  return file;
}
