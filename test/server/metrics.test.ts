import http from 'node:http';
import { insertBulkHistory } from '../fixtures/bulkHistory';
import { TEST_POOL_SIZE } from '../helpers/app';
import { useNewsroom } from '../helpers/useApp';

/**
 * What an operator graphs, scraped from /metrics after real requests: HTTP requests by route and
 * status with their latency, GraphQL operations by name and outcome (the public fast path
 * included), the database pool, and whether the database is reachable.
 */

const { app, n } = useNewsroom();

beforeAll(async () => {
  // An export big enough (about 20 MB) to stay in flight while its reader pauses.
  await insertBulkHistory(app.ds, 30_000);
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${app.url}/metrics`);
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

/** The sum of the samples of `name` whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

const requests = (samples: Sample[], labels: Record<string, string>) => total(samples, 'claimledger_http_request_duration_seconds_count', labels);
const operations = (samples: Sample[], labels: Record<string, string>) => total(samples, 'claimledger_graphql_operations_total', labels);

async function post(query: string, token?: string): Promise<number> {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  await res.text();
  return res.status;
}

test('HTTP requests are counted by route, method and status, with a latency histogram, and never by raw path', async () => {
  const before = await scrape();
  const get = async (path: string, token?: string) => {
    const res = await fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    await res.arrayBuffer();
    return res.status;
  };
  expect(await get('/health')).toBe(200);
  expect(await get('/health')).toBe(200);
  expect(await get('/ready')).toBe(200);
  expect(await get('/no/such/page-4711')).toBe(404);
  expect(await get('/claimreview.jsonld')).toBe(200);
  expect(await get(`/claimreview/${n.actorId}.jsonld`)).toBe(404);
  expect(await get('/export/claims.csv', n.tokens.auditor)).toBe(200);
  expect(await get('/export/claims.csv')).toBe(401);
  expect(await post('{ claims(first: 1) { totalCount } }')).toBe(200);
  const after = await scrape();

  const delta = (labels: Record<string, string>) => requests(after, labels) - requests(before, labels);
  expect(delta({ route: '/health', method: 'GET', status: '200' })).toBe(2);
  expect(delta({ route: '/ready', status: '200' })).toBe(1);
  expect(delta({ route: 'other', status: '404' })).toBe(1);
  expect(delta({ route: '/claimreview.jsonld', status: '200' })).toBe(1);
  expect(delta({ route: '/claimreview/:id', status: '404' })).toBe(1);
  expect(delta({ route: '/export/:kind', status: '200' })).toBe(1);
  expect(delta({ route: '/export/:kind', status: '401' })).toBe(1);
  expect(delta({ route: '/graphql', method: 'POST', status: '200' })).toBe(1);

  // A histogram: cumulative buckets up to +Inf, which equals the count; a sum of seconds.
  const health = { route: '/health', method: 'GET', status: '200' };
  const buckets = after.filter((s) => s.name === 'claimledger_http_request_duration_seconds_bucket' && s.labels.route === '/health' && s.labels.status === '200');
  expect(buckets.length).toBeGreaterThan(5);
  expect(buckets.map((b) => b.value)).toEqual([...buckets.map((b) => b.value)].sort((a, b) => a - b));
  expect(buckets.find((b) => b.labels.le === '+Inf')!.value).toBe(requests(after, health));
  expect(total(after, 'claimledger_http_request_duration_seconds_sum', health)).toBeGreaterThan(0);

  const routes = new Set(after.filter((s) => s.name.startsWith('claimledger_http_request_duration_seconds')).map((s) => s.labels.route));
  expect([...routes].sort()).toEqual(
    expect.arrayContaining(['/claimreview.jsonld', '/claimreview/:id', '/export/:kind', '/graphql', '/health', '/metrics', '/ready', 'other']),
  );
  expect([...routes].every((r) => ['/graphql', '/export/:kind', '/claimreview.jsonld', '/claimreview/:id', '/admin', '/health', '/ready', '/metrics', 'other'].includes(r!))).toBe(true);
});

test('GraphQL operations are counted by name, type and outcome, the public fast path included', async () => {
  const before = await scrape();
  const publicClaims = 'query PublicClaims { claims(first: 2) { totalCount edges { node { id } } } }';
  // Anonymous: answered by the fast path; as staff: by the resolvers. Both count alike.
  // One statement: the fast path answered it.
  expect((await app.gql(publicClaims)).statements).toBe(1);
  expect(await post(publicClaims, n.tokens.editor)).toBe(200);
  expect(await post('{ stats { claimsByStatus { status count } } }', n.tokens.editor)).toBe(200);
  expect(await post('mutation Sneaky { createActor(input: { name: "Nobody", kind: PERSON }) { id } }')).toBe(200);
  expect(await post('{ me { id } }', 'cls_not-a-session')).toBe(401);
  expect(await post('{ claims(first: 1) { totalCount }')).toBe(400);
  const after = await scrape();

  const delta = (labels: Record<string, string>) => operations(after, labels) - operations(before, labels);
  expect(delta({ operation: 'PublicClaims', type: 'query', outcome: 'ok' })).toBe(2);
  expect(delta({ operation: 'anonymous', type: 'query', outcome: 'ok' })).toBe(1);
  expect(delta({ operation: 'Sneaky', type: 'mutation', outcome: 'UNAUTHENTICATED' })).toBe(1);
  expect(delta({ operation: 'unknown', outcome: 'UNAUTHENTICATED' })).toBe(1);
  expect(delta({ operation: 'unknown', outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
});

test('a read the fast path took but left to the normal path is counted by reason, and still answered', async () => {
  const before = await scrape();
  // A cursor this API never issued: planned by the fast path, refused by the normal path's resolvers.
  const res = await app.gql('{ claims(after: "bm9wZQ") { nodes { id } } }');
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  // Not taken at all (staff, or a field that needs code) is no fallback.
  expect(await post('{ claims { nodes { id corrections { verdict } } } }')).toBe(200);
  expect(await post('{ claims { totalCount } }', n.tokens.editor)).toBe(200);
  const after = await scrape();
  const fallbacks = (reason?: string) =>
    total(after, 'claimledger_fast_path_fallbacks_total', reason ? { reason } : {}) -
    total(before, 'claimledger_fast_path_fallbacks_total', reason ? { reason } : {});
  expect(fallbacks('error')).toBe(1);
  expect(fallbacks()).toBe(1);
});

test('operation names cannot grow the metrics without bound: past 200 names, and for overlong ones, they count as "other"', async () => {
  for (let i = 0; i < 210; i++) expect(await post(`query Generated${i} { __typename }`)).toBe(200);
  expect(await post(`query ${'Long'.repeat(40)} { __typename }`)).toBe(200);
  const after = await scrape();
  const names = new Set(after.filter((s) => s.name === 'claimledger_graphql_operations_total').map((s) => s.labels.operation));
  expect(names.size).toBeLessThanOrEqual(200 + ['anonymous', 'unknown', 'other'].length);
  expect(names.has('Generated0')).toBe(true);
  expect(names.has('Generated209')).toBe(false);
  expect(operations(after, { operation: 'other' })).toBeGreaterThanOrEqual(11);
});

test('the database pool (in use, idle, waiting, size) and reachability are exposed', async () => {
  // An export holds a connection while it streams: hold one open with a paused reader.
  const held = await new Promise<http.ClientRequest>((resolve, reject) => {
    const req = http.get(`${app.url}/export/history.ndjson`, { headers: { authorization: `Bearer ${n.tokens.auditor}` }, agent: false }, (res) => {
      expect(res.statusCode).toBe(200);
      res.pause();
      resolve(req);
    });
    req.on('error', reject);
  });
  try {
    const during = await scrape();
    expect(total(during, 'claimledger_database_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(1);
    expect(total(during, 'claimledger_database_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(total(during, 'claimledger_database_pool_max_connections')).toBe(TEST_POOL_SIZE);
    expect(during.some((s) => s.name === 'claimledger_database_pool_waiting_requests')).toBe(true);
    // The export and this scrape.
    expect(total(during, 'claimledger_http_requests_in_flight')).toBeGreaterThanOrEqual(2);
    expect(total(during, 'claimledger_database_reachable')).toBe(1);
    expect(total(during, 'claimledger_database_outages_total')).toBe(0);
  } finally {
    held.destroy();
  }
  // The interrupted export gives its connection back (discarded, as one left inside a COPY must be).
  for (let i = 0; ; i++) {
    const now = await scrape();
    if (total(now, 'claimledger_database_pool_connections', { state: 'in_use' }) === 0) break;
    if (i > 100) throw new Error('the export connection was never given back');
    await new Promise((r) => setTimeout(r, 50));
  }
});
