import type { GraphQLResolveInfo } from 'graphql';
import { parseReviewDocument } from '../domain/claimReview';
import { badInput, unauthenticated } from '../domain/errors';
import type { StaffViewer } from '../domain/viewer';
import type { ClaimInclude, ClaimRecord, EvidenceRecord } from '../services/claimRows';
import type { ClaimListArgs } from '../services/claimReads';
import type { ClaimRevisionRecord } from '../services/claims';
import type { Context } from './context';
import { selectedFields } from './selection';

type Args = Record<string, unknown>;

export function staffOf(ctx: Context): StaffViewer {
  if (ctx.viewer.kind !== 'user') throw unauthenticated();
  return ctx.viewer;
}

/** Which related rows to fetch with each claim of a list, judged from the client's selection. */
function claimIncludes(info: GraphQLResolveInfo, ...paths: string[][]): ClaimInclude {
  const fields = selectedFields(info, ...paths);
  return {
    claimant: fields.has('claimant'),
    firstAppearance: fields.has('firstAppearance'),
    evidence: fields.has('evidence'),
    topics: fields.has('topics'),
  };
}

/** A claim revision's id: `<claim id>@<version>` (see Node in common.graphql). */
export const revisionId = (claimId: string, version: number) => `${claimId}@${version}`;

/** Related rows of a claim, live or rebuilt from history alike: loaded as they are now. */
const claimLinks = {
  // Prefetched with the list when selected; otherwise batched through the request's loaders.
  claimant: (c: ClaimRecord, _: Args, ctx: Context) =>
    c.claimant !== undefined ? c.claimant : c.claimantId ? ctx.loaders.actor.load(c.claimantId) : null,
  firstAppearance: (c: ClaimRecord, _: Args, ctx: Context) =>
    c.firstAppearance !== undefined
      ? c.firstAppearance
      : c.firstAppearanceId
        ? ctx.loaders.source.load(c.firstAppearanceId)
        : null,
  assignee: (c: ClaimRecord, _: Args, ctx: Context) => (c.assigneeId ? ctx.loaders.user.load(c.assigneeId) : null),
  proposedBy: (c: ClaimRecord, _: Args, ctx: Context) => (c.proposedById ? ctx.loaders.user.load(c.proposedById) : null),
  approvedBy: (c: ClaimRecord, _: Args, ctx: Context) => (c.approvedById ? ctx.loaders.user.load(c.approvedById) : null),
  createdBy: (c: ClaimRecord, _: Args, ctx: Context) => (c.createdById ? ctx.loaders.user.load(c.createdById) : null),
};

const evidenceLinks = {
  source: (e: EvidenceRecord, _: Args, ctx: Context) =>
    e.source !== undefined ? e.source : e.sourceId ? ctx.loaders.source.load(e.sourceId) : null,
  addedBy: (e: EvidenceRecord, _: Args, ctx: Context) => (e.addedById ? ctx.loaders.user.load(e.addedById) : null),
};

const CONNECTION_NODE = [['edges', 'node'], ['nodes']];

export function listClaims(ctx: Context, args: ClaimListArgs, info: GraphQLResolveInfo) {
  return ctx.services.claimReads.list(ctx.viewer, args, claimIncludes(info, ...CONNECTION_NODE));
}

