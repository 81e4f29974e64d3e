import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { createServices } from '../../server/services';
import type { TestApp } from '../helpers/app';
import { PASSWORD, type Newsroom } from '../fixtures/newsroom';
import { claimOperations, type AddEvidenceInput, type CreateClaimInput } from '../helpers/claims';
import { nodeTs } from '../helpers/server';
import { useApp, useNewsroom } from '../helpers/useApp';
import { embeddedReview } from '../helpers/publicPages';

/**
 * schema.org ClaimReview: the public feed (/claimreview.jsonld, paged) and one review per published
 * claim; and the import of other fact-checkers' reviews (GraphQL for editors and admins, and
 * `npm run import` against a database): drafts with mapped verdicts, idempotent, per-item reports.
 */

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'claimledger-claimreview-'));

const VERDICTS = ['TRUE', 'MOSTLY_TRUE', 'MIXED', 'MOSTLY_FALSE', 'FALSE', 'MISLEADING', 'UNPROVEN', 'NOT_CHECKABLE'] as const;
type Verdict = (typeof VERDICTS)[number];

/** The rating each verdict publishes (DESIGN.md: the five ordinal ones 5..1, every one its label). */
const RATINGS: Record<Verdict, Record<string, unknown>> = {
  TRUE: { ratingValue: 5, bestRating: 5, worstRating: 1, alternateName: 'True' },
  MOSTLY_TRUE: { ratingValue: 4, bestRating: 5, worstRating: 1, alternateName: 'Mostly true' },
  MIXED: { ratingValue: 3, bestRating: 5, worstRating: 1, alternateName: 'Mixed' },
  MOSTLY_FALSE: { ratingValue: 2, bestRating: 5, worstRating: 1, alternateName: 'Mostly false' },
  FALSE: { ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
  MISLEADING: { alternateName: 'Misleading' },
  UNPROVEN: { alternateName: 'Unproven' },
  NOT_CHECKABLE: { alternateName: 'Not checkable' },
};

interface Review {
  '@context'?: string;
  '@type': string;
  url: string;
  claimReviewed: string;
  datePublished: string;
  author: { '@type': string; name: string; url: string };
  reviewRating: Record<string, unknown>;
  itemReviewed: {
    '@type': string;
    author?: { '@type': string; name: string; jobTitle?: string; sameAs?: string };
    datePublished?: string;
    appearance?: Record<string, unknown>[];
    firstAppearance?: Record<string, unknown>;
  };
}
interface Feed {
  '@context': string;
  '@type': string;
  name: string;
  dataFeedElement: Review[];
}

const { app: a, n } = useNewsroom();
let governmentId: string;
/** Published claim of app A per verdict. */
const published = {} as Record<Verdict, { id: string; text: string; publishedAt: string }>;
const unpublished: Record<string, string> = {};

/**
 * Creates a claim through the API with `input`, adds `evidence` (none for UNPROVEN and
 * NOT_CHECKABLE when null) and takes it to PUBLISHED with `verdict`.
 */
async function publishClaim(
  app: TestApp,
  t: Newsroom['tokens'],
  input: CreateClaimInput,
  verdict: Verdict,
  evidence: AddEvidenceInput | null,
): Promise<{ id: string; text: string; publishedAt: string }> {
  const claimOps = claimOperations(app);
  let c = await claimOps.create(input, t.checker);
  if (evidence) c = (await claimOps.addEvidence(c, evidence, t.checker)).claim;
  c = await claimOps.submit(c, t.checker);
  c = await claimOps.proposeVerdict(c, verdict, 'Because the record shows it.', t.checker);
  const { publishedAt } = await claimOps.approve(c, t.editor);
  return { id: c.id, text: input.text, publishedAt };
}

function claimWithVerdict(verdict: Verdict, claimantId: string): Promise<{ id: string; text: string; publishedAt: string }> {
  const text = `The claim rated ${verdict}, as the ${verdict.toLowerCase()} test case says.`;
  return publishClaim(
    a,
    n.tokens,
    { text, claimantId, firstAppearanceId: n.sourceId, claimedOn: '2018-09-27', internalNote: 'SECRET-NOTE do not publish' },
    verdict,
    { sourceId: n.sourceId, stance: 'REFUTES', reliability: 4 },
  );
}

/**
 * App A's database served by the real server (`node --import tsx server/main.ts`) as a newsroom deploys it: its
 * name and public address configured, so review urls and Link headers point at this server.
 */
const configured = { base: '', child: null as ChildProcess | null };
const PUBLISHER = { name: 'Pyongyang Watch Fact Check', url: 'https://pyongyang-watch.example.org/' };

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startConfiguredServer(): Promise<void> {
  const port = await freePort();
  configured.base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: a.databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    SEED_DEMO: 'never',
    LOG_LEVEL: 'warn',
    PUBLISHER_NAME: PUBLISHER.name,
    PUBLISHER_URL: PUBLISHER.url,
    PUBLIC_BASE_URL: configured.base,
  };
  delete env.NODE_ENV;
  const child = spawn(...nodeTs('server/main.ts'), { cwd: root, env });
  configured.child = child;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('GraphQL API:')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

beforeAll(async () => {
  ({
    createActor: { id: governmentId },
  } = await a.ok<{ createActor: { id: string } }>(
    `mutation { createActor(input: { name: "Government of the Democratic People's Republic of Korea", kind: GOVERNMENT, wikidataId: "Q423" }) { id } }`,
    {},
    n.tokens.checker,
  ));
  for (const [i, verdict] of VERDICTS.entries()) published[verdict] = await claimWithVerdict(verdict, i % 2 ? governmentId : n.actorId);
  const { createClaim } = await a.ok<{ createClaim: { id: string } }>(`mutation { createClaim(input: { text: "A draft nobody outside may see yet." }) { id } }`, {}, n.tokens.checker);
  unpublished.draft = createClaim.id;
  await startConfiguredServer();
});
afterAll(async () => {
  const child = configured.child;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function getJson<T>(url: string): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await fetch(url.startsWith('http') ? url : `${a.url}${url}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

/** Every review of the feed, following Link: rel="next" from page to page. */
async function wholeFeed(base: string, first: number): Promise<{ reviews: Review[]; pages: number }> {
  const reviews: Review[] = [];
  let next: string | null = `${base}/claimreview.jsonld?first=${first}`;
  let pages = 0;
  while (next) {
    const page: { status: number; headers: Headers; body: Feed } = await getJson<Feed>(next);
    expect(page.status).toBe(200);
    expect(page.body.dataFeedElement.length).toBeLessThanOrEqual(first);
    reviews.push(...page.body.dataFeedElement);
    pages++;
    const link = page.headers.get('link');
    next = link ? new URL(/^<([^>]+)>; rel="next"$/.exec(link)![1]!, next).toString() : null;
  }
  return { reviews, pages };
}

describe('the ClaimReview feed', () => {
  test('is a public schema.org DataFeed of every published claim, most recently published first, and nothing else', async () => {
    const res = await fetch(`${a.url}/claimreview.jsonld`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const raw = await res.text();
    const feed = JSON.parse(raw) as Feed;
    expect(feed).toMatchObject({ '@context': 'https://schema.org', '@type': 'DataFeed' });
    const byPublication = Object.values(published).sort((x, y) => (x.publishedAt < y.publishedAt ? 1 : -1));
    expect(feed.dataFeedElement.map((r) => r.claimReviewed)).toEqual(byPublication.map((c) => c.text));
    expect(feed.dataFeedElement.every((r) => r['@type'] === 'ClaimReview')).toBe(true);
    // No drafts, internal notes, reviewers or e-mail addresses.
    expect(raw).not.toContain('A draft nobody outside');
    expect(raw).not.toContain('SECRET-NOTE');
    expect(raw).not.toContain('@newsroom.test');
    expect(raw).not.toContain('Eddie Editor');
  });

  test('a review names the claim, its claimant, when and where it appeared, the rating, the reviewing organisation and its url (the public page)', async () => {
    const c = published.TRUE;
    const feed = (await getJson<Feed>('/claimreview.jsonld')).body;
    const review = feed.dataFeedElement.find((r) => r.claimReviewed === c.text);
    const appearance = { '@type': 'CreativeWork', url: 'https://undocs.org/S/2019/171', headline: 'UN Panel of Experts report S/2019/171' };
    expect(review).toEqual({
      '@type': 'ClaimReview',
      url: `http://localhost:4000/claims/${c.id}`,
      claimReviewed: c.text,
      inLanguage: 'en',
      datePublished: c.publishedAt.slice(0, 10),
      author: { '@type': 'Organization', name: 'ClaimLedger Fact Check', url: 'http://localhost:4000' },
      reviewRating: { '@type': 'Rating', ratingValue: 5, bestRating: 5, worstRating: 1, alternateName: 'True', ratingExplanation: 'Because the record shows it.' },
      itemReviewed: {
        '@type': 'Claim',
        inLanguage: 'en',
        author: { '@type': 'Person', name: 'Mike Pompeo', jobTitle: 'US Secretary of State' },
        datePublished: '2018-09-27',
        appearance: [appearance],
        firstAppearance: appearance,
      },
    });
    const government = feed.dataFeedElement.find((r) => r.claimReviewed === published.MOSTLY_TRUE.text)!;
    expect(government.itemReviewed.author).toEqual({
      '@type': 'GovernmentOrganization',
      name: "Government of the Democratic People's Republic of Korea",
      sameAs: 'https://www.wikidata.org/wiki/Q423',
    });
  });

  test.each(VERDICTS)('the verdict %s is published with its rating on the 5..1 scale (ordinal verdicts) and its label', async (verdict) => {
    const { body, status } = await getJson<Review>(`/claimreview/${published[verdict].id}.jsonld`);
    expect(status).toBe(200);
    expect(body.reviewRating).toEqual({ '@type': 'Rating', ...RATINGS[verdict], ratingExplanation: 'Because the record shows it.' });
  });

  test('/claimreview/<id>.jsonld is the same review as in the feed, as a document of its own', async () => {
    const feed = (await getJson<Feed>('/claimreview.jsonld')).body;
    for (const verdict of VERDICTS) {
      const res = await fetch(`${a.url}/claimreview/${published[verdict].id}.jsonld`);
      expect(res.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
      const { '@context': context, ...review } = (await res.json()) as Review;
      expect(context).toBe('https://schema.org');
      expect(review).toEqual(feed.dataFeedElement.find((r) => r.claimReviewed === published[verdict].text));
    }
  });

  test('a claim that is not published — a draft, unknown, or not an id — is 404 NOT_FOUND', async () => {
    for (const id of [unpublished.draft, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const { status, body } = await getJson<{ errors: { extensions: { code: string } }[] }>(`/claimreview/${id}.jsonld`);
      expect(status).toBe(404);
      expect(body.errors[0]!.extensions.code).toBe('NOT_FOUND');
    }
  });

  test('pages of ?first= are linked with Link: rel="next" until the last, and together are the whole feed, each review once', async () => {
    const all = (await getJson<Feed>('/claimreview.jsonld')).body.dataFeedElement;
    const paged = await wholeFeed(a.url, 3);
    expect(paged.pages).toBe(3);
    expect(paged.reviews).toEqual(all);
    const last = await getJson<Feed>('/claimreview.jsonld?first=8');
    expect(last.headers.get('link')).toBeNull();
  });

  test.each(['0', '101', '500', 'ten', '2.5', ''])('?first=%s is refused with BAD_USER_INPUT: pages are 1 to MAX_PAGE_SIZE (100 by default), as for every list', async (first) => {
    const { status, body } = await getJson<{ errors: { message: string; extensions: { code: string; field: string } }[] }>(`/claimreview.jsonld?first=${first}`);
    expect(status).toBe(400);
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', maximum: 100 });
    expect(body.errors[0]!.message).toBe('first: a whole number from 1 to 100.');
  });

  test('?first=100, the largest page, is served', async () => {
    const { status, body } = await getJson<Feed>('/claimreview.jsonld?first=100');
    expect(status).toBe(200);
    expect(body.dataFeedElement).toHaveLength(VERDICTS.length);
  });

  test('the reviewing organisation and the addresses come from the configuration (PUBLISHER_NAME, PUBLISHER_URL, PUBLIC_BASE_URL)', async () => {
    const res = await fetch(`${configured.base}/claimreview.jsonld?first=2`);
    const feed = (await res.json()) as Feed;
    expect(feed.name).toBe(`${PUBLISHER.name} fact checks`);
    for (const review of feed.dataFeedElement) {
      expect(review.author).toEqual({ '@type': 'Organization', ...PUBLISHER });
      // The url is the page a reader reads; it embeds the same review, and so does the review's own document.
      expect(review.url).toMatch(new RegExp(`^${configured.base}/claims/[0-9a-f-]{36}$`));
      const page = await (await fetch(review.url)).text();
      expect(embeddedReview(page)).toEqual({ '@context': 'https://schema.org', ...review });
      const id = review.url.split('/').at(-1)!;
      expect((await getJson<Review>(`${configured.base}/claimreview/${id}.jsonld`)).body).toEqual({ '@context': 'https://schema.org', ...review });
    }
    expect(res.headers.get('link')).toMatch(new RegExp(`^<${configured.base}/claimreview\\.jsonld\\?first=2&after=[^>]+>; rel="next"$`));
  });
});

