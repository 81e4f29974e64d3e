import type { Page } from 'playwright-core';
import pino from 'pino';
import { seedDemo } from '../../server/seed/demo';
import { ensureAdminBuilt, openBrowser, type Browser } from '../admin/browser';
import { newsroom, type Newsroom } from '../fixtures/newsroom';
import { startTestApp, type TestApp, type TestAppOptions } from './app';
import { late, type Late } from './useApp';

/**
 * The browser journeys' set-up: the admin UI built when stale, a server serving it at /admin over
 * the demo newsroom (`npm run seed`'s people and claims) or the test newsroom fixture, and headless
 * Chromium, all closed after the file.
 */
type Seed = 'demo' | 'newsroom';

/** Building the UI, starting the server, seeding and starting Chromium on a busy 2-core machine. */
const SET_UP_MS = 180_000;

async function startAdminApp(seed: Seed, options: TestAppOptions, app: Late<TestApp>, n: Late<Newsroom>): Promise<void> {
  ensureAdminBuilt();
  app.set(await startTestApp({ ...options, serveAdmin: true }));
  if (seed === 'demo') await seedDemo(app.value.services, pino({ level: 'silent' }));
  else n.set(await newsroom(app.value));
}

/** The server with the admin UI, without a browser (for a file that opens its own, e.g. in another language). */
export function useAdminApp(seed: 'newsroom', options?: TestAppOptions): { app: TestApp; n: Newsroom };
export function useAdminApp(seed: 'demo', options?: TestAppOptions): { app: TestApp };
export function useAdminApp(seed: Seed, options: TestAppOptions = {}): { app: TestApp; n: Newsroom } {
  const app = late<TestApp>('the test app');
  const n = late<Newsroom>('the newsroom');
  beforeAll(() => startAdminApp(seed, options, app, n), SET_UP_MS);
  afterAll(() => app.current()?.close());
  return { app: app.value, n: n.value };
}

export interface BrowserApp {
  app: TestApp;
  browser: Browser;
  page: Page;
}

/**
 * The server with the admin UI and a Chromium page for this file's journeys. A test after which
 * the page logged an error or threw fails (a test that provokes one empties `browser.errors`).
 */
export function useBrowserApp(seed: 'newsroom', options?: TestAppOptions): BrowserApp & { n: Newsroom };
export function useBrowserApp(seed: 'demo', options?: TestAppOptions): BrowserApp;
export function useBrowserApp(seed: Seed, options: TestAppOptions = {}): BrowserApp & { n: Newsroom } {
  const app = late<TestApp>('the test app');
  const n = late<Newsroom>('the newsroom');
  const browser = late<Browser>('the browser');
  const page = late<Page>('the page');
  beforeAll(async () => {
    await startAdminApp(seed, options, app, n);
    browser.set(await openBrowser());
    page.set(browser.value.page);
  }, SET_UP_MS);
  afterAll(async () => {
    // The browser first: the server's close waits for requests in flight, which an open page may be making.
    await browser.current()?.close();
    await app.current()?.close();
  });
  afterEach(() => {
    expect(browser.value.errors.splice(0)).toEqual([]);
  });
  return { app: app.value, n: n.value, browser: browser.value, page: page.value };
}
