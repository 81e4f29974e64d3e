import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { fetchPage, type Connection, type Ordering } from '../db/paging';
import { rows, SqlParams } from '../db/sql';
import { SEARCH_LIMITS, searchText } from '../domain/claimRules';
import { pageWindow, type PageWindow } from '../domain/cursor';
import { AppError, badInput } from '../domain/errors';
import { canonicalLanguageTag, LANGUAGE_TAG_RULE } from '../domain/languageTag';
import { topicSlug } from '../domain/topicSlug';
import { idList, uuid } from '../domain/validation';
import { isStaff, type Viewer } from '../domain/viewer';
import type { AttributionStatus, DisputeStatus, ReviewStatus, Verdict } from '../domain/vocabulary';
import { groupByKeys } from './batch';
import { hasTopic, type ClaimProjection } from './claimProjection';
import type { ClaimInclude, ClaimRecord, EvidenceRecord, TopicRecord } from './claimRows';
import { claimSearchSql, languageMatches, type SearchMode } from './claimSearch';
import { claimTable, publishedClaim, searchTable } from './visibility';

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

/** A page of claims; `searchMode` tells how a search matched them (null without a search). */
export interface ClaimConnection extends Connection<ClaimRecord> {
  searchMode: SearchMode | null;
}

export interface ClaimListArgs {
  filter?: ClaimFilter | null;
  orderBy?: ClaimOrder | null;
  first?: number | null;
  after?: string | null;
  offset?: number | null;
}

/** Filters, ordering and page window of a `claims` request, as SQL: shared by both read paths. */
export interface ClaimListQuery {
  where: string[];
  params: SqlParams;
  ordering: Ordering;
  window: PageWindow;
  /** CTE definitions (without WITH) the list's statements start with, when it is a search. */
  with: string | null;
  /** FROM and JOINs (the claims are `c`) of the page. */
  from: string;
  /** FROM and JOINs of the count (a search's page may come from its own limited candidates). */
  countFrom: string;
  /** The search rank expression, when the list is a search. */
  rank: string | null;
  /** The search's mode, 'FULL_TEXT' or 'SIMILAR' (claimSearch.ts), when the list is a search. */
  searchMode: string | null;
}

const ORDERINGS: Record<Exclude<ClaimOrder, 'RELEVANCE'>, Ordering> = {
  NEWEST: { name: 'NEWEST', expr: 'c.created_at', type: 'timestamptz', descending: true },
  OLDEST: { name: 'OLDEST', expr: 'c.created_at', type: 'timestamptz', descending: false },
  RECENTLY_UPDATED: { name: 'RECENTLY_UPDATED', expr: 'c.updated_at', type: 'timestamptz', descending: true },
  RECENTLY_PUBLISHED: { name: 'RECENTLY_PUBLISHED', expr: 'c.published_at', type: 'timestamptz', descending: true },
  // Claims without a date sort as the oldest.
  CLAIMED_ON_DESC: { name: 'CLAIMED_ON_DESC', expr: `COALESCE(c.claimed_on, '-infinity'::date)`, type: 'date', descending: true },
  CLAIMED_ON_ASC: { name: 'CLAIMED_ON_ASC', expr: `COALESCE(c.claimed_on, '-infinity'::date)`, type: 'date', descending: false },
};

/** Reads claims and their related rows as the viewer may see them. */
export class ClaimReadService {
  constructor(
    private readonly ds: DataSource,
    readonly projection: ClaimProjection,
    private readonly maxPageSize: number,
  ) {}

  async list(viewer: Viewer, args: ClaimListArgs, include: ClaimInclude): Promise<ClaimConnection> {
    const q = this.listQuery(viewer, args);
    const select = this.projection.select(viewer, include) + (q.rank ? `, ${q.rank} AS "searchRank"` : '');
    const page = await fetchPage<ClaimRecord>(this.ds, {
      with: q.with,
      select,
      from: q.from,
      countFrom: q.countFrom,
      where: q.where,
      params: q.params,
      ordering: q.ordering,
      idColumn: 'c.id',
      window: q.window,
      after: args.after,
      meta: q.searchMode,
    });
    return { ...page, searchMode: (page.meta as SearchMode | undefined) ?? null };
  }