// ------------------------------------------------------------------------------------ import

interface ImportReport {
  created: number;
  skipped: number;
  failed: { index: number; url: string | null; reason: string }[];
}
const IMPORT = `mutation($d: String!) { importClaimReviews(document: $d) { created skipped failed { index url reason } } }`;

interface ImportedClaim {
  id: string;
  text: string;
  language: string;
  originalRatingValue: number | null;
  originalBestRating: number | null;
  originalWorstRating: number | null;
  reviewStatus: string;
  verdict: string | null;
  verdictRationale: string | null;
  originalRating: string | null;
  importedFrom: string | null;
  claimedOn: string | null;
  claimant: { name: string; kind: string; title: string | null; wikidataId: string | null } | null;
  firstAppearance: { title: string; url: string | null } | null;
  evidence: { stance: string; source: { url: string | null } | null }[];
}
const IMPORTED_FIELDS = `id text language reviewStatus verdict verdictRationale originalRating originalRatingValue originalBestRating originalWorstRating importedFrom claimedOn
  claimant { name kind title wikidataId } firstAppearance { title url } evidence { stance source { url } }`;

/** A second newsroom on its own database: users only, no actors, sources or claims. */
async function emptyNewsroom(app: TestApp): Promise<Record<'editor' | 'checker' | 'auditor' | 'admin', string>> {
  const tokens = {} as Record<'editor' | 'checker' | 'auditor' | 'admin', string>;
  const roles = { editor: 'EDITOR', checker: 'FACT_CHECKER', auditor: 'AUDITOR', admin: 'ADMIN' } as const;
  for (const [who, role] of Object.entries(roles) as [keyof typeof roles, (typeof roles)[keyof typeof roles]][]) {
    await app.services.users.create({ userId: null, label: 'test fixture' }, { email: `${who}@second.test`, password: PASSWORD, role, displayName: `Second ${who}` });
    const { login } = await app.ok<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
      e: `${who}@second.test`,
      p: PASSWORD,
    });
    tokens[who] = login.token;
  }
  return tokens;
}

