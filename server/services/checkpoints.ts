import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { one, rows } from '../db/sql';
import { transaction } from '../db/transaction';
import { CHECKPOINT_FORMAT, checkpointRecord, type Checkpoint } from '../domain/checkpoint';
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
  /** Where the private key is kept. */
  file: string;
}

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
    const { privateKey } = generateKeyPairSync('ed25519');
    pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    try {
      writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
      created = true;
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      pem = readFileSync(file, 'utf8');
    }
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key (PKCS #8 PEM)`);
  return { signer: { privateKey, publicKey: createPublicKey(privateKey), file }, created };
}

/** The refusal when no key is configured (a DATABASE_URL deployment without CHECKPOINT_KEY_FILE). */
export const checkpointsOff = () =>
  new AppError('NOT_CONFIGURED', 'This server signs no checkpoints: its operator has not set CHECKPOINT_KEY_FILE (see the README).');

export class CheckpointService {
  private readonly key: PublishedKey | null;

  constructor(
    private readonly ds: DataSource,
    private readonly history: HistoryService,
    private readonly signer: CheckpointSigner | null,
  ) {
    this.key = signer ? publishedKey(signer.publicKey) : null;
  }

  /** The public key checkpoints are signed with, or null when this server signs none. */
  publicKey(): PublishedKey | null {
    return this.key;
  }

  /** Records a checkpoint now (an auditor or admin asked for one). */
  record(): Promise<Checkpoint> {
    return this.append(null) as Promise<Checkpoint>;
  }

  /** Records a checkpoint unless one younger than `intervalMs` exists (several processes share one schedule). */
  recordIfDue(intervalMs: number): Promise<Checkpoint | null> {
    return this.append(intervalMs * 0.9);
  }

  private async append(unlessYoungerThanMs: number | null): Promise<Checkpoint | null> {
    const signer = this.signer;
    const key = this.key;
    if (!signer || !key) throw checkpointsOff();
    return transaction(this.ds, async (em) => {
      // One appender at a time across every server process: the log never forks.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('claimledger:checkpoints'))`);
      const last = await one<{ record: string }>(em, 'SELECT record FROM checkpoints ORDER BY seq DESC LIMIT 1');
      const prev = last ? (JSON.parse(last.record) as Checkpoint) : null;
      const { now } = (await one<{ now: Date }>(em, `SELECT date_trunc('milliseconds', clock_timestamp()) AS now`))!;
      if (prev && unlessYoungerThanMs !== null && now.getTime() - Date.parse(prev.recordedAt) < unlessYoungerThanMs) return null;
      if (prev && prev.keyId !== key.keyId) {
        throw new AppError(
          'CONFLICT',
          `The checkpoint log is signed with key ${prev.keyId}, but this server has key ${key.keyId} (${signer.file}): give every server process the same CHECKPOINT_KEY_FILE.`,
        );
      }
      // The heads and the position come from one statement, so they describe the same moment.
      const snapshot = await this.history.heads(em);
      const recordedAt = prev && prev.recordedAt > now.toISOString() ? prev.recordedAt : now.toISOString();
      const checkpoint = signCheckpoint(
        {
          format: CHECKPOINT_FORMAT,
          seq: (prev?.seq ?? 0) + 1,
          position: snapshot.position,
          eventCount: snapshot.position,
          headsDigest: snapshot.digest,
          recordedAt,
          prevHash: prev?.hash ?? null,
          keyId: key.keyId,
        },
        signer.privateKey,
      );
      await em.query(
        `INSERT INTO checkpoints (seq, position, event_count, heads_digest, recorded_at, prev_hash, key_id, hash, signature, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          checkpoint.seq,
          checkpoint.position,
          checkpoint.eventCount,
          checkpoint.headsDigest,
          checkpoint.recordedAt,
          checkpoint.prevHash,
          checkpoint.keyId,
          checkpoint.hash,
          checkpoint.signature,
          checkpointRecord(checkpoint),
        ],
      );
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
 * Records checkpoints every `intervalMinutes` (0: only on demand), the first right away; each
 * process runs this, and the shared log gets one checkpoint per interval. Failures are logged and
 * retried at the next tick.
 */
export function scheduleCheckpoints(service: CheckpointService, intervalMinutes: number, log: Logger): { stop(): Promise<void> } {
  if (intervalMinutes <= 0 || !service.publicKey()) return { stop: async () => {} };
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
