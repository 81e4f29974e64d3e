import type { DataProvider } from 'react-admin';
import { ApiError, requestBody, type GraphQLClient } from './graphql';
import * as Q from './queries';
import {
  ACTOR_FIELDS,
  EVIDENCE_FIELDS,
  SOURCE_FIELDS,
  USER_FIELDS,
  actorFilter,
  actorOrder,
  auditFilter,
  changedFields,
  claimCreateInput,
  claimFilter,
  claimOrder,
  claimRecord,
  claimUpdateInput,
  createInput,
  disputeFilter,
  pageLocally,
  pageWindow,
  sourceFilter,
  sourceOrder,
  type Pagination,
  type Sort,
} from './mapping';

/**
 * react-admin's dataProvider over our GraphQL API. Standard methods map onto queries and
 * mutations per resource; the workflow, evidence and dispute actions are extra methods the
 * claim screens call through useDataProvider(). Every edit sends the version the user saw
 * (`previousData.version`, or the claim's version for evidence and disputes) as expectedVersion.
 */
type Rec = Record<string, unknown> & { id: string };
type Params = Record<string, unknown> & {
  pagination?: Pagination;
  sort?: Sort;
  filter?: Record<string, unknown>;
  meta?: Record<string, unknown>;
};

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
  nodes: Rec[];
}

export interface VerifyResult {
  claimId: string;
  valid: boolean;
  eventCount: number;
  currentVersion: number;
  headHash: string | null;
  firstBreak: { seq: number; reason: string; message: string } | null;
}

export interface HistoryEventRecord extends Rec {
  seq: number;
  action: string;
  version: number;
  userLabel: string;
  occurredAt: string;
  entityType: string;
  note: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
}

export interface Stats {
  claimsByStatus: { status: string; count: number }[];
  claimsByVerdict: { verdict: string; count: number }[];
  openDisputes: number | null;
  myAssignments: number | null;
  pendingMyApproval: number | null;
  weekly: { weekStart: string; created: number; published: number }[];
}

export interface TransitionArgs {
  verdict?: string;
  rationale?: string;
  reason?: string;
  assigneeId?: string | null;
}

/** What importClaimReviews did: claims created, reviews imported before, and each review refused with why. */
export interface ImportReport {
  created: number;
  skipped: number;
  /** `index` is the review's position in the document, from 0 (as `npm run import` numbers them). */
  failed: { index: number; url: string | null; reason: string }[];
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

export interface ClaimLedgerMethods {
  /** A workflow action on a claim (SUBMIT, APPROVE, ASSIGN …) at the version the user saw. */
  transition(claimId: string, action: Q.Transition, expectedVersion: number, args?: TransitionArgs): Promise<{ data: Rec }>;
  addEvidence(claimId: string, expectedVersion: number, input: Record<string, unknown>): Promise<{ data: Rec }>;
  updateEvidence(id: string, expectedVersion: number, data: Record<string, unknown>, previous: Record<string, unknown>): Promise<{ data: Rec }>;
  removeEvidence(id: string, expectedVersion: number, reason?: string): Promise<{ data: { id: string; version: number } }>;
  openDispute(claimId: string, input: { reason: string; counterEvidence?: string; raisedByName?: string }, expectedVersion?: number): Promise<{ data: Rec }>;
  resolveDispute(id: string, outcome: 'UPHELD' | 'REJECTED', note: string, expectedVersion?: number): Promise<{ data: Rec }>;
  withdrawDispute(id: string, reason: string | undefined, expectedVersion?: number): Promise<{ data: Rec }>;
  similarClaims(text: string, first?: number): Promise<{ similarity: number; claim: Rec }[]>;
  verifyHistory(claimId: string): Promise<VerifyResult>;
  /** The claim's history events after `version`: who changed what since the user loaded it. */
  changesSince(claimId: string, version: number): Promise<HistoryEventRecord[]>;
  stats(): Promise<Stats>;
  revokeApiKey(id: string): Promise<{ data: Rec }>;
  /**
   * Imports other fact-checkers' ClaimReview JSON-LD. A document too large for one request is
   * refused here with PAYLOAD_TOO_LARGE, without sending it: `npm run import` takes any size.
   */
  importClaimReviews(document: string): Promise<ImportReport>;
}

export type ClaimLedgerDataProvider = DataProvider & ClaimLedgerMethods;

/** The server refuses more than 15 aliases per query; ask for records by id in smaller batches. */
const BATCH = 10;

const unsupported = (resource: string, what: string) =>
  new ApiError(`${what} is not possible for ${resource}: ClaimLedger keeps every record and its history.`, 'BAD_USER_INPUT');

export function createDataProvider(client: GraphQLClient): ClaimLedgerDataProvider {
  const gql = client.request.bind(client);

  // Cursor of the row before each audit-log page, by filter and order: the log pages by cursor only.
  const auditCursors = new Map<string, string | null>();

  async function byIds(resource: string, ids: string[], withDetail = false): Promise<Rec[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += BATCH) chunks.push(ids.slice(i, i + BATCH));
    const found = await Promise.all(
      chunks.map(async (chunk) => {
        const vars = Object.fromEntries(chunk.map((id, i) => [`id${i}`, id]));
        const query = resource === 'actors' ? Q.actorsByIds(chunk.length) : Q.sourcesByIds(chunk.length, withDetail);
        const data = await gql<Record<string, Rec | null>>(query, vars);
        return Object.values(data).filter((r): r is Rec => r != null);
      }),
    );
    return found.flat();
  }

