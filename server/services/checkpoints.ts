import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { one, rows } from '../db/sql';
import { transaction } from '../db/transaction';
import { CHECKPOINT_FORMAT, checkpointRecord, keyRanges, nextKeyIdOf, ROTATION_FORMAT, type Checkpoint, type KeyRange } from '../domain/checkpoint';
import { publishedKey, signCheckpoint, type PublishedKey } from '../domain/checkpointCrypto';
import { AppError } from '../domain/errors';
import type { HistoryService } from './history';

/**
 * Signed checkpoints (docs/history-verification.md, section 8): at an interval and on
 * demand, the server signs the position, event count and heads digest of the whole history,
 * linked to the previous checkpoint, and appends it to an append-only table that anyone may
 * download with the public key. The private key lives in a file the operator controls, never in
 * the database.
 */

export interface CheckpointSigner {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Its id and raw bytes, as published. */
  key: PublishedKey;
  /** Where the private key is kept. */
  file: string;
}

function signerOf(pem: string, file: string): CheckpointSigner {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key (PKCS #8 PEM)`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, key: publishedKey(publicKey), file };
}

const newKeyPem = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/**
 * The operator's Ed25519 key from `file` (PKCS #8 PEM), created there (mode 0600) on first use.
 * Processes starting together agree on one key: the file is created exclusively, and whoever
 * loses the race reads the winner's.
 */
export function loadOrCreateSigningKey(file: string): { signer: CheckpointSigner; created: boolean } {
  let created = false;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(path.dirname(file), { recursive: true });
    pem = newKeyPem();
    try {
      writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
      created = true;
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      pem = readFileSync(file, 'utf8');
    }
  }
  return { signer: signerOf(pem, file), created };
}

/** The key in `file` as it is now (another process may have rotated it), or null when it is gone or unreadable. */
function rereadSigningKey(file: string): CheckpointSigner | null {
  try {
    return signerOf(readFileSync(file, 'utf8'), file);
  } catch {
    return null;
  }
}

/** The refusal when no key is configured (a DATABASE_URL deployment without CHECKPOINT_KEY_FILE). */
export const checkpointsOff = () =>
  new AppError('NOT_CONFIGURED', 'This server signs no checkpoints: its operator has not set CHECKPOINT_KEY_FILE (see the README).');

/** The refusal when the log expects another key than this process holds; `rotatedAt`: the rotation that introduced that key. */
function wrongKey(expected: string, signer: CheckpointSigner, rotatedAt: number | null): AppError {
  return new AppError(
    'CONFLICT',
    rotatedAt === null
      ? `The checkpoint log is signed with key ${expected}, but this server has key ${signer.key.keyId} (${signer.file}): give every server process the same CHECKPOINT_KEY_FILE.`
      : `The checkpoint log is signed with key ${expected}, which a key rotation introduced at checkpoint #${rotatedAt}, but this server has key ${signer.key.keyId} (${signer.file}): give every server process the same CHECKPOINT_KEY_FILE, holding the new key (\`npm run checkpoint-key -- rotate\` finishes an interrupted rotation).`,
  );
}

const LOCK = `SELECT pg_advisory_xact_lock(hashtext('claimledger:checkpoints'))`;

/** What a rotation did: the checkpoint handing over (signed by `from`) and the first one `to` signed. */
export interface Rotation {
  from: PublishedKey;
  to: PublishedKey;
  /** Null when the log had already been handed over to `to` (an interrupted rotation, finished). */
  rotation: Checkpoint | null;
  first: Checkpoint | null;
}

