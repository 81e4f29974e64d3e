import type { Context } from './context';
import { staffOf } from './claims';

export const evidenceResolvers = {
  Mutation: {
    addEvidence: (_: unknown, a: { claimId: string; expectedVersion: number; input: unknown }, ctx: Context) =>
      ctx.services.evidence.add(staffOf(ctx), a.claimId, a.expectedVersion, a.input),
    updateEvidence: (_: unknown, a: { id: string; expectedVersion: number; input: unknown }, ctx: Context) =>
      ctx.services.evidence.update(staffOf(ctx), a.id, a.expectedVersion, a.input),
    removeEvidence: (_: unknown, a: { id: string; expectedVersion: number; reason?: string | null }, ctx: Context) =>
      ctx.services.evidence.remove(staffOf(ctx), a.id, a.expectedVersion, a.reason),
  },
};
