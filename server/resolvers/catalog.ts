import type { GraphQLResolveInfo } from 'graphql';
import type { Actor, Source } from '../db/entities';
import type { ActorFilter } from '../services/actors';
import type { ListArgs, MergeArgs } from '../services/catalog';
import type { ClaimListArgs } from '../services/claimReads';
import type { SourceFilter } from '../services/sources';
import { listClaims, staffOf } from './claims';
import type { Context } from './context';

type Edit = { id: string; expectedVersion: number; input: unknown };

export const catalogResolvers = {
  Query: {
    actors: (_: unknown, a: ListArgs<ActorFilter>, ctx: Context) => ctx.services.actors.list(ctx.viewer, a),
    actor: (_: unknown, a: { id: string }, ctx: Context) => ctx.loaders.actor.load(a.id),
    sources: (_: unknown, a: ListArgs<SourceFilter>, ctx: Context) => ctx.services.sources.list(ctx.viewer, a),
    source: (_: unknown, a: { id: string }, ctx: Context) => ctx.loaders.source.load(a.id),
    similarActors: (_: unknown, a: { name: string; aliases?: string[] | null; wikidataId?: string | null }, ctx: Context) =>
      ctx.services.duplicates.actors(a),
    similarSources: (_: unknown, a: { title?: string | null; url?: string | null }, ctx: Context) => ctx.services.duplicates.sources(a),
  },
  Mutation: {
    createActor: (_: unknown, a: { input: unknown }, ctx: Context) => ctx.services.actors.create(staffOf(ctx), a.input),
    updateActor: (_: unknown, a: Edit, ctx: Context) =>
      ctx.services.actors.update(staffOf(ctx), a.id, a.expectedVersion, a.input),
    createSource: (_: unknown, a: { input: unknown }, ctx: Context) => ctx.services.sources.create(staffOf(ctx), a.input),
    updateSource: (_: unknown, a: Edit, ctx: Context) =>
      ctx.services.sources.update(staffOf(ctx), a.id, a.expectedVersion, a.input),
    mergeActors: (_: unknown, a: MergeArgs, ctx: Context) => ctx.services.actors.merge(staffOf(ctx), a),
    mergeSources: (_: unknown, a: MergeArgs, ctx: Context) => ctx.services.sources.merge(staffOf(ctx), a),
  },
  Actor: {
    claims: (actor: Actor, a: ClaimListArgs, ctx: Context, info: GraphQLResolveInfo) =>
      listClaims(ctx, { ...a, filter: { ...a.filter, claimantId: actor.id } }, info),
  },
  Source: {
    claims: (source: Source, a: ClaimListArgs, ctx: Context, info: GraphQLResolveInfo) =>
      listClaims(ctx, { ...a, filter: { ...a.filter, firstAppearanceId: source.id } }, info),
    evidence: (source: Source, _: unknown, ctx: Context) => ctx.services.evidence.ofSource(ctx.viewer, source.id),
    citations: (source: Source, a: { first?: number | null; after?: string | null; offset?: number | null }, ctx: Context) =>
      ctx.services.evidence.citing(ctx.viewer, source.id, a.first, a.after, a.offset),
  },
};
