import { permits, ruleFor } from '../domain/permissions';
import { HISTORY_EVENT_ID } from '../services/history';
import type { UuidNodeType } from '../services/nodes';
import type { Context } from './context';

type NodeType = UuidNodeType | 'HistoryEvent' | 'ClaimRevision';
type Found = { id: string } | null;

/** `<claim id>@<version>`: a claim revision's id (resolvers/claims.ts revisionId). */
const REVISION_ID = /^([0-9a-f-]{36})@([1-9][0-9]{0,8})$/i;

/** Loads many of one type by id, as the viewer may see them; null for those they may not. */
const LOADERS: Record<NodeType, (ctx: Context, ids: string[]) => Promise<readonly (Found | Error)[]>> = {
  Claim: (ctx, ids) => ctx.loaders.claim.loadMany(ids),
  Actor: (ctx, ids) => ctx.loaders.actor.loadMany(ids),
  Source: (ctx, ids) => ctx.loaders.source.loadMany(ids),
  User: (ctx, ids) => ctx.loaders.user.loadMany(ids),
  Evidence: (ctx, ids) => ctx.services.evidence.byIds(ctx.viewer, ids),
  Dispute: (ctx, ids) => ctx.services.disputes.byIds(ids),
  ApiKey: (ctx, ids) => ctx.services.users.keysByIds(ids),
  Topic: (ctx, ids) => ctx.services.topics.byIds(ids),
  HistoryEvent: (ctx, ids) => ctx.services.history.byIds(ids),
  ClaimRevision: (ctx, ids) =>
    Promise.all(
      ids.map((id) => {
        const [, claimId, version] = REVISION_ID.exec(id)!;
        return ctx.services.claims.revision(ctx.viewer, claimId!, { version: Number(version) });
      }),
    ),
};

/**
 * The objects behind global ids, in order: null for an id that names nothing, or something the
 * viewer may not see (a type whose fields they may not read counts as not seen: no error, as for
 * `claim(id)`). One statement finds the types of all UUIDs, then one per type loads them.
 */
export async function loadNodes(ctx: Context, ids: readonly string[]): Promise<(object | null)[]> {
  const types = await ctx.services.nodes.typesOf(ids);
  const typeOf = (id: string): NodeType | undefined =>
    types.get(id) ?? (HISTORY_EVENT_ID.test(id) ? 'HistoryEvent' : REVISION_ID.test(id) ? 'ClaimRevision' : undefined);
  const byType = new Map<NodeType, string[]>();
  for (const id of new Set(ids)) {
    const type = typeOf(id);
    if (type && permits(ruleFor(type, 'id')!, ctx.viewer)) byType.set(type, [...(byType.get(type) ?? []), id]);
  }
  const found = new Map<string, object>();
  await Promise.all(
    [...byType].map(async ([type, group]) => {
      const loaded = await LOADERS[type](ctx, group);
      loaded.forEach((record, i) => {
        if (record instanceof Error) throw record;
        if (record) found.set(group[i]!, { ...record, __typename: type });
      });
    }),
  );
  return ids.map((id) => found.get(id) ?? null);
}

export const nodeResolvers = {
  Query: {
    node: async (_: unknown, a: { id: string }, ctx: Context) => (await loadNodes(ctx, [a.id]))[0],
    nodes: (_: unknown, a: { ids: string[] }, ctx: Context) => {
      ctx.services.nodes.checkCount(a.ids);
      return loadNodes(ctx, a.ids);
    },
  },
  Node: {
    __resolveType: (node: { __typename: NodeType }) => node.__typename,
  },
};
