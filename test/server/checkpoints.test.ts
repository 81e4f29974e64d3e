import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { CheckpointLogChecker, type Checkpoint, type KeyRange } from '../../server/domain/checkpoint';
import { nodeCheckpointCrypto, publishedKey, readPublishedKey, type PublishedKey } from '../../server/domain/checkpointCrypto';
import { ExportVerifier } from '../../server/domain/exportVerification';
import { loadConfig } from '../../server/config';
import { CheckpointService, loadOrCreateSigningKey, scheduleCheckpoints } from '../../server/services/checkpoints';
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

async function publicLog(target: TestApp = app): Promise<{ lines: string[]; key: PublishedKey }> {
  const [log, key] = await Promise.all([fetch(`${target.url}/checkpoints.ndjson`), fetch(`${target.url}/checkpoints/public-key`)]);
  expect([log.status, key.status, log.headers.get('content-type')]).toEqual([200, 200, 'application/x-ndjson; charset=utf-8']);
  const text = await log.text();
  return { lines: text ? text.slice(0, -1).split('\n') : [], key: readPublishedKey(await key.json()) };
}

/** The published log through the verifier's own checks (signatures, hashes, links). */
async function checkLog(lines: string[], key: PublishedKey) {
  const checker = new CheckpointLogChecker(nodeCheckpointCrypto(), key.publicKey);
  for (const l of lines) await checker.addLine(Buffer.from(l), true);
  return { problem: checker.finish(), checkpoints: checker.checkpoints, keys: checker.keys };
}

