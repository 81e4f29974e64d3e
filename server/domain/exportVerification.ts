import { createHash } from 'node:crypto';
import {
  checkFields,
  hex64,
  instant,
  INT32_MAX,
  integer,
  isObject,
  previousHash,
  readLine,
  UUID,
  type FieldRule,
  type JsonObject,
  type RecordProblemReason,
} from './canonicalRecord';
import { EVENT_FIELDS, linkProblem, type ChainHead, type HashedEvent } from './hashChain';

/**
 * Offline verification of an NDJSON history export, exactly as docs/history-verification.md
 * specifies it: each line's framing, canonical form and fields, the global order, every chain
 * link and hash, the heads and their digest, and — given what the auditor kept from before
 * (a head list or the earlier export) or the server's signed checkpoints — proof that history
 * only grew. Pure and streaming: memory grows with the number of chains, not of events.
 */

export interface Head extends ChainHead {
  chain: string;
}

export const HEADS_FORMAT = 'claimledger-heads-v1';

export interface HeadList {
  format: typeof HEADS_FORMAT;
  digest: string;
  heads: Head[];
}

export type ExportProblemReason =
  | RecordProblemReason
  | 'CHAIN_MISMATCH'
  | 'POSITION_MISMATCH'
  | 'TIME_OUT_OF_ORDER'
  | 'SEQUENCE_GAP'
  | 'PREVIOUS_HASH_MISMATCH'
  | 'HASH_MISMATCH'
  | 'REWRITTEN'
  | 'CUT'
  | 'CHECKPOINT_MISMATCH'
  | 'CHECKPOINT_AHEAD';

export interface ExportProblem {
  /** 1-based line of the export, or null for a problem found at the end (a cut chain). */
  line: number | null;
  chain: string | null;
  seq: number | null;
  reason: ExportProblemReason;
  message: string;
}

/** Chain kinds and the entity types their events may be about. */
const CHAIN_KINDS: Record<string, readonly string[]> = {
  claim: ['CLAIM', 'EVIDENCE', 'DISPUTE'],
  actor: ['ACTOR'],
  source: ['SOURCE'],
  user: ['USER'],
  api_key: ['API_KEY'],
};
const ENTITY_TYPES = Object.values(CHAIN_KINDS).flat();
const CHAIN = new RegExp(`^(${Object.keys(CHAIN_KINDS).join('|')}):(${UUID.source.slice(1, -1)})$`);

const uuid: FieldRule = (v) => (typeof v === 'string' && UUID.test(v) ? null : 'must be a lowercase UUID');
const orNull = (rule: FieldRule): FieldRule => (v, r) => (v === null ? null : rule(v, r));
const string: FieldRule = (v) => (typeof v === 'string' ? null : 'must be a string');
const object: FieldRule = (v) => (isObject(v) ? null : 'must be a JSON object');

/** The format of every field of an event record (docs/history-verification.md, section 3). */
const EVENT_RULES: Record<(typeof EVENT_FIELDS)[number], FieldRule> = {
  chain: (v) => (typeof v === 'string' && CHAIN.test(v) ? null : 'must be <kind>:<lowercase UUID>, kind one of claim, actor, source, user, api_key'),
  seq: integer(1, INT32_MAX),
  position: integer(1),
  prevHash: previousHash,
  version: integer(1, INT32_MAX),
  claimId: orNull(uuid),
  entityType: (v) => (typeof v === 'string' && ENTITY_TYPES.includes(v) ? null : `must be one of ${ENTITY_TYPES.join(', ')}`),
  entityId: uuid,
  action: (v) => (typeof v === 'string' && /^[A-Za-z]+$/.test(v) ? null : 'must be letters only (the mutation’s name)'),
  userId: orNull(uuid),
  userLabel: (v) => (typeof v === 'string' && v.length > 0 ? null : 'must be a non-empty string'),
  occurredAt: instant,
  changes: (v) =>
    !isObject(v)
      ? 'must be a JSON object'
      : Object.values(v).every((c) => isObject(c) && Object.keys(c).sort().join() === 'from,to')
        ? null
        : 'each changed field must be an object with exactly "from" and "to"',
  note: orNull(string),
  state: object,
  hash: hex64,
};

/** What ties an event to its chain: the chain's id is the claim (claim chains) or the entity itself. */
function chainMismatch(e: HashedEvent): string | null {
  const [, kind, id] = CHAIN.exec(e.chain)!;
  if (!CHAIN_KINDS[kind!]!.includes(e.entityType)) return `a ${kind} chain holds no ${e.entityType} events`;
  if (kind === 'claim') {
    if (e.claimId !== id) return `claimId ${e.claimId} is not the claim of chain ${e.chain}`;
    if (e.entityType === 'CLAIM' && e.entityId !== id) return `a CLAIM event of ${e.chain} must be about that claim, not ${e.entityId}`;
    return null;
  }
  if (e.claimId !== null) return `claimId must be null outside claim chains`;
  return e.entityId === id ? null : `entityId ${e.entityId} is not the ${kind} of chain ${e.chain}`;
}

