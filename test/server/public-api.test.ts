import { createHash } from 'node:crypto';
import http from 'node:http';
import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from 'graphql';
import { QUERIES } from '../../bench/scenarios';
import { claimIn } from '../fixtures/newsroom';
import { ensureAdminBuilt } from '../admin/browser';
import { startTestApp } from '../helpers/app';
import { useApp, useNewsroom } from '../helpers/useApp';

/**
 * The public API's HTTP contract as a client on another origin meets it: CORS, the cost of each
 * query, limit refusals with their own codes, cache headers, the ClaimReview feed's ETag and the
 * published SDL. (Quotas: public-api-quotas.test.ts; in a browser: public-api.e2e.test.ts.)
 */
const { app, n } = useNewsroom();
// The same data, as production serves it: introspection off.
const production = useApp(() => ({ databaseUrl: app.databaseUrl, introspection: false }));
/** Pages as large as the cost test needs, so that only the cost refuses. */
const wide = useApp(() => ({ databaseUrl: app.databaseUrl, maxPageSize: 1000 }));
let apiKey: string;

beforeAll(async () => {
  await claimIn(app, n, 'PUBLISHED');
  await claimIn(app, n, 'DRAFT');
  ({ createApiKey: { secret: apiKey } } = await app.ok<{ createApiKey: { secret: string } }>(
    `mutation { createApiKey(name: "Partner widget") { secret } }`,
    {},
    n.tokens.admin,
  ));
});

const ORIGIN = 'https://partner.example';

/**
 * A revalidation as a cache sends it. (fetch() cannot: with If-None-Match it also sends
 * Cache-Control: no-cache, which rightly forbids a 304.)
 */
function revalidate(url: string, etag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'if-none-match': etag } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    }).on('error', reject);
  });
}

function preflight(path: string, method = 'POST', headers = 'content-type, authorization') {
  return fetch(`${app.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
}

async function post(body: unknown, headers: Record<string, string> = {}, target = app) {
  const res = await fetch(`${target.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { res, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[]; extensions?: Record<string, unknown> } };
}

async function get(params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}/graphql?${new URLSearchParams(params)}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
  return { res, body: (await res.json()) as { data?: unknown; errors?: { extensions: Record<string, unknown> }[]; extensions?: Record<string, unknown> } };
}

