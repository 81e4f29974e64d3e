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
/** A checkpoint that also hands the log over to the next signing key (a key rotation). */
export const ROTATION_FORMAT = 'claimledger-checkpoint-rotation-v1';

/** SHA-256 of no bytes: the heads digest of an empty history. */
export const EMPTY_DIGEST = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

interface CheckpointFields {
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

export interface PlainCheckpoint extends CheckpointFields {
  format: typeof CHECKPOINT_FORMAT;
}

/**
 * Signed by the outgoing key, it names the incoming one: the next checkpoint, and every one after
 * until the next rotation, is signed by `nextKeyId`. It names its own key in full too, so the log
 * alone lists every key.
 */
export interface RotationCheckpoint extends CheckpointFields {
  format: typeof ROTATION_FORMAT;
  /** The 32 raw bytes (hex) of the key `keyId` names: the one signing this record. */
  publicKey: string;
  /** SHA-256 (hex) of `nextPublicKey`. */
  nextKeyId: string;
  /** The 32 raw bytes (hex) of the key that signs from the next checkpoint on. */
  nextPublicKey: string;
}

export type Checkpoint = PlainCheckpoint | RotationCheckpoint;

/** What is signed and hashed: every field but `hash` and `signature`. */
export type CheckpointPayload = Omit<PlainCheckpoint, 'hash' | 'signature'> | Omit<RotationCheckpoint, 'hash' | 'signature'>;

/** A public key by its id and its 32 raw bytes (hex). */
export interface KeyRef {
  keyId: string;
  publicKey: string;
}

const FORMATS = [CHECKPOINT_FORMAT, ROTATION_FORMAT] as const;

const CHECKPOINT_RULES: Record<keyof PlainCheckpoint, FieldRule> = {
  format: (v) => ((FORMATS as readonly unknown[]).includes(v) ? null : `must be ${FORMATS.map((f) => `"${f}"`).join(' or ')}`),
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

const ROTATION_RULES: Record<keyof RotationCheckpoint, FieldRule> = {
  ...CHECKPOINT_RULES,
  publicKey: hex64,
  nextKeyId: (v, r) => hex64(v, r) ?? (v === r.keyId ? 'must differ from keyId: a rotation hands the log over to another key' : null),
  nextPublicKey: hex64,
};

/** The fields of a record, by its format (a record of no known format is checked as a plain checkpoint). */
const rulesOf = (record: { format?: unknown }) => (record.format === ROTATION_FORMAT ? ROTATION_RULES : CHECKPOINT_RULES);

/** The exact text hashed and signed: RFC 8785 JSON of the payload fields. */
export function checkpointMessage(c: CheckpointPayload): string {
  const fields = Object.keys(rulesOf(c)).filter((f) => f !== 'hash' && f !== 'signature');
  return canonical(Object.fromEntries(fields.map((f) => [f, (c as unknown as Record<string, unknown>)[f]])))!;
}

/** The published line: RFC 8785 JSON of every field. */
export function checkpointRecord(c: Checkpoint): string {
  return canonical({ ...JSON.parse(checkpointMessage(c)), hash: c.hash, signature: c.signature })!;
}

/** The key that signs the checkpoint after `c`: the one it hands over to, else its own. */
export const nextKeyIdOf = (c: Checkpoint): string => (c.format === ROTATION_FORMAT ? c.nextKeyId : c.keyId);

export type CheckpointProblemReason =
  | RecordProblemReason
  | 'HASH_MISMATCH'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'KEY_MISMATCH'
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
  /** SHA-256 (hex) of a text's UTF-8 bytes. */
  sha256Hex(text: string): Promise<string> | string;
  /** A public key's id: SHA-256 (hex) of its 32 raw bytes, given in hex. */
  keyIdOf(publicKeyHex: string): Promise<string> | string;
  /** Whether `signatureHex` is the Ed25519 signature of `message` (UTF-8) by the key `publicKeyHex`. */
  verify(publicKeyHex: string, message: string, signatureHex: string): Promise<boolean> | boolean;
}

/** A key the checker followed and the checkpoints it signed (null: none yet). */
export interface FollowedKey extends KeyRef {
  firstSeq: number | null;
  lastSeq: number | null;
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
 * line's form and fields, its hash, its key and signature, and its link to the line before. The
 * first line must be signed by the key the auditor trusts (`trusted`, 64 hex digits); each later
 * line by the key of the line before, or by the key that line handed over to when it is a
 * rotation: the auditor follows the chain of keys from the one they hold.
 */
export class CheckpointLogChecker {
  readonly checkpoints: Checkpoint[] = [];
  /** Line of each checkpoint, by seq. */
  readonly lineOf = new Map<number, number>();
  /** Every key followed, in order: the trusted one, then each one a rotation introduced. */
  readonly keys: FollowedKey[] = [];
  problem: CheckpointProblem | null = null;
  private line = 0;

  constructor(
    private readonly crypto: CheckpointCrypto,
    private readonly trusted: string,
  ) {}

