import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { shortenText } from '../../server/domain/shortText';
import { startTestApp, type TestApp } from '../helpers/app';
import { claimOperations } from '../helpers/claims';
import { claimIn, newsroom, PASSWORD, type ClaimRef } from '../fixtures/newsroom';
import { ensureAdminBuilt, openBrowser, resetEmulation, shot, type Browser } from './browser';

/**
 * A claim's page on a 320 px screen (a phone, or 400 % zoom): the app bar's title is cut between
 * the claim's words (never by the browser's ellipsis inside one) and read whole by screen
 * readers; and the workflow buttons, reached by Tab in the order they are read, show their focus
 * in the dark theme and are never under the fixed app bar (WCAG 2.4.3, 2.4.7, 2.4.11).
 */
jest.setTimeout(300_000);

let app: TestApp;
let browser: Browser;
let page: Page;
let cdp: CDPSession;
const LONG = 'North Korea imported far more refined petroleum in 2018 than the UN cap of 500,000 barrels allows, according to the panel.';
const CHINESE = '朝鲜在二零一八年进口的精炼石油远远超过联合国安理会规定的每年五十万桶上限';
let english: ClaimRef;
let chinese: ClaimRef;

beforeAll(async () => {
  ensureAdminBuilt();
  app = await startTestApp({ serveAdmin: true });
  const n = await newsroom(app);
  english = await claimIn(app, n, 'PENDING_APPROVAL', LONG);
  chinese = await claimOperations(app).create({ text: CHINESE, language: 'zh', claimantId: n.actorId }, n.tokens.checker);
  browser = await openBrowser();
  page = browser.page;
  cdp = await browser.context.newCDPSession(page);
  await page.goto(`${app.url}/admin/login`);
  await page.locator('input[name="email"]').fill('editor@newsroom.test');
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.getByRole('heading', { name: 'Hello, Eddie Editor' }).waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(() => resetEmulation(browser, cdp));

/** A window `width` CSS pixels wide (Playwright's own viewport would be undone by its screenshots). */
const windowOf = (width: number) => cdp.send('Emulation.setDeviceMetricsOverride', { width, height: 640, deviceScaleFactor: 1, mobile: false });

interface TitleSeen {
  /** What shows: the claim's words as cut to fit. */
  shown: string;
  /** Whether what shows ends where a word of `lang` ends (Chromium's own Intl.Segmenter). */
  endsAtWord: boolean;
  /** The title's box clips nothing (so no browser ellipsis is drawn). */
  fits: boolean;
  tab: string;
}

/** The page's document, to code run there (the tests are compiled without the DOM's types). */
type InPage = { document: { querySelector(selector: string): { textContent: string } } };

async function titleSeen(lang: string): Promise<TitleSeen> {
  return page.evaluate(`(() => {
    const h1 = document.getElementById('react-admin-title');
    const cut = h1.querySelector('[aria-hidden="true"]');
    const shown = cut.textContent;
    const whole = cut.previousElementSibling.textContent;
    const kept = shown.replace(/…$/, '');
    const ends = [...new Intl.Segmenter(${JSON.stringify(lang)}, { granularity: 'word' }).segment(whole)].filter((s) => s.isWordLike).map((s) => s.index + s.segment.length);
    return { shown, endsAtWord: ends.includes(kept.length) && whole.startsWith(kept), fits: h1.scrollWidth <= h1.clientWidth, tab: document.title };
  })()`) as Promise<TitleSeen>;
}

describe('the app bar title of a claim', () => {
  test.each([
    ['a long English claim', () => english, LONG, 'en'],
    ['a Chinese claim', () => chinese, CHINESE, 'zh'],
  ])('%s: at 320 px whole words and an ellipsis, read whole; more words on wider screens', (_, claim, text, lang) =>
    shot(
      () => page,
      async () => {
        await windowOf(320);
        await page.goto(`${app.url}/admin/claims/${claim().id}/show`);
        // Screen readers (and the tab) get the whole statement; "Claim:" too, which the narrow screen does not show.
        const h1 = page.getByRole('heading', { level: 1, name: `Claim: ${text}`, exact: true });
        await h1.waitFor();
        const narrow = await titleSeen(lang);
        expect(narrow.shown).toMatch(/.…$/u);
        expect(narrow.shown.length).toBeLessThan(text.length / 3);
        expect(narrow).toMatchObject({ endsAtWord: true, fits: true, tab: `Claim: ${text} · ClaimLedger` });
        // The product's one rule for cutting: what shows is shortText's cut of the statement.
        expect(narrow.shown).toBe(shortenText(text, narrow.shown.length, lang));

        // Wider, more words, each time cut between words and clipped nowhere.
        let before = narrow;
        for (const width of [480, 1440]) {
          await windowOf(width);
          // Serialised into the page: it names nothing of this file.
          await page.waitForFunction(
            (was) => (globalThis as unknown as InPage).document.querySelector('#react-admin-title [aria-hidden="true"]').textContent !== was,
            before.shown,
          );
          const wider = await titleSeen(lang);
          expect(wider.shown.length).toBeGreaterThan(before.shown.length);
          expect(wider.shown).toBe(shortenText(text, wider.shown.length, lang));
          expect(wider).toMatchObject({ endsAtWord: true, fits: true });
          before = wider;
        }
        await expect(h1.textContent()).resolves.toMatch(/^Claim: /);
      },
    )(),
  );
});

/** How visible the focus is (focus-contrast.browser.js, run in the page). */
const FOCUS_CONTRAST = readFileSync(path.join(__dirname, 'focus-contrast.browser.js'), 'utf8');

interface FocusSeen {
  what: string;
  contrast: number;
  /** The focused element's box with its outline (2 px, 2 px away), and the app bar's bottom edge. */
  top: number;
  bottom: number;
  left: number;
  barBottom: number;
  windowHeight: number;
}

async function focusSeen(): Promise<FocusSeen> {
  const { what, contrast } = (await page.evaluate(FOCUS_CONTRAST)) as { what: string; contrast: number };
  const box = (await page.evaluate(`(() => {
    const r = document.activeElement.getBoundingClientRect();
    const bar = document.querySelector('header.MuiAppBar-root').getBoundingClientRect();
    return { top: r.top - 4, bottom: r.bottom + 4, left: r.left, barBottom: bar.bottom, windowHeight: window.innerHeight };
  })()`)) as Omit<FocusSeen, 'what' | 'contrast'>;
  return { what, contrast, ...box };
}

/** The focused element's name, from focus-contrast.browser.js's `tag#id "name"`. */
const nameOf = (f: FocusSeen) => f.what.replace(/^[^"]*"(.*)"$/, '$1');

/** Focus, outline included, shows at 3:1 and lies wholly between the app bar and the window's bottom. */
function expectSeen(f: FocusSeen): void {
  if (f.contrast < 3) throw new Error(`focus on ${f.what} shows at ${f.contrast.toFixed(2)}:1`);
  if (f.top < f.barBottom)
    throw new Error(`focus on ${f.what} is under the app bar: its outline's top at ${f.top} px, the app bar's bottom at ${f.barBottom} px`);
  if (f.bottom > f.windowHeight) throw new Error(`focus on ${f.what} is below the window: ${f.bottom} px of ${f.windowHeight}`);
}

test(
  'at 320 px in the dark theme, Tab reaches the workflow buttons in reading order, each focus visible and clear of the app bar, forwards and backwards',
  shot(
    () => page,
    async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await windowOf(320);
      await page.goto(`${app.url}/admin/claims/${english.id}/show`);
      const group = page.getByRole('group', { name: 'Workflow actions' });
      await group.getByRole('button', { name: 'Approve and publish' }).waitFor();
      const actions = group.locator('a, button');
      // Reading order: row by row, left to right (the buttons wrap onto several rows here).
      const boxes = await Promise.all((await actions.all()).map(async (a) => ({ name: (await a.textContent())!.trim(), box: (await a.boundingBox())! })));
      expect(new Set(boxes.map((b) => Math.round(b.box.y))).size).toBeGreaterThan(1);
      const reading = [...boxes].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x).map((b) => b.name);
      expect(reading).toEqual(['Edit note and topics', 'Approve and publish', 'Reject verdict', 'Assign', 'Archive']);

      // Forwards from the claim's status, above them.
      await page.locator('#claim-status').focus();
      const forwards: string[] = [];
      for (let i = 0; i < 20 && forwards.length < reading.length; i++) {
        await page.keyboard.press('Tab');
        const f = await focusSeen();
        if (!(await page.evaluate(`!!document.activeElement.closest('[aria-label="Workflow actions"]')`))) continue;
        expectSeen(f);
        forwards.push(nameOf(f));
      }
      expect(forwards).toEqual(reading);

      // Backwards from the evidence below, with the page scrolled so that the buttons sit under the app bar.
      await page
        .getByRole('region', { name: /^Supports/ })
        .getByRole('link')
        .first()
        .focus();
      await group.evaluate((g) => (g as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'start' }));
      await page.evaluate('window.scrollBy(0, 30)');
      const backwards: string[] = [];
      for (let i = 0; i < reading.length; i++) {
        await page.keyboard.press('Shift+Tab');
        const f = await focusSeen();
        expectSeen(f);
        backwards.push(nameOf(f));
      }
      expect(backwards).toEqual([...reading].reverse());

      // A dialog closed by Escape gives focus back to its button, clear of the app bar.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(nameOf(await focusSeen())).toBe('Assign');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      const back = await focusSeen();
      expect(nameOf(back)).toBe('Assign');
      expectSeen(back);
    },
  ),
);
