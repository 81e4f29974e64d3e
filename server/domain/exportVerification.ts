import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { linkProblem, type ChainBreakReason, type ChainHead, type HashedEvent } from './hashChain';

/**
 * Offline verification of an NDJSON history export (docs/export-verification.md): every chain
 * checked line by line in file order, each chain's head, one digest over all heads, and — given
 * the heads of an earlier export — proof that history only grew since. Pure and streaming:
 * memory grows with the number of chains, not of events.
 */

export interface Head extends ChainHead {
  chain: string;
}

export interface HeadList {
  format: 'claimledger-heads-v1';
  digest: string;
  heads: Head[];
}

export type ExportProblemReason = ChainBreakReason | 'NOT_JSON' | 'MISSING_FIELD' | 'NOT_CANONICAL' | 'REWRITTEN' | 'CUT';

export interface ExportProblem {
  /** 1-based line of the export, or null for a problem found at the end (a cut chain). */
  line: number | null;
  chain: string | null;
  seq: number | null;
  reason: ExportProblemReason;
  message: string;
}

const FIELDS: (keyof HashedEvent)[] = [
  'chain', 'seq', 'prevHash', 'version', 'claimId', 'entityType', 'entityId', 'action',
  'userId', 'userLabel', 'occurredAt', 'changes', 'note', 'state', 'hash',
];

/** The digest over a set of heads: SHA-256 of "chain seq hash\n" lines sorted by chain. */
export function headsDigest(heads: readonly Head[]): string {
  const lines = [...heads]
    .sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0))
    .map((h) => `${h.chain} ${h.seq} ${h.hash}\n`);
  return createHash('sha256').update(lines.join(''), 'utf8').digest('hex');
}

export class ExportVerifier {
  private readonly heads = new Map<string, ChainHead>();
  /** Chains whose first event in this export is not #1 (a filtered export). */
  readonly partialChains = new Set<string>();
  private readonly watched: Map<string, ChainHead>;
  private readonly confirmed = new Set<string>();
  private line = 0;
  events = 0;
  problem: ExportProblem | null = null;

  /**
   * `since`: the heads of an earlier export that this one must still contain unchanged.
   * `filtered`: the export was filtered, so a chain may start mid-way; otherwise every chain must
   * start at #1 (a missing first event is a gap like any other).
   */
  constructor(since?: readonly Head[], private readonly filtered = false) {
    this.watched = new Map((since ?? []).map((h) => [h.chain, { seq: h.seq, hash: h.hash }]));
  }

  /** Feeds one line; returns false (and sets `problem`) at the first bad line. */
  addLine(text: string): boolean {
    this.line++;
    if (this.problem) return false;
    if (text.trim() === '') return true;
    let e: HashedEvent;
    try {
      e = JSON.parse(text) as HashedEvent;
    } catch {
      return this.fail(null, null, 'NOT_JSON', 'the line is not valid JSON');
    }
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return this.fail(null, null, 'NOT_JSON', 'the line is not a JSON object');
    const missing = FIELDS.filter((f) => !(f in e));
    if (missing.length) return this.fail(null, null, 'MISSING_FIELD', `missing ${missing.join(', ')}`);
    // Each line is the stored record byte for byte; any other spelling of the same JSON was edited.
    if (canonicalize(e) !== text) {
      return this.fail(e.chain, e.seq, 'NOT_CANONICAL', 'the line is not in canonical form (RFC 8785): it was edited');
    }
    const prev = this.heads.get(e.chain) ?? null;
    const partialStart = this.filtered && !prev && e.seq > 1;
    const problem = linkProblem(prev, e, partialStart);
    if (problem) return this.fail(e.chain, e.seq, problem.reason, problem.message);
    if (partialStart) this.partialChains.add(e.chain);
    const earlier = this.watched.get(e.chain);
    if (earlier && e.seq === earlier.seq) {
      if (e.hash !== earlier.hash) {
        return this.fail(e.chain, e.seq, 'REWRITTEN', `event #${e.seq} of ${e.chain} is not the one the earlier export had (${earlier.hash})`);
      }
      this.confirmed.add(e.chain);
    }
    this.heads.set(e.chain, { seq: e.seq, hash: e.hash });
    this.events++;
    return true;
  }

  /** After the last line: chains of the earlier export that this one no longer reaches. */
  finish(): ExportProblem | null {
    if (this.problem) return this.problem;
    for (const [chain, earlier] of this.watched) {
      if (this.confirmed.has(chain)) continue;
      const now = this.heads.get(chain);
      this.fail(
        chain,
        earlier.seq,
        'CUT',
        now
          ? `${chain} ends at event #${now.seq} here but the earlier export had event #${earlier.seq}: history was cut or this export is filtered`
          : `${chain} is missing here but the earlier export had ${earlier.seq} events of it`,
        null,
      );
      return this.problem;
    }
    return null;
  }

  headList(): HeadList {
    const heads = [...this.heads].map(([chain, h]) => ({ chain, seq: h.seq, hash: h.hash }));
    heads.sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
    return { format: 'claimledger-heads-v1', digest: headsDigest(heads), heads };
  }

  private fail(chain: string | null, seq: number | null, reason: ExportProblemReason, message: string, line: number | null = this.line) {
    this.problem = { line, chain, seq, reason, message };
    return false;
  }
}

/** Reads a head list written by `verify --heads-out`, checking it against its own digest. */
export function parseHeadList(text: string): HeadList {
  const parsed = JSON.parse(text) as Partial<HeadList>;
  if (parsed.format !== 'claimledger-heads-v1' || !Array.isArray(parsed.heads) || typeof parsed.digest !== 'string') {
    throw new Error('not a ClaimLedger head list (format claimledger-heads-v1)');
  }
  const heads = parsed.heads.map((h) => {
    if (typeof h?.chain !== 'string' || !Number.isInteger(h.seq) || !/^[0-9a-f]{64}$/.test(String(h.hash))) {
      throw new Error('the head list has a malformed entry');
    }
    return { chain: h.chain, seq: h.seq, hash: h.hash };
  });
  if (headsDigest(heads) !== parsed.digest) throw new Error('the head list does not match its own digest: it was edited');
  return { format: 'claimledger-heads-v1', digest: parsed.digest, heads };
}
