import type { HashedEvent } from './hashChain';

/** What a claim's history chain says about its past: earlier public verdicts, and the claim at an instant. */

type Event = Pick<HashedEvent, 'entityType' | 'entityId' | 'action' | 'occurredAt' | 'note' | 'state' | 'changes' | 'version'>;

export interface Correction {
  verdict: unknown;
  verdictRationale: unknown;
  publishedAt: string;
  supersededAt: string | null;
  reason: string | null;
}

/** Earlier public verdicts, superseded by a reopening or an archiving (newest first). */
export function corrections(events: readonly Event[]): Correction[] {
  const publications: Correction[] = [];
  for (const e of events) {
    if (e.entityType !== 'CLAIM') continue;
    if (e.action === 'approveVerdict') {
      publications.push({
        verdict: e.state.verdict,
        verdictRationale: e.state.verdictRationale,
        publishedAt: e.occurredAt,
        supersededAt: null,
        reason: null,
      });
    } else if ((e.action === 'reopenClaim' || e.action === 'archiveClaim') && publications.length) {
      const last = publications[publications.length - 1]!;
      if (!last.supersededAt) Object.assign(last, { supersededAt: e.occurredAt, reason: e.note });
    }
  }
  return publications.filter((p) => p.supersededAt !== null).reverse();
}

/**
 * What the public saw of a claim after `events` (its chain, oldest first), as
 * services/publishedVersions.ts keeps it: the events up to the last one that left the claim
 * PUBLISHED; whether a correction was under way after it, or the claim was withdrawn (archived).
 * Null when it was never published.
 */
export function publicVersion<E extends Event>(events: readonly E[]) {
  let end = -1;
  let status: unknown = null;
  for (const [i, e] of events.entries()) {
    if (e.entityType === 'CLAIM') status = e.state.reviewStatus;
    if (status === 'PUBLISHED') end = i; // a dispute's event while published counts too
  }
  if (end < 0) return null;
  const later = events.slice(end + 1).filter((e) => e.entityType === 'CLAIM');
  const archived = later.find((e) => e.state.reviewStatus === 'ARCHIVED');
  return {
    events: events.slice(0, end + 1),
    correctionInProgress: !archived && later.length > 0,
    withdrawn: archived ? { at: archived.occurredAt, reason: archived.note } : null,
  };
}

/**
 * The corrections a reader sees: staff all of them (a reopened verdict at once), public readers
 * those of the version they read: a verdict still shown while it is corrected is not yet a correction.
 */
export function correctionsSeen(staff: boolean, events: readonly Event[]): Correction[] {
  return corrections(staff ? events : (publicVersion(events)?.events ?? []));
}

/** A claim rebuilt from history: its recorded columns, topics as slugs, and the version of the last event. */
export type ReplayedClaim = Record<string, unknown> & {
  topics: { id: string; slug: string; name: string }[];
  version: number;
  disputeStatus?: unknown;
};

/**
 * Rebuilds a claim and its evidence (by id, removed ones included) from its chain's events, oldest
 * first; null when the chain holds no claim event yet.
 */
export function replayClaim(events: readonly Event[]): { claim: ReplayedClaim; evidence: Map<string, Record<string, unknown>> } | null {
  let claim: ReplayedClaim | null = null;
  const evidence = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    if (e.entityType === 'CLAIM') {
      const { topics, ...columns } = e.state;
      claim = {
        ...columns,
        topics: ((topics as string[] | undefined) ?? []).map((slug) => ({ id: slug, slug, name: slug })),
        version: e.version,
      };
    } else if (e.entityType === 'EVIDENCE') {
      evidence.set(e.entityId, e.state);
    }
    // A dispute changes the claim's derived status; its event says so (see ClaimChanges.commit).
    const derived = e.changes['claim.disputeStatus'] as { to: unknown } | undefined;
    if (claim && derived) claim.disputeStatus = derived.to;
    if (claim) claim.version = e.version;
  }
  return claim ? { claim, evidence } : null;
}