async function importedClaims(app: TestApp, token: string): Promise<ImportedClaim[]> {
  const { claims } = await app.ok<{ claims: { nodes: ImportedClaim[] } }>(`{ claims(first: 40) { nodes { ${IMPORTED_FIELDS} } } }`, {}, token);
  return claims.nodes.filter((c) => c.importedFrom !== null);
}

interface Counts {
  claims: number;
  actors: number;
  sources: number;
  evidence: number;
  events: number;
}

async function counts(app: TestApp): Promise<Counts> {
  const [row] = await app.ds.query(
    `SELECT (SELECT count(*) FROM claims)::int AS claims, (SELECT count(*) FROM actors)::int AS actors,
            (SELECT count(*) FROM sources)::int AS sources, (SELECT count(*) FROM evidence)::int AS evidence,
            (SELECT count(*) FROM history_events)::int AS events`,
  );
  return row;
}

/** A foreign fact-checker's review. */
function foreignReview(i: number, label: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `https://factcheck.example.com/reviews/${i}`,
    claimReviewed: `Foreign claim number ${i}: the border was closed all year.`,
    datePublished: '2019-03-01',
    author: { '@type': 'Organization', name: 'Example Fact Check' },
    reviewRating: { '@type': 'Rating', alternateName: label },
    itemReviewed: {
      '@type': 'Claim',
      author: { '@type': 'Person', name: `Speaker ${i}`, jobTitle: 'Minister' },
      datePublished: '2019-02-20',
      firstAppearance: { '@type': 'CreativeWork', url: `https://news.example.com/story/${i}`, headline: `Story ${i}` },
    },
    ...extra,
  };
}