  async addLine(bytes: Uint8Array, terminated: boolean): Promise<boolean> {
    this.line++;
    if (this.problem) return false;
    if (!this.keys.length) this.keys.push({ keyId: await this.crypto.keyIdOf(this.trusted), publicKey: this.trusted, firstSeq: null, lastSeq: null });
    const read = readLine(bytes, this.line === 1, terminated);
    if ('problem' in read) return this.fail(null, read.problem.reason, read.problem.message);
    const rules = rulesOf(read.value);
    const fields = checkFields(read.value, rules);
    if (fields) return this.fail(rules.seq(read.value.seq, read.value) === null ? (read.value.seq as number) : null, fields.reason, fields.message);
    const cp = read.value as unknown as Checkpoint;
    const message = checkpointMessage(cp);
    const hash = await this.crypto.sha256Hex(message);
    if (hash !== cp.hash) return this.fail(cp.seq, 'HASH_MISMATCH', `checkpoint #${cp.seq} hashes to ${hash}, not ${cp.hash}: it was altered`);
    const prev = this.checkpoints[this.checkpoints.length - 1];
    const key = this.keys[this.keys.length - 1]!;
    if (cp.keyId !== key.keyId) return this.fail(cp.seq, 'UNKNOWN_KEY', unknownKeyMessage(cp, prev, key.keyId));
    if (!(await this.crypto.verify(key.publicKey, message, cp.signature))) {
      return this.fail(cp.seq, 'BAD_SIGNATURE', `checkpoint #${cp.seq}'s signature is not the key's signature of its content: it was forged or altered`);
    }
    if (cp.format === ROTATION_FORMAT) {
      if (cp.publicKey !== key.publicKey) return this.fail(cp.seq, 'KEY_MISMATCH', `rotation checkpoint #${cp.seq}'s publicKey is not the key ${cp.keyId} that signed it`);
      if ((await this.crypto.keyIdOf(cp.nextPublicKey)) !== cp.nextKeyId) {
        return this.fail(cp.seq, 'KEY_MISMATCH', `rotation checkpoint #${cp.seq}'s nextKeyId is not the SHA-256 of its nextPublicKey`);
      }
    }
    const follow = prev ? followProblem(prev, cp) : null;
    if (follow) return this.fail(cp.seq, follow.reason, follow.message);
    this.checkpoints.push(cp);
    this.lineOf.set(cp.seq, this.line);
    key.firstSeq ??= cp.seq;
    key.lastSeq = cp.seq;
    if (cp.format === ROTATION_FORMAT) this.keys.push({ keyId: cp.nextKeyId, publicKey: cp.nextPublicKey, firstSeq: null, lastSeq: null });
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

/** Why `cp` may not be signed by its key: the key the auditor gave, or the one the line before allows, is another. */
function unknownKeyMessage(cp: Checkpoint, prev: Checkpoint | undefined, expected: string): string {
  if (!prev) {
    return `checkpoint #${cp.seq} names key ${cp.keyId}, not the public key given (${expected}): give the key that signed the file's first checkpoint, or the log from a checkpoint that key signed`;
  }
  if (prev.format === ROTATION_FORMAT) {
    return `checkpoint #${cp.seq} is signed by key ${cp.keyId}, but #${prev.seq} handed the log over to key ${expected}: only the key the previous key introduced may sign next`;
  }
  return `checkpoint #${cp.seq} is signed by key ${cp.keyId}, but #${prev.seq} was signed by key ${expected} and introduced no other: a new key must be introduced by a rotation checkpoint signed by the key before it`;
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

/** A signing key and the checkpoints it is valid for, as `GET /checkpoints/public-keys` lists them. */
export interface KeyRange {
  algorithm: 'Ed25519';
  keyId: string;
  /** Its 32 raw bytes (hex); null only when neither the log nor this server's key file has them. */
  publicKey: string | null;
  /** The first checkpoint it signs: 1 for the first key, one after the rotation that introduced it for later ones. */
  fromSeq: number;
  /** The last checkpoint it signed, the rotation that handed over to the next key; null while it is the current key. */
  toSeq: number | null;
  /** When it signed its first checkpoint (null: none yet) and its last (null: still current). */
  from: string | null;
  to: string | null;
}

/**
 * Every key of a log and its range, from each key's first and last checkpoint (oldest first): a
 * rotation checkpoint names the outgoing key and the incoming one in full; `own` (this server's
 * key) supplies the public key of a first key that was never rotated, and the only key of an empty log.
 */
export function keyRanges(segments: readonly { first: Checkpoint; last: Checkpoint }[], own: KeyRef | null): KeyRange[] {
  const ranges: KeyRange[] = [];
  let introduced: KeyRef | null = null;
  for (const { first, last } of segments) {
    const rotated = last.format === ROTATION_FORMAT ? last : null;
    const publicKey = rotated?.publicKey ?? (introduced?.keyId === first.keyId ? introduced.publicKey : own?.keyId === first.keyId ? own.publicKey : null);
    ranges.push({ algorithm: 'Ed25519', keyId: first.keyId, publicKey, fromSeq: first.seq, toSeq: rotated?.seq ?? null, from: first.recordedAt, to: rotated?.recordedAt ?? null });
    introduced = rotated ? { keyId: rotated.nextKeyId, publicKey: rotated.nextPublicKey } : null;
  }
  const last = segments[segments.length - 1]?.last;
  // Handed over, but the new key has signed nothing yet.
  if (last && introduced) ranges.push({ algorithm: 'Ed25519', ...introduced, fromSeq: last.seq + 1, toSeq: null, from: null, to: null });
  if (!last && own) ranges.push({ algorithm: 'Ed25519', ...own, fromSeq: 1, toSeq: null, from: null, to: null });
  return ranges;
}
