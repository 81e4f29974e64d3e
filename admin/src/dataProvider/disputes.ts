import { createInput, disputeFilter, pageWindow } from './mapping';
import * as Q from './queries';
import { opt, page, type Connection, type Gql, type Rec, type Resource } from './resource';

/**
 * Disputes: the queue (open first, then newest: the server's order) and opening, resolving and
 * withdrawing one. `expectedVersion`, when given, is the version of the claim the user saw.
 */
export interface DisputeMethods {
  openDispute(claimId: string, input: { reason: string; counterEvidence?: string; raisedByName?: string }, expectedVersion?: number): Promise<{ data: Rec }>;
  resolveDispute(id: string, outcome: 'UPHELD' | 'REJECTED', note: string, expectedVersion?: number): Promise<{ data: Rec }>;
  withdrawDispute(id: string, reason: string | undefined, expectedVersion?: number): Promise<{ data: Rec }>;
}

export function disputesModule(gql: Gql): { disputes: Resource; methods: DisputeMethods } {
  const methods: DisputeMethods = {
    async openDispute(claimId, input, expectedVersion) {
      const { openDispute } = await gql<{ openDispute: Rec }>(Q.OPEN_DISPUTE, { claimId, input: createInput(input, ['reason', 'counterEvidence', 'raisedByName']), expectedVersion });
      return { data: openDispute };
    },
    async resolveDispute(id, outcome, note, expectedVersion) {
      const { resolveDispute } = await gql<{ resolveDispute: Rec }>(Q.RESOLVE_DISPUTE, { id, outcome, note, expectedVersion });
      return { data: resolveDispute };
    },
    async withdrawDispute(id, reason, expectedVersion) {
      const { withdrawDispute } = await gql<{ withdrawDispute: Rec }>(Q.WITHDRAW_DISPUTE, { id, reason, expectedVersion });
      return { data: withdrawDispute };
    },
  };

  const disputes: Resource = {
    async getList(params) {
      const { first, offset } = pageWindow(params.pagination);
      const { disputes } = await gql<{ disputes: Connection }>(Q.DISPUTES, { filter: disputeFilter(params.filter), first, offset });
      return page(disputes);
    },
    create: ({ data, meta }) =>
      methods.openDispute(
        String(data.claimId),
        { reason: String(data.reason ?? ''), counterEvidence: opt(data.counterEvidence), raisedByName: opt(data.raisedByName) },
        typeof meta?.expectedVersion === 'number' && Number.isFinite(meta.expectedVersion) ? meta.expectedVersion : undefined,
      ),
  };

  return { disputes, methods };
}
