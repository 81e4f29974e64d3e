import pino from 'pino';
import { ensureFirstAdmin, maybeSeed } from '../../server/bootstrap';
import { ConfigError, loadConfig } from '../../server/config';
import { useApp } from '../helpers/useApp';

/** What an operator relies on: readiness that tells the truth, metrics, settings, the first admin. */
const app = useApp();
const silent = pino({ level: 'silent' });

test('/ready answers 503 while the database refuses connections, and 200 again once it accepts them', async () => {
  expect((await fetch(`${app.url}/ready`)).status).toBe(200);
  const db = new URL(app.databaseUrl).pathname.slice(1);
  const admin = new (await import('pg')).Client({ connectionString: process.env.CLAIMLEDGER_TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${db} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [db]);
    const down = await fetch(`${app.url}/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'not ready', database: 'unreachable' });
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  } finally {
    await admin.query(`ALTER DATABASE ${db} ALLOW_CONNECTIONS true`);
    await admin.end();
  }
  expect((await fetch(`${app.url}/ready`)).status).toBe(200);
});

test('/metrics exposes SQL statement counts and process resources for Prometheus', async () => {
  await app.gql(`{ claims { totalCount } }`);
  const text = await (await fetch(`${app.url}/metrics`)).text();
  expect(text).toMatch(/^claimledger_sql_statements_total \d+/m);
  expect(text).toMatch(/^claimledger_process_resident_memory_bytes \d+/m);
});

test('ADMIN_EMAIL and ADMIN_PASSWORD create the first admin once, who can log in; a second start changes nothing', async () => {
  const config = { ADMIN_EMAIL: 'ops@newsroom.test', ADMIN_PASSWORD: 'a long admin password' };
  await ensureFirstAdmin(app.services, config, silent);
  await ensureFirstAdmin(app.services, { ...config, ADMIN_PASSWORD: 'another long password' }, silent);
  const { login } = await app.ok<{ login: { user: { role: string; email: string } } }>(
    `mutation { login(email: "ops@newsroom.test", password: "a long admin password") { user { role email } } }`,
  );
  expect(login.user).toEqual({ role: 'ADMIN', email: 'ops@newsroom.test' });
  const users = await app.ds.query(`SELECT count(*)::int AS n FROM users WHERE email = 'ops@newsroom.test'`);
  expect(users[0].n).toBe(1);
});

test('demo data goes only into an empty embedded database unless asked', async () => {
  const claims = async () => (await app.ds.query(`SELECT count(*)::int AS n FROM claims`))[0].n as number;
  await maybeSeed(app.services, { SEED_DEMO: 'auto', embeddedDatabase: false }, silent);
  await maybeSeed(app.services, { SEED_DEMO: 'never', embeddedDatabase: true }, silent);
  // Not empty: the admin above exists.
  await maybeSeed(app.services, { SEED_DEMO: 'auto', embeddedDatabase: true }, silent);
  expect(await claims()).toBe(0);
  await maybeSeed(app.services, { SEED_DEMO: 'always', embeddedDatabase: false }, silent);
  expect(await claims()).toBe(11);
});

describe('configuration', () => {
  test('defaults need nothing: port 4000 on 127.0.0.1, the embedded database, introspection on', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 4000, HOST: '127.0.0.1', embeddedDatabase: true, introspection: true, MAX_PAGE_SIZE: 100 });
  });

  test('production turns introspection off unless asked, and DATABASE_URL turns the embedded database off', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db.example:5432/claims' }).embeddedDatabase).toBe(false);
  });

  test.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://u@h/db' }, 'DATABASE_URL'],
    [{ ADMIN_EMAIL: 'a@b.example' }, 'ADMIN_EMAIL and ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'a@b.example', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ BODY_LIMIT: 'lots' }, 'BODY_LIMIT'],
    [{ SEED_DEMO: 'sometimes' }, 'SEED_DEMO'],
    [{ SHUTDOWN_GRACE_SECONDS: '-1' }, 'SHUTDOWN_GRACE_SECONDS'],
  ])('%j is refused with a message naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