  const whole = {
    users: async () => (await gql<{ users: Rec[] }>(Q.USERS)).users,
    apiKeys: async () => (await gql<{ apiKeys: Rec[] }>(Q.API_KEYS)).apiKeys,
    staff: async () => (await gql<{ staff: Rec[] }>(Q.STAFF)).staff,
    // Topics are filtered by slug, so the slug is the record id.
    topics: async () => (await gql<{ topics: Rec[] }>(Q.TOPICS)).topics.map((t): Rec => ({ ...t, topicId: t.id, id: String(t.slug) })),
  } as const;
  const isWhole = (r: string): r is keyof typeof whole => r in whole;

  async function claimsPage(params: Params) {
    const { first, offset } = pageWindow(params.pagination);
    const { claims } = await gql<{ claims: Connection }>(Q.CLAIMS, {
      filter: claimFilter(params.filter),
      orderBy: claimOrder(params.sort, params.filter),
      first,
      offset,
    });
    return page(claims, claimRecord);
  }

  async function auditPage(params: Params) {
    const { first, offset } = pageWindow(params.pagination);
    const filter = auditFilter(params.filter);
    const newestFirst = params.sort?.order !== 'ASC';
    const key = (skip: number) => JSON.stringify([filter, newestFirst, skip]);
    let after: string | null = null;
    if (offset > 0) {
      if (auditCursors.has(key(offset))) after = auditCursors.get(key(offset)) ?? null;
      else {
        // Walk from the start in the largest steps the server allows, fetching cursors only.
        let skipped = 0;
        while (skipped < offset) {
          const step: number = Math.min(100, offset - skipped);
          const { auditLog }: { auditLog: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await gql(Q.AUDIT_LOG_CURSORS, {
            filter,
            first: step,
            after,
            newestFirst,
          });
          after = auditLog.pageInfo.endCursor;
          skipped += step;
          if (!auditLog.pageInfo.hasNextPage) break;
        }
      }
    }
    const { auditLog } = await gql<{
      auditLog: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: Rec }[] };
    }>(Q.AUDIT_LOG, { filter, first, after, newestFirst });
    if (auditLog.pageInfo.endCursor) auditCursors.set(key(offset + first), auditLog.pageInfo.endCursor);
    return {
      data: auditLog.edges.map((e) => e.node),
      total: auditLog.totalCount,
      pageInfo: { hasNextPage: auditLog.pageInfo.hasNextPage, hasPreviousPage: offset > 0 },
    };
  }

  async function getList(resource: string, params: Params) {
    const { first, offset } = pageWindow(params.pagination);
    switch (resource) {
      case 'claims':
        return claimsPage(params);
      case 'actors': {
        const { actors } = await gql<{ actors: Connection }>(Q.ACTORS, { filter: actorFilter(params.filter), orderBy: actorOrder(params.sort), first, offset });
        return page(actors);
      }
      case 'sources': {
        const { sources } = await gql<{ sources: Connection }>(Q.SOURCES, { filter: sourceFilter(params.filter), orderBy: sourceOrder(params.sort), first, offset });
        return page(sources);
      }
      case 'disputes': {
        // The server's order is the queue's: open first, then newest.
        const { disputes } = await gql<{ disputes: Connection }>(Q.DISPUTES, { filter: disputeFilter(params.filter), first, offset });
        return page(disputes);
      }
      case 'auditLog':
        return auditPage(params);
      default:
        if (isWhole(resource)) return pageLocally(await whole[resource](), params, ['displayName', 'email', 'name', 'prefix', 'slug']);
        throw unsupported(resource, 'Listing');
    }
  }

  async function getOne(resource: string, params: { id: unknown; meta?: Record<string, unknown> }) {
    const id = String(params.id);
    switch (resource) {
      case 'claims': {
        const asOf = typeof params.meta?.asOf === 'string' && params.meta.asOf ? params.meta.asOf : undefined;
        const { claim } = await gql<{ claim: Rec | null }>(Q.CLAIM, { id, asOf });
        if (!claim) throw new ApiError(asOf ? `This claim did not exist yet at ${asOf}.` : `No claim with id ${id}.`, 'NOT_FOUND');
        return { data: claimRecord(claim) };
      }
      case 'actors':
      case 'sources': {
        const [found] = await byIds(resource, [id], true);
        if (!found) throw new ApiError(`No ${resource === 'actors' ? 'actor' : 'source'} with id ${id}.`, 'NOT_FOUND');
        return { data: found };
      }
      default: {
        if (!isWhole(resource)) throw unsupported(resource, 'Opening one record');
        const found = (await whole[resource]()).find((r) => r.id === id);
        if (!found) throw new ApiError(`No ${resource} record with id ${id}.`, 'NOT_FOUND');
        return { data: found };
      }
    }
  }

  async function getMany(resource: string, params: { ids: unknown[] }) {
    const ids = [...new Set(params.ids.map(String))];
    if (resource === 'actors' || resource === 'sources') return { data: await byIds(resource, ids) };
    if (resource === 'claims') return { data: (await Promise.all(ids.map((id) => getOne('claims', { id }).then((r) => r.data, () => null)))).filter((r) => r !== null) };
    if (isWhole(resource)) return { data: (await whole[resource]()).filter((r) => ids.includes(r.id)) };
    throw unsupported(resource, 'Loading by id');
  }

  async function getManyReference(resource: string, params: Params & { target: string; id: unknown }) {
    const filter = { ...params.filter, [params.target]: params.id };
    return getList(resource, { ...params, filter });
  }

  async function create(resource: string, params: { data: Record<string, unknown>; meta?: Record<string, unknown> }) {
    const d = params.data;
    switch (resource) {
      case 'claims': {
        const { createClaim } = await gql<{ createClaim: Rec }>(Q.CREATE_CLAIM, { input: claimCreateInput(d) });
        return { data: claimRecord(createClaim) };
      }
      case 'actors': {
        const input = createInput(d, ACTOR_FIELDS);
        if (typeof d.aliases === 'string') input.aliases = splitList(d.aliases);
        return { data: (await gql<{ createActor: Rec }>(Q.CREATE_ACTOR, { input })).createActor };
      }
      case 'sources':
        return { data: (await gql<{ createSource: Rec }>(Q.CREATE_SOURCE, { input: createInput(d, SOURCE_FIELDS) })).createSource };
      case 'users':
        return { data: (await gql<{ createUser: Rec }>(Q.CREATE_USER, { input: createInput(d, USER_FIELDS) })).createUser };
      case 'apiKeys': {
        // The secret exists only in this answer: the record carries it so the screen can show it once.
        const { createApiKey } = await gql<{ createApiKey: { secret: string; apiKey: Rec } }>(Q.CREATE_API_KEY, { name: String(d.name ?? '').trim() });
        return { data: { ...createApiKey.apiKey, secret: createApiKey.secret } };
      }
      case 'disputes':
        return methods.openDispute(
          String(d.claimId),
          { reason: String(d.reason ?? ''), counterEvidence: opt(d.counterEvidence), raisedByName: opt(d.raisedByName) },
          num(params.meta?.expectedVersion),
        );
      case 'evidence':
        return methods.addEvidence(String(d.claimId), Number(params.meta?.expectedVersion), createInput(d, EVIDENCE_FIELDS));
      default:
        throw unsupported(resource, 'Creating');
    }
  }

  async function update(resource: string, params: { id: unknown; data: Record<string, unknown>; previousData: Record<string, unknown>; meta?: Record<string, unknown> }) {
    const id = String(params.id);
    const prev = params.previousData ?? {};
    const expectedVersion = Number(prev.version);
    switch (resource) {
      case 'claims': {
        const input = claimUpdateInput(params.data, prev);
        if (!Object.keys(input).length) return { data: { ...prev, id } as Rec };
        const { updateClaim } = await gql<{ updateClaim: Rec }>(Q.UPDATE_CLAIM, { id, expectedVersion, input });
        return { data: claimRecord(updateClaim) };
      }
      case 'actors': {
        const data = { ...params.data };
        if (typeof data.aliases === 'string') data.aliases = splitList(data.aliases);
        const input = changedFields(data, prev, ACTOR_FIELDS);
        return { data: (await gql<{ updateActor: Rec }>(Q.UPDATE_ACTOR, { id, expectedVersion, input })).updateActor };
      }
      case 'sources': {
        const input = changedFields(params.data, prev, SOURCE_FIELDS);
        return { data: (await gql<{ updateSource: Rec }>(Q.UPDATE_SOURCE, { id, expectedVersion, input })).updateSource };
      }
      case 'users': {
        const input = changedFields(params.data, prev, USER_FIELDS);
        // An empty password box means "keep the password", never "remove it".
        if (input.password == null) delete input.password;
        return { data: (await gql<{ updateUser: Rec }>(Q.UPDATE_USER, { id, expectedVersion, input })).updateUser };
      }
      case 'evidence':
        return methods.updateEvidence(id, Number(params.meta?.expectedVersion), params.data, prev);
      default:
        throw unsupported(resource, 'Editing');
    }
  }

  async function updateMany(resource: string, params: { ids: unknown[]; data: Record<string, unknown>; meta?: Record<string, unknown> }) {
    if (resource !== 'claims' || !('assigneeId' in params.data)) throw unsupported(resource, 'Editing several records at once');
    const assigneeId = params.data.assigneeId == null || params.data.assigneeId === '' ? null : String(params.data.assigneeId);
    return bulk(params.ids, params.meta, 'assigned', (id, v) => methods.transition(id, 'ASSIGN', v, { assigneeId }));
  }

  async function del(resource: string, params: { id: unknown; previousData?: Record<string, unknown>; meta?: Record<string, unknown> }) {
    const id = String(params.id);
    switch (resource) {
      case 'claims': {
        const reason = opt(params.meta?.reason);
        if (!reason) throw new ApiError('reason: say why the claim is archived.', 'BAD_USER_INPUT', { field: 'reason' });
        return methods.transition(id, 'ARCHIVE', Number(params.previousData?.version), { reason });
      }
      case 'evidence': {
        await methods.removeEvidence(id, Number(params.meta?.expectedVersion), opt(params.meta?.reason));
        return { data: { ...(params.previousData ?? {}), id } as Rec };
      }
      case 'apiKeys':
        return methods.revokeApiKey(id);
      default:
        throw unsupported(resource, 'Deleting');
    }
  }

  async function deleteMany(resource: string, params: { ids: unknown[]; meta?: Record<string, unknown> }) {
    if (resource === 'claims') {
      const reason = opt(params.meta?.reason);
      if (!reason) throw new ApiError('reason: say why the claims are archived.', 'BAD_USER_INPUT', { field: 'reason' });
      return bulk(params.ids, params.meta, 'archived', (id, v) => methods.transition(id, 'ARCHIVE', v, { reason }));
    }
    if (resource === 'apiKeys') return { data: (await Promise.all(params.ids.map((id) => methods.revokeApiKey(String(id))))).map((r) => r.data.id) };
    throw unsupported(resource, 'Deleting');
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
        if (v === undefined) v = Number((await getOne('claims', { id })).data.version);
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

  const methods: ClaimLedgerMethods = {
    async transition(claimId, action, expectedVersion, args = {}) {
      const mutation = Q.TRANSITIONS[action].mutation;
      const data = await gql<Record<string, Rec>>(Q.transitionMutation(action), { id: claimId, expectedVersion, ...args });
      return { data: claimRecord(data[mutation]!) };
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
    async similarClaims(text, first = 5) {
      if (text.trim().length < 12) return [];
      return (await gql<{ similarClaims: { similarity: number; claim: Rec }[] }>(Q.SIMILAR_CLAIMS, { text, first })).similarClaims;
    },
    async verifyHistory(claimId) {
      return (await gql<{ verifyHistory: VerifyResult }>(Q.VERIFY_HISTORY, { claimId })).verifyHistory;
    },
    async changesSince(claimId, version) {
      const { claim } = await gql<{ claim: { history: HistoryEventRecord[] } | null }>(Q.CLAIM_HISTORY, { id: claimId });
      return (claim?.history ?? []).filter((e) => e.version > version);
    },
    async stats() {
      return (await gql<{ stats: Stats }>(Q.STATS)).stats;
    },
    async revokeApiKey(id) {
      return { data: (await gql<{ revokeApiKey: Rec }>(Q.REVOKE_API_KEY, { id })).revokeApiKey };
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

  const provider = {
    getList,
    getOne,
    getMany,
    getManyReference,
    create,
    update,
    updateMany,
    delete: del,
    deleteMany,
    ...methods,
  };
  // react-admin types each method as generic over the record type; ours are concrete records.
  return provider as unknown as ClaimLedgerDataProvider;
}

function page(c: Connection, map: (r: Rec) => Rec = (r) => r) {
  return { data: c.nodes.map(map), total: c.totalCount, pageInfo: c.pageInfo };
}

/**
 * Sizes as the server's limit is written (100kb = 102,400 bytes), rounded up to a tenth so a size
 * just over the limit never reads as the limit itself.
 */
export const kB = (bytes: number): string => `${Math.ceil((bytes * 10) / 1024) / 10} kB`;

function opt(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function splitList(s: string): string[] {
  return s
    .split(/[\n;]/)
    .map((x) => x.trim())
    .filter(Boolean);
}
