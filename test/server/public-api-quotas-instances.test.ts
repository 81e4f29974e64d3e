import { Client } from 'pg';
import { createEmptyDatabase, type EmptyDatabase } from '../helpers/emptyDatabase';
import { killAll, startServerProcess, type ServerProcess } from '../helpers/serverProcess';

/**
 * An API key's quota across two server processes on one database, as an operator runs them: what
 * one process admitted counts at the other once it has synced (QUOTA_SYNC_SECONDS), so the key
 * gets its quota once, not once per process; neither process writes per request.
 */
const WINDOW = 3600;
const SYNC = 0.2;
const QUOTA = 20;
const ADMIN = { email: 'ops@newsroom.test', password: 'a long first-admin password' };
let db: EmptyDatabase;
let a: ServerProcess;
let b: ServerProcess;
let key: string;

const settle = () => new Promise((r) => setTimeout(r, 5 * SYNC * 1000));

async function gql(server: ServerProcess, query: string, token?: string) {
  const res = await fetch(`${server.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, ratelimit: res.headers.get('ratelimit'), body: (await res.json()) as { data?: Record<string, Record<string, unknown>> } };
}

beforeAll(async () => {
  db = await createEmptyDatabase('quota');
  const env = {
    DATABASE_URL: db.url,
    SEED_DEMO: 'never',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DB_POOL_SIZE: '4',
    QUOTA_WINDOW_SECONDS: String(WINDOW),
    QUOTA_SYNC_SECONDS: String(SYNC),
    QUOTA_API_KEY_REQUESTS: String(QUOTA),
  };
  a = await startServerProcess(env);
  b = await startServerProcess(env);
  const login = await gql(a, `mutation { login(email: "${ADMIN.email}", password: "${ADMIN.password}") { token } }`);
  const created = await gql(b, 'mutation { createApiKey(name: "Partner") { secret } }', login.body.data!.login!.token as string);
  key = created.body.data!.createApiKey!.secret as string;
  // Windows are aligned to the clock: near the end of one, wait for the next.
  const left = WINDOW - ((Date.now() / 1000) % WINDOW);
  if (left < 60) await new Promise((r) => setTimeout(r, left * 1000 + 100));
}, 120_000);

afterAll(async () => {
  await killAll();
  await db?.drop();
});

test('what one process admitted counts at the other: the key gets its quota once across both', async () => {
  const statuses = async (server: ServerProcess, count: number) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await gql(server, '{ apiVersion }', key)).status);
    return seen;
  };
  // Half the quota through A.
  expect(await statuses(a, QUOTA / 2)).toEqual(Array(QUOTA / 2).fill(200));
  await settle();
  // B knows: exactly the other half, then 429.
  const atB = await statuses(b, QUOTA);
  expect(atB).toEqual([...Array(QUOTA / 2).fill(200), ...Array(QUOTA / 2).fill(429)]);
  await settle();
  // And A knows what B admitted: nothing is left there either.
  const again = await gql(a, '{ apiVersion }', key);
  expect(again.status).toBe(429);
  expect(again.ratelimit).toMatch(/^"requests";r=0;t=\d+, "cost";r=\d+;t=\d+$/);

  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ requests: number }>(`SELECT requests::int FROM api_quota_usage WHERE subject LIKE 'key:%'`);
    // Refused requests count nothing: the shared count is the quota exactly.
    expect(rows).toEqual([{ requests: QUOTA }]);
  } finally {
    await client.end();
  }
}, 60_000);

test('both processes answer the same RateLimit-Policy', async () => {
  const policies = await Promise.all([a, b].map(async (s) => (await fetch(`${s.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: '{"query":"{ apiVersion }"}' })).headers.get('ratelimit-policy')));
  expect(policies).toEqual([`"requests";q=${QUOTA};w=${WINDOW}, "cost";q=1500000;w=${WINDOW}`, `"requests";q=${QUOTA};w=${WINDOW}, "cost";q=1500000;w=${WINDOW}`]);
});