  listQuery(viewer: Viewer, args: ClaimListArgs): ClaimListQuery {
    const filter = args.filter ?? {};
    const window = pageWindow(args.first, args.offset, this.maxPageSize);
    const params = new SqlParams();
    const { where, language } = this.conditions(viewer, filter, params);
    const searchFor = filter.search === undefined || filter.search === null ? null : searchText('filter.search', filter.search, SEARCH_LIMITS.filter);
    const order = args.orderBy ?? (searchFor !== null ? 'RELEVANCE' : 'NEWEST');
    if (order === 'RELEVANCE' && searchFor === null) throw badInput('orderBy', 'RELEVANCE needs filter.search.');
    if (order === 'RECENTLY_PUBLISHED') where.push('c.published_at IS NOT NULL');
    // Ranks belong to one search (text and language): a cursor from another is refused, not misread.
    const relevance = `RELEVANCE:${createHash('sha256').update(`${language ?? ''}\u0000${searchFor}`).digest('base64url').slice(0, 12)}`;
    // Nothing but the search (and its language), best first: the search pages by itself (claimSearch.ts).
    const searchOnly = Object.entries(filter).every(([key, value]) => value === null || value === undefined || key === 'search' || key === 'language');
    const narrow = order === 'RELEVANCE' && searchOnly ? { orderName: relevance, after: args.after ?? null, limit: window.first + 1 + window.offset } : null;
    // After every other condition: whether full-text search finds anything is judged under them.
    const search = searchFor !== null ? claimSearchSql(viewer, params, searchFor, language, where, narrow) : null;
    const ordering: Ordering =
      order === 'RELEVANCE' ? { name: relevance, expr: search!.rank, type: 'real', descending: true } : ORDERINGS[order];
    const from = `${claimTable(viewer)} c`;
    return {
      with: search?.with ?? null,
      from: search?.from ?? from,
      countFrom: search?.countFrom ?? from,
      where,
      params,
      ordering,
      window,
      rank: search?.rank ?? null,
      searchMode: search?.mode ?? null,
    };
  }

