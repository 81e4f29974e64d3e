import type { HashedEvent } from './hashChain';

/**
 * A verdict proposal that an editor sent back. Rejecting puts the claim's verdict back to what it
 * was before the proposal (none for a first check, the published one for a correction, the
 * imported one for an import), so `Claim.verdict` never presents a rejected proposal as the
 * claim's verdict; the proposal itself stays readable to staff as `Claim.rejectedProposal`,
 * rebuilt from the claim's chain (one fact in one place: the rejection event records the
 * proposal's fields as they were before it).
 */

type Event = Pick<HashedEvent, 'entityType' | 'action' | 'occurredAt' | 'note' | 'state' | 'changes' | 'userId' | 'userLabel'>;

export interface RejectedProposal {
  verdict: unknown;
  rationale: unknown;
  proposedById: string | null;
  proposedAt: string | null;
  rejectedById: string | null;
  rejectedByLabel: string;
  rejectedAt: string;
  reason: string | null;
}

/** A field as it was before `e`: its recorded change's `from`, else (unchanged) its state after. */
function before(e: Event, field: string): unknown {
  const change = e.changes[field] as { from: unknown } | undefined;
  return change ? change.from : (e.state[field] ?? null);
}

/**
 * The verdict and rationale the claim had before a proposal (`proposeVerdict`'s event): what a
 * rejection of that proposal puts back.
 */
export function verdictBefore(proposal: Event): { verdict: unknown; verdictRationale: unknown } {
  return { verdict: before(proposal, 'verdict'), verdictRationale: before(proposal, 'verdictRationale') };
}

/**
 * The claim's last proposal if it was rejected and nothing has been proposed since; null
 * otherwise. `events`: the claim's chain, oldest first. Rejections recorded before verdicts were
 * put back (the proposal left in `verdict`) read the same: the proposal is what the claim held
 * just before the rejection either way.
 */
export function rejectedProposal(events: readonly Event[]): RejectedProposal | null {
  let found: RejectedProposal | null = null;
  for (const e of events) {
    if (e.entityType !== 'CLAIM') continue;
    if (e.action === 'proposeVerdict') found = null;
    else if (e.action === 'rejectVerdict') {
      found = {
        verdict: before(e, 'verdict'),
        rationale: before(e, 'verdictRationale'),
        proposedById: (before(e, 'proposedById') as string | null) ?? null,
        proposedAt: (before(e, 'proposedAt') as string | null) ?? null,
        rejectedById: e.userId,
        rejectedByLabel: e.userLabel,
        rejectedAt: e.occurredAt,
        reason: e.note,
      };
    }
  }
  // A rejection that found no verdict (none can be proposed without one) is no proposal to show.
  return found?.verdict ? found : null;
}