describe('CORS', () => {
  test.each(['/graphql', '/schema.graphql', '/claimreview.jsonld', '/claimreview/00000000-0000-4000-8000-000000000000.jsonld'])(
    'a preflight to %s is answered before the CSRF check: any origin, the headers clients send, never credentials',
    async (path) => {
      const res = await preflight(path, path === '/graphql' ? 'POST' : 'GET', 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-headers')).toBe('content-type, authorization, apollo-require-preflight, x-apollo-operation-name');
      expect(res.headers.get('access-control-allow-methods')).toBe(path === '/graphql' ? 'GET, POST' : 'GET');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    },
  );

  test('answers on those routes are readable from any origin, with the quota and caching headers exposed', async () => {
    for (const path of ['/schema.graphql', '/claimreview.jsonld']) {
      const res = await fetch(`${app.url}${path}`, { headers: { origin: ORIGIN } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const { res } = await post({ query: '{ apiVersion }' }, { origin: ORIGIN });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('ETag, Link, RateLimit, RateLimit-Policy, Retry-After');
  });

  test('exports and /admin are not CORS-enabled', async () => {
    for (const path of ['/export/history.ndjson', '/admin/', '/health']) {
      const pre = await preflight(path, 'GET');
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      const res = await fetch(`${app.url}${path}`, { headers: { origin: ORIGIN } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  test('CSRF prevention still refuses a simple cross-origin request, and it changes nothing', async () => {
    const before = (await app.ds.query('SELECT count(*)::int AS n FROM actors')) as [{ n: number }];
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'text/plain', authorization: `Bearer ${n.tokens.checker}` },
      body: JSON.stringify({ query: 'mutation { createActor(input: { name: "Forged", kind: PERSON }) { id } }' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/Cross-Site Request Forgery/);
    expect(await app.ds.query('SELECT count(*)::int AS n FROM actors')).toEqual(before);
  });
});

describe('cost and limits', () => {
  test('every answer reports its cost, the same on the fast path and on the normal path', async () => {
    const viaFastPath = await post({ query: QUERIES.s1 });
    expect(viaFastPath.body.errors).toBeUndefined();
    expect(viaFastPath.body.extensions).toEqual({ cost: { requested: 1203, limit: 5000 } });
    // The same query through Apollo (a staff token skips the fast path): the same cost.
    const viaApollo = await post({ query: QUERIES.s1 }, { authorization: `Bearer ${n.tokens.editor}` });
    expect(viaApollo.body.extensions).toEqual(viaFastPath.body.extensions);
    expect((await post({ query: '{ apiVersion }' })).body.extensions).toEqual({ cost: { requested: 1, limit: 5000 } });
  });

  test('the cost reported is the cost enforced: the dearest query allowed and the cheapest refused', async () => {
    // A field with a selection costs 2 + 1.5 × what it selects, `first` times over:
    // claims = (2 + 1.5 × (totalCount 1 + nodes (2 + 1.5 × 2))) × first = 11 × first.
    const query = (first: number) => `{ claims(first: ${first}) { totalCount nodes { id text } } }`;
    const allowed = await post({ query: query(454) }, {}, wide);
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.extensions).toEqual({ cost: { requested: 4994, limit: 5000 } });
    const refused = await post({ query: query(455) }, {}, wide);
    expect(refused.res.status).toBe(400);
    expect(refused.body.errors).toEqual([
      {
        message: 'This query costs 5005; the limit is 5000. Ask for fewer items (first) or fewer fields.',
        extensions: { code: 'QUERY_TOO_COMPLEX', cost: { requested: 5005, limit: 5000 } },
      },
    ]);
  });

  test('depth, aliases and directives are refused with their own codes, never "Syntax Error"', async () => {
    const aliases = await post({ query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: apiVersion`).join(' ')} }` });
    expect(aliases.body.errors).toEqual([{ message: 'Aliases: 16; the limit is 15.', extensions: { code: 'TOO_MANY_ALIASES', limit: 15, found: 16 } }]);
    const directives = await post({ query: `{ apiVersion ${'@include(if: true) '.repeat(21)}}` });
    expect(directives.body.errors?.map((e) => e.extensions.code)).toContain('TOO_MANY_DIRECTIVES');
    for (const e of [...aliases.body.errors!, ...directives.body.errors!]) expect(e.message).not.toMatch(/Syntax Error/);
  });

  test('an API key asking for a staff field is FORBIDDEN (logging in is for staff); no credentials: UNAUTHENTICATED', async () => {
    const query = '{ claims(first: 1) { nodes { id history { seq } } } }';
    const withKey = await post({ query }, { authorization: `Bearer ${apiKey}` });
    expect(withKey.body.errors![0]).toMatchObject({
      message: 'API keys read what the public reads; Claim.history needs a staff login.',
      extensions: { code: 'FORBIDDEN', field: 'Claim.history' },
    });
    const anonymous = await post({ query });
    expect(anonymous.body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('cache headers', () => {
  test('a public GET read may be cached by anyone; with an error, by POST or as staff it is not', async () => {
    const ok = await get({ query: '{ claims(first: 2) { nodes { id verdict } } }' });
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(ok.res.headers.get('vary')).toMatch(/Authorization/i);
    // An API key reads what the public reads: cacheable too.
    expect((await get({ query: '{ apiVersion }' }, { authorization: `Bearer ${apiKey}` })).res.headers.get('cache-control')).toBe('public, max-age=60');

    const failed = await get({ query: '{ claims(first: 1) { nodes { history { seq } } } }' });
    expect(failed.body.errors).toBeDefined();
    expect(failed.res.headers.get('cache-control')).toBe('no-store');
    const staff = await get({ query: '{ me { displayName } }' }, { authorization: `Bearer ${n.tokens.editor}` });
    expect(staff.res.headers.get('cache-control')).toBe('private, no-store');
    expect((await post({ query: QUERIES.s1 })).res.headers.get('cache-control')).toBe('no-store');
    expect((await post({ query: '{ me { displayName } }' }, { authorization: `Bearer ${n.tokens.editor}` })).res.headers.get('cache-control')).toBe(
      'private, no-store',
    );
  });

  test('a persisted query read by GET is cacheable', async () => {
    const query = '{ claims(first: 1) { totalCount } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const unknown = await get({ extensions: JSON.stringify({ persistedQuery }) });
    expect(unknown.body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.res.headers.get('cache-control')).toBe('no-store');
    await post({ query, extensions: { persistedQuery } });
    const hit = await get({ extensions: JSON.stringify({ persistedQuery }) });
    expect(hit.body).toMatchObject({ data: { claims: { totalCount: 1 } } });
    expect(hit.res.headers.get('cache-control')).toBe('public, max-age=60');
  });

  test("the ClaimReview feed's ETag changes only when what it shows changes; dateModified is its latest change", async () => {
    const feed = () => fetch(`${app.url}/claimreview.jsonld`);
    const first = await feed();
    const body = (await first.json()) as { dateModified: string; dataFeedElement: { datePublished: string }[] };
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    await new Promise((r) => setTimeout(r, 20));
    const again = await feed();
    expect(again.headers.get('etag')).toBe(etag);
    expect(await revalidate(`${app.url}/claimreview.jsonld`, etag)).toBe(304);

    const [{ latest }] = (await app.ds.query(`SELECT max(published_at) AS latest FROM claims WHERE review_status = 'PUBLISHED'`)) as [{ latest: Date }];
    expect(new Date(body.dateModified).getTime()).toBeGreaterThanOrEqual(latest.getTime());

    await claimIn(app, n, 'PUBLISHED');
    expect(await revalidate(`${app.url}/claimreview.jsonld`, etag)).toBe(200);
    const changed = await feed();
    expect(changed.headers.get('etag')).not.toBe(etag);
    const now = (await changed.json()) as { dateModified: string };
    expect(new Date(now.dateModified).getTime()).toBeGreaterThan(new Date(body.dateModified).getTime());
  });
});

describe('the published schema', () => {
  test('GET /schema.graphql in production (introspection off) is the schema the server runs', async () => {
    expect((await post({ query: '{ __schema { queryType { name } } }' }, {}, production)).body.errors).toBeDefined();
    const res = await fetch(`${production.url}/schema.graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const sdl = await res.text();
    // The running schema, as a client learns it where introspection is on.
    const { body } = await post({ query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }) });
    expect(sdl).toBe(printSchema(buildClientSchema(body.data as IntrospectionQuery)));
    expect(sdl).toMatch(/"""[\s\S]+type Claim/);
    const etag = res.headers.get('etag')!;
    expect(await revalidate(`${production.url}/schema.graphql`, etag)).toBe(304);
  });

  test('the explorer is off unless asked for; asked for in production, it is served with introspection still off', async () => {
    const browserAccept = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const off = await fetch(`${production.url}/graphql`, { headers: browserAccept });
    expect(off.headers.get('content-type')).not.toMatch(/text\/html/);

    ensureAdminBuilt(); // explorer/dist too
    const explorer = await startTestApp({ databaseUrl: app.databaseUrl, introspection: false, explorer: true });
    try {
      const page = await fetch(`${explorer.url}/graphql`, { headers: browserAccept });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(await page.text()).toMatch(/<script type="module" crossorigin src="\/explorer\/assets\//);
      // A client asking for JSON still reaches the API.
      const api = await fetch(`${explorer.url}/graphql?query=${encodeURIComponent('{ apiVersion }')}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(await api.json()).toMatchObject({ data: { apiVersion: '1' } });
    } finally {
      await explorer.close();
    }
  });
});