  private conditions(viewer: Viewer, f: ClaimFilter, p: SqlParams): { where: string[]; language: string | null } {
    const where: string[] = [];
    let language: string | null = null;
    if (!isStaff(viewer)) where.push(publishedClaim('c'));
    if (f.ids) where.push(`c.id = ANY(${p.add(idList('filter.ids', f.ids, this.maxPageSize))}::uuid[])`);
    if (f.reviewStatus?.length) where.push(`c.review_status = ANY(${p.add(f.reviewStatus)}::text[])`);
    if (f.verdict?.length) where.push(`c.verdict = ANY(${p.add(f.verdict)}::text[])`);
    if (f.disputeStatus?.length) where.push(`c.dispute_status = ANY(${p.add(f.disputeStatus)}::text[])`);
    if (f.attributionStatus?.length) where.push(`c.attribution_status = ANY(${p.add(f.attributionStatus)}::text[])`);
    if (f.claimantId) where.push(`c.claimant_id = ${p.add(this.id('filter.claimantId', f.claimantId))}`);
    if (f.firstAppearanceId) {
      where.push(`c.first_appearance_id = ${p.add(this.id('filter.firstAppearanceId', f.firstAppearanceId))}`);
    }
    // A slug, or a name in any case or width: both give the slug (topicSlug is idempotent).
    if (f.topic) where.push(hasTopic('c', p.add(topicSlug(f.topic))));
    if (f.claimedFrom) where.push(`c.claimed_on >= ${p.add(f.claimedFrom)}`);
    if (f.claimedTo) where.push(`c.claimed_on <= ${p.add(f.claimedTo)}`);
    if (f.claimedFrom && f.claimedTo && f.claimedFrom > f.claimedTo) {
      throw badInput('filter.claimedTo', 'must not be before filter.claimedFrom.');
    }
    if (f.language !== undefined && f.language !== null) {
      language = canonicalLanguageTag(f.language);
      if (!language) throw badInput('filter.language', `${LANGUAGE_TAG_RULE}.`);
      where.push(languageMatches('c.language', p.add(language)));
    }
    if (f.assigneeId || f.assignedToMe) {
      if (!isStaff(viewer)) throw new AppError('FORBIDDEN', 'Only newsroom staff can filter by assignee.');
      const assignee = f.assignedToMe ? viewer.userId : this.id('filter.assigneeId', f.assigneeId!);
      where.push(`c.assignee_id = ${p.add(assignee)}`);
    }
    return { where, language };
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
          // A withdrawn claim's tombstone included: its id answers what was withdrawn, when and why.
          `SELECT ${this.projection.select(viewer, include)} FROM ${claimTable(viewer)} c WHERE c.id = ANY($1::uuid[])`,
          [valid],
        )
      : [];
    const byId = new Map(found.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async get(viewer: Viewer, id: string, include: ClaimInclude = {}): Promise<ClaimRecord | null> {
    return (await this.byIds(viewer, [id], include))[0] ?? null;
  }

  /** Batched for DataLoader: the topics of many claims. */
  async topicsOf(claimIds: readonly string[]): Promise<TopicRecord[][]> {
    const found = await rows<TopicRecord & { __owner: string }>(this.ds, this.projection.batchSql(null, 'topics'), [claimIds]);
    return groupByKeys(claimIds, found, (t) => t.__owner);
  }

  /** Batched for DataLoader: the evidence of many claims the viewer may see, oldest first. */
  async evidenceOf(viewer: Viewer, claimIds: readonly string[]): Promise<EvidenceRecord[][]> {
    const found = await rows<EvidenceRecord & { __owner: string }>(this.ds, this.projection.batchSql(viewer, 'evidence'), [claimIds]);
    return groupByKeys(claimIds, found, (e) => e.__owner);
  }

  /**
   * Existing claims most like `text`, best first. Candidates come from the indexes (any shared
   * word stem in any language in use, or trigram similarity of the statement); they are then ranked by how closely the
   * text matches words of the statement or of the verbatim quote ("the oil cap was breached"
   * finds "the cap of 500,000 barrels has been breached").
   */
  async similar(viewer: Viewer, text: string, first: number | null | undefined) {
    const probe = searchText('text', text, SEARCH_LIMITS.similar);
    const { first: limit } = pageWindow(first ?? 5, 0, 50);
    const found = await rows<ClaimRecord & { similarity: number }>(
      this.ds,
      // Any word of the text, stemmed as a search is (claimSearch.ts): the search's query with its
      // ANDs and phrases turned into ORs and its negations dropped.
      `WITH q AS MATERIALIZED (
         SELECT regexp_replace(replace(claimledger_search_query(NULL, $1)::text, '!', ''), '&|<->|<[0-9]+>', '|', 'g')::tsquery AS anyword),
       candidates AS (
         SELECT x.id FROM (
           SELECT s.id, ts_rank_cd(s.vector, (SELECT anyword FROM q)) AS rank FROM ${searchTable(viewer)} s
           WHERE s.vector @@ (SELECT anyword FROM q) ${isStaff(viewer) ? '' : 'AND s.listed'}
           UNION ALL
           SELECT c.id, 0 FROM ${claimTable(viewer)} c WHERE c.text % $1 ${isStaff(viewer) ? '' : `AND ${publishedClaim('c')}`}
         ) x
         GROUP BY x.id ORDER BY max(x.rank) DESC, x.id
         LIMIT 200)
       SELECT ${this.projection.columns}, s.similarity FROM candidates k JOIN ${claimTable(viewer)} c ON c.id = k.id
       CROSS JOIN LATERAL (SELECT GREATEST(word_similarity($1, c.text), word_similarity($1, coalesce(c.quote, '')),
                                           similarity(c.text, $1))::float8 AS similarity) s
       WHERE s.similarity >= 0.2
       ORDER BY s.similarity DESC, c.id
       LIMIT ${limit}`,
      [probe],
    );
    return found.map(({ similarity, ...claim }) => ({ claim, similarity }));
  }
}
