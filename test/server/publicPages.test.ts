import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PUBLIC_PAGE_CSP } from '../../server/publicPages/layout';
import { claimIn } from '../fixtures/newsroom';
import { startTestApp, type TestApp } from '../helpers/app';
import { claimOperations, type ClaimRef } from '../helpers/claims';
import { cuttableDatabase, type CuttableDatabase } from '../helpers/cuttableDatabase';
import { embeddedReview, expectSaneOutline, htmlProblems, importedFrom } from '../helpers/publicPages';
import { useNewsroom } from '../helpers/useApp';

/**
 * The public pages (issue 13 §2): /claims/<id> for every published claim, /claims (index and
 * search), /claims/feed.atom. Valid HTML, the published version only (never a draft, also while a
 * correction is under way), the ClaimReview embedded so that our importer reads it back, caching
 * by strong ETag. (test/admin/publicPages.e2e.test.ts renders them in Chromium.)
 */
const { app, n } = useNewsroom();
const ops = claimOperations(app);
const BASE = 'http://localhost:4000';

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${app.url}${path}`, { headers });
  return { res, body: await res.text() };
};

let claim: ClaimRef;
const TEXT = 'The customs office counted 4,200 grain trucks crossing the bridge in May.';

beforeAll(async () => {
  const { createSource } = await app.ok<{ createSource: { id: string } }>(
    `mutation { createSource(input: { title: "Evening bulletin", url: "https://news.example.org/bulletin", publisher: "Border Radio", kind: SPEECH }) { id } }`,
    {},
    n.tokens.checker,
  );
  let c = await ops.create(
    {
      text: TEXT,
      quote: 'Four thousand two hundred trucks, every one of them full.',
      claimantId: n.actorId,
      firstAppearanceId: createSource.id,
      claimedOn: '2026-05-30',
      context: 'Radio interview on the evening bulletin',
      topics: ['Trade'],
      internalNote: 'SECRET-DESK-NOTE',
    },
    n.tokens.checker,
  );
  ({ claim: c } = await ops.addEvidence(c, { sourceId: n.sourceId, url: 'https://undocs.org/S/2019/171#page=12', stance: 'REFUTES', reliability: 5, excerpt: 'The customs ledger lists 1,310 trucks.' }, n.tokens.checker));
  c = await ops.submit(c, n.tokens.checker);
  c = await ops.proposeVerdict(c, 'FALSE', 'The customs ledger for May lists 1,310 trucks.\n\nThe office itself confirmed the figure.', n.tokens.checker);
  claim = await ops.approve(c, n.tokens.editor);
});

describe('/claims/<id>', () => {
  test('a published claim: valid HTML with the claim, who said it where and when, the verdict, rationale and evidence; nothing staff-only', async () => {
    const { res, body } = await get(`/claims/${claim.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await htmlProblems(body)).toEqual([]);
    expectSaneOutline(body);
    expect(body).toContain(`<h1 lang="en" dir="ltr">${TEXT}</h1>`);
    for (const shown of ['Mike Pompeo', 'US Secretary of State', 'Evening bulletin', 'Border Radio', '30 May 2026', 'Radio interview on the evening bulletin', 'Four thousand two hundred trucks']) {
      expect(body).toContain(shown);
    }
    expect(body).toContain('<p class="verdict v-FALSE">False</p>');
    expect(body).toContain('<p>The customs ledger for May lists 1,310 trucks.</p>');
    // The evidence links to the place inside its source that the evidence names, by the source's title.
    expect(body).toContain('<a href="https://undocs.org/S/2019/171#page=12">UN Panel of Experts report S/2019/171</a>');
    expect(body).toContain('Refutes the claim · reliability 5 of 5');
    expect(body).toContain('This verdict has not been corrected.');
    expect(body).not.toContain('Correction in progress');
    expect(body).not.toMatch(/SECRET-DESK-NOTE|@newsroom\.test/);
  });

  test('head: canonical address and social cards from PUBLIC_BASE_URL, the feed linked, and the ClaimReview that our importer reads back as this claim', async () => {
    const { body } = await get(`/claims/${claim.id}`);
    const page = `${BASE}/claims/${claim.id}`;
    expect(body).toContain(`<link rel="canonical" href="${page}">`);
    expect(body).toContain(`<meta property="og:url" content="${page}">`);
    expect(body).toContain('<meta property="og:type" content="article">');
    expect(body).toContain(`<meta property="og:title" content="False: ${TEXT}">`);
    expect(body).toContain('<meta name="twitter:card" content="summary">');
    expect(body).toContain(`<link rel="alternate" type="application/atom+xml" title="ClaimLedger Fact Check: new verdicts and corrections" href="${BASE}/claims/feed.atom">`);
    const review = embeddedReview(body);
    // The same document as /claimreview/<id>.jsonld, whose url is now this page.
    expect(review).toEqual(await (await fetch(`${app.url}/claimreview/${claim.id}.jsonld`)).json());
    expect(review.url).toBe(page);
    expect(importedFrom(review)).toMatchObject({ reviewUrl: page, text: TEXT, verdict: 'FALSE', claimedOn: '2026-05-30', claimant: { name: 'Mike Pompeo' } });
  });

  test('caching: Cache-Control public with the short max-age, a strong ETag named by the published version, 304 on If-None-Match', async () => {
    const { res } = await get(`/claims/${claim.id}`);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(new RegExp(`^"v${claim.version}-[A-Za-z0-9_-]{22}"$`));
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    for (const sent of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await get(`/claims/${claim.id}`, { 'if-none-match': sent });
      expect(again.res.status).toBe(304);
      expect(again.body).toBe('');
      expect(again.res.headers.get('etag')).toBe(etag);
    }
    expect((await get(`/claims/${claim.id}`, { 'if-none-match': '"v1-stale"' })).res.status).toBe(200);
  });

  test('the Content-Security-Policy allows no script and only the page\'s own stylesheet, by hash', async () => {
    const { res, body } = await get(`/claims/${claim.id}`);
    const policy = res.headers.get('content-security-policy')!;
    expect(policy).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // The only <script> is the JSON-LD data block; no handler attributes, no javascript: links.
    expect([...body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="application/ld+json">']);
    expect(body).not.toMatch(/\son[a-z]+=|javascript:/i);
  });

  test('a draft, an unknown id and a non-id are one 404 page that says nothing of the draft, and is not cached', async () => {
    const draft = await claimIn(app, n, 'PENDING_APPROVAL', 'A pending claim about 77 barges that only staff may read.');
    for (const id of [draft.id, '00000000-0000-4000-8000-000000000000', 'not-an-id', '..%2Fadmin']) {
      const { res, body } = await get(`/claims/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(body).not.toContain('77 barges');
      expect(body).toContain('<meta name="robots" content="noindex">');
      expect(await htmlProblems(body)).toEqual([]);
    }
  });

  test('publish → reopen → edit → republish: the page shows the published version with the in-progress notice, then the correction', async () => {
    let c = await claimIn(app, n, 'PUBLISHED', 'The ferry carried 900 passengers on its first crossing in June.');
    const first = await get(`/claims/${c.id}`);
    c = await ops.reopen(c, 'The harbour master published the manifest.', n.tokens.editor);
    const reopened = await get(`/claims/${c.id}`);
    expect(reopened.res.status).toBe(200);
    expect(reopened.body).toContain('<h2>Correction in progress</h2>');
    expect(reopened.body).toContain('The ferry carried 900 passengers');
    expect(reopened.res.headers.get('etag')).not.toBe(first.res.headers.get('etag'));
    expect(embeddedReview(reopened.body)).toMatchObject({ creativeWorkStatus: 'CorrectionInProgress', claimReviewed: 'The ferry carried 900 passengers on its first crossing in June.' });
    expect(await htmlProblems(reopened.body)).toEqual([]);

    c = (await app.ok<{ updateClaim: ClaimRef }>(
      `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { text: "The ferry carried 640 passengers on its first crossing in June." }) { id version } }`,
      { id: c.id, v: c.version },
      n.tokens.checker,
    )).updateClaim;
    c = await ops.proposeVerdict(c, 'FALSE', 'The manifest lists 640 passengers.', n.tokens.checker);
    const edited = await get(`/claims/${c.id}`);
    expect(edited.body).toContain('The ferry carried 900 passengers');
    expect(edited.body).not.toMatch(/640|The manifest lists/);
    expect(edited.body).toContain('<h2>Correction in progress</h2>');
    // Nothing the public sees changed while the staff edited: the same ETag, so caches keep their copy.
    expect(edited.res.headers.get('etag')).toBe(reopened.res.headers.get('etag'));

    c = await ops.approve(c, n.tokens.editor);
    const corrected = await get(`/claims/${c.id}`);
    expect(corrected.body).toContain('The ferry carried 640 passengers');
    expect(corrected.body).not.toContain('Correction in progress');
    expect(corrected.body).toContain('<h3>Earlier verdict: Mostly true</h3>');
    expect(corrected.body).toContain('The harbour master published the manifest.');
    expect(await htmlProblems(corrected.body)).toEqual([]);
  });

  test('a withdrawn claim is 410 Gone with a tombstone: what was withdrawn, when and why', async () => {
    let c = await claimIn(app, n, 'PUBLISHED', 'The mill shipped 300 tonnes of flour to the north in April.');
    c = await ops.archive(c, 'Published by mistake: the claim was never made.', n.tokens.editor);
    const { res, body } = await get(`/claims/${c.id}`);
    expect(res.status).toBe(410);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(body).toContain('<h2>This fact check was withdrawn</h2>');
    expect(body).toContain('The mill shipped 300 tonnes');
    expect(body).toContain('Published by mistake: the claim was never made.');
    expect(body).not.toContain('application/ld+json');
    expect(await htmlProblems(body)).toEqual([]);
    expect((await get(`/claims/${c.id}`, { 'if-none-match': res.headers.get('etag')! })).res.status).toBe(304);
  });
});

describe('/claims (index and search) and /claims/feed.atom', () => {
  const BULK = 22;
  beforeAll(async () => {
    for (let i = 0; i < BULK; i += 6) {
      await Promise.all(
        Array.from({ length: Math.min(6, BULK - i) }, (_, k) => claimIn(app, n, 'PUBLISHED', `Warehouse number ${i + k} stored ${100 + i + k} sacks of rice.`)),
      );
    }
  }, 120_000);

  /** Follows the index's "Next page" links from `path`: every claim link on every page, and how many pages. */
  async function walk(path: string): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let pages = 0;
    for (let next: string | null = path; next; pages++) {
      const { res, body } = await get(next);
      expect(res.status).toBe(200);
      expect(await htmlProblems(body)).toEqual([]);
      expectSaneOutline(body);
      ids.push(...[...body.matchAll(/<h2><a href="\/claims\/([0-9a-f-]{36})"/g)].map((m) => m[1]!));
      next = /<a href="([^"]+)" rel="next">Next page<\/a>/.exec(body)?.[1]?.replaceAll('&amp;', '&') ?? null;
    }
    return { ids, pages };
  }

  test('the index: every published claim once, most recently published first, 20 a page by keyset cursor; no drafts, no withdrawn claims', async () => {
    const { ids, pages } = await walk('/claims');
    expect(pages).toBe(2);
    expect(new Set(ids).size).toBe(ids.length);
    const { claims } = await app.ok<{ claims: { nodes: { id: string }[] } }>(`{ claims(first: 100, orderBy: RECENTLY_PUBLISHED) { nodes { id } } }`);
    expect(ids).toEqual(claims.nodes.map((c) => c.id));
    const first = await get('/claims');
    expect(first.body).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(first.body).toContain(`<link rel="canonical" href="${BASE}/claims">`);
    expect(first.body).not.toMatch(/77 barges|300 tonnes of flour/);
    expect(first.res.headers.get('cache-control')).toBe('public, max-age=60');
    expect((await get('/claims', { 'if-none-match': first.res.headers.get('etag')! })).res.status).toBe(304);
  });

  test('search: the public search, most relevant first, paged the same way; a bad search or cursor is a 400 page', async () => {
    const { ids } = await walk('/claims?q=warehouse%20rice');
    expect(ids).toHaveLength(BULK);
    const { body } = await get('/claims?q=ferry');
    expect(body).toContain('The ferry carried 640 passengers');
    expect(body).toContain('<strong>corrected</strong>');
    expect(body).toContain('value="ferry"');
    expect((await get('/claims?q=barges')).body).toContain('No published fact check matches that search.');
    for (const bad of ['/claims?after=not-a-cursor', `/claims?q=${'x'.repeat(501)}`, '/claims?q=a&q=b']) {
      const res = await get(bad);
      expect(res.res.status).toBe(400);
      expect(await htmlProblems(res.body)).toEqual([]);
    }
  });

  test('the Atom feed: id, title, updated, self link, and an entry per publication with its page as rel=alternate; a correction is an entry of its own', async () => {
    const { res, body } = await get('/claims/feed.atom');
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(body).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="en">/);
    expect(body).toContain(`<id>${BASE}/claims/feed.atom</id>`);
    expect(body).toContain(`<link rel="self" type="application/atom+xml" href="${BASE}/claims/feed.atom"/>`);
    const entries = [...body.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]!);
    expect(entries.length).toBe(BULK + 2);
    for (const e of entries) {
      expect(e).toMatch(/<id>tag:localhost,\d{4}-\d{2}-\d{2}:claims\/[0-9a-f-]{36}\/published\/[0-9T:.Z-]+<\/id>/);
      expect(e).toMatch(/<updated>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z<\/updated>/);
      expect(e).toMatch(new RegExp(`<link rel="alternate" type="text/html" href="${BASE}/claims/[0-9a-f-]{36}"/>`));
    }
    const updated = /<feed[^>]*>[\s\S]*?<updated>([^<]+)<\/updated>/.exec(body)![1];
    expect(updated).toBe([...entries.map((e) => /<updated>([^<]+)</.exec(e)![1]!)].sort().at(-1));
    expect(entries.find((e) => e.includes(`/claims/${claim.id}"`))).toContain(`<title type="text">False: ${TEXT}</title>`);
    expect(entries.find((e) => e.includes('ferry'))).toContain('<title type="text">Correction: False (was Mostly true): The ferry carried 640 passengers on its first crossing in June.</title>');
    expect(body).not.toMatch(/77 barges|300 tonnes of flour/);
  });
});

