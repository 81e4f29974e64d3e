import { ApiError, requestBody } from './graphql';
import { EVIDENCE_FIELDS, changedFields, claimCreateInput, claimFilter, claimOrder, claimRecord, claimRevisionRecord, claimUpdateInput, createInput, pageWindow } from './mapping';
import * as Q from './queries';
import { byIds, opt, page, unsupported, type Connection, type Gql, type Params, type Rec, type Resource } from './resource';

/**
 * Claims and their evidence: the list and the claim page, edits, the workflow transitions (one at
 * a time or in bulk), evidence changes, possible duplicates, the dashboard's counts and
 * ClaimReview imports. Every change sends the version the user saw as expectedVersion.
 */
export interface TransitionArgs {
  verdict?: string;
  rationale?: string;
  reason?: string;
  assigneeId?: string | null;
}

interface Stats {
  claimsByStatus: { status: string; count: number }[];
  claimsByVerdict: { verdict: string; count: number }[];
  openDisputes: number | null;
  myAssignments: number | null;
  pendingMyApproval: number | null;
  weekly: { weekStart: string; created: number; published: number }[];
}

/** What importClaimReviews did: claims created, reviews imported before, and each review refused with why. */
export interface ImportReport {
  created: number;
  skipped: number;
  /** `index` is the review's position in the document, from 0 (as `npm run import` numbers them). */
  failed: { index: number; url: string | null; reason: string }[];
}

export interface ClaimMethods {
  /** A workflow action on a claim (SUBMIT, APPROVE, ASSIGN …) at the version the user saw. */
  transition(claimId: string, action: Q.Transition, expectedVersion: number, args?: TransitionArgs): Promise<{ data: Rec }>;
  addEvidence(claimId: string, expectedVersion: number, input: Record<string, unknown>): Promise<{ data: Rec }>;
  updateEvidence(id: string, expectedVersion: number, data: Record<string, unknown>, previous: Record<string, unknown>): Promise<{ data: Rec }>;
  removeEvidence(id: string, expectedVersion: number, reason?: string): Promise<{ data: { id: string; version: number } }>;
  similarClaims(text: string, first?: number): Promise<{ similarity: number; claim: Rec }[]>;
  stats(): Promise<Stats>;
  /**
   * Imports other fact-checkers' ClaimReview JSON-LD. A document too large for one request is
   * refused here with PAYLOAD_TOO_LARGE, without sending it: `npm run import` takes any size.
   */
  importClaimReviews(document: string): Promise<ImportReport>;
}

/**
 * The most one request may carry: the server's default BODY_LIMIT (100kb, which its body parser
 * counts as 102,400 bytes). The server does not publish its setting, so the UI holds to the
 * default; a server configured lower still refuses with PAYLOAD_TOO_LARGE.
 */
export const REQUEST_LIMIT_BYTES = 100 * 1024;

/** The bytes an import of `document` sends: the document JSON-escaped inside the whole request, in UTF-8. */
export const importRequestBytes = (document: string): number =>
  new TextEncoder().encode(requestBody(Q.IMPORT_CLAIM_REVIEWS, { document })).length;

/**
 * Sizes as the server's limit is written (100kb = 102,400 bytes), rounded up to a tenth so a size
 * just over the limit never reads as the limit itself.
 */
export const kB = (bytes: number): string => `${Math.ceil((bytes * 10) / 1024) / 10} kB`;

const reasonRequired = (what: string) => new ApiError(`reason: say why the ${what} archived.`, 'BAD_USER_INPUT', { field: 'reason' });