const byChain = (a: Head, b: Head) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0);

/** The digest over a set of heads: SHA-256 of "chain seq hash\n" lines sorted by chain (byte order). */
export function headsDigest(heads: readonly Head[]): string {
  const lines = [...heads].sort(byChain).map((h) => `${h.chain} ${h.seq} ${h.hash}\n`);
  return createHash('sha256').update(lines.join(''), 'utf8').digest('hex');
}

/** A signed commitment the export is checked against: the heads' digest after `position` events. */
export interface CheckpointClaim {
  seq: number;
  position: number;
  headsDigest: string;
}

export interface VerifyOptions {
  /** The export was filtered (?from, ?claim …): chains may start mid-way and positions skip. */
  filtered?: boolean;
  /** Heads of an earlier export that this one must still contain unchanged. */
  since?: readonly Head[];
  /** Checkpoints whose digest the export's first `position` lines must reproduce. */
  checkpoints?: readonly CheckpointClaim[];
}

/** Where the earlier export (`--since-export`) goes on beyond this one: the first line this one lacks. */
export interface EarlierLine {
  line: number;
  chain: string;
  seq: number;
}

export class ExportVerifier {
  private readonly heads = new Map<string, ChainHead>();
  /** Chains whose first event in this export is not #1 (a filtered export). */
  readonly partialChains = new Set<string>();
  private readonly watched: Map<string, ChainHead>;
  private readonly confirmed = new Set<string>();
  private readonly filtered: boolean;
  private readonly checkpoints: CheckpointClaim[];
  private line = 0;
  /** The last line's position and occurredAt, once a line carried one. */
  private lastPosition: number | null = null;
  private lastOccurredAt: string | null = null;
  /** Lines without a position (recorded before positions existed): they may only open the file. */
  legacyEvents = 0;
  events = 0;
  /** Checkpoints whose digest this export reproduced. */
  readonly matchedCheckpoints: CheckpointClaim[] = [];
  problem: ExportProblem | null = null;

  constructor(opts: VerifyOptions = {}) {
    this.filtered = opts.filtered ?? false;
    this.watched = new Map((opts.since ?? []).map((h) => [h.chain, { seq: h.seq, hash: h.hash }]));
    this.checkpoints = [...(opts.checkpoints ?? [])].sort((a, b) => a.position - b.position);
    this.checkCheckpoints();
  }

  /**
   * Feeds one line: its bytes without the LF, and whether an LF ended it. `earlier`: the same line
   * of the earlier export (`--since-export`), which this one must repeat byte for byte. Returns
   * false (and sets `problem`) at the first bad line.
   */
  addLine(bytes: Uint8Array, terminated: boolean, earlier?: { bytes: Uint8Array; chain: string; seq: number }): boolean {
    this.line++;
    if (this.problem) return false;
    const read = readLine(bytes, this.line === 1, terminated);
    if ('problem' in read) return this.fail(null, null, read.problem.reason, read.problem.message);
    const record: JsonObject = read.value;
    // Only lines recorded before positions existed lack one, and they all come first.
    const legacy = !Object.hasOwn(record, 'position') && this.lastPosition === null;
    const fields = checkFields(record, EVENT_RULES, legacy ? new Set(['position']) : undefined);
    if (fields) {
      // Named only when well formed, so a report never repeats a forger's text.
      const chain = EVENT_RULES.chain(record.chain, record) === null ? (record.chain as string) : null;
      const seq = EVENT_RULES.seq(record.seq, record) === null ? (record.seq as number) : null;
      return this.fail(chain, seq, fields.reason, fields.message);
    }
    const e = record as unknown as HashedEvent;
    const mismatch = chainMismatch(e);
    if (mismatch) return this.fail(e.chain, e.seq, 'CHAIN_MISMATCH', mismatch);

    if (e.position !== undefined) {
      if (!this.filtered && e.position !== this.line) {
        return this.fail(e.chain, e.seq, 'POSITION_MISMATCH', `line ${this.line} holds position ${e.position}: every line of an unfiltered export holds the position equal to its line number`);
      }
      if (this.filtered && this.lastPosition !== null && e.position <= this.lastPosition) {
        return this.fail(e.chain, e.seq, 'POSITION_MISMATCH', `position ${e.position} does not come after the previous line's ${this.lastPosition}`);
      }
      if (this.lastOccurredAt !== null && e.occurredAt < this.lastOccurredAt) {
        return this.fail(e.chain, e.seq, 'TIME_OUT_OF_ORDER', `occurredAt ${e.occurredAt} is before the previous event's ${this.lastOccurredAt}`);
      }
    }

    const prev = this.heads.get(e.chain) ?? null;
    const partialStart = this.filtered && !prev && e.seq > 1;
    const link = linkProblem(prev, e, partialStart);
    // (Never FIRST_EVENT_HAS_PREVIOUS_HASH here: prevHash's field rule refuses that first, as BAD_FIELD.)
    if (link) return this.fail(e.chain, e.seq, link.reason as ExportProblemReason, link.message);

    if (earlier && !sameBytes(bytes, earlier.bytes)) {
      return this.fail(earlier.chain, earlier.seq, 'REWRITTEN', `the earlier export has event #${earlier.seq} of ${earlier.chain} here, and this line differs from it`);
    }
    const kept = this.watched.get(e.chain);
    if (kept && e.seq === kept.seq) {
      if (e.hash !== kept.hash) {
        return this.fail(e.chain, e.seq, 'REWRITTEN', `event #${e.seq} of ${e.chain} is not the one the earlier export had (${kept.hash}): it or an event before it on this chain was rewritten`);
      }
      this.confirmed.add(e.chain);
    }

    if (partialStart) this.partialChains.add(e.chain);
    if (e.position === undefined) this.legacyEvents++;
    else {
      this.lastPosition = e.position;
      this.lastOccurredAt = e.occurredAt;
    }
    this.heads.set(e.chain, { seq: e.seq, hash: e.hash });
    this.events++;
    return this.checkCheckpoints();
  }

