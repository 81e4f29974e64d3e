import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { CheckpointLogChecker, type Checkpoint } from '../../server/domain/checkpoint';
import { nodeCheckpointCrypto, publishedKey, readPublishedKey } from '../../server/domain/checkpointCrypto';
import { ExportVerifier } from '../../server/domain/exportVerification';
import { loadConfig } from '../../server/config';
import { loadOrCreateSigningKey, scheduleCheckpoints } from '../../server/services/checkpoints';
import { claimIn } from '../fixtures/newsroom';
import { startTestApp, type TestApp } from '../helpers/app';
import { useNewsroom } from '../helpers/useApp';

/**
 * Signed checkpoints as the server records and publishes them: what each one commits to, who may
 * ask for one, that several server processes appending at once never fork the log, that the log
 * and the key are public, that the key lives in a file the operator controls, and that every
 * checkpoint recorded while the newsroom works matches an export taken afterwards.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'claimledger-checkpoints-'));
const keyFile = path.join(dir, 'keys', 'checkpoint-key.pem');
const { app, n } = useNewsroom({ checkpointKeyFile: keyFile });

const RECORD = `mutation { recordCheckpoint { seq position eventCount headsDigest recordedAt prevHash keyId hash signature record } }`;
type Recorded = { recordCheckpoint: Checkpoint & { record: string } };

async function publicLog(target: TestApp = app): Promise<{ lines: string[]; key: ReturnType<typeof readPublishedKey> }> {
  const [log, key] = await Promise.all([fetch(`${target.url}/checkpoints.ndjson`), fetch(`${target.url}/checkpoints/public-key`)]);
  expect([log.status, key.status, log.headers.get('content-type')]).toEqual([200, 200, 'application/x-ndjson; charset=utf-8']);
  const text = await log.text();
  return { lines: text ? text.slice(0, -1).split('\n') : [], key: readPublishedKey(await key.json()) };
}

/** The published log through the verifier's own checks (signatures, hashes, links). */
async function checkLog(lines: string[], key: ReturnType<typeof readPublishedKey>) {
  const checker = new CheckpointLogChecker(nodeCheckpointCrypto(key));
  for (const l of lines) await checker.addLine(Buffer.from(l), true);
  return { problem: checker.finish(), checkpoints: checker.checkpoints };
}

async function exportText(): Promise<string> {
  const res = await fetch(`${app.url}/export/history.ndjson`, { headers: { authorization: `Bearer ${n.tokens.auditor}` } });
  return res.text();
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the signing key is created on first use in a file only its owner can read, and read back the same afterwards', () => {
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  const again = loadOrCreateSigningKey(keyFile);
  expect(again.created).toBe(false);
  expect(publishedKey(again.signer.publicKey)).toEqual(app.services.checkpoints.publicKey());
  const rsa = path.join(dir, 'rsa.pem');
  writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
  expect(() => loadOrCreateSigningKey(rsa)).toThrow(/is not an Ed25519 private key/);
});

test('an auditor or an admin records a checkpoint of the whole history; others may not', async () => {
  const held = await app.services.history.heads();
  const { recordCheckpoint: first } = await app.ok<Recorded>(RECORD, {}, n.tokens.auditor);
  expect(first).toMatchObject({ seq: 1, position: held.position, eventCount: held.position, headsDigest: held.digest, prevHash: null });
  await claimIn(app, n, 'IN_REVIEW');
  const { recordCheckpoint: second } = await app.ok<Recorded>(RECORD, {}, n.tokens.admin);
  expect(second).toMatchObject({ seq: 2, prevHash: first.hash, headsDigest: (await app.services.history.heads()).digest });
  expect(second.position).toBeGreaterThan(first.position);
  for (const person of ['checker', 'editor'] as const) expect((await app.fails(RECORD, {}, n.tokens[person])).code).toBe('FORBIDDEN');
  expect((await app.fails(RECORD, {})).code).toBe('UNAUTHENTICATED');
  expect(await app.ds.query(`SELECT count(*)::int AS n FROM checkpoints`)).toEqual([{ n: 2 }]);
});

test('the log and the key are public: anyone downloads them and every signature and link checks out', async () => {
  const { lines, key } = await publicLog();
  expect(lines.length).toBeGreaterThanOrEqual(2);
  const { problem, checkpoints } = await checkLog(lines, key);
  expect(problem).toBeNull();
  expect(checkpoints.map((c) => c.seq)).toEqual(lines.map((_, i) => i + 1));
  const keyJson = (await (await fetch(`${app.url}/checkpoints/public-key`)).json()) as { keyId: string; publicKey: string };
  expect(keyJson.keyId).toBe(createHash('sha256').update(Buffer.from(keyJson.publicKey, 'hex')).digest('hex'));
  expect(checkpoints.every((c) => c.keyId === keyJson.keyId)).toBe(true);
});

test('the database refuses to change or remove a checkpoint', async () => {
  for (const sql of [`UPDATE checkpoints SET heads_digest = heads_digest`, `DELETE FROM checkpoints WHERE seq = 1`, `TRUNCATE checkpoints`]) {
    await expect(app.ds.query(sql)).rejects.toThrow(/checkpoints is append-only/);
  }
});

