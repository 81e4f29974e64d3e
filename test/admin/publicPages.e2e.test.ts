import { readFileSync } from 'node:fs';
import { claimIn, type ClaimRef } from '../fixtures/newsroom';
import { claimOperations } from '../helpers/claims';
import { importedFrom } from '../helpers/publicPages';
import { late, useNewsroom } from '../helpers/useApp';
import { openBrowser, shot, type Browser } from './browser';

/**
 * The public pages in real Chromium, with the hostile strings in every field a reader sees:
 * markup that would run script, attribute breakers, a right-to-left override, 1,000-character
 * words. No dialog opens, nothing reaches the console, the CSP is not tripped (the JSON-LD block
 * is data), nothing overflows a 320 px screen, axe-core finds nothing in light or dark; the
 * embedded ClaimReview parses back through our importer, and the Atom feed parses as XML.
 */
jest.setTimeout(120_000);

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

const SCRIPT = '</script><script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const ATTR = `' onmouseover='alert(1)' x="`;
const WORD = 'Ω'.repeat(1000);
const TEXT = `${SCRIPT} ${IMG} ${ATTR} \u202Eevil 5 < 6 & 7 > 3 ${'W'.repeat(600)}`;

const { app, n } = useNewsroom();
const browser = late<Browser>('the browser');
const ops = claimOperations(app);
let hostile: ClaimRef;

beforeAll(async () => {
  const { createActor } = await app.ok<{ createActor: { id: string } }>(
    `mutation($name: String!) { createActor(input: { name: $name, kind: PERSON, title: $name }) { id } }`,
    { name: `Mr ${IMG} ${ATTR} ${'N'.repeat(120)}` },
    n.tokens.checker,
  );
  const { createSource } = await app.ok<{ createSource: { id: string } }>(
    `mutation($t: String!, $p: String!) { createSource(input: { title: $t, url: "https://example.org/a?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E", publisher: $p, kind: ARTICLE }) { id } }`,
    { t: `${SCRIPT} ${IMG} ${'T'.repeat(400)}`, p: `${IMG} Press` },
    n.tokens.checker,
  );
  let c = await ops.create(
    { text: TEXT, quote: `${WORD} ${SCRIPT}`, context: `${IMG} \u202Eevil ${WORD.slice(0, 900)}`, claimantId: createActor.id, firstAppearanceId: createSource.id, claimedOn: '2026-03-01', topics: [`${IMG.slice(0, 20)}`] },
    n.tokens.checker,
  );
  ({ claim: c } = await ops.addEvidence(c, { sourceId: createSource.id, stance: 'REFUTES', reliability: 2, excerpt: `${SCRIPT} ${IMG} \u202E ${WORD}` }, n.tokens.checker));
  ({ claim: c } = await ops.addEvidence(c, { url: `https://example.org/${'p'.repeat(900)}`, stance: 'CONTEXT', reliability: 3 }, n.tokens.checker));
  c = await ops.submit(c, n.tokens.checker);
  c = await ops.proposeVerdict(c, 'FALSE', `${SCRIPT}\n\n${IMG} ${ATTR}\n\u202Eevil ${WORD}`, n.tokens.checker);
  c = await ops.approve(c, n.tokens.editor);
  // Corrected once, so the corrections list and the feed's correction entry carry the strings too.
  c = await ops.reopen(c, `${IMG} ${SCRIPT} ${WORD}`, n.tokens.editor);
  c = await ops.proposeVerdict(c, 'MISLEADING', `${SCRIPT} ${WORD}`, n.tokens.checker);
  hostile = await ops.approve(c, n.tokens.editor);
  // A claim under correction, for the notice.
  await ops.reopen(await claimIn(app, n, 'PUBLISHED', `Under correction: ${IMG} ${WORD.slice(0, 500)}`), `${ATTR} ${WORD}`, n.tokens.editor);

  browser.set(await openBrowser());
  const page = browser.value.page;
  await page.addInitScript(`
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI));
  `);
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 180_000);

afterAll(async () => {
  await browser.current()?.close();
});

const dialogs: string[] = [];

afterEach(async () => {
  expect(dialogs.splice(0)).toEqual([]);
  expect(browser.value.errors.splice(0)).toEqual([]);
});

const page = () => browser.value.page;

/** What the page in the browser shows: layout, injected elements, CSP refusals. */
async function inspect(): Promise<{ scrollWidth: number; images: number; scripts: string[]; violations: string[]; h1: string }> {
  return page().evaluate(`({
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    images: document.querySelectorAll('img, [onerror], [onmouseover]').length,
    scripts: [...document.scripts].map((s) => s.type),
    violations: window.cspViolations.splice(0),
    h1: document.querySelector('h1').textContent,
  })`);
}

async function axe(where: string): Promise<string[]> {
  if (!(await page().evaluate('typeof window.axe !== "undefined"'))) await page().evaluate(AXE_SOURCE);
  const options = { runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] };
  const found = (await page().evaluate(`axe.run(document, ${JSON.stringify(options)}).then((r) => r.violations)`)) as { id: string; help: string; nodes: { html: string }[] }[];
  return found.map((v) => `${where}: ${v.id} ${v.help} ${v.nodes.map((x) => x.html.slice(0, 120)).join(' | ')}`);
}