describe('importing ClaimReview', () => {
  const b = useApp();
  let bt: Awaited<ReturnType<typeof emptyNewsroom>>;
  let feed: Feed;

  beforeAll(async () => {
    bt = await emptyNewsroom(b);
    feed = (await getJson<Feed>(`${configured.base}/claimreview.jsonld`)).body;
  });

  test('round trip: another newsroom imports our feed as drafts with equal claims, claimants, appearances and verdicts', async () => {
    const report = (await b.ok<{ importClaimReviews: ImportReport }>(IMPORT, { d: JSON.stringify(feed) }, bt.editor)).importClaimReviews;
    expect(report).toEqual({ created: VERDICTS.length, skipped: 0, failed: [] });
    const imported = await importedClaims(b, bt.editor);
    expect(imported).toHaveLength(VERDICTS.length);
    for (const verdict of VERDICTS) {
      const ours = published[verdict];
      const theirs = imported.find((c) => c.text === ours.text)!;
      const person = VERDICTS.indexOf(verdict) % 2 === 0;
      expect(theirs).toEqual({
        id: expect.any(String),
        text: ours.text,
        reviewStatus: 'DRAFT',
        verdict,
        verdictRationale: `Imported from ${PUBLISHER.name}, who rated it "${RATINGS[verdict].alternateName}".`,
        originalRating: RATINGS[verdict].alternateName,
        importedFrom: `${configured.base}/claims/${ours.id}`,
        claimedOn: '2018-09-27',
        claimant: person
          ? { name: 'Mike Pompeo', kind: 'PERSON', title: 'US Secretary of State', wikidataId: null }
          : { name: "Government of the Democratic People's Republic of Korea", kind: 'GOVERNMENT', title: null, wikidataId: 'Q423' },
        language: 'en',
        originalRatingValue: RATINGS[verdict].ratingValue ?? null,
        originalBestRating: RATINGS[verdict].bestRating ?? null,
        originalWorstRating: RATINGS[verdict].worstRating ?? null,
        firstAppearance: { title: 'UN Panel of Experts report S/2019/171', url: 'https://undocs.org/S/2019/171' },
        // The review itself is kept as context evidence.
        evidence: [{ stance: 'CONTEXT', source: { url: `${configured.base}/claims/${ours.id}` } }],
      });
    }
    // One actor per claimant and one source per document, however many claims share them.
    const { actors, sources } = await b.ok<{ actors: { totalCount: number }; sources: { totalCount: number } }>(
      `{ actors { totalCount } sources { totalCount } }`,
      {},
      bt.editor,
    );
    expect(actors.totalCount).toBe(2);
    // The UN report every claim first appeared in, and each review.
    expect(sources.totalCount).toBe(1 + VERDICTS.length);
  });

  test('importing the same feed again adds nothing: every review is reported as imported before', async () => {
    const before = await counts(b);
    const report = (await b.ok<{ importClaimReviews: ImportReport }>(IMPORT, { d: JSON.stringify(feed) }, bt.admin)).importClaimReviews;
    expect(report).toEqual({ created: 0, skipped: VERDICTS.length, failed: [] });
    expect(await counts(b)).toEqual(before);
  });

  test('the import is in the history: importClaim by the importing editor, in a chain that verifies', async () => {
    const [claim] = await importedClaims(b, bt.editor);
    const data = await b.ok<{ claim: { history: { action: string; userLabel: string; note: string | null }[] }; verifyHistory: { valid: boolean } }>(
      `query($id: ID!) { claim(id: $id) { history { action userLabel note } } verifyHistory(claimId: $id) { valid } }`,
      { id: claim!.id },
      bt.auditor,
    );
    expect(data.claim.history).toEqual([
      { action: 'importClaim', userLabel: 'Second editor', note: 'ClaimReview import from the admin UI' },
      { action: 'addEvidence', userLabel: 'Second editor', note: null },
    ]);
    expect(data.verifyHistory.valid).toBe(true);
    const [{ n: actorEvents }] = await b.ds.query(`SELECT count(*)::int AS n FROM history_events WHERE action = 'createActor' AND user_label = 'Second editor'`);
    expect(actorEvents).toBe(2);
  });

  test('a file with bad items reports each one with its position and reason, and imports the good ones', async () => {
    const document = [
      foreignReview(1, 'Pants on Fire!'),
      { ...foreignReview(2, 'False'), url: undefined },
      { ...foreignReview(3, 'False'), '@type': 'NewsArticle' },
      42,
      { ...foreignReview(5, 'False'), claimReviewed: 'Too short' },
      { ...foreignReview(6, 'False'), reviewRating: {} },
      foreignReview(7, 'HALF-TRUE'),
      { ...foreignReview(8, 'False'), url: 'ftp://factcheck.example.com/8' },
    ];
    const before = await counts(b);
    const report = (await b.ok<{ importClaimReviews: ImportReport }>(IMPORT, { d: JSON.stringify(document) }, bt.editor)).importClaimReviews;
    expect(report.created).toBe(2);
    expect(report.skipped).toBe(0);
    expect(report.failed).toEqual([
      { index: 1, url: null, reason: expect.stringMatching(/url/) },
      { index: 2, url: 'https://factcheck.example.com/reviews/3', reason: expect.stringMatching(/ClaimReview/) },
      { index: 3, url: null, reason: expect.stringMatching(/object/) },
      { index: 4, url: 'https://factcheck.example.com/reviews/5', reason: expect.stringMatching(/claimReviewed/) },
      { index: 5, url: 'https://factcheck.example.com/reviews/6', reason: expect.stringMatching(/reviewRating/) },
      { index: 7, url: 'ftp://factcheck.example.com/8', reason: expect.stringMatching(/url/) },
    ]);
    const after = await counts(b);
    expect(after.claims - before.claims).toBe(2);
    const imported = await importedClaims(b, bt.editor);
    expect(imported.find((c) => c.importedFrom === 'https://factcheck.example.com/reviews/1')).toMatchObject({
      verdict: 'FALSE',
      originalRating: 'Pants on Fire!',
      claimant: { name: 'Speaker 1', kind: 'PERSON', title: 'Minister' },
      firstAppearance: { title: 'Story 1', url: 'https://news.example.com/story/1' },
      claimedOn: '2019-02-20',
    });
    expect(imported.find((c) => c.importedFrom === 'https://factcheck.example.com/reviews/7')).toMatchObject({ verdict: 'MIXED', originalRating: 'HALF-TRUE' });
  });

  test('a rating label the mapping table does not know becomes UNPROVEN, the original label kept; a French one it knows', async () => {
    const document = { '@context': 'https://schema.org', '@graph': [foreignReview(20, 'Four Pinocchios and a half'), foreignReview(21, 'Faux')] };
    const report = (await b.ok<{ importClaimReviews: ImportReport }>(IMPORT, { d: JSON.stringify(document) }, bt.editor)).importClaimReviews;
    expect(report).toEqual({ created: 2, skipped: 0, failed: [] });
    const imported = await importedClaims(b, bt.editor);
    expect(imported.find((c) => c.importedFrom === 'https://factcheck.example.com/reviews/20')).toMatchObject({
      verdict: 'UNPROVEN',
      originalRating: 'Four Pinocchios and a half',
    });
    expect(imported.find((c) => c.importedFrom === 'https://factcheck.example.com/reviews/21')).toMatchObject({ verdict: 'FALSE', originalRating: 'Faux' });
  });

  test('importClaimReviews is refused to fact-checkers, auditors and anonymous callers, and changes nothing', async () => {
    const before = await counts(b);
    const d = JSON.stringify([foreignReview(30, 'True')]);
    expect((await b.fails(IMPORT, { d }, bt.checker)).code).toBe('FORBIDDEN');
    expect((await b.fails(IMPORT, { d }, bt.auditor)).code).toBe('FORBIDDEN');
    expect((await b.fails(IMPORT, { d })).code).toBe('UNAUTHENTICATED');
    expect(await counts(b)).toEqual(before);
  });

  test('a document that is not JSON is refused with BAD_USER_INPUT', async () => {
    const err = await b.fails(IMPORT, { d: '{"@type": "ClaimReview",' }, bt.editor);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.message).toMatch(/document/);
  });
});

