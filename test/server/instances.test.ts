import { Client } from 'pg';
import { migrations } from '../../migrations';
import { DEMO_USERS } from '../../server/seed/demo';
import { createEmptyDatabase, type EmptyDatabase } from '../helpers/emptyDatabase';
import { killAll, startServerProcess, type ServerProcess } from '../helpers/serverProcess';

/**
 * Several server processes on one database, as an operator runs them: two `node --import tsx server/main.ts`
 * started at the same moment on an empty database with SEED_DEMO=always both come up, and the
 * migrations, the first admin and the demo data are applied once; the failed-login limits hold
 * across both processes and across a restart, and a stranger cannot lock the admin out.
 */
let db: EmptyDatabase;
const FIRST_ADMIN = { email: 'ops@newsroom.test', password: 'a long first-admin password' };
const ADMIN = DEMO_USERS.find((u) => u.role === 'ADMIN')!;

function start(): Promise<ServerProcess> {
  return startServerProcess({
    DATABASE_URL: db.url,
    SEED_DEMO: 'always',
    ADMIN_EMAIL: FIRST_ADMIN.email,
    ADMIN_PASSWORD: FIRST_ADMIN.password,
    DB_POOL_SIZE: '4',
    LOGIN_MAX_FAILURES: '3',
    LOGIN_ACCOUNT_MAX_FAILURES: '5',
  });
}

async function stop(server: ServerProcess) {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

type Answer = { code: string | null; retryAfter?: number; token?: string };

/** A login as sent from `address` (the server trusts X-Forwarded-For from its loopback proxy). */
async function loginFrom(server: ServerProcess, address: string, email: string, password: string): Promise<Answer> {
  const res = await fetch(`${server.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: email, p: password } }),
  });
  const body = (await res.json()) as { data?: { login: { token: string } } | null; errors?: { extensions: { code: string; retryAfter?: number } }[] };
  const error = body.errors?.[0];
  return error ? { code: error.extensions.code, retryAfter: error.extensions.retryAfter } : { code: null, token: body.data!.login.token };
}

async function query<T>(sql: string): Promise<T[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  db = await createEmptyDatabase('inst');
  // The same moment: neither waits for the other to be up.
  [a, b] = await Promise.all([start(), start()]);
}, 120_000);

afterAll(async () => {
  await killAll();
  await db?.drop();
});

test('two processes started together on an empty database both come up; migrations, first admin and demo data once', async () => {
  for (const server of [a, b]) expect((await fetch(`${server.base}/ready`)).status).toBe(200);

  const applied = await query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id');
  expect(applied.map((m) => m.name)).toEqual(migrations.map((m) => m.name));

  // Every demo row once: a second seed or admin would show up as a repeated e-mail, name, title or text.
  const [counts] = await query<Record<string, number>>(`SELECT
      (SELECT count(*) FROM users)::int AS users, (SELECT count(DISTINCT lower(email)) FROM users)::int AS "distinctUsers",
      (SELECT count(*) FROM actors)::int AS actors, (SELECT count(DISTINCT name) FROM actors)::int AS "distinctActors",
      (SELECT count(*) FROM sources)::int AS sources, (SELECT count(DISTINCT title) FROM sources)::int AS "distinctSources",
      (SELECT count(*) FROM claims)::int AS claims, (SELECT count(DISTINCT text) FROM claims)::int AS "distinctClaims",
      (SELECT count(*) FROM history_events WHERE action = 'createClaim')::int AS "claimsCreated"`);
  expect(counts).toEqual({
    users: DEMO_USERS.length + 1,
    distinctUsers: DEMO_USERS.length + 1,
    actors: counts!.distinctActors,
    distinctActors: counts!.distinctActors,
    sources: counts!.distinctSources,
    distinctSources: counts!.distinctSources,
    // The README's eleven demo claims.
    claims: 11,
    distinctClaims: 11,
    claimsCreated: 11,
  });
  expect(counts!.actors).toBeGreaterThan(0);
  expect(counts!.sources).toBeGreaterThan(0);

  // Both serve the same data and accept the first admin.
  for (const server of [a, b]) expect((await loginFrom(server, '127.0.0.1', FIRST_ADMIN.email, FIRST_ADMIN.password)).code).toBeNull();
});

test('the failed-login limit holds across both processes and across a restart of one', async () => {
  const guesser = '198.51.100.20';
  const email = 'editor@claimledger.example';
  // Three failures, alternating between the processes: the limit counts them together.
  for (const server of [a, b, a]) expect((await loginFrom(server, guesser, email, 'not the password')).code).toBe('UNAUTHENTICATED');
  for (const server of [b, a]) {
    const refused = await loginFrom(server, guesser, email, 'demo-editor-2018');
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect(refused.retryAfter).toBeLessThanOrEqual(15 * 60);
  }

  await stop(b);
  b = await start();
  expect((await loginFrom(b, guesser, email, 'demo-editor-2018')).code).toBe('RATE_LIMITED');
  // The editor's own address was never the guesser's.
  expect((await loginFrom(b, '203.0.113.20', email, 'demo-editor-2018')).code).toBeNull();
}, 60_000);

test("a stranger cannot lock the admin out from the admin's usual address", async () => {
  const usual = '203.0.113.1';
  expect((await loginFrom(a, usual, ADMIN.email, ADMIN.password)).code).toBeNull();

  // A stranger guessing from one address, through both processes, locks only that address out.
  for (const server of [a, b, a]) expect((await loginFrom(server, '198.51.100.30', ADMIN.email, 'guess')).code).toBe('UNAUTHENTICATED');
  expect((await loginFrom(b, '198.51.100.30', ADMIN.email, ADMIN.password)).code).toBe('RATE_LIMITED');
  expect((await loginFrom(b, usual, ADMIN.email, ADMIN.password)).code).toBeNull();

  // From more addresses the account-wide limit (5) closes the account to new addresses, not to the usual one.
  for (const server of [b, a]) expect((await loginFrom(server, '198.51.100.31', ADMIN.email, 'guess')).code).toBe('UNAUTHENTICATED');
  for (const server of [a, b]) expect((await loginFrom(server, '192.0.2.99', ADMIN.email, ADMIN.password)).code).toBe('RATE_LIMITED');
  for (const server of [a, b]) {
    const { token } = await loginFrom(server, usual, ADMIN.email, ADMIN.password);
    const res = await fetch(`${server.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { email role } }' }),
    });
    expect(await res.json()).toMatchObject({ data: { me: { email: ADMIN.email, role: 'ADMIN' } } });
  }
}, 60_000);