const PAGES = () => [
  { name: 'the hostile claim', path: `/claims/${hostile.id}`, h1: TEXT },
  { name: 'the index', path: '/claims', h1: 'Fact checks' },
  { name: 'a search', path: `/claims?q=${encodeURIComponent(`evil ${IMG}`)}`, h1: `Fact checks matching “evil ${IMG}”` },
];

test('at 320 px, in light and dark: no script runs, no element is injected, nothing overflows, the CSP is not tripped, axe finds nothing', shot(page, async () => {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page().emulateMedia({ colorScheme });
    for (const width of [320, 1280]) {
      await page().setViewportSize({ width, height: 800 });
      for (const p of PAGES()) {
        const res = await page().goto(`${app.url}${p.path}`);
        expect(res!.status()).toBe(200);
        const seen = await inspect();
        expect({ page: p.name, width, ...seen }).toEqual({
          page: p.name,
          width,
          scrollWidth: expect.any(Number),
          images: 0,
          scripts: p.name === 'the hostile claim' ? ['application/ld+json'] : [],
          violations: [],
          h1: p.h1,
        });
        if (seen.scrollWidth > width) found.push(`${p.name} at ${width} px (${colorScheme}): ${seen.scrollWidth} px wide`);
        if (width === 320) found.push(...(await axe(`${p.name} (${colorScheme})`)));
      }
    }
  }
  expect(found).toEqual([]);
  // The colour scheme really changes with the reader's preference.
  const background = () => page().evaluate<string>('getComputedStyle(document.body).backgroundColor');
  await page().emulateMedia({ colorScheme: 'light' });
  const light = await background();
  await page().emulateMedia({ colorScheme: 'dark' });
  expect(await background()).not.toBe(light);
}));

test('the hostile strings show as text where they were written, and the right-to-left override stays inside its element', shot(page, async () => {
  await page().setViewportSize({ width: 320, height: 800 });
  await page().goto(`${app.url}/claims/${hostile.id}`);
  const texts = (await page().evaluate(`({
    said: document.querySelector('dd').textContent,
    evidence: document.querySelector('#evidence ~ ol blockquote').textContent.trim(),
    correction: [...document.querySelectorAll('#corrections ~ ol li p')].map((p) => p.textContent).join(' '),
    isolated: [...document.querySelectorAll('h1, dd, blockquote, .prose')].every((e) => getComputedStyle(e).unicodeBidi === 'isolate'),
  })`)) as { said: string; evidence: string; correction: string; isolated: boolean };
  expect(texts.said).toContain(`Mr ${IMG} ${ATTR}`);
  expect(texts.evidence).toContain(`${SCRIPT} ${IMG} \u202E ${WORD}`);
  expect(texts.correction).toContain(`${IMG} ${SCRIPT} ${WORD}`);
  expect(texts.isolated).toBe(true);
  // The notice of a correction under way, on the other claim's page.
  await page().goto(`${app.url}/claims`);
  await page().getByRole('link', { name: /^Under correction:/ }).click();
  await page().getByRole('heading', { name: 'Correction in progress' }).waitFor();
}));