describe('npm run import (the CLI, against DATABASE_URL)', () => {
  const c = useApp();
  let ct: Awaited<ReturnType<typeof emptyNewsroom>>;

  beforeAll(async () => {
    ct = await emptyNewsroom(c);
  });

  interface Run {
    code: number;
    stdout: string;
    stderr: string;
  }
  const importCli = (origin: string, env: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        path.join(root, 'node_modules/.bin/tsx'),
        ['server/cli/import.ts', origin],
        { cwd: root, env: { ...process.env, DATABASE_URL: c.databaseUrl, LOG_LEVEL: 'warn', ...env } },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
      );
    });

  test('imports a feed file into the database, then finds everything imported the second time', async () => {
    const file = path.join(dir, 'feed.jsonld');
    writeFileSync(file, JSON.stringify((await getJson<Feed>(`${configured.base}/claimreview.jsonld?first=5`)).body));
    const first = await importCli(file);
    expect(first).toEqual({ code: 0, stdout: `${file}: 5 created, 0 already imported, 0 failed\n`, stderr: '' });
    expect(await importedClaims(c, ct.editor)).toHaveLength(5);
    const [{ label }] = await c.ds.query(`SELECT DISTINCT user_label AS label FROM history_events WHERE action = 'importClaim'`);
    expect(label).toBe(`import (${file})`);
    const again = await importCli(file);
    expect(again).toEqual({ code: 0, stdout: `${file}: 0 created, 5 already imported, 0 failed\n`, stderr: '' });
    expect(await importedClaims(c, ct.editor)).toHaveLength(5);
  });

  test('imports a paged feed from its address, following Link: rel="next" to the last page', async () => {
    const origin = `${configured.base}/claimreview.jsonld?first=3`;
    const r = await importCli(origin);
    expect(r.stdout).toBe(`${origin}: ${VERDICTS.length - 5} created, 5 already imported, 0 failed\n`);
    expect(r.code).toBe(0);
    expect((await importedClaims(c, ct.editor)).map((x) => x.text).sort()).toEqual(Object.values(published).map((p) => p.text).sort());
  });

  test('bad items are listed with position, url and reason, the good ones imported, and the exit status is 1', async () => {
    const file = path.join(dir, 'mixed.jsonld');
    writeFileSync(file, JSON.stringify([foreignReview(40, 'Mostly accurate'), { ...foreignReview(41, 'True'), claimReviewed: '' }]));
    const r = await importCli(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${file}: 1 created, 0 already imported, 1 failed\n  item 1 (https://factcheck.example.com/reviews/41): claimReviewed: is missing\n`);
    expect((await importedClaims(c, ct.editor)).find((x) => x.importedFrom === 'https://factcheck.example.com/reviews/40')).toMatchObject({ verdict: 'MOSTLY_TRUE' });
  });

  test('the rating map is an editable table: CLAIMREVIEW_RATING_MAP points at an edited copy and its labels apply', async () => {
    const table = JSON.parse(readFileSync(path.join(root, 'server/domain/claimreview-ratings.json'), 'utf8')) as Record<string, string>;
    const edited = path.join(dir, 'ratings.json');
    writeFileSync(edited, JSON.stringify({ ...table, 'cherry picked': 'MISLEADING' }));
    const file = path.join(dir, 'cherry.jsonld');
    writeFileSync(file, JSON.stringify([foreignReview(50, 'Cherry-picked'), foreignReview(51, 'Cherry-picked!')]));
    await importCli(file, { CLAIMREVIEW_RATING_MAP: edited });
    const imported = await importedClaims(c, ct.editor);
    expect(imported.find((x) => x.importedFrom === 'https://factcheck.example.com/reviews/50')).toMatchObject({ verdict: 'MISLEADING', originalRating: 'Cherry-picked' });
    expect(imported.find((x) => x.importedFrom === 'https://factcheck.example.com/reviews/51')).toMatchObject({ verdict: 'MISLEADING', originalRating: 'Cherry-picked!' });
    // The shipped table does not know the label: UNPROVEN.
    expect(table['cherry picked']).toBeUndefined();
  });

  test("publishers' files as they come: a Yoast-style @graph imports with exit status 0 (its page nodes are no failures); a file with a byte order mark is JSON", async () => {
    const afp = path.join(root, 'test/fixtures/claimreview/afp.jsonld');
    expect(await importCli(afp)).toEqual({ code: 0, stdout: `${afp}: 2 created, 0 already imported, 0 failed\n`, stderr: '' });
    const snopes = path.join(root, 'test/fixtures/claimreview/snopes.jsonld');
    const r = await importCli(snopes);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      `${snopes}: 1 created, 0 already imported, 4 failed`,
      '  item 1 (https://www.snopes.com/fact-check/leap-day-tax/): datePublished: 2023-02-30 is not a real date: February 2023 has 28 days',
      '  item 2 (https://www.snopes.com/fact-check/moon-landing-studio/): itemReviewed.datePublished: 2023-13-45 is not a real date: there is no month 13',
    ]);
  });

  test('a file that is not JSON is refused with exit status 1 and nothing imported', async () => {
    const file = path.join(dir, 'broken.jsonld');
    writeFileSync(file, '[{"@type": "ClaimReview"');
    const before = await counts(c);
    const r = await importCli(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`import: ${file} is not valid JSON\n`);
    expect(await counts(c)).toEqual(before);
  });
});

// ------------------------------------------------------------- publishers' markup, kept as written

const FIXTURES = path.join(root, 'test/fixtures/claimreview');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

interface KeptClaim extends ImportedClaim {
  firstAppearance: { title: string; url: string | null; publisher: string | null; publishedOn: string | null } | null;
  evidence: { stance: string; source: { url: string | null; publishedOn: string | null } | null }[];
}
const KEPT_FIELDS = IMPORTED_FIELDS.replace('firstAppearance { title url }', 'firstAppearance { title url publisher publishedOn }').replace(
  'evidence { stance source { url } }',
  'evidence { stance source { url publishedOn } }',
);

