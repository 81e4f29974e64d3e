import {
  canonical,
  checkFields,
  hex64,
  instant,
  INT32_MAX,
  integer,
  previousHash,
  readLine,
  type FieldRule,
  type RecordProblemReason,
} from './canonicalRecord';

/**
 * Signed checkpoints (docs/history-verification.md, section 8): the server's public,
 * hash-linked commitment to the whole history at one position, signed with Ed25519. The record
 * format and every rule a verifier applies to a checkpoint log live here; hashing and signature
 * checks are passed in, so the CLI (node:crypto) and the admin UI (WebCrypto) run the same rules.
 * Browser-safe: no Node imports.
 */

export const CHECKPOINT_FORMAT = 'claimledger-checkpoint-v1';

/** SHA-256 of no bytes: the heads digest of an empty history. */
export const EMPTY_DIGEST = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  /** 1, 2, 3 … without gaps. */
  seq: number;
  /** Global position of the last event covered (0: none yet). */
  position: number;
  /** Events covered: equal to `position`, positions being gapless from 1. */
  eventCount: number;
  /** The digest of every chain's head after `position` events, as `npm run verify` prints it. */
  headsDigest: string;
  recordedAt: string;
  /** `hash` of checkpoint seq - 1; null for the first. */
  prevHash: string | null;
  /** SHA-256 (hex) of the 32-byte Ed25519 public key that signed it. */
  keyId: string;
  /** SHA-256 (hex) of the signed message. */
  hash: string;
  /** Ed25519 signature (hex, 64 bytes) of the signed message. */
  signature: string;
}

/** What is signed and hashed: every field but `hash` and `signature`. */
export type CheckpointPayload = Omit<Checkpoint, 'hash' | 'signature'>;

const CHECKPOINT_RULES: Record<keyof Checkpoint, FieldRule> = {
  format: (v) => (v === CHECKPOINT_FORMAT ? null : `must be "${CHECKPOINT_FORMAT}"`),
  seq: integer(1, INT32_MAX),
  position: integer(0),
  eventCount: (v, r) => integer(0)(v, r) ?? (v === r.position ? null : 'must equal position (positions are gapless from 1)'),
  headsDigest: (v, r) => hex64(v, r) ?? (r.position === 0 && v !== EMPTY_DIGEST ? `must be ${EMPTY_DIGEST} (no heads) at position 0` : null),
  recordedAt: instant,
  prevHash: previousHash,
  keyId: hex64,
  hash: hex64,
  signature: (v) => (typeof v === 'string' && /^[0-9a-f]{128}$/.test(v) ? null : 'must be 128 lowercase hexadecimal digits (64 bytes)'),
};

/** The exact text hashed and signed: RFC 8785 JSON of the payload fields. */
export function checkpointMessage(c: CheckpointPayload): string {
  const { format, seq, position, eventCount, headsDigest, recordedAt, prevHash, keyId } = c;
  return canonical({ format, seq, position, eventCount, headsDigest, recordedAt, prevHash, keyId })!;
}

/** The published line: RFC 8785 JSON of every field. */
export function checkpointRecord(c: Checkpoint): string {
  return canonical({ ...JSON.parse(checkpointMessage(c)), hash: c.hash, signature: c.signature })!;
}

export type CheckpointProblemReason =
  | RecordProblemReason
  | 'HASH_MISMATCH'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'SEQUENCE_GAP'
  | 'PREVIOUS_HASH_MISMATCH'
  | 'ROLLED_BACK'
  | 'TIME_OUT_OF_ORDER'
  | 'FORK'
  | 'UNLINKED'
  | 'NO_CHECKPOINT';

export interface CheckpointProblem {
  /** 1-based line of the log file, or null for a problem found at its end. */
  line: number | null;
  /** The checkpoint named, when known. */
  seq: number | null;
  reason: CheckpointProblemReason;
  message: string;
}

/** The cryptography a checker needs: node:crypto in the CLI, WebCrypto in the browser. */
export interface CheckpointCrypto {
  /** The public key's id: SHA-256 (hex) of its 32 raw bytes. */
  keyId: string;
  sha256Hex(text: string): Promise<string> | string;
  /** Whether `signatureHex` is the key's Ed25519 signature of `message` (UTF-8). */
  verify(message: string, signatureHex: string): Promise<boolean> | boolean;
}

/** Why `next` cannot directly follow `prev` in a log, or null. */
export function followProblem(prev: Checkpoint, next: Checkpoint): { reason: CheckpointProblemReason; message: string } | null {
  if (next.seq !== prev.seq + 1) return { reason: 'SEQUENCE_GAP', message: `checkpoint #${next.seq} follows #${prev.seq}: expected #${prev.seq + 1}` };
  if (next.prevHash !== prev.hash) return { reason: 'PREVIOUS_HASH_MISMATCH', message: `checkpoint #${next.seq} does not point to the hash of #${prev.seq}` };
  if (next.position < prev.position) {
    return { reason: 'ROLLED_BACK', message: `checkpoint #${next.seq} covers ${next.position} events, fewer than the ${prev.position} of #${prev.seq}: history was rolled back` };
  }
  if (next.recordedAt < prev.recordedAt) return { reason: 'TIME_OUT_OF_ORDER', message: `checkpoint #${next.seq} is dated before #${prev.seq}` };
  return null;
}

