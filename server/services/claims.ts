import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Claim } from '../db/entities';
import { fetchPage, type Connection, type Ordering } from '../db/paging';
import { preparedRows } from '../db/prepared';
import { one, rows, SqlParams } from '../db/sql';
import { pageWindow } from '../domain/cursor';
import { AppError, badInput, notFound } from '../domain/errors';
import { chainOf, diffStates, type HistoryAction } from '../domain/history';
import {
  createClaimInput,
  idList,
  parseInput,
  reasonInput,
  optionalReasonInput,
  updateClaimInput,
  uuid,
  verdictInput,
} from '../domain/validation';
import { authorOf, isStaff, type ChangeAuthor, type StaffViewer, type Viewer } from '../domain/viewer';
import { inRoleGroup, type AttributionStatus, type DisputeStatus, type ReviewStatus, type Role, type Verdict } from '../domain/vocabulary';
import {
  allowedActions,
  ANNOTATION_FIELDS,
  assertAllowed,
  nextState,
  VERDICTS_WITHOUT_EVIDENCE,
  type ClaimAction,
} from '../domain/workflow';
import { claimState, exists, type ClaimInclude, type ClaimLocks, type ClaimRecord, type ClaimSql, type LockedClaim } from './claimRows';
import { ClaimJson, compactJson, type JsonField } from './claimJson';
import type { HistoryService, StoredEvent } from './history';
import type { TopicService } from './topics';

export type ClaimOrder =
  | 'NEWEST'
  | 'OLDEST'
  | 'RECENTLY_UPDATED'
  | 'RECENTLY_PUBLISHED'
  | 'CLAIMED_ON_DESC'
  | 'CLAIMED_ON_ASC'
  | 'RELEVANCE';

export interface ClaimFilter {
  ids?: string[] | null;
  reviewStatus?: ReviewStatus[] | null;
  verdict?: Verdict[] | null;
  disputeStatus?: DisputeStatus[] | null;
  attributionStatus?: AttributionStatus[] | null;
  claimantId?: string | null;
  firstAppearanceId?: string | null;
  topic?: string | null;
  claimedFrom?: string | null;
  claimedTo?: string | null;
  search?: string | null;
  assigneeId?: string | null;
  assignedToMe?: boolean | null;
  language?: string | null;
}

/** What a ClaimReview import adds to a new claim. */
export interface ImportedReview {
  verdict: Verdict;
  verdictRationale: string;
  originalRating: string | null;
  originalRatingValue: number | null;
  originalBestRating: number | null;
  originalWorstRating: number | null;
  importedFrom: string;
  importedKey: string;
}

export interface ClaimListArgs {
  filter?: ClaimFilter | null;
  orderBy?: ClaimOrder | null;
  first?: number | null;
  after?: string | null;
  offset?: number | null;
}

const TSQUERY = `websearch_to_tsquery('english', $SEARCH)`;

const ORDERINGS: Record<Exclude<ClaimOrder, 'RELEVANCE'>, Ordering> = {
  NEWEST: { name: 'NEWEST', expr: 'c.created_at', type: 'timestamptz', descending: true },
  OLDEST: { name: 'OLDEST', expr: 'c.created_at', type: 'timestamptz', descending: false },
  RECENTLY_UPDATED: { name: 'RECENTLY_UPDATED', expr: 'c.updated_at', type: 'timestamptz', descending: true },
  RECENTLY_PUBLISHED: { name: 'RECENTLY_PUBLISHED', expr: 'c.published_at', type: 'timestamptz', descending: true },
  // Claims without a date sort as the oldest.
  CLAIMED_ON_DESC: { name: 'CLAIMED_ON_DESC', expr: `COALESCE(c.claimed_on, '-infinity'::date)`, type: 'date', descending: true },
  CLAIMED_ON_ASC: { name: 'CLAIMED_ON_ASC', expr: `COALESCE(c.claimed_on, '-infinity'::date)`, type: 'date', descending: false },
};

/** Reads and writes claims; the only writer of the claims table besides evidence and dispute changes. */
export class ClaimService {
  private readonly json: ClaimJson;