describe("publishers' ClaimReview (PolitiFact, Full Fact, AFP, Snopes, Correctiv, Africa Check): what they wrote is kept, or the item refused with the reason", () => {
  const e = useApp();
  let et: Awaited<ReturnType<typeof emptyNewsroom>>;
  const importFixture = async (name: string, text = fixture(name)) =>
    (await e.ok<{ importClaimReviews: ImportReport }>(IMPORT, { d: text }, et.editor)).importClaimReviews;
  const claimFrom = async (url: string): Promise<KeptClaim> => {
    const [{ id }] = (await e.ds.query(`SELECT id FROM claims WHERE imported_from = $1`, [url])) as [{ id: string }];
    return (await e.ok<{ claim: KeptClaim }>(`query($id: ID!) { claim(id: $id) { ${KEPT_FIELDS} } }`, { id }, et.editor)).claim;
  };

  beforeAll(async () => {
    et = await emptyNewsroom(e);
  });

  test('PolitiFact: the claim date as written (22:00 at -05:00 is still the 10th), entities and tags gone from the text, the Wikidata item among sameAs, the appearance url, the 1-of-6 rating kept; the same review under http, utm_* and a fragment is one review', async () => {
    expect(await importFixture('politifact.jsonld')).toEqual({ created: 2, skipped: 1, failed: [] });
    const toll = await claimFrom('https://www.politifact.com/factchecks/2023/may/11/jane-doe/no-the-bridge-toll-did-not-triple/');
    expect(toll).toMatchObject({
      text: 'Says the Harbor Bridge toll “tripled overnight” under the new governor.',
      claimedOn: '2023-05-10',
      language: 'und',
      claimant: { name: 'Jane Doe', kind: 'PERSON', title: 'State senator', wikidataId: 'Q98765432' },
      firstAppearance: { url: 'https://www.youtube.com/watch?v=AbCdEfGhIjk' },
      verdict: 'FALSE',
      originalRating: 'Pants on Fire!',
      originalRatingValue: 1,
      originalBestRating: 6,
      originalWorstRating: 1,
      verdictRationale: 'Imported from PolitiFact, who rated it "Pants on Fire!".',
    });
    expect(toll.evidence).toEqual([
      { stance: 'CONTEXT', source: { url: 'https://www.politifact.com/factchecks/2023/may/11/jane-doe/no-the-bridge-toll-did-not-triple/', publishedOn: '2023-05-11' } },
    ]);
    expect(await claimFrom('https://www.politifact.com/factchecks/2023/jun/02/john-roe/unemployment-lowest-in-fifty-years/')).toMatchObject({
      text: "Says the state's unemployment rate is the lowest it has been in 50 years.",
      verdict: 'MOSTLY_TRUE',
      firstAppearance: { title: "Governor's jobs speech", url: 'https://www.example-news.com/2023/05/30/governor-speech/' },
    });
    // Any other spelling of a review url already imported adds nothing either.
    const variants = ['http://www.politifact.com/factchecks/2023/jun/02/john-roe/unemployment-lowest-in-fifty-years', 'https://WWW.politifact.com/factchecks/2023/jun/02/john-roe/unemployment-lowest-in-fifty-years/?fbclid=abc'];
    const before = await counts(e);
    const again = JSON.parse(fixture('politifact.jsonld')) as Record<string, unknown>[];
    const report = await importFixture('politifact.jsonld', JSON.stringify(variants.map((url) => ({ ...again[1], url }))));
    expect(report).toEqual({ created: 0, skipped: 2, failed: [] });
    expect(await counts(e)).toEqual(before);
  });

  test("Full Fact: a @graph, a rating written as a sentence (its first sentence maps), the language and the claimant's Wikidata item kept; a review without itemReviewed refused", async () => {
    expect(await importFixture('fullfact.jsonld')).toEqual({
      created: 1,
      skipped: 0,
      failed: [{ index: 1, url: 'https://fullfact.org/economy/energy-price-cap-claim/', reason: 'itemReviewed: is missing (a ClaimReview must say which claim it reviews)' }],
    });
    expect(await claimFrom('https://fullfact.org/health/nhs-waiting-list-doubled/')).toMatchObject({
      language: 'en-GB',
      claimedOn: '2023-03-12',
      claimant: { name: 'Labour Party', kind: 'ORGANISATION', wikidataId: 'Q9630' },
      firstAppearance: { title: 'Post by @UKLabour', url: 'https://twitter.com/UKLabour/status/1634900000000000000' },
      verdict: 'FALSE',
      originalRating: 'Incorrect. The waiting list in England has grown by about 60% since 2019, not doubled.',
      originalRatingValue: null,
    });
    expect(await e.ds.query(`SELECT count(*)::int AS n FROM claims WHERE imported_from LIKE 'https://fullfact.org/economy/%'`)).toEqual([{ n: 0 }]);
  });

  test('AFP (French, a Yoast-style @graph): WebSite, Organization and WebPage nodes are context, not failures; the reviewer and the claimant are references resolved; French labels mapped; dates are the publisher’s calendar dates', async () => {
    expect(await importFixture('afp.jsonld')).toEqual({ created: 2, skipped: 0, failed: [] });
    const vaccines = await claimFrom('https://factuel.afp.com/doc.afp.com.33F2ZQ7');
    expect(vaccines).toMatchObject({ language: 'fr', verdict: 'FALSE', originalRating: 'Faux', originalRatingValue: 1, verdictRationale: 'Imported from AFP Factuel, who rated it "Faux".' });
    // 00:30 at +02:00 on the 11th: the 10th in UTC, the 11th for AFP.
    expect(vaccines.evidence[0]!.source!.publishedOn).toBe('2023-05-11');
    expect(await claimFrom('https://factuel.afp.com/doc.afp.com.33H8KQ2')).toMatchObject({
      text: 'Le ministère affirme que les hôpitaux ont 20 000 lits de plus qu’en 2017.',
      claimedOn: '2023-06-18',
      claimant: { name: 'Ministère de la Santé', kind: 'GOVERNMENT', wikidataId: 'Q3315282' },
      verdict: 'MISLEADING',
      originalRating: 'Trompeur',
    });
  });

  test('Snopes (a DataFeed saved with a byte order mark): impossible and ambiguous dates and a language that is not BCP 47 are refused, each with its reason; the good review lands', async () => {
    expect(fixture('snopes.jsonld').charCodeAt(0)).toBe(0xfeff);
    expect(await importFixture('snopes.jsonld')).toEqual({
      created: 1,
      skipped: 0,
      failed: [
        { index: 1, url: 'https://www.snopes.com/fact-check/leap-day-tax/', reason: 'datePublished: 2023-02-30 is not a real date: February 2023 has 28 days' },
        { index: 2, url: 'https://www.snopes.com/fact-check/moon-landing-studio/', reason: 'itemReviewed.datePublished: 2023-13-45 is not a real date: there is no month 13' },
        {
          index: 3,
          url: 'https://www.snopes.com/fact-check/coin-toss-law/',
          reason: 'datePublished: 12/05/2023 is ambiguous (day/month or month/day?); schema.org dates are ISO 8601, such as 2023-05-12',
        },
        { index: 4, url: 'https://www.snopes.com/fact-check/english-only-label/', reason: 'inLanguage: "English" must be a BCP 47 language tag such as en, fr or pt-BR' },
      ],
    });
    expect(await claimFrom('https://www.snopes.com/fact-check/shark-in-flooded-street/')).toMatchObject({ verdict: 'FALSE', originalRating: 'Fake', claimedOn: '2023-08-30' });
  });

  test('Correctiv (German): German labels mapped; a rating given only as a number goes through its scale; an unknown label with a number too; one actor per claimant', async () => {
    expect(await importFixture('correctiv.jsonld')).toEqual({ created: 4, skipped: 0, failed: [] });
    expect(await claimFrom('https://correctiv.org/faktencheck/2023/10/05/nein-die-bundesregierung-plant-kein-bargeldverbot/')).toMatchObject({
      language: 'de',
      verdict: 'FALSE',
      firstAppearance: { title: 'Telegram-Beitrag', url: 'https://t.me/s/beispielkanal/4711' },
    });
    expect(await claimFrom('https://correctiv.org/faktencheck/2023/11/14/windraeder-stromverbrauch/')).toMatchObject({
      verdict: 'MIXED',
      originalRating: 'Teilweise falsch',
      claimant: { name: 'AfD Sachsen', kind: 'ORGANISATION', wikidataId: 'Q20979186' },
    });
    expect(await claimFrom('https://correctiv.org/faktencheck/2023/12/01/heizungsgesetz-kosten/')).toMatchObject({
      language: 'de-DE',
      verdict: 'MOSTLY_FALSE',
      originalRating: null,
      originalRatingValue: 2,
      originalBestRating: 5,
      originalWorstRating: 1,
      verdictRationale: 'Imported from CORRECTIV.Faktencheck, who rated it 2 on a scale from 1 (worst) to 5 (best).',
    });
    expect(await claimFrom('https://correctiv.org/faktencheck/2023/12/08/rente-mit-70/')).toMatchObject({ verdict: 'MIXED', originalRating: 'Unbelegt, aber plausibel', originalRatingValue: 3 });
    expect(await e.ds.query(`SELECT count(*)::int AS n FROM actors WHERE name = 'Max Mustermann'`)).toEqual([{ n: 1 }]);
  });

  test('Africa Check: the claimant by reference with a Wikidata entity url, a speech with no url kept as the first appearance (title, publisher, date)', async () => {
    expect(await importFixture('africacheck.jsonld')).toEqual({ created: 1, skipped: 0, failed: [] });
    expect(await claimFrom('https://africacheck.org/fact-checks/reports/no-south-africa-did-not-double-electricity-exports')).toMatchObject({
      language: 'en-ZA',
      claimedOn: '2023-02-09',
      claimant: { name: 'Cyril Ramaphosa', kind: 'PERSON', title: 'President of South Africa', wikidataId: 'Q1232297' },
      firstAppearance: { title: 'State of the Nation Address 2023', url: null, publisher: 'The Presidency', publishedOn: '2023-02-09' },
      verdict: 'MOSTLY_TRUE',
      originalRating: 'Mostly correct',
    });
  });

  test('a claimant already known by its Wikidata item is that actor, whatever the name; a namesake with another Wikidata item is someone else', async () => {
    const actors = async () => (await e.ds.query(`SELECT name, wikidata_id FROM actors WHERE wikidata_id IN ('Q1232297', 'Q99999999') OR name LIKE 'Cyril%' ORDER BY name, wikidata_id`)) as unknown[];
    const review = (n: number, author: Record<string, unknown>) => ({
      ...foreignReview(60 + n, 'False'),
      itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', ...author } },
    });
    const report = await importFixture('', JSON.stringify([
      review(1, { name: 'President Ramaphosa', sameAs: 'https://www.wikidata.org/wiki/Q1232297' }),
      review(2, { name: 'Cyril Ramaphosa', sameAs: 'https://www.wikidata.org/wiki/Q99999999' }),
    ]));
    expect(report).toEqual({ created: 2, skipped: 0, failed: [] });
    expect((await claimFrom('https://factcheck.example.com/reviews/61')).claimant).toMatchObject({ name: 'Cyril Ramaphosa', wikidataId: 'Q1232297' });
    expect((await claimFrom('https://factcheck.example.com/reviews/62')).claimant).toMatchObject({ name: 'Cyril Ramaphosa', wikidataId: 'Q99999999' });
    expect(await actors()).toEqual([
      { name: 'Cyril Ramaphosa', wikidata_id: 'Q1232297' },
      { name: 'Cyril Ramaphosa', wikidata_id: 'Q99999999' },
    ]);
  });
});