test('the embedded ClaimReview parses back through our importer as this claim, and is the claim\'s own document', shot(page, async () => {
  await page().goto(`${app.url}/claims/${hostile.id}`);
  const block = await page().evaluate<string>(`document.querySelector('script[type="application/ld+json"]').textContent`);
  const review = JSON.parse(block) as Record<string, unknown>;
  expect(review).toEqual(await (await fetch(`${app.url}/claimreview/${hostile.id}.jsonld`)).json());
  expect(review.claimReviewed).toBe(TEXT);
  const candidate = importedFrom(review);
  expect(candidate).toMatchObject({ reviewUrl: `http://localhost:4000/claims/${hostile.id}`, verdict: 'MISLEADING', claimedOn: '2026-03-01' });
}));

test('the Atom feed parses as XML, an Atom feed with entries for the publication and the correction, each linking to its page', shot(page, async () => {
  const xml = await (await fetch(`${app.url}/claims/feed.atom`)).text();
  await page().goto(`${app.url}/claims`);
  const feed = (await page().evaluate(`(() => {
    const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
    const error = doc.querySelector('parsererror');
    const ATOM = 'http://www.w3.org/2005/Atom';
    const child = (el, name) => [...el.children].filter((c) => c.namespaceURI === ATOM && c.localName === name);
    const text = (el, name) => child(el, name)[0]?.textContent ?? null;
    return {
      error: error ? error.textContent : null,
      root: doc.documentElement.namespaceURI + ' ' + doc.documentElement.localName,
      id: text(doc.documentElement, 'id'),
      updated: text(doc.documentElement, 'updated'),
      entries: child(doc.documentElement, 'entry').map((e) => ({
        id: text(e, 'id'),
        title: text(e, 'title'),
        updated: text(e, 'updated'),
        link: child(e, 'link').find((l) => l.getAttribute('rel') === 'alternate')?.getAttribute('href'),
        content: text(e, 'content'),
      })),
    };
  })()`)) as { error: string | null; root: string; id: string; updated: string; entries: { id: string; title: string; updated: string; link: string; content: string }[] };
  expect(feed.error).toBeNull();
  expect(feed.root).toBe('http://www.w3.org/2005/Atom feed');
  expect(feed.id).toBe('http://localhost:4000/claims/feed.atom');
  expect(new Date(feed.updated).toISOString()).toBe(feed.updated);
  const ours = feed.entries.find((e) => e.link === `http://localhost:4000/claims/${hostile.id}`)!;
  // The correction is the entry: it says so, with the claim's text as text (the XML escaping undone once, nothing more).
  expect(ours.title).toMatch(/^Correction: Misleading \(was False\): <\/script><script>alert\(1\)<\/script> "><img src=x onerror=alert\(1\)>/);
  expect(ours.content).toContain('<p>Corrected: the earlier verdict was False');
  expect(ours.content).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(feed.entries.length).toBeGreaterThanOrEqual(2);
  for (const e of feed.entries) expect(e).toEqual({ id: expect.stringMatching(/^tag:localhost,/), title: expect.any(String), updated: expect.any(String), link: expect.stringMatching(/^http:\/\/localhost:4000\/claims\/[0-9a-f-]{36}$/), content: expect.any(String) });
}));
