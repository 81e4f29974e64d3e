import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  alive,
  cli,
  DEMO,
  embeddedEnv,
  gql,
  login,
  nodeTs,
  ownerOf,
  removeEmbedded,
  root,
  startServer,
  until,
  verifiedHistory,
  writeLoad,
  type Running,
} from '../helpers/server';

/**
 * The embedded PostgreSQL across crashes, as an operator meets them: the server killed with
 * SIGKILL (with and without its watchdog), a second start on a folder in use, the command-line
 * tools next to a running server, and SIGTERM after the database died under the server.
 */
const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'claimledger-crash-'));
const pgDir = path.join(dataRoot, 'pg');
let server: Running;
let tokens: { checker: string; auditor: string };
/** Every write any server acknowledged, across all the crashes below. */
const acknowledged: string[] = [];

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await removeEmbedded(pgDir);
  await rm(dataRoot, { recursive: true, force: true });
});

/** Every acknowledged claim is there, and every chain of the history verifies. */
async function expectNothingLost(base: string) {
  const missing = [];
  for (const id of acknowledged) {
    const { claim } = await gql<{ claim: { id: string } | null }>(base, `{ claim(id: "${id}") { id } }`, tokens.checker);
    if (!claim) missing.push(id);
  }
  expect(missing).toEqual([]);
  const history = await verifiedHistory(base, tokens.auditor);
  const chains = new Set(history.heads.map((h) => h.chain));
  expect(acknowledged.filter((id) => !chains.has(`claim:${id}`))).toEqual([]);
}

/** Writes under load, then a SIGKILL while they are still coming in. */
async function killUnderLoad(killWatchdogToo: boolean) {
  const load = writeLoad(server.base, tokens.checker, `crash ${acknowledged.length}`);
  try {
    await until('some writes acknowledged', () => load.acknowledged.length >= 10);
    const owner = ownerOf(pgDir);
    if (killWatchdogToo) process.kill(owner.watchdogPid!, 'SIGKILL');
    process.kill(owner.pid, 'SIGKILL');
    expect(await server.exited).not.toBe(0);
    return owner;
  } finally {
    await load.stop();
    acknowledged.push(...load.acknowledged);
  }
}

test('after kill -9 of the server and its watchdog, a plain start stops the orphaned PostgreSQL and comes back with everything', async () => {
  server = await startServer(pgDir);
  tokens = { checker: await login(server.base, DEMO.checker), auditor: await login(server.base, DEMO.auditor) };
  const owner = await killUnderLoad(true);
  // Nothing tied to the dead server stops its postmaster now: it is an orphan holding the folder.
  expect(alive(owner.postmaster!.pid)).toBe(true);

  server = await startServer(pgDir);
  expect(alive(owner.postmaster!.pid)).toBe(false);
  expect(server.stdout()).toMatch(/stopping the PostgreSQL left running by a ClaimLedger that is gone/);
  await expectNothingLost(server.base);
}, 120_000);

test('after kill -9 of the server alone, its watchdog stops PostgreSQL at once, and the next start comes back', async () => {
  const owner = await killUnderLoad(false);
  await until('the watchdog stopped the orphaned postmaster', () => !alive(owner.postmaster!.pid));
  await until('the watchdog ended', () => !alive(owner.watchdogPid!));

  server = await startServer(pgDir);
  await expectNothingLost(server.base);
}, 120_000);

test('a second start on a folder a live ClaimLedger runs refuses, naming its pid and address', async () => {
  const owner = ownerOf(pgDir);
  const second = spawn(...nodeTs('server/main.ts'), { cwd: root, env: embeddedEnv(pgDir) });
  let err = '';
  second.stderr.on('data', (d) => (err += d));
  expect(await new Promise((resolve) => second.on('exit', resolve))).toBe(1);
  expect(err).toContain(`pid ${owner.pid}`);
  expect(err).toContain(server.base);
  expect(err).toContain(`database port ${owner.port}`);
  expect(err).not.toMatch(/\n\s+at /); // an answer, not a stack trace
  // The running server did not notice.
  expect((await fetch(`${server.base}/ready`)).status).toBe(200);
}, 60_000);

test('the command-line tools work next to the running server, on its database', async () => {
  const review = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: 'https://factcheck.example.com/reviews/next-to-the-server',
    claimReviewed: 'Imported while the server was running: the border was closed all year.',
    datePublished: '2019-03-01',
    author: { '@type': 'Organization', name: 'Example Fact Check' },
    reviewRating: { '@type': 'Rating', alternateName: 'False' },
    itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'A Minister' } },
  };
  const file = path.join(dataRoot, 'review.jsonld');
  writeFileSync(file, JSON.stringify(review));
  const imported = await cli('import', [file], embeddedEnv(pgDir));
  expect(imported).toMatchObject({ code: 0, stdout: `${file}: 1 created, 0 already imported, 0 failed\n` });
  const migrated = await cli('migrate', [], embeddedEnv(pgDir));
  expect(migrated).toMatchObject({ code: 0, stdout: 'Database schema is up to date.\n' });

  // The server sees the imported claim at once: one database.
  const { claims } = await gql<{ claims: { nodes: { text: string }[] } }>(
    server.base,
    '{ claims(first: 5, filter: { search: "Imported while the server was running" }) { nodes { text } } }',
    tokens.checker,
  );
  expect(claims.nodes.map((c) => c.text)).toContain(review.claimReviewed);
  // …and the tools left the cluster running, owned by the server.
  expect(ownerOf(pgDir).pid).not.toBe(undefined);
  expect((await fetch(`${server.base}/ready`)).status).toBe(200);
}, 90_000);

test('SIGTERM after PostgreSQL was killed under the server still ends, saying what it did', async () => {
  const owner = ownerOf(pgDir);
  process.kill(owner.postmaster!.pid, 'SIGKILL');
  await until('the postmaster is gone', () => !alive(owner.postmaster!.pid));
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(server.stdout()).toMatch(/embedded PostgreSQL had already stopped/);
  await until('the released watchdog ended', () => !alive(owner.watchdogPid!), 5000);

  // …and the next start recovers the killed cluster.
  server = await startServer(pgDir);
  await expectNothingLost(server.base);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}, 120_000);