test('two server processes recording at once never fork the log: one checkpoint per turn, each linked to the one before', async () => {
  const second = await startTestApp({ databaseUrl: app.databaseUrl, checkpointKeyFile: keyFile });
  try {
    const before = (await publicLog()).lines.length;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => ((i % 2 ? second : app) as TestApp).ok<Recorded>(RECORD, {}, n.tokens.auditor)),
    );
    const { lines, key } = await publicLog(second);
    expect(lines).toHaveLength(before + 12);
    expect((await checkLog(lines, key)).problem).toBeNull();
  } finally {
    await second.close();
  }
});

test('checkpoints recorded while the newsroom works all match an export taken afterwards', async () => {
  await Promise.all([
    ...Array.from({ length: 6 }, (_, i) => claimIn(app, n, i % 2 ? 'PUBLISHED' : 'DRAFT')),
    ...Array.from({ length: 6 }, () => app.ok<Recorded>(RECORD, {}, n.tokens.auditor)),
  ]);
  const { lines, key } = await publicLog();
  const { checkpoints } = await checkLog(lines, key);
  const verifier = new ExportVerifier({ checkpoints });
  for (const l of (await exportText()).slice(0, -1).split('\n')) expect(verifier.addLine(Buffer.from(l), true)).toBe(true);
  expect(verifier.finish()).toBeNull();
  expect(verifier.matchedCheckpoints.map((c) => c.seq)).toEqual(checkpoints.map((c) => c.seq));
});

test('a server with another key refuses to extend the log, naming both keys, and records nothing', async () => {
  const other = await startTestApp({ databaseUrl: app.databaseUrl, checkpointKeyFile: path.join(dir, 'other-key.pem') });
  try {
    const before = await app.ds.query(`SELECT count(*)::int AS n FROM checkpoints`);
    const refusal = await other.fails(RECORD, {}, n.tokens.auditor);
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toMatch(/^The checkpoint log is signed with key [0-9a-f]{64}, but this server has key [0-9a-f]{64} .*give every server process the same CHECKPOINT_KEY_FILE/);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM checkpoints`)).toEqual(before);
  } finally {
    await other.close();
  }
});

test('on a schedule, the first tick records right away, and a process starting within the interval adds none', async () => {
  const fresh = await startTestApp({ checkpointKeyFile: keyFile });
  try {
    const log = pino({ level: 'silent' });
    const seqs = async () => ((await fresh.ds.query(`SELECT seq FROM checkpoints ORDER BY seq`)) as { seq: number }[]).map((r) => r.seq);
    await scheduleCheckpoints(fresh.services.checkpoints, 60, log).stop();
    expect(await seqs()).toEqual([1]);
    await scheduleCheckpoints(fresh.services.checkpoints, 60, log).stop();
    expect(await seqs()).toEqual([1]);
    // 0 minutes: only on demand.
    await scheduleCheckpoints(fresh.services.checkpoints, 0, log).stop();
    expect(await seqs()).toEqual([1]);
  } finally {
    await fresh.close();
  }
});

test('a server without a key signs nothing and says why; its log stays readable', async () => {
  const keyless = await startTestApp({ databaseUrl: app.databaseUrl });
  try {
    const refusal = await keyless.fails(RECORD, {}, n.tokens.auditor);
    expect(refusal).toMatchObject({ code: 'NOT_CONFIGURED', message: expect.stringMatching(/CHECKPOINT_KEY_FILE/) });
    const key = await fetch(`${keyless.url}/checkpoints/public-key`);
    expect(key.status).toBe(404);
    expect(((await key.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('NOT_CONFIGURED');
    expect((await fetch(`${keyless.url}/checkpoints.ndjson`)).status).toBe(200);
  } finally {
    await keyless.close();
  }
});

test('where the key lives: CHECKPOINT_KEY_FILE, else next to the embedded database; none with DATABASE_URL alone', () => {
  expect(loadConfig({}).checkpointKeyFile).toBe(path.resolve(__dirname, '../..', '.data', 'checkpoint-key.pem'));
  expect(loadConfig({ EMBEDDED_PG_DIR: '/srv/claims/pg' }).checkpointKeyFile).toBe('/srv/claims/checkpoint-key.pem');
  expect(loadConfig({ DATABASE_URL: 'postgres://u@db.example/claims' }).checkpointKeyFile).toBeNull();
  expect(loadConfig({ DATABASE_URL: 'postgres://u@db.example/claims', CHECKPOINT_KEY_FILE: '/etc/claimledger/key.pem' }).checkpointKeyFile).toBe('/etc/claimledger/key.pem');
  expect(loadConfig({}).CHECKPOINT_INTERVAL_MINUTES).toBe(60);
  expect(() => loadConfig({ CHECKPOINT_INTERVAL_MINUTES: '-5' })).toThrow(/CHECKPOINT_INTERVAL_MINUTES/);
});