  constructor(
    private readonly ds: DataSource,
    private readonly sql: ClaimSql,
    private readonly locks: ClaimLocks,
    private readonly history: HistoryService,
    private readonly topics: TopicService,
    private readonly maxPageSize: number,
  ) {
    this.json = new ClaimJson(ds);
  }

  // ---------------------------------------------------------------- reads

  async list(viewer: Viewer, args: ClaimListArgs, include: ClaimInclude): Promise<Connection<ClaimRecord>> {
    const q = this.listQuery(viewer, args);
    const select = this.sql.select(viewer, include) + (q.rank ? `, ${q.rank} AS "searchRank"` : '');
    return fetchPage<ClaimRecord>(this.ds, {
      select,
      from: 'claims c',
      where: q.where,
      params: q.params,
      ordering: q.ordering,
      idColumn: 'c.id',
      window: q.window,
      after: args.after,
    });
  }

  /**
   * A public reader's `claims` answered as JSON text built by PostgreSQL in one statement (the
   * fast path): the same filters, ordering and pages as `list`, shaped by the client's selection.
   */
  async listJson(viewer: Viewer, args: ClaimListArgs, selection: JsonField[]): Promise<string> {
    const q = this.listQuery(viewer, args);
    const sql = this.json.connection(viewer, { ...q, after: args.after ?? null }, selection);
    const [row] = await preparedRows<{ body: string }>(this.ds, sql, q.params.values);
    return compactJson(row!.body);
  }

  /** Filters, ordering and page window of a `claims` request: shared by both read paths. */
  private listQuery(viewer: Viewer, args: ClaimListArgs) {
    const filter = args.filter ?? {};
    const window = pageWindow(args.first, args.offset, this.maxPageSize);
    const params = new SqlParams();
    const { where, searchParam } = this.conditions(viewer, filter, params);
    let ordering: Ordering;
    const order = args.orderBy ?? (searchParam ? 'RELEVANCE' : 'NEWEST');
    // The same placeholder as the filter's: the count query shares the filter's parameters.
    const rank = searchParam ? `ts_rank_cd(c.search_vector, ${TSQUERY.replace('$SEARCH', searchParam)})` : null;
    if (order === 'RELEVANCE') {
      if (!rank) throw badInput('orderBy', 'RELEVANCE needs filter.search.');
      // Ranks belong to one search text: a cursor from another search is refused, not misread.
      const searchKey = createHash('sha256').update(filter.search!.trim()).digest('base64url').slice(0, 12);
      ordering = { name: `RELEVANCE:${searchKey}`, expr: rank, type: 'real', descending: true };
    } else {
      ordering = ORDERINGS[order];
      if (order === 'RECENTLY_PUBLISHED') where.push('c.published_at IS NOT NULL');
    }
    return { where, params, ordering, window, rank };
  }

  private conditions(viewer: Viewer, f: ClaimFilter, p: SqlParams): { where: string[]; searchParam: string | null } {
    const where: string[] = [];
    let searchParam: string | null = null;
    if (!isStaff(viewer)) where.push(`c.review_status = 'PUBLISHED'`);
    if (f.ids) where.push(`c.id = ANY(${p.add(idList('filter.ids', f.ids, this.maxPageSize))}::uuid[])`);
    if (f.reviewStatus?.length) where.push(`c.review_status = ANY(${p.add(f.reviewStatus)}::text[])`);
    if (f.verdict?.length) where.push(`c.verdict = ANY(${p.add(f.verdict)}::text[])`);
    if (f.disputeStatus?.length) where.push(`c.dispute_status = ANY(${p.add(f.disputeStatus)}::text[])`);
    if (f.attributionStatus?.length) where.push(`c.attribution_status = ANY(${p.add(f.attributionStatus)}::text[])`);
    if (f.claimantId) where.push(`c.claimant_id = ${p.add(this.id('filter.claimantId', f.claimantId))}`);
    if (f.firstAppearanceId) {
      where.push(`c.first_appearance_id = ${p.add(this.id('filter.firstAppearanceId', f.firstAppearanceId))}`);
    }
    if (f.topic) {
      where.push(`EXISTS (SELECT 1 FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id
                   WHERE ct.claim_id = c.id AND t.slug = ${p.add(f.topic.trim().toLowerCase())})`);
    }
    if (f.claimedFrom) where.push(`c.claimed_on >= ${p.add(f.claimedFrom)}`);
    if (f.claimedTo) where.push(`c.claimed_on <= ${p.add(f.claimedTo)}`);
    if (f.claimedFrom && f.claimedTo && f.claimedFrom > f.claimedTo) {
      throw badInput('filter.claimedTo', 'must not be before filter.claimedFrom.');
    }
    if (f.language) where.push(`c.language = ${p.add(f.language)}`);
    if (f.search !== undefined && f.search !== null) {
      const search = f.search.trim();
      if (!search) throw badInput('filter.search', 'must not be empty.');
      if (search.length > 500) throw badInput('filter.search', 'must be at most 500 characters.');
      searchParam = p.add(search);
      where.push(`c.search_vector @@ ${TSQUERY.replace('$SEARCH', searchParam)}`);
    }
    if (f.assigneeId || f.assignedToMe) {
      if (!isStaff(viewer)) throw new AppError('FORBIDDEN', 'Only newsroom staff can filter by assignee.');
      const assignee = f.assignedToMe ? viewer.userId : this.id('filter.assigneeId', f.assigneeId!);
      where.push(`c.assignee_id = ${p.add(assignee)}`);
    }
    return { where, searchParam };
  }

