import type { Dispute } from '../db/entities';
import type { DisputeFilter } from '../services/disputes';
import type { Context } from './context';
import { staffOf } from './claims';

type Args = Record<string, unknown>;

export const disputeResolvers = {
  Query: {
    disputes: (_: unknown, a: { filter?: DisputeFilter | null; first?: number; after?: string; offset?: number }, ctx: Context) =>
      ctx.services.disputes.list(a.filter ?? {}, a.first, a.after, a.offset),
  },
  Mutation: {
    openDispute: (_: unknown, a: { claimId: string; input: unknown; expectedVersion?: number | null }, ctx: Context) =>
      ctx.services.disputes.open(staffOf(ctx), a.claimId, a.expectedVersion ?? null, a.input),
    resolveDispute: (
      _: unknown,
      a: { id: string; outcome: string; note: string; expectedVersion?: number | null },
      ctx: Context,
    ) => ctx.services.disputes.resolve(staffOf(ctx), a.id, a.expectedVersion ?? null, { outcome: a.outcome, note: a.note }),
    withdrawDispute: (_: unknown, a: { id: string; reason?: string | null; expectedVersion?: number | null }, ctx: Context) =>
      ctx.services.disputes.withdraw(staffOf(ctx), a.id, a.expectedVersion ?? null, a.reason),
  },
  Dispute: {
    claim: (d: Dispute, _: Args, ctx: Context) => ctx.loaders.claim.load(d.claimId),
    raisedBy: async (d: Dispute & { openedByName?: string | null }, _: Args, ctx: Context) =>
      d.raisedByName ??
      // Lists carry the opener's name; a dispute just written does not.
      (d.openedByName !== undefined ? d.openedByName : d.openedById ? (await ctx.loaders.user.load(d.openedById))?.displayName : null) ??
      'unknown',
    openedBy: (d: Dispute, _: Args, ctx: Context) => (d.openedById ? ctx.loaders.user.load(d.openedById) : null),
    resolvedBy: (d: Dispute, _: Args, ctx: Context) => (d.resolvedById ? ctx.loaders.user.load(d.resolvedById) : null),
  },
};
