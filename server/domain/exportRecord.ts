import { createHash } from 'node:crypto';
import { hex64, instant, INT32_MAX, integer, isObject, previousHash, UUID, type FieldRule } from './canonicalRecord';
import { EVENT_FIELDS, type ChainHead, type HashedEvent } from './hashChain';

/**
 * An exported history event as docs/history-verification.md specifies it: the format of each
 * field, what ties an event to its chain, and the chain heads an export ends with (their digest,
 * and the head list an auditor keeps).
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

/** Chain kinds and the entity types their events may be about. */
const CHAIN_KINDS: Record<string, readonly string[]> = {
  claim: ['CLAIM', 'EVIDENCE', 'DISPUTE'],
  actor: ['ACTOR'],
  source: ['SOURCE'],
  user: ['USER'],
  api_key: ['API_KEY'],
};
const ENTITY_TYPES = Object.values(CHAIN_KINDS).flat();
export const CHAIN = new RegExp(`^(${Object.keys(CHAIN_KINDS).join('|')}):(${UUID.source.slice(1, -1)})$`);

const uuid: FieldRule = (v) => (typeof v === 'string' && UUID.test(v) ? null : 'must be a lowercase UUID');
const orNull = (rule: FieldRule): FieldRule => (v, r) => (v === null ? null : rule(v, r));
const string: FieldRule = (v) => (typeof v === 'string' ? null : 'must be a string');
const object: FieldRule = (v) => (isObject(v) ? null : 'must be a JSON object');

/** The format of every field of an event record (docs/history-verification.md, section 3). */
export const EVENT_RULES: Record<(typeof EVENT_FIELDS)[number], FieldRule> = {
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
export function chainMismatch(e: HashedEvent): string | null {
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

export const byChain = (a: Head, b: Head) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0);

/** The digest over a set of heads: SHA-256 of "chain seq hash\n" lines sorted by chain (byte order). */
export function headsDigest(heads: readonly Head[]): string {
  const lines = [...heads].sort(byChain).map((h) => `${h.chain} ${h.seq} ${h.hash}\n`);
  return createHash('sha256').update(lines.join(''), 'utf8').digest('hex');
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