  private id(field: string, value: string): string {
    if (!uuid.safeParse(value).success) throw badInput(field, 'is not a valid id.');
    return value;
  }

  /** Batched lookup by id for DataLoader; claims the viewer may not see come back as null. */
  async byIds(viewer: Viewer, ids: readonly string[], include: ClaimInclude = {}): Promise<(ClaimRecord | null)[]> {
    const valid = ids.filter((id) => uuid.safeParse(id).success);
    const found = valid.length
      ? await rows<ClaimRecord>(
          this.ds,
          `SELECT ${this.sql.select(viewer, include)} FROM claims c WHERE c.id = ANY($1::uuid[])
           ${isStaff(viewer) ? '' : `AND c.review_status = 'PUBLISHED'`}`,
          [valid],
        )
      : [];
    const byId = new Map(found.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async get(viewer: Viewer, id: string, include: ClaimInclude = {}): Promise<ClaimRecord | null> {
    return (await this.byIds(viewer, [id], include))[0] ?? null;
  }

  /**
   * The claim as it was at `asOf`, rebuilt from its history. Public readers get it only if it was
   * published at that instant.
   */
  async asOf(viewer: Viewer, id: string, asOf: Date): Promise<ClaimRecord | null> {
    if (!uuid.safeParse(id).success) return null;
    const events = await this.history.chainUntil(chainOf('CLAIM', id), asOf);
    const snapshot = replayClaim(events);
    if (!snapshot) return null;
    if (!isStaff(viewer) && snapshot.claim.reviewStatus !== 'PUBLISHED') return null;
    const evidence = [...snapshot.evidence.values()].filter(
      (e) => !e.removedAt && (isStaff(viewer) || e.isPublic),
    );
    return { ...snapshot.claim, evidence, asOf: asOf.toISOString() };
  }

  /**
   * Existing claims most like `text`, best first. Candidates come from the indexes (any shared
   * word stem, or trigram similarity of the statement); they are then ranked by how closely the
   * text matches words of the statement or of the verbatim quote ("the oil cap was breached"
   * finds "the cap of 500,000 barrels has been breached").
   */
  async similar(viewer: Viewer, text: string, first: number | null | undefined) {
    const probe = text.trim();
    if (probe.length < 3) throw badInput('text', 'must be at least 3 characters.');
    if (probe.length > 1000) throw badInput('text', 'must be at most 1000 characters.');
    const { first: limit } = pageWindow(first ?? 5, 0, 50);
    const found = await rows<ClaimRecord & { similarity: number }>(
      this.ds,
      `WITH q AS (SELECT replace(plainto_tsquery('english', $1)::text, '&', '|')::tsquery AS anyword),
       candidates AS (
         SELECT c.id FROM claims c, q
         WHERE (c.search_vector @@ q.anyword OR c.text % $1)
           ${isStaff(viewer) ? '' : `AND c.review_status = 'PUBLISHED'`}
         ORDER BY ts_rank_cd(c.search_vector, q.anyword) DESC
         LIMIT 200)
       SELECT ${this.sql.columns}, s.similarity FROM candidates k JOIN claims c ON c.id = k.id
       CROSS JOIN LATERAL (SELECT GREATEST(word_similarity($1, c.text), word_similarity($1, coalesce(c.quote, '')),
                                           similarity(c.text, $1))::float8 AS similarity) s
       WHERE s.similarity >= 0.2
       ORDER BY s.similarity DESC, c.id
       LIMIT ${limit}`,
      [probe],
    );
    return found.map(({ similarity, ...claim }) => ({ claim, similarity }));
  }

  /** Earlier public verdicts, superseded by a reopening (newest first). */
  corrections(events: StoredEvent[]) {
    const publications: {
      verdict: unknown;
      verdictRationale: unknown;
      publishedAt: string;
      supersededAt: string | null;
      reason: string | null;
    }[] = [];
    for (const e of events) {
      if (e.entityType !== 'CLAIM') continue;
      if (e.action === 'approveVerdict') {
        publications.push({
          verdict: e.state.verdict,
          verdictRationale: e.state.verdictRationale,
          publishedAt: e.occurredAt,
          supersededAt: null,
          reason: null,
        });
      } else if ((e.action === 'reopenClaim' || e.action === 'archiveClaim') && publications.length) {
        const last = publications[publications.length - 1]!;
        if (!last.supersededAt) Object.assign(last, { supersededAt: e.occurredAt, reason: e.note });
      }
    }
    return publications.filter((p) => p.supersededAt !== null).reverse();
  }

  nextActions(viewer: Viewer, claim: Pick<Claim, 'reviewStatus' | 'proposedById'>): ClaimAction[] {
    if (!isStaff(viewer)) return [];
    return allowedActions(claim, viewer);
  }

  // ---------------------------------------------------------------- writes

  async create(viewer: StaffViewer, raw: unknown): Promise<ClaimRecord> {
    requireWriter(viewer);
    const input = parseInput(createClaimInput, raw);
    return this.ds.transaction(async (em) => {
      await this.checkReferences(em, input);
      return this.insert(em, authorOf(viewer), input, {}, 'createClaim');
    });
  }

  /**
   * A claim imported from another fact-checker's ClaimReview, inside the import's transaction:
   * a DRAFT carrying their verdict (mapped) and their own label, keyed by their review's url.
   */
  importReview(em: EntityManager, author: ChangeAuthor, raw: unknown, review: ImportedReview, note: string): Promise<LockedClaim> {
    const input = parseInput(createClaimInput, raw);
    return this.insert(em, author, input, review, 'importClaim', note);
  }

  private async insert(
    em: EntityManager,
    author: ChangeAuthor,
    input: z.output<typeof createClaimInput>,
    review: Partial<ImportedReview>,
    action: HistoryAction,
    note: string | null = null,
  ): Promise<LockedClaim> {
    const inserted = await one<{ id: string }>(
      em,
      `INSERT INTO claims (text, quote, claimant_id, first_appearance_id, claimed_on, context, language,
                           attribution_status, internal_note, verdict, verdict_rationale, original_rating, imported_from,
                           imported_key, original_rating_value, original_best_rating, original_worst_rating,
                           created_by_id, updated_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $15, $16, $17, $18, $14, $14) RETURNING id`,
      [
        input.text,
        input.quote ?? null,
        input.claimantId ?? null,
        input.firstAppearanceId ?? null,
        input.claimedOn ?? null,
        input.context ?? null,
        input.language ?? 'en',
        input.attributionStatus ?? 'UNVERIFIED',
        input.internalNote ?? null,
        review.verdict ?? null,
        review.verdictRationale ?? null,
        review.originalRating ?? null,
        review.importedFrom ?? null,
        author.userId,
        review.importedKey ?? null,
        review.originalRatingValue ?? null,
        review.originalBestRating ?? null,
        review.originalWorstRating ?? null,
      ],
    );
    const id = inserted!.id;
    if (input.topics?.length) await this.topics.setClaimTopics(em, id, input.topics);
    const claim = await this.locks.lock(em, id, null);
    await this.record(em, author, claim, null, action, note);
    return claim;
  }

  async update(viewer: StaffViewer, id: string, expectedVersion: number, raw: unknown): Promise<ClaimRecord> {
    requireWriter(viewer);
    const input = parseInput(updateClaimInput, raw);
    return this.ds.transaction(async (em) => {
      const current = await this.locks.lock(em, this.claimId(id), expectedVersion);
      const changed = Object.entries(input).filter(([key, value]) =>
        key === 'topics'
          ? // Both sides sorted here: the database's collation may order slugs differently.
            JSON.stringify((value as [string, string][]).map(([slug]) => slug).sort()) !==
            JSON.stringify([...current.topicSlugs].sort())
          : (current as unknown as Record<string, unknown>)[key] !== value,
      );
      if (changed.length === 0) return current; // a no-op save is not a change: no version, no event
      const action: ClaimAction = changed.every(([k]) => ANNOTATION_FIELDS.has(k)) ? 'ANNOTATE' : 'UPDATE';
      assertAllowed(current, action, viewer);
      await this.checkReferences(em, input);
      const { topics, ...columns } = Object.fromEntries(changed) as typeof input;
      if (topics) await this.topics.setClaimTopics(em, current.id, topics);
      const updated = await this.locks.bump(em, current, columns as Partial<Claim>, authorOf(viewer));
      await this.record(em, authorOf(viewer), updated, current, 'updateClaim');
      return updated;
    });
  }

  submit(viewer: StaffViewer, id: string, expectedVersion: number) {
    return this.transition(viewer, id, expectedVersion, 'SUBMIT', 'submitClaim', () => ({}));
  }

  proposeVerdict(viewer: StaffViewer, id: string, expectedVersion: number, raw: { verdict: string; rationale: string }) {
    const input = parseInput(verdictInput, raw, '');
    return this.transition(viewer, id, expectedVersion, 'PROPOSE_VERDICT', 'proposeVerdict', async (em, current) => {
      if (!VERDICTS_WITHOUT_EVIDENCE.has(input.verdict)) {
        const evidence = await one<{ n: number }>(
          em,
          'SELECT count(*)::int AS n FROM evidence WHERE claim_id = $1 AND removed_at IS NULL',
          [current.id],
        );
        if (!evidence?.n) {
          throw new AppError(
            'INVALID_TRANSITION',
            `A ${input.verdict} verdict needs at least one piece of evidence; add evidence first ` +
              '(only UNPROVEN and NOT_CHECKABLE need none).',
            { action: 'PROPOSE_VERDICT', currentState: current.reviewStatus, requirement: 'EVIDENCE' },
          );
        }
      }
      return {
        verdict: input.verdict,
        verdictRationale: input.rationale,
        proposedById: viewer.userId,
        proposedAt: new Date(),
      };
    });
  }

  approve(viewer: StaffViewer, id: string, expectedVersion: number) {
    return this.transition(viewer, id, expectedVersion, 'APPROVE', 'approveVerdict', () => ({
      approvedById: viewer.userId,
      publishedAt: new Date(),
    }));
  }

  reject(viewer: StaffViewer, id: string, expectedVersion: number, reason: string) {
    const note = parseInput(reasonInput, { reason }, '').reason;
    // The proposal stays as a draft for the checker to revise; who proposed it is cleared.
    return this.transition(viewer, id, expectedVersion, 'REJECT', 'rejectVerdict', () => ({ proposedById: null, proposedAt: null }), note);
  }

  reopen(viewer: StaffViewer, id: string, expectedVersion: number, reason: string) {
    const note = parseInput(reasonInput, { reason }, '').reason;
    return this.transition(viewer, id, expectedVersion, 'REOPEN', 'reopenClaim', () => ({ proposedById: null, proposedAt: null }), note);
  }

  archive(viewer: StaffViewer, id: string, expectedVersion: number, reason: string) {
    const note = parseInput(reasonInput, { reason }, '').reason;
    return this.transition(viewer, id, expectedVersion, 'ARCHIVE', 'archiveClaim', () => ({}), note);
  }

  restore(viewer: StaffViewer, id: string, expectedVersion: number, reason: string | null | undefined) {
    const note = parseInput(optionalReasonInput, { reason: reason ?? null }, '').reason;
    return this.transition(viewer, id, expectedVersion, 'RESTORE', 'restoreClaim', () => ({ proposedById: null, proposedAt: null }), note);
  }

  assign(viewer: StaffViewer, id: string, expectedVersion: number, assigneeId: string | null) {
    return this.transition(viewer, id, expectedVersion, 'ASSIGN', 'assignClaim', async (em) => {
      if (assigneeId !== null) {
        const user = uuid.safeParse(assigneeId).success
          ? await one<{ role: Role; active: boolean }>(em, 'SELECT role, active FROM users WHERE id = $1', [assigneeId])
          : undefined;
        if (!user) throw badInput('assigneeId', `no user with id ${assigneeId}.`);
        if (!user.active) throw badInput('assigneeId', 'that user is deactivated.');
        if (!inRoleGroup(user.role, 'WRITER')) {
          throw badInput('assigneeId', `a ${user.role} cannot work on claims; assign a fact-checker or an editor.`);
        }
      }
      return { assigneeId };
    });
  }

  /** One workflow step: lock, check the transition table, apply, record; all or nothing. */
  private async transition(
    viewer: StaffViewer,
    id: string,
    expectedVersion: number,
    action: ClaimAction,
    eventAction: HistoryAction,
    patchFor: (em: EntityManager, current: LockedClaim) => Partial<Claim> | Promise<Partial<Claim>>,
    note: string | null = null,
  ): Promise<ClaimRecord> {
    return this.ds.transaction(async (em) => {
      const current = await this.locks.lock(em, this.claimId(id), expectedVersion);
      assertAllowed(current, action, viewer);
      const patch = await patchFor(em, current);
      const to = nextState(current.reviewStatus, action);
      const updated = await this.locks.bump(
        em,
        current,
        to === current.reviewStatus ? patch : { ...patch, reviewStatus: to },
        authorOf(viewer),
      );
      await this.record(em, authorOf(viewer), updated, current, eventAction, note);
      return updated;
    });
  }

  private record(em: EntityManager, author: ChangeAuthor, after: LockedClaim, before: LockedClaim | null, action: HistoryAction, note: string | null = null) {
    const state = claimState(after);
    return this.history.append(em, {
      chain: chainOf('CLAIM', after.id),
      claimId: after.id,
      entityType: 'CLAIM',
      entityId: after.id,
      action,
      version: after.version,
      author,
      changes: diffStates(before ? claimState(before) : null, state),
      note,
      state,
    });
  }

  private claimId(id: string): string {
    if (!uuid.safeParse(id).success) throw notFound('claim', id);
    return id;
  }

  private async checkReferences(em: EntityManager, input: { claimantId?: string | null; firstAppearanceId?: string | null }) {
    if (input.claimantId && !(await exists(em, 'actors', input.claimantId))) {
      throw badInput('input.claimantId', `no actor with id ${input.claimantId}.`);
    }
    if (input.firstAppearanceId && !(await exists(em, 'sources', input.firstAppearanceId))) {
      throw badInput('input.firstAppearanceId', `no source with id ${input.firstAppearanceId}.`);
    }
  }
}

export function requireWriter(viewer: StaffViewer): void {
  if (!inRoleGroup(viewer.role, 'WRITER')) {
    throw new AppError('FORBIDDEN', `Your role (${viewer.role}) may read but not change claims.`);
  }
}

/** Rebuilds a claim and its evidence from its chain's events (for `asOf`). */
export function replayClaim(events: StoredEvent[]) {
  let claim: (ClaimRecord & { topics?: unknown }) | null = null;
  const evidence = new Map<string, NonNullable<ClaimRecord['evidence']>[number]>();
  for (const e of events) {
    if (e.entityType === 'CLAIM') {
      const { topics, ...columns } = e.state as Record<string, unknown>;
      claim = {
        ...(columns as unknown as ClaimRecord),
        topics: ((topics as string[] | undefined) ?? []).map((slug) => ({ id: slug, slug, name: slug })),
      };
    } else if (e.entityType === 'EVIDENCE') {
      evidence.set(e.entityId, e.state as unknown as NonNullable<ClaimRecord['evidence']>[number]);
    }
    const derived = e.changes['claim.disputeStatus'] as { to: ClaimRecord['disputeStatus'] } | undefined;
    if (claim && derived) claim.disputeStatus = derived.to;
    if (claim) claim.version = e.version;
  }
  return claim ? { claim, evidence } : null;
}
