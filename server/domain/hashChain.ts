import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The hash chain that makes history tamper-evident (docs/history-verification.md is the
 * specification an auditor re-implements). Pure: no I/O, so the server, the CLI verifier and the
 * tests share exactly this code.
 */

/** The fields of a history event that its hash covers, as they appear in an NDJSON export. */
export interface ChainedEvent {
  chain: string;
  seq: number;
  /**
   * Global position in commit order (1, 2, 3 … across all chains). Absent only from events
   * recorded before positions existed (migration AddHistoryPositions): their hashes predate it.
   */
  position?: number;
  prevHash: string | null;
  version: number;
  claimId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  userId: string | null;
  userLabel: string;
  /** ISO 8601 in UTC with milliseconds, e.g. 2018-09-27T14:03:07.120Z. */
  occurredAt: string;
  changes: Record<string, unknown>;
  note: string | null;
  state: Record<string, unknown>;
}

export interface HashedEvent extends ChainedEvent {
  hash: string;
}

/**
 * Every field of an event record, in the order the specification lists them (and reports the
 * first missing or malformed one): all are covered by `hash`, except `hash` itself.
 */
export const EVENT_FIELDS = [
  'chain', 'seq', 'position', 'prevHash', 'version', 'claimId', 'entityType', 'entityId', 'action',
  'userId', 'userLabel', 'occurredAt', 'changes', 'note', 'state', 'hash',
] as const satisfies readonly (keyof HashedEvent)[];

/** Exactly the fields the hash covers, whatever else the object carries (`position` only when the event has one). */
function payloadOf(e: ChainedEvent): ChainedEvent {
  const payload: Record<string, unknown> = {};
  for (const field of EVENT_FIELDS) {
    if (field !== 'hash' && (field !== 'position' || e.position !== undefined)) payload[field] = e[field];
  }
  return payload as unknown as ChainedEvent;
}

/** RFC 8785 (JSON Canonicalization Scheme) over exactly the ChainedEvent fields. */
export function canonicalEvent(e: ChainedEvent): string {
  const text = canonicalize(payloadOf(e));
  if (text === undefined) throw new Error('history event cannot be canonicalised');
  return text;
}

/** The whole event, hash included, as RFC 8785 JSON: what is stored and exported, byte for byte. */
export function recordOf(e: HashedEvent): string {
  const text = canonicalize({ ...payloadOf(e), hash: e.hash });
  if (text === undefined) throw new Error('history event cannot be canonicalised');
  return text;
}

export function hashEvent(e: ChainedEvent): string {
  return createHash('sha256').update(canonicalEvent(e), 'utf8').digest('hex');
}

export type ChainBreakReason =
  | 'FIRST_EVENT_HAS_PREVIOUS_HASH'
  | 'SEQUENCE_GAP'
  | 'PREVIOUS_HASH_MISMATCH'
  | 'HASH_MISMATCH'
  | 'WRONG_CHAIN'
  | 'TAIL_MISSING';

export interface ChainBreak {
  /** 0-based position in the list that was checked. */
  index: number;
  seq: number;
  reason: ChainBreakReason;
  message: string;
}

export interface ChainVerdict {
  valid: boolean;
  checked: number;
  headHash: string | null;
  firstBreak: ChainBreak | null;
}

/** The last event accepted on a chain: what the next event must link to. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * What is wrong with `e` as the event after `prev` on its chain (null: nothing). `prev` null means
 * `e` opens the chain; with `partialStart` it may open mid-chain (a filtered export), and then
 * only its own hash can be checked.
 */
export function linkProblem(
  prev: ChainHead | null,
  e: HashedEvent,
  partialStart = false,
): { reason: ChainBreakReason; message: string } | null {
  const expectedSeq = prev ? prev.seq + 1 : 1;
  if (!(partialStart && !prev) && e.seq !== expectedSeq) {
    return { reason: 'SEQUENCE_GAP', message: `expected event #${expectedSeq} of ${e.chain}, found #${e.seq}` };
  }
  if (!prev && e.seq === 1 && e.prevHash !== null) {
    return { reason: 'FIRST_EVENT_HAS_PREVIOUS_HASH', message: `the first event of ${e.chain} must not point to a previous one` };
  }
  if (prev && e.prevHash !== prev.hash) {
    return { reason: 'PREVIOUS_HASH_MISMATCH', message: `event #${e.seq} does not point to the hash of event #${prev.seq}` };
  }
  const actual = hashEvent(e);
  if (actual !== e.hash) {
    return { reason: 'HASH_MISMATCH', message: `event #${e.seq} was altered: its content hashes to ${actual}, not ${e.hash}` };
  }
  return null;
}

/**
 * Checks one chain, in the order given: each event's hash over its own content, each link to the
 * previous event, and positions 1, 2, 3 … without gaps. With `expectedVersion` (the owner's
 * current version) a chain that stops short is reported as TAIL_MISSING.
 */
export function verifyChain(events: readonly HashedEvent[], expectedVersion?: number): ChainVerdict {
  let prev: HashedEvent | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const problem =
      prev && e.chain !== prev.chain
        ? { reason: 'WRONG_CHAIN' as const, message: `event ${i + 1} belongs to chain ${e.chain}, not ${prev.chain}` }
        : linkProblem(prev, e);
    if (problem) {
      return { valid: false, checked: i, headHash: prev?.hash ?? null, firstBreak: { index: i, seq: e.seq, ...problem } };
    }
    prev = e;
  }
  if (expectedVersion !== undefined && (prev?.version ?? 0) !== expectedVersion) {
    const last = prev?.version ?? 0;
    return {
      valid: false,
      checked: events.length,
      headHash: prev?.hash ?? null,
      firstBreak: {
        index: events.length,
        seq: (prev?.seq ?? 0) + 1,
        reason: 'TAIL_MISSING',
        message: `the history ends at version ${last} but the current version is ${expectedVersion}: later events are missing`,
      },
    };
  }
  return { valid: true, checked: events.length, headHash: prev?.hash ?? null, firstBreak: null };
}
