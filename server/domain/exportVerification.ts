import { checkFields, readLine, type JsonObject, type RecordProblemReason } from './canonicalRecord';
import { byChain, chainMismatch, EVENT_RULES, HEADS_FORMAT, headsDigest, type Head, type HeadList } from './exportRecord';
import { linkProblem, type ChainHead, type HashedEvent } from './hashChain';

/**
 * Offline verification of an NDJSON history export, exactly as docs/history-verification.md
 * specifies it: each line's framing, canonical form and fields, the global order, every chain
 * link and hash, the heads and their digest, and — given what the auditor kept from before
 * (a head list or the earlier export) or the server's signed checkpoints — proof that history
 * only grew. Pure and streaming: memory grows with the number of chains, not of events. The
 * format of a single record and of the heads is in exportRecord.ts.
 */

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