/** A problem page as a reader gets it: valid HTML in the pages' frame, policy and language, no script, not cached, not indexed. */
async function expectProblemPage(res: Response, body: string, status: number, heading: string): Promise<void> {
  expect({ status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control') }).toEqual({
    status,
    type: 'text/html; charset=utf-8',
    cache: 'no-store',
  });
  expect(res.headers.get('content-security-policy')).toBe(PUBLIC_PAGE_CSP);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(body).toMatch(/^<!DOCTYPE html>\n<html lang="en" dir="ltr">/);
  expect(body).toContain('<meta name="robots" content="noindex">');
  expect(body).toContain(`<h1>${heading}</h1>`);
  expect(body).not.toMatch(/<script|\{"errors"/);
  expect(await htmlProblems(body)).toEqual([]);
  expectSaneOutline(body);
}

describe('when the database cannot be reached, or fails', () => {
  // A second server on the same database, through a door the test shuts (a real outage: nothing listens).
  let door: CuttableDatabase;
  let behind: TestApp;
  beforeAll(async () => {
    door = await cuttableDatabase(app.databaseUrl);
    behind = await startTestApp({ databaseUrl: door.url });
  });
  afterAll(async () => {
    await behind?.close();
    await door?.close();
  });

  const at = async (target: TestApp, path: string, method = 'GET') => {
    const res = await fetch(`${target.url}${path}`, { method });
    return { res, body: await res.text() };
  };

  test('every page answers an HTML 503 with Retry-After and the feed a plain-text one, never the API\'s JSON; all are back when the database is', async () => {
    const pages = [`/claims/${claim.id}`, '/claims', '/claims?q=ferry'];
    for (const path of pages) expect((await at(behind, path)).res.status).toBe(200);
    await door.cut();
    try {
      for (const path of pages) {
        const { res, body } = await at(behind, path);
        await expectProblemPage(res, body, 503, 'The fact checks are unavailable for a moment');
        expect(res.headers.get('retry-after')).toBe('5');
        expect(body).toContain('<p dir="auto">The database is unreachable right now. Retry in 5 seconds.</p>');
      }
      const head = await at(behind, `/claims/${claim.id}`, 'HEAD');
      expect({ status: head.res.status, type: head.res.headers.get('content-type'), retryAfter: head.res.headers.get('retry-after') }).toEqual({
        status: 503,
        type: 'text/html; charset=utf-8',
        retryAfter: '5',
      });
      const feed = await at(behind, '/claims/feed.atom');
      expect({ status: feed.res.status, type: feed.res.headers.get('content-type'), retryAfter: feed.res.headers.get('retry-after'), cache: feed.res.headers.get('cache-control') }).toEqual({
        status: 503,
        type: 'text/plain; charset=utf-8',
        retryAfter: '5',
        cache: 'no-store',
      });
      expect(feed.body).toBe('The database is unreachable right now. Retry in 5 seconds.\n');
      // The API keeps its own answer.
      expect(await behind.fails('{ apiVersion claims(first: 1) { totalCount } }')).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await door.restore();
    }
    // No restart: the pool opens new connections (the first request may still meet a dead one).
    for (let i = 0; i < 50 && (await at(behind, '/claims')).res.status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    for (const path of [...pages, '/claims/feed.atom']) expect((await at(behind, path)).res.status).toBe(200);
  });

  test('a failure of ours (a database that refuses to read) is an HTML 500 that says nothing of it, and a plain-text one for the feed', async () => {
    // A role that may log in but read nothing: as after a restore that lost the grants.
    const role = `claimledger_noread_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: app.databaseUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'no-read'`);
    let refused: TestApp | undefined;
    try {
      const url = new URL(app.databaseUrl);
      [url.username, url.password] = [role, 'no-read'];
      refused = await startTestApp({ databaseUrl: url.toString() });
      for (const path of [`/claims/${claim.id}`, '/claims?q=ferry']) {
        const { res, body } = await at(refused, path);
        await expectProblemPage(res, body, 500, 'Something went wrong on our side');
        expect(res.headers.get('retry-after')).toBeNull();
        expect(body).not.toMatch(/permission|denied|public_claims|QueryFailed|\bat [\w.<>]+ \(|node_modules/i);
      }
      const feed = await at(refused, '/claims/feed.atom');
      expect({ status: feed.res.status, type: feed.res.headers.get('content-type') }).toEqual({ status: 500, type: 'text/plain; charset=utf-8' });
      expect(feed.body).toBe('The page could not be made. The failure has been logged; try again later.\n');
    } finally {
      await refused?.close();
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });

  test('an address whose %-escapes are not UTF-8 is an HTML 400, not the API\'s JSON', async () => {
    for (const path of ['/claims/%FF', '/claims/%C0%80', '/claims/%ED%A0%80']) {
      const { res, body } = await at(app, path);
      await expectProblemPage(res, body, 400, 'That request could not be answered');
      expect(body).toContain('its %-escapes must encode UTF-8 text');
    }
  });
});
