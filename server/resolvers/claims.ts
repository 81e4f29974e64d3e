import type { GraphQLResolveInfo } from 'graphql';
import { correctionsSeen } from '../domain/claimReplay';
import { parseReviewDocument } from '../domain/claimReview';
import { rejectedProposal, type RejectedProposal } from '../domain/proposals';
import { badInput, unauthenticated } from '../domain/errors';
import { SUPERSEDED_MUTATIONS, type PayloadMutation } from '../domain/permissions';
import { isStaff, type StaffViewer } from '../domain/viewer';
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
/**
 * The proposal rejected by the version shown and not followed by another proposal: a claim read
 * now, `asOf` an instant, or one of its revisions.
 */
const rejectedProposalUpTo = async (c: { id: string; version: number }, _: Args, ctx: Context) =>
  rejectedProposal((await ctx.loaders.historyOfClaim.load(c.id)).filter((e) => e.version <= c.version));

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

/** What a workflow mutation's `input` holds (each takes the fields its input type declares). */
interface WorkflowInput {
  claimId: string;
  expectedVersion: number;
  verdict?: string;
  rationale?: string;
  reason?: string | null;
  assigneeId?: string | null;
}

/** The claim workflow's changes, by their mutation (one input, a payload: see SUPERSEDED_MUTATIONS). */
const WORKFLOW: Record<PayloadMutation, (viewer: StaffViewer, i: WorkflowInput, ctx: Context) => Promise<unknown>> = {
  claimSubmit: (v, i, ctx) => ctx.services.claims.submit(v, i.claimId, i.expectedVersion),
  claimProposeVerdict: (v, i, ctx) => ctx.services.claims.proposeVerdict(v, i.claimId, i.expectedVersion, { verdict: i.verdict!, rationale: i.rationale! }),
  claimApproveVerdict: (v, i, ctx) => ctx.services.claims.approve(v, i.claimId, i.expectedVersion),
  claimRejectVerdict: (v, i, ctx) => ctx.services.claims.reject(v, i.claimId, i.expectedVersion, i.reason!),
  claimReopen: (v, i, ctx) => ctx.services.claims.reopen(v, i.claimId, i.expectedVersion, i.reason!),
  claimArchive: (v, i, ctx) => ctx.services.claims.archive(v, i.claimId, i.expectedVersion, i.reason!),
  claimRestore: (v, i, ctx) => ctx.services.claims.restore(v, i.claimId, i.expectedVersion, i.reason),
  claimAssign: (v, i, ctx) => ctx.services.claims.assign(v, i.claimId, i.expectedVersion, i.assigneeId ?? null),
};

const CONNECTION_NODE = [['edges', 'node'], ['nodes']];

export function listClaims(ctx: Context, args: ClaimListArgs, info: GraphQLResolveInfo) {
  return ctx.services.claimReads.list(ctx.viewer, args, claimIncludes(info, ...CONNECTION_NODE));
}

/** The claim's publication state: read with it, or (a claim a write returned) through the claim loader. */
const publication = async (c: ClaimRecord, ctx: Context) => (c.correctionInProgress !== undefined ? c : ctx.loaders.claim.load(c.id));

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
    ...Object.fromEntries(
      Object.entries(WORKFLOW).map(([name, run]) => [
        name,
        async (_: unknown, a: { input: WorkflowInput }, ctx: Context) => ({ claim: await run(staffOf(ctx), a.input, ctx) }),
      ]),
    ),
    // The deprecated shapes: the same change from loose arguments, answering the claim itself.
    ...Object.fromEntries(
      Object.entries(SUPERSEDED_MUTATIONS).map(([old, now]) => [
        old,
        (_: unknown, { id, ...a }: Omit<WorkflowInput, 'claimId'> & { id: string }, ctx: Context) => WORKFLOW[now](staffOf(ctx), { ...a, claimId: id }, ctx),
      ]),
    ),
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
      correctionsSeen(isStaff(ctx.viewer), await ctx.loaders.historyOfClaim.load(c.id)),
    correctionInProgress: async (c: ClaimRecord, _: Args, ctx: Context) => (await publication(c, ctx))?.correctionInProgress ?? false,
    withdrawn: async (c: ClaimRecord, _: Args, ctx: Context) => {
      const p = await publication(c, ctx);
      return p?.withdrawnAt ? { at: p.withdrawnAt, reason: p.withdrawnReason ?? null } : null;
    },
    history: (c: ClaimRecord, _: Args, ctx: Context) => ctx.loaders.historyOfClaim.load(c.id),
    rejectedProposal: rejectedProposalUpTo,
    nextActions: (c: ClaimRecord, _: Args, ctx: Context) => (c.asOf ? [] : ctx.services.claims.nextActions(ctx.viewer, c)),
    searchRank: (c: ClaimRecord) => c.searchRank ?? null,
    asOf: (c: ClaimRecord) => c.asOf ?? null,
  },
  ClaimEdge: {
    searchRank: (e: { node: ClaimRecord }) => e.node.searchRank ?? null,
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
    rejectedProposal: rejectedProposalUpTo,
  },
  RejectedProposal: {
    proposedBy: (p: RejectedProposal, _: Args, ctx: Context) => (p.proposedById ? ctx.loaders.user.load(p.proposedById) : null),
    rejectedBy: (p: RejectedProposal, _: Args, ctx: Context) => (p.rejectedById ? ctx.loaders.user.load(p.rejectedById) : null),
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