  /** After the last line: what the earlier export, head list or checkpoints had that this export lacks. */
  finish(earlierLeft?: EarlierLine | null): ExportProblem | null {
    if (this.problem) return this.problem;
    if (earlierLeft) {
      this.fail(earlierLeft.chain, earlierLeft.seq, 'CUT', `the earlier export goes on at its line ${earlierLeft.line} (event #${earlierLeft.seq} of ${earlierLeft.chain}); this one ends before it`, null);
      return this.problem;
    }
    const lost = [...this.watched].filter(([chain]) => !this.confirmed.has(chain)).sort(([a], [b]) => (a < b ? -1 : 1))[0];
    if (lost) {
      const [chain, kept] = lost;
      const now = this.heads.get(chain);
      const message = now
        ? `${chain} ends at event #${now.seq} here but the earlier export had event #${kept.seq}: history was cut`
        : `${chain} is missing here but the earlier export had ${kept.seq} events of it`;
      this.fail(chain, kept.seq, 'CUT', message, null);
      return this.problem;
    }
    const ahead = this.checkpoints[0];
    if (ahead) {
      this.fail(null, null, 'CHECKPOINT_AHEAD', `checkpoint #${ahead.seq} covers ${ahead.position} events but this export ends after ${this.line}: events the server signed for are missing (or the export is older than the checkpoint)`, null);
      return this.problem;
    }
    return null;
  }

  headList(): HeadList {
    const heads = [...this.heads].map(([chain, h]) => ({ chain, seq: h.seq, hash: h.hash })).sort(byChain);
    return { format: HEADS_FORMAT, digest: headsDigest(heads), heads };
  }

  /** Checkpoints at the current position: the heads so far must hash to what each one signed. */
  private checkCheckpoints(): boolean {
    while (this.checkpoints[0] && this.checkpoints[0].position === this.events) {
      const cp = this.checkpoints.shift()!;
      const digest = this.headList().digest;
      if (digest !== cp.headsDigest) {
        return this.fail(null, null, 'CHECKPOINT_MISMATCH', `the heads after line ${this.line} hash to ${digest}, but checkpoint #${cp.seq} signed ${cp.headsDigest} for them: history before it was changed`);
      }
      this.matchedCheckpoints.push(cp);
    }
    return true;
  }

  private fail(chain: string | null, seq: number | null, reason: ExportProblemReason, message: string, line: number | null = this.line) {
    this.problem = { line, chain, seq, reason, message };
    return false;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Why a head list (`verify --heads-out`) cannot be trusted, or null: its format, its entries and its own digest. */
export function headListProblem(value: unknown): string | null {
  if (!isObject(value) || value.format !== HEADS_FORMAT || !Array.isArray(value.heads) || typeof value.digest !== 'string') {
    return `not a ClaimLedger head list (format ${HEADS_FORMAT})`;
  }
  if (Object.keys(value).length !== 3) return 'a head list has exactly the keys format, digest and heads';
  const seen = new Set<string>();
  for (const h of value.heads as unknown[]) {
    const ok =
      isObject(h) &&
      Object.keys(h).length === 3 &&
      typeof h.chain === 'string' &&
      CHAIN.test(h.chain) &&
      !seen.has(h.chain) &&
      EVENT_RULES.seq(h.seq, h) === null &&
      hex64(h.hash, h) === null;
    if (!ok) return `the head list has a malformed or repeated entry: ${JSON.stringify(h)}`;
    seen.add(h.chain as string);
  }
  if (headsDigest(value.heads as Head[]) !== value.digest) return 'the head list does not match its own digest: it was edited';
  return null;
}