export class CheckpointService {
  private keyList: { at: string; keys: KeyRange[] } | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly history: HistoryService,
    private signer: CheckpointSigner | null,
  ) {}

  /** Whether this server signs checkpoints (it has a key). */
  signs(): boolean {
    return this.signer !== null;
  }

  /**
   * Every key of the log with the checkpoints it is valid for, oldest first (the last one signs
   * from now on); null when this server signs no checkpoints.
   */
  async keys(): Promise<KeyRange[] | null> {
    const signer = this.signer;
    if (!signer) return null;
    // The log only grows: while its last checkpoint and this key stay the same, so does the answer
    // (the list is public, and reading it scans the log).
    const { last } = (await one<{ last: number | null }>(this.ds, 'SELECT max(seq) AS last FROM checkpoints'))!;
    const at = `${last}:${signer.key.keyId}`;
    if (this.keyList?.at === at) return this.keyList.keys;
    // Each key's first and last checkpoint: a key signs one run of the log (a rotation never returns to an old key).
    const found = await rows<{ first: string; last: string }>(
      this.ds,
      `SELECT f.record AS first, l.record AS last
         FROM (SELECT min(seq) AS first_seq, max(seq) AS last_seq FROM checkpoints WHERE seq <= $1 GROUP BY key_id) k
         JOIN checkpoints f ON f.seq = k.first_seq
         JOIN checkpoints l ON l.seq = k.last_seq
        ORDER BY k.first_seq`,
      [last ?? 0],
    );
    const segments = found.map((r) => ({ first: JSON.parse(r.first) as Checkpoint, last: JSON.parse(r.last) as Checkpoint }));
    this.keyList = { at, keys: keyRanges(segments, signer.key) };
    return this.keyList.keys;
  }

  /** The key that signs the next checkpoint, as `GET /checkpoints/public-key` has always served it; null when this server signs none. */
  async currentKey(): Promise<PublishedKey | null> {
    const current = (await this.keys())?.at(-1);
    if (!current) return null;
    // A log whose only key is neither named by a rotation nor this server's: this server's key, as before rotations existed.
    return current.publicKey ? { algorithm: 'Ed25519', keyId: current.keyId, publicKey: current.publicKey } : this.signer!.key;
  }

  /** Records a checkpoint now (an auditor or admin asked for one). */
  record(): Promise<Checkpoint> {
    return this.append(null) as Promise<Checkpoint>;
  }

  /** Records a checkpoint unless one younger than `intervalMs` exists (several processes share one schedule). */
  recordIfDue(intervalMs: number): Promise<Checkpoint | null> {
    return this.append(intervalMs * 0.9);
  }

  /**
   * Hands the log over to `next`: a rotation checkpoint signed by this server's key names it, and
   * the first checkpoint it signs follows in the same transaction. Finishing a rotation already
   * recorded changes nothing. From here on only `next` extends the log.
   */
  async rotate(next: CheckpointSigner): Promise<Rotation> {
    const signer = this.signer;
    if (!signer) throw checkpointsOff();
    const result = await transaction(this.ds, async (em) => {
      await em.query(LOCK);
      const prev = await this.last(em);
      if (prev && nextKeyIdOf(prev) === next.key.keyId) return { from: signer.key, to: next.key, rotation: null, first: null };
      if (next.key.keyId === signer.key.keyId) throw new AppError('BAD_USER_INPUT', `The new key is the key in use (${signer.key.keyId}): give a new key, or none to have one created.`);
      if (prev && nextKeyIdOf(prev) !== signer.key.keyId) throw await this.wrongKey(em, prev, signer);
      const used = await one(em, 'SELECT 1 FROM checkpoints WHERE key_id = $1 LIMIT 1', [next.key.keyId]);
      if (used) throw new AppError('BAD_USER_INPUT', `Key ${next.key.keyId} has signed checkpoints before: a rotation introduces a key never used, so a retired key can never come back.`);
      const covered = { ...(await this.covered(em)), recordedAt: (await this.now(em, prev)).recordedAt };
      const rotation = signCheckpoint(
        {
          format: ROTATION_FORMAT,
          seq: (prev?.seq ?? 0) + 1,
          ...covered,
          prevHash: prev?.hash ?? null,
          keyId: signer.key.keyId,
          publicKey: signer.key.publicKey,
          nextKeyId: next.key.keyId,
          nextPublicKey: next.key.publicKey,
        },
        signer.privateKey,
      );
      const first = signCheckpoint({ format: CHECKPOINT_FORMAT, seq: rotation.seq + 1, ...covered, prevHash: rotation.hash, keyId: next.key.keyId }, next.privateKey);
      await this.insert(em, rotation);
      await this.insert(em, first);
      return { from: signer.key, to: next.key, rotation, first };
    });
    this.signer = next;
    return result;
  }

  private async wrongKey(em: EntityManager, prev: Checkpoint, signer: CheckpointSigner): Promise<AppError> {
    const expected = nextKeyIdOf(prev);
    if (prev.format === ROTATION_FORMAT) return wrongKey(expected, signer, prev.seq);
    const before = await one<{ record: string }>(em, 'SELECT record FROM checkpoints WHERE seq = (SELECT min(seq) FROM checkpoints WHERE key_id = $1) - 1', [expected]);
    const rotation = before ? (JSON.parse(before.record) as Checkpoint) : null;
    return wrongKey(expected, signer, rotation?.format === ROTATION_FORMAT ? rotation.seq : null);
  }

  private async last(em: EntityManager): Promise<Checkpoint | null> {
    const last = await one<{ record: string }>(em, 'SELECT record FROM checkpoints ORDER BY seq DESC LIMIT 1');
    return last ? (JSON.parse(last.record) as Checkpoint) : null;
  }

  /** The time to record a checkpoint at: now, but never before the previous checkpoint's. */
  private async now(em: EntityManager, prev: Checkpoint | null) {
    const { now } = (await one<{ now: Date }>(em, `SELECT date_trunc('milliseconds', clock_timestamp()) AS now`))!;
    const recordedAt = prev && prev.recordedAt > now.toISOString() ? prev.recordedAt : now.toISOString();
    return { now, recordedAt };
  }

  /** What a checkpoint covers: the position and every chain's head, read in one statement so they describe the same moment. */
  private async covered(em: EntityManager) {
    const snapshot = await this.history.heads(em);
    return { position: snapshot.position, eventCount: snapshot.position, headsDigest: snapshot.digest };
  }

  private async insert(em: EntityManager, c: Checkpoint): Promise<void> {
    await em.query(
      `INSERT INTO checkpoints (seq, position, event_count, heads_digest, recorded_at, prev_hash, key_id, hash, signature, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [c.seq, c.position, c.eventCount, c.headsDigest, c.recordedAt, c.prevHash, c.keyId, c.hash, c.signature, checkpointRecord(c)],
    );
  }

  private async append(unlessYoungerThanMs: number | null): Promise<Checkpoint | null> {
    if (!this.signer) throw checkpointsOff();
    return transaction(this.ds, async (em) => {
      // One appender at a time across every server process: the log never forks.
      await em.query(LOCK);
      const prev = await this.last(em);
      const { now, recordedAt } = await this.now(em, prev);
      if (prev && unlessYoungerThanMs !== null && now.getTime() - Date.parse(prev.recordedAt) < unlessYoungerThanMs) return null;
      let signer = this.signer!;
      if (prev && nextKeyIdOf(prev) !== signer.key.keyId) {
        // Another process may have rotated the key in the file every process shares: read it again.
        const reread = rereadSigningKey(signer.file);
        if (reread?.key.keyId !== nextKeyIdOf(prev)) throw await this.wrongKey(em, prev, signer);
        this.signer = signer = reread;
      }
      const checkpoint = signCheckpoint(
        {
          format: CHECKPOINT_FORMAT,
          seq: (prev?.seq ?? 0) + 1,
          ...(await this.covered(em)),
          recordedAt,
          prevHash: prev?.hash ?? null,
          keyId: signer.key.keyId,
        },
        signer.privateKey,
      );
      await this.insert(em, checkpoint);
      return checkpoint;
    });
  }

  /** The published log, oldest first, a page at a time: each line exactly as it was recorded. */
  async *log(pageSize = 1000): AsyncGenerator<string> {
    let after = 0;
    for (;;) {
      const page = await rows<{ seq: number; record: string }>(this.ds, 'SELECT seq, record FROM checkpoints WHERE seq > $1 ORDER BY seq LIMIT $2', [after, pageSize]);
      for (const r of page) yield r.record;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!.seq;
    }
  }
}

/**
 * Rotates the signing key in `keyFile`, which every server process shares: the new key (from
 * `newKeyFile`, created there when missing, else generated) is staged next to it as
 * `<keyFile>.next`, the log is handed over to it, and then it replaces the old key in `keyFile`
 * in one rename; running servers read the file again when the log names a key they lack. Run
 * again after an interruption, it finishes the same rotation.
 */
export async function rotateSigningKey(service: CheckpointService, keyFile: string, newKeyFile?: string): Promise<Rotation> {
  const staged = `${keyFile}.next`;
  const given = newKeyFile ? loadOrCreateSigningKey(newKeyFile).signer : null;
  let stagedPem: string | null = null;
  try {
    stagedPem = readFileSync(staged, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (stagedPem !== null && given && signerOf(stagedPem, staged).key.keyId !== given.key.keyId) {
    throw new AppError('CONFLICT', `A rotation to another key was started and not finished (${staged}): run rotate without --new-key-file to finish it, or delete that file to start over.`);
  }
  const pem = stagedPem ?? given?.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() ?? newKeyPem();
  const next = signerOf(pem, keyFile);
  if (stagedPem === null) writeFileSync(staged, pem, { flag: 'wx', mode: 0o600 });
  let rotation: Rotation;
  try {
    rotation = await service.rotate(next);
  } catch (err) {
    // A refusal rolled the log back for sure: the key staged for it is no one's. Anything else
    // (a connection lost at commit) leaves it, since the log may already name it.
    if (stagedPem === null && err instanceof AppError) rmSync(staged, { force: true });
    throw err;
  }
  renameSync(staged, keyFile);
  return rotation;
}

/**
 * Records checkpoints every `intervalMinutes` (0: only on demand), the first right away; each
 * process runs this, and the shared log gets one checkpoint per interval. Failures are logged and
 * retried at the next tick.
 */
export function scheduleCheckpoints(service: CheckpointService, intervalMinutes: number, log: Logger): { stop(): Promise<void> } {
  if (intervalMinutes <= 0 || !service.signs()) return { stop: async () => {} };
  const intervalMs = intervalMinutes * 60_000;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = service.recordIfDue(intervalMs).then(
      (c) => c && log.info({ seq: c.seq, position: c.position, headsDigest: c.headsDigest }, 'checkpoint recorded'),
      (err) => log.error({ err }, 'checkpoint not recorded'),
    );
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    // Lets a checkpoint being recorded finish before the database closes.
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