// ------------------------------------------------------------- our feed, as pages and other newsrooms read it

describe('our feed with default settings: embeddable in a page, honest about what it does not know, and read back identically by a fresh instance', () => {
  const { app: d, n: dn } = useNewsroom();
  /** Another newsroom's instance with default settings, which reads our feed. */
  const fresh = useApp();
  const ours: { id: string; text: string }[] = [];

  const publish = (input: CreateClaimInput, verdict: Verdict) =>
    publishClaim(d, dn.tokens, input, verdict, verdict === 'UNPROVEN' ? null : { url: 'https://example.org/evidence', stance: 'REFUTES', reliability: 4 });

  beforeAll(async () => {
    const { createActor } = await d.ok<{ createActor: { id: string } }>(
      `mutation { createActor(input: { name: "Governo do Brasil", kind: GOVERNMENT, wikidataId: "Q155" }) { id } }`,
      {},
      dn.tokens.checker,
    );
    const { createSource } = await d.ok<{ createSource: { id: string } }>(
      `mutation { createSource(input: { title: "Pronunciamento em rede nacional", kind: SPEECH, publisher: "Planalto", publishedOn: "2023-09-06" }) { id } }`,
      {},
      dn.tokens.checker,
    );
    ours.push(await publish({ text: 'La Corée du Nord a dépassé le plafond de 500 000 barils (5 > 4 & plus).', language: 'fr' }, 'FALSE'));
    ours.push(await publish({ text: 'O desemprego caiu pela metade em um ano, segundo o governo.', language: 'pt-BR', claimantId: createActor.id, firstAppearanceId: createSource.id, claimedOn: '2023-09-06' }, 'MOSTLY_FALSE'));
    ours.push(await publish({ text: "North Korea's 2018 refined-petroleum imports exceeded the UN cap.", claimantId: dn.actorId, firstAppearanceId: dn.sourceId, claimedOn: '2018-09-27' }, 'MISLEADING'));
    ours.push(await publish({ text: 'Nobody can yet say whether the next harvest will fail.' }, 'UNPROVEN'));
  });

  test('a claim nobody is credited with has no author, and its Claim says its language; the review says it too', async () => {
    const review = (await getJson<Review & { inLanguage: string }>(`${d.url}/claimreview/${ours[0]!.id}.jsonld`)).body;
    expect(review.inLanguage).toBe('fr');
    expect(review.itemReviewed).toEqual({ '@type': 'Claim', inLanguage: 'fr' });
  });

  test('an appearance carries its url when its source has one, and its title, publisher and date when it has none', async () => {
    const [withUrl, without] = await Promise.all([ours[2]!, ours[1]!].map(async (c) => (await getJson<Review>(`${d.url}/claimreview/${c.id}.jsonld`)).body.itemReviewed.firstAppearance));
    expect(withUrl).toMatchObject({ url: 'https://undocs.org/S/2019/171' });
    expect(without).toEqual({ '@type': 'CreativeWork', headline: 'Pronunciamento em rede nacional', publisher: { '@type': 'Organization', name: 'Planalto' }, datePublished: '2023-09-06' });
  });

  test('author.url follows the configuration: PUBLISHER_URL, else the public address, on whatever port the server listens', async () => {
    const review = async (env: Record<string, string>) => {
      const services = createServices(d.ds, loadConfig({ ...env, DATABASE_URL: d.databaseUrl }));
      return (await services.claimReviews.one(ours[2]!.id)) as unknown as Review;
    };
    expect((await review({ PORT: '5123' })).author).toEqual({ '@type': 'Organization', name: 'ClaimLedger Fact Check', url: 'http://localhost:5123' });
    expect((await review({ PORT: '5123' })).url).toBe(`http://localhost:5123/claims/${ours[2]!.id}`);
    expect((await review({ PUBLIC_BASE_URL: 'https://checks.example.org/' })).author.url).toBe('https://checks.example.org');
    expect((await review({ PUBLIC_BASE_URL: 'https://checks.example.org', PUBLISHER_URL: 'https://newsroom.example.org/' })).author.url).toBe('https://newsroom.example.org/');
  });

  test('with CLAIMREVIEW_VERDICT_LABELS, a claim in French is rated "Faux"; a verdict or language the file does not label keeps the English label', async () => {
    const services = createServices(d.ds, loadConfig({ DATABASE_URL: d.databaseUrl, CLAIMREVIEW_VERDICT_LABELS: path.join(root, 'server/domain/claimreview-verdict-labels.json') }));
    const label = async (i: number) => (((await services.claimReviews.one(ours[i]!.id)) as unknown as Review).reviewRating as { alternateName: string }).alternateName;
    expect(await label(0)).toBe('Faux');
    // The shipped file has no Portuguese label for MOSTLY_FALSE: English.
    expect(await label(1)).toBe('Mostly false');
    expect(await label(2)).toBe('Misleading');
  });

  test('a fresh instance with default settings imports the feed (localhost addresses and all) and holds identical claims', async () => {
    const feed = await (await fetch(`${d.url}/claimreview.jsonld`)).text();
    const t = await emptyNewsroom(fresh);
    const report = (await fresh.ok<{ importClaimReviews: ImportReport }>(IMPORT, { d: feed }, t.editor)).importClaimReviews;
    expect(report).toEqual({ created: ours.length, skipped: 0, failed: [] });
    const fields = `text language claimedOn verdict claimant { name kind title wikidataId } firstAppearance { title url publisher publishedOn }`;
    const original = await Promise.all(
      ours.map(async (c) => (await d.ok<{ claim: Record<string, unknown> }>(`query($id: ID!) { claim(id: $id) { ${fields} } }`, { id: c.id })).claim),
    );
    const copies = (await fresh.ok<{ claims: { nodes: (Record<string, unknown> & { originalRating: string; originalRatingValue: number | null })[] } }>(
      `{ claims(first: 10) { nodes { ${fields} originalRating originalRatingValue originalBestRating originalWorstRating importedFrom } } }`,
      {},
      t.editor,
    )).claims.nodes;
    for (const o of original) {
      const copy = copies.find((c) => c.text === o.text);
      if (!copy) throw new Error(`not imported: ${String(o.text)}`);
      const { originalRating, originalRatingValue, originalBestRating, originalWorstRating, importedFrom, ...claim } = copy;
      expect(claim).toEqual(o);
      const verdict = o.verdict as Verdict;
      expect({ originalRating, originalRatingValue, originalBestRating, originalWorstRating }).toEqual({
        originalRating: RATINGS[verdict].alternateName,
        originalRatingValue: RATINGS[verdict].ratingValue ?? null,
        originalBestRating: RATINGS[verdict].bestRating ?? null,
        originalWorstRating: RATINGS[verdict].worstRating ?? null,
      });
      expect(importedFrom).toMatch(/^http:\/\/localhost:4000\/claims\/[0-9a-f-]{36}$/);
    }
  });

  // After the round trip: a text that reads as an HTML tag would not come back verbatim (the importer
  // reads claimReviewed as HTML-escaped text, as publishers write it).
  test('no <, > or & in the bytes (safe inside <script type="application/ld+json">), and the same text once read as JSON', async () => {
    const hostile = await publish({ text: 'A claim that ends </script><script>alert(1)</script> here', language: 'en' }, 'FALSE');
    for (const url of ['/claimreview.jsonld', `/claimreview/${hostile.id}.jsonld`]) {
      const raw = await (await fetch(`${d.url}${url}`)).text();
      expect(raw).not.toMatch(/[<>&]/);
      expect(raw).toContain('\\u003c/script\\u003e');
    }
    const review = (await getJson<Review>(`${d.url}/claimreview/${hostile.id}.jsonld`)).body;
    expect(review.claimReviewed).toBe(hostile.text);
  });
});
