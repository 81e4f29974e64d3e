import type { ApiKey } from '../db/entities';
import { inRoleGroup } from '../domain/vocabulary';
import { Loaders, type Context } from './context';
import { staffOf } from './claims';

type Args = Record<string, unknown>;

export const userResolvers = {
  Query: {
    me: (_: unknown, __: Args, ctx: Context) => (ctx.viewer.kind === 'user' ? ctx.loaders.user.load(ctx.viewer.userId) : null),
    users: (_: unknown, __: Args, ctx: Context) => ctx.services.users.list(),
    // The same list; the email field's own rule keeps addresses from non-admins.
    staff: (_: unknown, __: Args, ctx: Context) => ctx.services.users.list(),
    apiKeys: (_: unknown, __: Args, ctx: Context) => ctx.services.users.listKeys(),
    // Each count is computed only when selected.
    stats: (_: unknown, __: Args, ctx: Context) => {
      const { stats } = ctx.services;
      const v = ctx.viewer;
      return {
        claimsByStatus: () => stats.claimsByStatus(v),
        claimsByVerdict: () => stats.claimsByVerdict(v),
        openDisputes: () => stats.openDisputes(),
        myAssignments: () => (v.kind === 'user' ? stats.myAssignments(v.userId) : null),
        pendingMyApproval: () =>
          v.kind === 'user' && inRoleGroup(v.role, 'DESK') ? stats.pendingApproval(v.userId) : 0,
        weekly: () => stats.weekly(v),
      };
    },
  },
  Mutation: {
    login: async (_: unknown, a: { email: string; password: string }, ctx: Context) => {
      const result = await ctx.services.auth.login(a.email, a.password, ctx.clientAddress);
      // From here on this request is the user who just logged in, so the payload's user fields
      // are readable as theirs.
      ctx.viewer = { kind: 'user', userId: result.user.id, role: result.user.role, displayName: result.user.displayName, sessionId: null };
      ctx.loaders = new Loaders(ctx.services, ctx.viewer);
      return result;
    },
    logout: (_: unknown, __: Args, ctx: Context) => ctx.services.auth.logout(ctx.viewer),
    createUser: (_: unknown, a: { input: unknown }, ctx: Context) => {
      const admin = staffOf(ctx);
      return ctx.services.users.create({ userId: admin.userId, label: admin.displayName }, a.input);
    },
    updateUser: (_: unknown, a: { id: string; expectedVersion: number; input: unknown }, ctx: Context) =>
      ctx.services.users.update(staffOf(ctx), a.id, a.expectedVersion, a.input),
    updateMyPreferences: (_: unknown, a: { input: unknown }, ctx: Context) => ctx.services.users.updatePreferences(staffOf(ctx), a.input),
    createApiKey: (_: unknown, a: { name: string }, ctx: Context) => ctx.services.users.createKey(staffOf(ctx), { name: a.name }),
    revokeApiKey: (_: unknown, a: { id: string }, ctx: Context) => ctx.services.users.revokeKey(staffOf(ctx), a.id),
  },
  ApiKey: {
    createdBy: (k: ApiKey, _: Args, ctx: Context) => (k.createdById ? ctx.loaders.user.load(k.createdById) : null),
  },
};
