import { pageWindow } from '../domain/cursor';
import { notFound } from '../domain/errors';
import { uuid } from '../domain/validation';
import type { AuditLogFilter, StoredEvent } from '../services/history';
import type { Context } from './context';

type Args = Record<string, unknown>;

export const historyResolvers = {
  Query: {
    auditLog: (
      _: unknown,
      a: { filter?: AuditLogFilter | null; first?: number | null; after?: string | null; offset?: number | null; newestFirst?: boolean | null },
      ctx: Context,
    ) => ctx.services.history.auditLog(a.filter ?? {}, pageWindow(a.first, a.offset, 500, 50), a.after, a.newestFirst ?? false),
    verifyHistory: async (_: unknown, a: { claimId: string }, ctx: Context) => {
      const claim = uuid.safeParse(a.claimId).success ? await ctx.loaders.claim.load(a.claimId) : null;
      if (!claim) throw notFound('claim', a.claimId);
      const verdict = await ctx.services.history.verify(`claim:${claim.id}`, claim.version);
      return {
        claimId: claim.id,
        valid: verdict.valid,
        eventCount: verdict.checked,
        currentVersion: claim.version,
        headHash: verdict.headHash,
        firstBreak: verdict.firstBreak,
      };
    },
  },
  HistoryEvent: {
    changes: (e: StoredEvent) => Object.entries(e.changes).map(([field, c]) => ({ field, ...(c as object) })),
    user: (e: StoredEvent, _: Args, ctx: Context) => (e.userId ? ctx.loaders.user.load(e.userId) : null),
    claim: (e: StoredEvent, _: Args, ctx: Context) => (e.claimId ? ctx.loaders.claim.load(e.claimId) : null),
  },
};
