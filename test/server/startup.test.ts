import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { embeddedDataDir } from '../../server/db/embedded';
import { gql, nodeTs, removeEmbedded, root, startServer } from '../helpers/server';

/**
 * The product as a new user runs it: `npm start` (node --import tsx server/main.ts) on an embedded PostgreSQL,
 * demo data, graceful stop on SIGTERM and on a terminal's Ctrl+C, and nothing lost across restarts.
 */
const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'claimledger-start-'));
const pgDir = path.join(dataRoot, 'pg');
const start = () => startServer(pgDir);

afterAll(async () => {
  await removeEmbedded(pgDir);
  await rm(dataRoot, { recursive: true, force: true });
});

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
  expect(existsSync(path.join(embeddedDataDir(pgDir), 'postmaster.pid'))).toBe(false);
  expect(existsSync(path.join(embeddedDataDir(pgDir), 'claimledger-owner.json'))).toBe(false);

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
  const child = spawn(...nodeTs('server/main.ts'), { cwd: root, env });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(2);
  expect(err).toMatch(/PORT/);
  expect(err).toMatch(/LOG_LEVEL/);
});