export const claimResolvers = {
  Query: {
    claims: (_: unknown, args: ClaimListArgs, ctx: Context, info: GraphQLResolveInfo) => listClaims(ctx, args, info),
    claim: (_: unknown, args: { id: string; asOf?: Date | null }, ctx: Context, info: GraphQLResolveInfo) =>
      args.asOf
        ? ctx.services.claims.asOf(ctx.viewer, args.id, args.asOf)
        : ctx.services.claimReads.get(ctx.viewer, args.id, claimIncludes(info, [])),
    claimRevision: (_: unknown, a: { claimId: string; asOf?: Date | null; version?: number | null }, ctx: Context) => {
      if ((a.asOf == null) === (a.version == null)) throw badInput('asOf', 'give exactly one of asOf and version.');
      return ctx.services.claims.revision(ctx.viewer, a.claimId, a.asOf != null ? { asOf: a.asOf } : { version: a.version! });
    },
    similarClaims: async (_: unknown, args: { text: string; first?: number | null }, ctx: Context) =>
      ctx.services.claimReads.similar(ctx.viewer, args.text, args.first),
    topics: (_: unknown, __: Args, ctx: Context) => ctx.services.topics.list(),
  },
  Mutation: {
    createClaim: (_: unknown, a: { input: unknown }, ctx: Context) => ctx.services.claims.create(staffOf(ctx), a.input),
    updateClaim: (_: unknown, a: { id: string; expectedVersion: number; input: unknown }, ctx: Context) =>
      ctx.services.claims.update(staffOf(ctx), a.id, a.expectedVersion, a.input),
    submitClaim: (_: unknown, a: { id: string; expectedVersion: number }, ctx: Context) =>
      ctx.services.claims.submit(staffOf(ctx), a.id, a.expectedVersion),
    proposeVerdict: (_: unknown, a: { id: string; expectedVersion: number; verdict: string; rationale: string }, ctx: Context) =>
      ctx.services.claims.proposeVerdict(staffOf(ctx), a.id, a.expectedVersion, a),
    approveVerdict: (_: unknown, a: { id: string; expectedVersion: number }, ctx: Context) =>
      ctx.services.claims.approve(staffOf(ctx), a.id, a.expectedVersion),
    rejectVerdict: (_: unknown, a: { id: string; expectedVersion: number; reason: string }, ctx: Context) =>
      ctx.services.claims.reject(staffOf(ctx), a.id, a.expectedVersion, a.reason),
    reopenClaim: (_: unknown, a: { id: string; expectedVersion: number; reason: string }, ctx: Context) =>
      ctx.services.claims.reopen(staffOf(ctx), a.id, a.expectedVersion, a.reason),
    archiveClaim: (_: unknown, a: { id: string; expectedVersion: number; reason: string }, ctx: Context) =>
      ctx.services.claims.archive(staffOf(ctx), a.id, a.expectedVersion, a.reason),
    restoreClaim: (_: unknown, a: { id: string; expectedVersion: number; reason?: string | null }, ctx: Context) =>
      ctx.services.claims.restore(staffOf(ctx), a.id, a.expectedVersion, a.reason),
    assignClaim: (_: unknown, a: { id: string; expectedVersion: number; assigneeId?: string | null }, ctx: Context) =>
      ctx.services.claims.assign(staffOf(ctx), a.id, a.expectedVersion, a.assigneeId ?? null),
    importClaimReviews: (_: unknown, a: { document: string }, ctx: Context) => {
      const viewer = staffOf(ctx);
      let document: unknown;
      try {
        document = parseReviewDocument(a.document);
      } catch {
        throw badInput('document', 'is not valid JSON.');
      }
      return ctx.services.claimReviews.import({ userId: viewer.userId, label: viewer.displayName }, document, 'the admin UI');
    },
  },
  Claim: {
    ...claimLinks,
    topics: (c: ClaimRecord, _: Args, ctx: Context) => c.topics ?? ctx.loaders.topicsOfClaim.load(c.id),
    evidence: async (c: ClaimRecord, a: { stance?: string | null }, ctx: Context) => {
      const all: EvidenceRecord[] = c.evidence ?? (await ctx.loaders.evidenceOfClaim.load(c.id));
      return a.stance ? all.filter((e) => e.stance === a.stance) : all;
    },
    disputes: (c: ClaimRecord, _: Args, ctx: Context) => ctx.loaders.disputesOfClaim.load(c.id),
    corrections: async (c: ClaimRecord, _: Args, ctx: Context) =>
      ctx.services.claims.corrections(await ctx.loaders.historyOfClaim.load(c.id)),
    history: (c: ClaimRecord, _: Args, ctx: Context) => ctx.loaders.historyOfClaim.load(c.id),
    nextActions: (c: ClaimRecord, _: Args, ctx: Context) => (c.asOf ? [] : ctx.services.claims.nextActions(ctx.viewer, c)),
    searchRank: (c: ClaimRecord) => c.searchRank ?? null,
    asOf: (c: ClaimRecord) => c.asOf ?? null,
  },
  ClaimRevision: {
    ...claimLinks,
    id: (c: ClaimRevisionRecord) => revisionId(c.id, c.version),
    claimId: (c: ClaimRevisionRecord) => c.id,
    claim: (c: ClaimRevisionRecord, _: Args, ctx: Context) => ctx.loaders.claim.load(c.id),
    // The history keeps slugs; the topics are looked up as they are now.
    topics: async (c: ClaimRevisionRecord, _: Args, ctx: Context) => {
      const slugs = new Set((c.topics ?? []).map((t) => t.slug));
      return (await ctx.services.topics.list()).filter((t) => slugs.has(t.slug));
    },
    evidence: (c: ClaimRevisionRecord, a: { stance?: string | null }) => (c.evidence ?? []).filter((e) => !a.stance || e.stance === a.stance),
  },
  Evidence: {
    ...evidenceLinks,
    claim: (e: EvidenceRecord, _: Args, ctx: Context) => ctx.loaders.claim.load(e.claimId),
  },
  EvidenceRevision: {
    ...evidenceLinks,
    evidenceId: (e: EvidenceRecord) => e.id,
  },
};