/**
 * Checks a checkpoint log (a run of consecutive checkpoints, one per line) as it is read: each
 * line's form and fields, its hash, its key and signature, and its link to the line before.
 */
export class CheckpointLogChecker {
  readonly checkpoints: Checkpoint[] = [];
  /** Line of each checkpoint, by seq. */
  readonly lineOf = new Map<number, number>();
  problem: CheckpointProblem | null = null;
  private line = 0;

  constructor(private readonly crypto: CheckpointCrypto) {}

  async addLine(bytes: Uint8Array, terminated: boolean): Promise<boolean> {
    this.line++;
    if (this.problem) return false;
    const read = readLine(bytes, this.line === 1, terminated);
    if ('problem' in read) return this.fail(null, read.problem.reason, read.problem.message);
    const fields = checkFields(read.value, CHECKPOINT_RULES);
    if (fields) return this.fail(CHECKPOINT_RULES.seq(read.value.seq, read.value) === null ? (read.value.seq as number) : null, fields.reason, fields.message);
    const cp = read.value as unknown as Checkpoint;
    const message = checkpointMessage(cp);
    const hash = await this.crypto.sha256Hex(message);
    if (hash !== cp.hash) return this.fail(cp.seq, 'HASH_MISMATCH', `checkpoint #${cp.seq} hashes to ${hash}, not ${cp.hash}: it was altered`);
    if (cp.keyId !== this.crypto.keyId) {
      return this.fail(cp.seq, 'UNKNOWN_KEY', `checkpoint #${cp.seq} names key ${cp.keyId}, not the public key given (${this.crypto.keyId})`);
    }
    if (!(await this.crypto.verify(message, cp.signature))) {
      return this.fail(cp.seq, 'BAD_SIGNATURE', `checkpoint #${cp.seq}'s signature is not the key's signature of its content: it was forged or altered`);
    }
    const prev = this.checkpoints[this.checkpoints.length - 1];
    const follow = prev ? followProblem(prev, cp) : null;
    if (follow) return this.fail(cp.seq, follow.reason, follow.message);
    this.checkpoints.push(cp);
    this.lineOf.set(cp.seq, this.line);
    return true;
  }

  /** After the last line: a log holds at least one checkpoint. */
  finish(): CheckpointProblem | null {
    if (!this.problem && this.checkpoints.length === 0) this.fail(null, 'NO_CHECKPOINT', 'the file holds no checkpoint', null);
    return this.problem;
  }

  private fail(seq: number | null, reason: CheckpointProblemReason, message: string, line: number | null = this.line): false {
    this.problem = { line, seq, reason, message };
    return false;
  }
}

/**
 * Whether the `later` log extends the `earlier` one (both already checked): the same checkpoint
 * wherever both have one, and at least as far. A difference is a fork: the server showed two
 * different histories. Problems are located in the later log.
 */
export function extensionProblem(earlier: CheckpointLogChecker, later: CheckpointLogChecker): CheckpointProblem | null {
  const kept = new Map(earlier.checkpoints.map((c) => [c.seq, c]));
  for (const c of later.checkpoints) {
    const e = kept.get(c.seq);
    if (e && e.hash !== c.hash) {
      return { line: later.lineOf.get(c.seq)!, seq: c.seq, reason: 'FORK', message: `checkpoint #${c.seq} differs from the #${c.seq} of the earlier log (${e.hash}): the server signed two different histories` };
    }
  }
  const lastEarlier = earlier.checkpoints[earlier.checkpoints.length - 1]!;
  const firstLater = later.checkpoints[0]!;
  const lastLater = later.checkpoints[later.checkpoints.length - 1]!;
  if (lastLater.seq < lastEarlier.seq) {
    return { line: null, seq: lastLater.seq, reason: 'ROLLED_BACK', message: `the log ends at checkpoint #${lastLater.seq}, before #${lastEarlier.seq} of the earlier log: the server rolled its log back` };
  }
  if (firstLater.seq > lastEarlier.seq + 1) {
    return { line: 1, seq: firstLater.seq, reason: 'UNLINKED', message: `the log starts at checkpoint #${firstLater.seq}, after a gap from #${lastEarlier.seq}: nothing links them (give the log from #${lastEarlier.seq} on)` };
  }
  if (firstLater.seq === lastEarlier.seq + 1 && firstLater.prevHash !== lastEarlier.hash) {
    return { line: 1, seq: firstLater.seq, reason: 'FORK', message: `checkpoint #${firstLater.seq} does not follow #${lastEarlier.seq} of the earlier log: the server signed two different histories` };
  }
  return null;
}