async function exportText(): Promise<string> {
  const res = await fetch(`${app.url}/export/history.ndjson`, { headers: { authorization: `Bearer ${n.tokens.auditor}` } });
  return res.text();
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the signing key is created on first use in a file only its owner can read, and read back the same afterwards', async () => {
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  const again = loadOrCreateSigningKey(keyFile);
  expect(again.created).toBe(false);
  expect(publishedKey(again.signer.publicKey)).toEqual(await app.services.checkpoints.currentKey());
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

describe('rotating the signing key', () => {
  const root = path.resolve(__dirname, '../..');
  /** `npm run checkpoint-key` in its own process, against this test's database and key file. */
  const checkpointKey = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        path.join(root, 'node_modules/.bin/tsx'),
        ['server/cli/checkpointKey.ts', ...args],
        { cwd: root, env: { ...process.env, DATABASE_URL: app.databaseUrl, CHECKPOINT_KEY_FILE: keyFile, LOG_LEVEL: 'error' } },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
      );
    });
  const count = async () => ((await app.ds.query(`SELECT count(*)::int AS n FROM checkpoints`)) as { n: number }[])[0]!.n;
  const keyOf = (file: string) => publishedKey(loadOrCreateSigningKey(file).signer.publicKey);
  const keyList = async (target: TestApp = app) => ((await (await fetch(`${target.url}/checkpoints/public-keys`)).json()) as { keys: KeyRange[] }).keys;
  /** The key the auditor fetched once, before any rotation: all they trust. */
  let firstKey: PublishedKey;
  const retiredCopy = path.join(dir, 'retired-key.pem');

  beforeAll(async () => {
    firstKey = (await publicLog()).key;
    writeFileSync(retiredCopy, readFileSync(keyFile)); // what a thief of the old key would hold
  });

  test('the operator rotates with npm run checkpoint-key: the old key signs the hand-over, the new one signs on, and the first key still verifies it all', async () => {
    const second = await startTestApp({ databaseUrl: app.databaseUrl, checkpointKeyFile: keyFile });
    try {
      const before = await count();
      const r = await checkpointKey('rotate');
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const newKey = keyOf(keyFile);
      expect(newKey.keyId).not.toBe(firstKey.keyId);
      expect(r.stdout).toContain(`Checkpoint #${before + 1}, signed by key ${firstKey.keyId}, hands the log over to key ${newKey.keyId}; checkpoint #${before + 2} is the first the new key signed.`);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(() => statSync(`${keyFile}.next`)).toThrow(/ENOENT/);

      const { lines } = await publicLog();
      const [handOver, firstNew] = lines.slice(-2).map((l) => JSON.parse(l) as Checkpoint & Record<string, unknown>);
      expect(handOver).toMatchObject({ format: 'claimledger-checkpoint-rotation-v1', seq: before + 1, keyId: firstKey.keyId, publicKey: firstKey.publicKey, nextKeyId: newKey.keyId, nextPublicKey: newKey.publicKey });
      expect(firstNew).toMatchObject({ format: 'claimledger-checkpoint-v1', seq: before + 2, keyId: newKey.keyId, prevHash: handOver!.hash, position: handOver!.position });

      // Both processes still hold the old key in memory: each reads the shared file again and signs with the new one.
      await app.ok<Recorded>(RECORD, {}, n.tokens.auditor);
      await second.ok<Recorded>(RECORD, {}, n.tokens.admin);
      const after = await publicLog(second);
      expect(after.key).toEqual(newKey); // GET /checkpoints/public-key: the key signing now, in its old shape
      const checked = await checkLog(after.lines, firstKey);
      expect(checked.problem).toBeNull();
      expect(checked.checkpoints.slice(-4).map((c) => c.keyId)).toEqual([firstKey.keyId, newKey.keyId, newKey.keyId, newKey.keyId]);
      expect(checked.keys.map((k) => [k.keyId, k.firstSeq, k.lastSeq])).toEqual([
        [firstKey.keyId, 1, before + 1],
        [newKey.keyId, before + 2, before + 4],
      ]);
      // Whoever fetched only the new key cannot vouch for what the old key signed from line 1 on.
      expect((await checkLog(after.lines, newKey)).problem).toMatchObject({ line: 1, reason: 'UNKNOWN_KEY' });
      expect((await checkLog(after.lines.slice(before + 1), newKey)).problem).toBeNull();

      for (const target of [app, second]) {
        expect(await keyList(target)).toEqual([
          { ...firstKey, fromSeq: 1, toSeq: before + 1, from: (JSON.parse(lines[0]!) as Checkpoint).recordedAt, to: handOver!.recordedAt },
          { ...newKey, fromSeq: before + 2, toSeq: null, from: firstNew!.recordedAt, to: null },
        ]);
      }
      const list = await checkpointKey('list');
      expect(list.stdout.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^${firstKey.keyId} ${firstKey.publicKey} checkpoints #1 to #${before + 1}, from `)),
        expect.stringMatching(new RegExp(`^${newKey.keyId} ${newKey.publicKey} checkpoints #${before + 2} to now, from `)),
      ]);
    } finally {
      await second.close();
    }
  });

  test('a process holding the retired key (a stolen copy) cannot extend the log; a retired key cannot be rotated back in', async () => {
    const thief = await startTestApp({ databaseUrl: app.databaseUrl, checkpointKeyFile: retiredCopy });
    try {
      const before = await count();
      const refusal = await thief.fails(RECORD, {}, n.tokens.auditor);
      expect(refusal.code).toBe('CONFLICT');
      expect(refusal.message).toMatch(new RegExp(`^The checkpoint log is signed with key [0-9a-f]{64}, which a key rotation introduced at checkpoint #\\d+, but this server has key ${firstKey.keyId}`));
      const back = await checkpointKey('rotate', '--new-key-file', retiredCopy);
      expect(back.code).toBe(1);
      expect(back.stderr).toMatch(new RegExp(`BAD_USER_INPUT: Key ${firstKey.keyId} has signed checkpoints before`));
      expect(await count()).toBe(before);
      // The refused rotation leaves no staged key behind to be picked up later.
      expect(() => statSync(`${keyFile}.next`)).toThrow(/ENOENT/);
    } finally {
      await thief.close();
    }
  });

  test('a rotation interrupted between the log and the key file: servers refuse and say why, and running rotate again finishes it', async () => {
    const current = loadOrCreateSigningKey(keyFile).signer;
    const staged = `${keyFile}.next`;
    const next = loadOrCreateSigningKey(staged).signer;
    // The log is handed over, but the process stopped before the new key reached the shared file.
    const service = new CheckpointService(app.ds, app.services.history, current);
    const { rotation } = await service.rotate({ ...next, file: keyFile });
    const other = await startTestApp({ databaseUrl: app.databaseUrl, checkpointKeyFile: keyFile });
    try {
      const refusal = await other.fails(RECORD, {}, n.tokens.auditor);
      expect(refusal).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`signed with key ${next.key.keyId}, which a key rotation introduced at checkpoint #${rotation!.seq}`) });
      const r = await checkpointKey('rotate');
      expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining(`The log was already handed over to key ${next.key.keyId}: the rotation is finished.`) });
      expect(keyOf(keyFile)).toEqual(next.key);
      const { recordCheckpoint } = await other.ok<Recorded>(RECORD, {}, n.tokens.auditor);
      expect(recordCheckpoint.keyId).toBe(next.key.keyId);
      expect((await checkLog((await publicLog()).lines, firstKey)).problem).toBeNull();
    } finally {
      await other.close();
    }
  });

  test('checkpoints recorded by two processes while the key rotates never fork the log; a refusal in between names the rotation', async () => {
    const second = await startTestApp({ databaseUrl: app.databaseUrl, checkpointKeyFile: keyFile });
    try {
      const [rotated, ...recorded] = await Promise.all([
        checkpointKey('rotate'),
        ...Array.from({ length: 10 }, (_, i) => ((i % 2 ? second : app) as TestApp).gql<Recorded>(RECORD, {}, n.tokens.auditor)),
      ]);
      expect(rotated!.code).toBe(0);
      // Between the log's hand-over and the file's rename a process may be refused, and says so.
      for (const r of recorded as { errors?: { message: string; extensions: { code: string } }[] }[]) {
        if (r.errors) expect(r.errors[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringMatching(/which a key rotation introduced at checkpoint #\d+/) });
      }
      await app.ok<Recorded>(RECORD, {}, n.tokens.auditor);
      const checked = await checkLog((await publicLog(second)).lines, firstKey);
      expect(checked.problem).toBeNull();
      expect(checked.keys).toHaveLength(4);
      expect(checked.keys.at(-1)!.keyId).toBe(keyOf(keyFile).keyId);
    } finally {
      await second.close();
    }
  });
});
