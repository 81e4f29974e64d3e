import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The product as a new user runs it: `npm start` (tsx server/main.ts) on an embedded PostgreSQL,
 * demo data, graceful stop on SIGTERM and on a terminal's Ctrl+C, and nothing lost across restarts.
 */
const root = path.resolve(__dirname, '../..');
const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'claimledger-start-'));
const pgDir = path.join(dataRoot, 'pg');

interface Running {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
  stderr: () => string;
}

function start(extraEnv: Record<string, string> = {}): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', EMBEDDED_PG_PORT: '0', EMBEDDED_PG_DIR: pgDir, LOG_LEVEL: 'warn', ...extraEnv };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  // Its own process group, so a Ctrl+C can be sent to the server and its PostgreSQL together.
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/main.ts'], { cwd: root, env, detached: true });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /GraphQL API: (http:\/\/[^/\s]+)\/graphql/.exec(out);
      if (m) resolve({ child, base: m[1]!, exited, stderr: () => err });
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before starting:\n${err}`)));
  });
}

async function gql<T>(base: string, query: string, token?: string): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

afterAll(() => rm(dataRoot, { recursive: true, force: true }));

test('npm start serves demo data, stops gracefully and keeps every change across restarts', async () => {
  let server = await start();
  expect(await (await fetch(`${server.base}/health`)).json()).toEqual({ status: 'ok' });
  expect((await fetch(`${server.base}/ready`)).status).toBe(200);
  // The checkpoint signing key is created on first start, next to the database's folder, for its owner only.
  expect(statSync(path.join(dataRoot, 'checkpoint-key.pem')).mode & 0o777).toBe(0o600);
  const publicKey = await (await fetch(`${server.base}/checkpoints/public-key`)).text();

  // The README's acceptance query: the oil-cap claim by Mike Pompeo comes first.
  const found = await gql<{ claims: { totalCount: number; edges: { node: { text: string; claimant: { name: string } } }[] } }>(
    server.base,
    '{ claims(first: 3, filter: {search: "breach"}) { totalCount edges { node { text claimant { name } } } } }',
  );
  expect(found.claims.edges[0]!.node.claimant.name).toBe('Mike Pompeo');
  expect(found.claims.edges[0]!.node.text).toMatch(/500,000 barrels/);

  const { login } = await gql<{ login: { token: string } }>(
    server.base,
    'mutation { login(email: "checker@claimledger.example", password: "demo-checker-2018") { token } }',
  );
  const { createClaim } = await gql<{ createClaim: { id: string } }>(
    server.base,
    'mutation { createClaim(input: { text: "A claim written just before a restart." }) { id } }',
    login.token,
  );
  const staffCount = async (base: string) =>
    (await gql<{ claims: { totalCount: number } }>(base, '{ claims { totalCount } }', login.token)).claims.totalCount;
  const before = await staffCount(server.base);

  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(false);

  server = await start();
  // The same key signs after a restart, and the first checkpoint (recorded right after start) is there.
  expect(await (await fetch(`${server.base}/checkpoints/public-key`)).text()).toBe(publicKey);
  expect(await (await fetch(`${server.base}/checkpoints.ndjson`)).text()).toMatch(/^\{"eventCount":\d+,"format":"claimledger-checkpoint-v1",.*"seq":1,/);
  // Sessions live in the database too, so the token still works; the demo is not loaded twice.
  expect(await staffCount(server.base)).toBe(before);
  const { claim } = await gql<{ claim: { text: string } | null }>(server.base, `{ claim(id: "${createClaim.id}") { text } }`, login.token);
  expect(claim?.text).toBe('A claim written just before a restart.');

  // A terminal's Ctrl+C reaches the server and its PostgreSQL at once.
  process.kill(-server.child.pid!, 'SIGINT');
  expect(await server.exited).toBe(0);

  server = await start();
  expect(await staffCount(server.base)).toBe(before);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}, 120_000);

test('a bad setting stops start-up with a message naming the variable', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'eighty', LOG_LEVEL: 'loud' };
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/main.ts'], { cwd: root, env });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(2);
  expect(err).toMatch(/PORT/);
  expect(err).toMatch(/LOG_LEVEL/);
});
