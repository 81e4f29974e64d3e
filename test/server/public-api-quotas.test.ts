import { QUERIES } from '../../bench/scenarios';
import { claimIn, newsroom, type Newsroom } from '../fixtures/newsroom';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Quotas of the public API in one process: per API key and per address, requests and query cost
 * per window, RateLimit headers on every answer, 429 RATE_LIMITED with Retry-After when one is
 * used up, on the fast path and on Apollo's alike; counts reach PostgreSQL in batches, never one
 * write per request. (Across two processes: public-api-quotas-instances.test.ts.)
 */
const WINDOW = 3600;
let app: TestApp;
let n: Newsroom;
let apiKey: string;

/** Windows are aligned to the clock: a test near the end of one waits for the next. */
async function freshWindow(seconds = WINDOW) {
  const left = seconds - ((Date.now() / 1000) % seconds);
  if (left < 60) await new Promise((r) => setTimeout(r, left * 1000 + 100));
}

beforeAll(async () => {
  // The fixtures log in from this machine's address: made on a server of the same data without quotas.
  const setup = await startTestApp();
  n = await newsroom(setup);
  await claimIn(setup, n, 'PUBLISHED');
  ({ createApiKey: { secret: apiKey } } = await setup.ok<{ createApiKey: { secret: string } }>(`mutation { createApiKey(name: "Widget") { secret } }`, {}, n.tokens.admin));
  await setup.close();
  app = await startTestApp({
    databaseUrl: setup.databaseUrl,
    quotas: { windowSeconds: WINDOW, syncSeconds: 0.1, anonymous: { requests: 4, cost: 100_000 }, apiKey: { requests: 100, cost: 5000 } },
  });
  await freshWindow();
}, 120_000);
afterAll(async () => {
  await app?.close();
});

async function send(query: string, headers: Record<string, string>) {
  const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[]; extensions?: { cost?: { requested: number } } };
  return { status: res.status, headers: res.headers, body, statements: Number(res.headers.get('x-sql-statements')) };
}

/** RateLimit's remaining (r) per policy, and its seconds to reset (t). */
function remaining(headers: Headers): Record<string, { r: number; t: number }> {
  return Object.fromEntries(
    headers
      .get('ratelimit')!
      .split(', ')
      .map((item) => {
        const [, name, r, t] = /^"(\w+)";r=(\d+);t=(\d+)$/.exec(item)!;
        return [name!, { r: Number(r), t: Number(t) }];
      }),
  );
}

test('an address without a key has its own budget of requests; the fifth is refused with 429, Retry-After and RATE_LIMITED', async () => {
  const from = { 'x-forwarded-for': '198.51.100.7' };
  const seen: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await send('{ apiVersion }', from);
    expect(r.status).toBe(200);
    expect(r.headers.get('ratelimit-policy')).toBe(`"requests";q=4;w=${WINDOW}, "cost";q=100000;w=${WINDOW}`);
    seen.push(remaining(r.headers).requests!.r);
  }
  expect(seen).toEqual([3, 2, 1, 0]);

  const refused = await send('{ apiVersion }', from);
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW);
  expect(refused.body.errors).toEqual([
    {
      message: `Quota used up: 4 requests per ${WINDOW} s. Retry in ${retryAfter} s (RateLimit headers say what is left).`,
      extensions: { code: 'RATE_LIMITED', retryAfter, quota: 'anonymous' },
    },
  ]);
  expect(refused.body.data).toBeUndefined();
  expect(remaining(refused.headers).requests).toEqual({ r: 0, t: retryAfter });
  // The public fast path refuses alike.
  expect((await send(QUERIES.s1, from)).status).toBe(429);

  // Another address, and staff, are not affected; staff answers carry no quota.
  expect((await send('{ apiVersion }', { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
  const staff = await send('{ apiVersion }', { ...from, authorization: `Bearer ${n.tokens.editor}` });
  expect(staff.status).toBe(200);
  expect(staff.headers.get('ratelimit')).toBeNull();
});

test("an API key's cost budget: each query costs what extensions.cost says, on the fast path too", async () => {
  const key = { authorization: `Bearer ${apiKey}` };
  const costs: number[] = [];
  const left: number[] = [];
  const statements: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await send(QUERIES.s1, key);
    expect(r.status).toBe(200);
    costs.push(r.body.extensions!.cost!.requested);
    left.push(remaining(r.headers).cost!.r);
    statements.push(r.statements);
  }
  // Answered by the fast path. The first of the window also reads the key's shared count (and
  // notes the key's last use, once a minute); then two statements, the key's look-up and the read
  // itself: the quota costs no statement, and never a write.
  expect(statements.slice(1)).toEqual([2, 2, 2]);
  expect(costs).toEqual([1203, 1203, 1203, 1203]);
  expect(left).toEqual([3797, 2594, 1391, 188]);

  const refused = await send(QUERIES.s1, key);
  expect(refused.status).toBe(429);
  expect(refused.body.errors![0]!.message).toMatch(/^Quota used up: a query cost of 5000 per 3600 s\./);
  expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', quota: 'apiKey' });
  // A cheaper query still fits in what is left.
  const cheap = await send('{ apiVersion }', key);
  expect(cheap.status).toBe(200);
  expect(remaining(cheap.headers).cost!.r).toBe(187);
});

test('counts reach PostgreSQL in batches: the requests so far are in api_quota_usage, in one row per subject', async () => {
  await new Promise((r) => setTimeout(r, 400));
  const rows = (await app.ds.query(`SELECT subject, requests::int, cost::int FROM api_quota_usage ORDER BY subject`)) as { subject: string; requests: number; cost: number }[];
  const [{ id }] = (await app.ds.query(`SELECT id FROM api_keys`)) as [{ id: string }];
  expect(rows).toEqual(
    expect.arrayContaining([
      // Refused requests use nothing.
      { subject: 'address:198.51.100.7', requests: 4, cost: 4 },
      { subject: 'address:198.51.100.8', requests: 1, cost: 1 },
      { subject: `key:${id}`, requests: 5, cost: 4 * 1203 + 1 },
    ]),
  );
});

test('a request that does not validate still counts as one request, at no cost', async () => {
  const from = { 'x-forwarded-for': '198.51.100.9' };
  const bad = await send('{ noSuchField }', from);
  expect(bad.status).toBe(400);
  expect(remaining(bad.headers).requests!.r).toBe(3);
  expect(remaining(bad.headers).cost!.r).toBe(100_000);
});