export function claimsModule(gql: Gql): { claims: Resource; evidence: Resource; methods: ClaimMethods } {
  async function claimsPage(params: Params) {
    const { first, offset } = pageWindow(params.pagination);
    const { claims } = await gql<{ claims: Connection & { edges: { searchRank: number | null }[] } }>(Q.CLAIMS, {
      filter: claimFilter(params.filter),
      orderBy: claimOrder(params.sort, params.filter),
      first,
      offset,
    });
    // A rank belongs to this search's list (its edge), not to the claim: shown next to the row.
    return page({ ...claims, nodes: claims.nodes.map((n, i) => ({ ...n, searchRank: claims.edges[i]?.searchRank ?? null })) }, claimRecord);
  }

  async function getOne({ id, meta }: { id: unknown; meta?: Record<string, unknown> }) {
    // meta.asOf: the claim as it was at that instant (its revision then), for the read-only view.
    const asOf = typeof meta?.asOf === 'string' && meta.asOf ? meta.asOf : undefined;
    if (asOf) {
      const { claimRevision } = await gql<{ claimRevision: Record<string, unknown> | null }>(Q.CLAIM_REVISION, { claimId: String(id), asOf });
      if (!claimRevision) throw new ApiError(`This claim did not exist yet at ${asOf}.`, 'NOT_FOUND', { asOf });
      return { data: claimRevisionRecord(claimRevision) };
    }
    const { claim } = await gql<{ claim: Rec | null }>(Q.CLAIM, { id: String(id) });
    if (!claim) throw new ApiError(`No claim with id ${String(id)}.`, 'NOT_FOUND', {});
    return { data: claimRecord(claim) };
  }

  /**
   * The same action on several claims, each at the version the user saw in the list
   * (meta.versions); claims not on screen are read first. Every claim is tried; if some are
   * refused, the error says how many went through and why the others did not.
   */
  async function bulk(ids: unknown[], meta: Record<string, unknown> | undefined, verb: string, act: (id: string, version: number) => Promise<unknown>) {
    const versions = (meta?.versions ?? {}) as Record<string, number>;
    const results = await Promise.allSettled(
      ids.map(async (raw) => {
        const id = String(raw);
        let v = versions[id];
        if (v === undefined) v = Number((await getOne({ id })).data.version);
        await act(id, v);
        return id;
      }),
    );
    const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failed.length) {
      const first = failed[0];
      const why = first instanceof Error ? first.message : String(first);
      throw new ApiError(
        `${done.length} of ${ids.length} claims ${verb}; ${failed.length} refused. First refusal: ${why}`,
        first instanceof ApiError ? first.code : 'INTERNAL_SERVER_ERROR',
        { ...(first instanceof ApiError ? first.extensions : {}), done, refused: failed.length },
      );
    }
    return { data: done };
  }

  const methods: ClaimMethods = {
    async transition(claimId, action, expectedVersion, args = {}) {
      const data = await gql<Record<string, { claim: Rec }>>(Q.transitionMutation(action), { input: { claimId, expectedVersion, ...args } });
      return { data: claimRecord(data[Q.TRANSITIONS[action]]!.claim) };
    },
    async addEvidence(claimId, expectedVersion, input) {
      const { addEvidence } = await gql<{ addEvidence: Rec }>(Q.ADD_EVIDENCE, { claimId, expectedVersion, input: createInput(input, EVIDENCE_FIELDS) });
      return { data: addEvidence };
    },
    async updateEvidence(id, expectedVersion, data, previous) {
      const input = changedFields(data, previous, EVIDENCE_FIELDS);
      const { updateEvidence } = await gql<{ updateEvidence: Rec }>(Q.UPDATE_EVIDENCE, { id, expectedVersion, input });
      return { data: updateEvidence };
    },
    async removeEvidence(id, expectedVersion, reason) {
      const { removeEvidence } = await gql<{ removeEvidence: { id: string; version: number } }>(Q.REMOVE_EVIDENCE, { id, expectedVersion, reason });
      return { data: removeEvidence };
    },
    async similarClaims(text, first = 5) {
      if (text.trim().length < 12) return [];
      return (await gql<{ similarClaims: { similarity: number; claim: Rec }[] }>(Q.SIMILAR_CLAIMS, { text, first })).similarClaims;
    },
    async stats() {
      return (await gql<{ stats: Stats }>(Q.STATS)).stats;
    },
    async importClaimReviews(document) {
      const bytes = importRequestBytes(document);
      if (bytes > REQUEST_LIMIT_BYTES) {
        throw new ApiError(
          `This document is too large to send from here: the request would be ${kB(bytes)}, and the server accepts at most ${kB(REQUEST_LIMIT_BYTES)}. Import it with npm run import instead.`,
          'PAYLOAD_TOO_LARGE',
          { bytes, limit: REQUEST_LIMIT_BYTES },
        );
      }
      return (await gql<{ importClaimReviews: ImportReport }>(Q.IMPORT_CLAIM_REVIEWS, { document })).importClaimReviews;
    },
  };

  const claims: Resource = {
    getList: claimsPage,
    getOne,
    getMany: async ({ ids }) => ({ data: await byIds(gql, Q.CLAIMS, 'claims', ids, claimRecord) }),
    async create({ data }) {
      const { createClaim } = await gql<{ createClaim: Rec }>(Q.CREATE_CLAIM, { input: claimCreateInput(data) });
      return { data: claimRecord(createClaim) };
    },
    async update({ id, data, previousData }) {
      const prev = previousData ?? {};
      const input = claimUpdateInput(data, prev);
      if (!Object.keys(input).length) return { data: { ...prev, id: String(id) } as Rec };
      const { updateClaim } = await gql<{ updateClaim: Rec }>(Q.UPDATE_CLAIM, { id: String(id), expectedVersion: Number(prev.version), input });
      return { data: claimRecord(updateClaim) };
    },
    // Editing several claims at once means assigning them.
    async updateMany({ ids, data, meta }) {
      if (!('assigneeId' in data)) throw unsupported('claims', 'Editing several records at once');
      const assigneeId = data.assigneeId == null || data.assigneeId === '' ? null : String(data.assigneeId);
      return bulk(ids, meta, 'assigned', (id, v) => methods.transition(id, 'ASSIGN', v, { assigneeId }));
    },
    // Deleting a claim means archiving it, for a reason.
    async delete({ id, previousData, meta }) {
      const reason = opt(meta?.reason);
      if (!reason) throw reasonRequired('claim is');
      return methods.transition(String(id), 'ARCHIVE', Number(previousData?.version), { reason });
    },
    async deleteMany({ ids, meta }) {
      const reason = opt(meta?.reason);
      if (!reason) throw reasonRequired('claims are');
      return bulk(ids, meta, 'archived', (id, v) => methods.transition(id, 'ARCHIVE', v, { reason }));
    },
  };

  // Evidence lives on its claim's page; each change carries the claim's version (meta.expectedVersion).
  // Listed only as the evidence citing one source (filter.sourceId: the source's page), in pages.
  const evidence: Resource = {
    async getList(params) {
      const sourceId = opt(params.filter?.sourceId);
      if (!sourceId) throw unsupported('evidence', 'Listing evidence other than that citing one source');
      const { first, offset } = pageWindow(params.pagination);
      const { source } = await gql<{ source: { citations: Connection } | null }>(Q.SOURCE_CITATIONS, { id: sourceId, first, offset });
      if (!source) throw new ApiError(`No source with id ${sourceId}.`, 'NOT_FOUND');
      return page(source.citations);
    },
    create: ({ data, meta }) => methods.addEvidence(String(data.claimId), Number(meta?.expectedVersion), createInput(data, EVIDENCE_FIELDS)),
    update: ({ id, data, previousData, meta }) => methods.updateEvidence(String(id), Number(meta?.expectedVersion), data, previousData ?? {}),
    async delete({ id, previousData, meta }) {
      await methods.removeEvidence(String(id), Number(meta?.expectedVersion), opt(meta?.reason));
      return { data: { ...(previousData ?? {}), id: String(id) } as Rec };
    },
  };

  return { claims, evidence, methods };
}
