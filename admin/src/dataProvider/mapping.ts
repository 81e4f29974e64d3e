/**
 * react-admin's parameters → our GraphQL arguments, and our answers → react-admin records.
 * Pure functions: the tests check them against a real server through the dataProvider.
 */

export interface Pagination {
  page: number;
  perPage: number;
}
export interface Sort {
  field: string;
  order: 'ASC' | 'DESC' | string;
}
type Filter = Record<string, unknown>;

/** Pages of a connection: `first` rows after skipping `offset`. */
export function pageWindow(p: Pagination | undefined): { first: number; offset: number } {
  const perPage = Math.max(1, p?.perPage ?? 25);
  const page = Math.max(1, p?.page ?? 1);
  return { first: perPage, offset: (page - 1) * perPage };
}

const list = (v: unknown): string[] | undefined => {
  if (v == null || v === '') return undefined;
  const values = (Array.isArray(v) ? v : [v]).map(String).filter(Boolean);
  return values.length ? values : undefined;
};
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const id = (v: unknown): string | undefined => (v == null || v === '' ? undefined : String(v));
/** Date inputs give `YYYY-MM-DD`; a full timestamp is cut to its day. */
const day = (v: unknown): string | undefined => (typeof v === 'string' && v ? v.slice(0, 10) : undefined);

function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The list's filter form (and URL) → ClaimFilter. `q` is the search box. */
export function claimFilter(f: Filter = {}): Record<string, unknown> {
  return compact({
    search: text(f.q),
    reviewStatus: list(f.reviewStatus),
    verdict: list(f.verdict),
    disputeStatus: list(f.disputeStatus),
    attributionStatus: list(f.attributionStatus),
    claimantId: id(f.claimantId),
    firstAppearanceId: id(f.firstAppearanceId),
    topic: text(f.topic),
    claimedFrom: day(f.claimedFrom),
    claimedTo: day(f.claimedTo),
    language: text(f.language),
    assigneeId: id(f.assigneeId),
    assignedToMe: f.assignedToMe === true || f.assignedToMe === 'true' ? true : undefined,
  });
}

/**
 * A sortable column → ClaimOrder. Orders the API lacks (oldest update first …) fall back to the
 * one the column has; searchRank only means something while searching, else newest first.
 */
export function claimOrder(sort: Sort | undefined, filter: Filter = {}): string {
  const asc = sort?.order === 'ASC';
  switch (sort?.field) {
    case 'createdAt':
      return asc ? 'OLDEST' : 'NEWEST';
    case 'claimedOn':
      return asc ? 'CLAIMED_ON_ASC' : 'CLAIMED_ON_DESC';
    case 'updatedAt':
      return 'RECENTLY_UPDATED';
    case 'publishedAt':
      return 'RECENTLY_PUBLISHED';
    case 'searchRank':
      return text(filter.q) ? 'RELEVANCE' : 'NEWEST';
    default:
      return 'NEWEST';
  }
}

export function actorFilter(f: Filter = {}) {
  return compact({ search: text(f.q), kind: list(f.kind) });
}
export function actorOrder(sort: Sort | undefined): string {
  return sort?.field === 'createdAt' ? 'NEWEST' : 'NAME';
}

export function sourceFilter(f: Filter = {}) {
  return compact({ search: text(f.q), kind: list(f.kind), url: text(f.url) });
}
export function sourceOrder(sort: Sort | undefined): string {
  if (sort?.field === 'createdAt') return 'NEWEST';
  if (sort?.field === 'publishedOn') return 'PUBLISHED_ON_DESC';
  return 'TITLE';
}

export function disputeFilter(f: Filter = {}) {
  return compact({ status: list(f.status), claimId: id(f.claimId) });
}

/** Audit log filters; `to` is a day in the form and exclusive on the server, so it becomes the next midnight. */
export function auditFilter(f: Filter = {}) {
  const from = day(f.from);
  const to = day(f.to);
  return compact({
    claimId: id(f.claimId),
    userId: id(f.userId),
    action: list(f.action),
    entityType: list(f.entityType),
    from: from ? `${from}T00:00:00.000Z` : undefined,
    to: to ? new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000).toISOString() : undefined,
  });
}

/** The claims list's filters that /export/claims.* can apply, and the export parameter each becomes. */
const EXPORTABLE_CLAIM_FILTERS = { reviewStatus: 'status', claimantId: 'actor' } as const;

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0);

/**
 * The claims list's filters → the query of /export/claims.*, which filters by review status,
 * claimant and *creation* days only. The list's dates are claimed-on days: sending them as the
 * export's from/to would give other claims than the list shows, so they are left out. They and
 * every other filter the export lacks (search, verdict …) come back in `notApplied`, so the
 * screen can say that the file ignores them.
 */
export function claimExportQuery(f: Filter = {}): { query: URLSearchParams; notApplied: string[] } {
  const query = new URLSearchParams();
  for (const s of list(f.reviewStatus) ?? []) query.append(EXPORTABLE_CLAIM_FILTERS.reviewStatus, s);
  const actor = id(f.claimantId);
  if (actor) query.set(EXPORTABLE_CLAIM_FILTERS.claimantId, actor);
  const notApplied = Object.keys(f).filter((k) => !(k in EXPORTABLE_CLAIM_FILTERS) && isSet(f[k]));
  return { query, notApplied };
}

/** A record as react-admin keeps it: references flattened to ids so forms and filters can bind to them. */
export function claimRecord<T extends Record<string, unknown>>(node: T) {
  const n = node as T & {
    claimant?: { id: string } | null;
    firstAppearance?: { id: string } | null;
    assignee?: { id: string } | null;
    topics?: { name: string }[];
  };
  return {
    ...node,
    claimantId: n.claimant?.id ?? null,
    firstAppearanceId: n.firstAppearance?.id ?? null,
    assigneeId: n.assignee?.id ?? null,
    topicNames: (n.topics ?? []).map((t) => t.name),
  };
}

/**
 * A `ClaimRevision` (the claim as it was) as the claim page reads a claim: the claim's id (its own
 * `<claim id>@<version>` kept as `revisionId`), its evidence by id, the claim's history, and no
 * action (a past state cannot be changed).
 */
export function claimRevisionRecord(rev: Record<string, unknown>): Record<string, unknown> & { id: string } {
  const { id: revisionId, claimId, claim, evidence, ...state } = rev as {
    id: string;
    claimId: string;
    claim?: { history?: unknown[] } | null;
    evidence?: ({ evidenceId: string } & Record<string, unknown>)[];
  } & Record<string, unknown>;
  return claimRecord({
    ...state,
    id: claimId,
    revisionId,
    evidence: (evidence ?? []).map(({ evidenceId, ...e }) => ({ ...e, id: evidenceId })),
    history: claim?.history ?? [],
    nextActions: [],
  });
}

/** Claim form fields → CreateClaimInput (empty strings are "not given"). */
export function claimCreateInput(d: Filter) {
  return compact({
    text: text(d.text),
    quote: text(d.quote),
    claimantId: id(d.claimantId),
    firstAppearanceId: id(d.firstAppearanceId),
    claimedOn: day(d.claimedOn),
    context: text(d.context),
    topics: Array.isArray(d.topicNames) && d.topicNames.length ? (d.topicNames as string[]) : undefined,
    language: text(d.language),
    attributionStatus: text(d.attributionStatus),
    internalNote: text(d.internalNote),
  });
}

const CLAIM_EDITABLE = ['text', 'quote', 'claimantId', 'firstAppearanceId', 'claimedOn', 'context', 'topicNames', 'language', 'attributionStatus', 'internalNote'];

/**
 * Only the fields the user changed, so an edit never rewrites what someone else set meanwhile and
 * a published claim's annotation does not touch its frozen fields. Emptied fields become null
 * (the API clears them).
 */
export function changedFields(data: Filter, previous: Filter | undefined, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!(f in data)) continue;
    const now = normalise(data[f]);
    if (previous && same(now, normalise(previous[f]))) continue;
    out[f] = now;
  }
  return out;
}

export function claimUpdateInput(data: Filter, previous: Filter | undefined) {
  const changed = changedFields(data, previous, CLAIM_EDITABLE);
  if ('claimedOn' in changed && typeof changed.claimedOn === 'string') changed.claimedOn = day(changed.claimedOn);
  if ('topicNames' in changed) {
    changed.topics = changed.topicNames ?? [];
    delete changed.topicNames;
  }
  // Text is required: emptying it is a mistake, not a wish to clear it.
  if (changed.text === null) delete changed.text;
  return changed;
}

export const ACTOR_FIELDS = ['name', 'kind', 'title', 'country', 'aliases', 'wikidataId'];
export const SOURCE_FIELDS = ['title', 'url', 'publisher', 'author', 'publishedOn', 'kind'];
export const USER_FIELDS = ['email', 'displayName', 'role', 'password', 'active'];
export const EVIDENCE_FIELDS = ['sourceId', 'url', 'excerpt', 'stance', 'reliability', 'note', 'isPublic'];

export function createInput(d: Filter, fields: string[]) {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = normalise(d[f]);
    if (v !== null && v !== undefined) out[f] = v;
  }
  return out;
}

function normalise(v: unknown): unknown {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
  return v === undefined ? null : v;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Lists the API returns whole (users, API keys, topics): filtered, sorted and paged here. */
export function pageLocally<T extends Record<string, unknown>>(
  rows: T[],
  params: { pagination?: Pagination; sort?: Sort; filter?: Filter },
  searchIn: (keyof T)[] = [],
): { data: T[]; total: number } {
  const f = params.filter ?? {};
  const q = text(f.q)?.toLowerCase();
  let out = rows.filter((r) => {
    if (q && !searchIn.some((k) => String(r[k] ?? '').toLowerCase().includes(q))) return false;
    return Object.entries(f).every(([k, v]) => k === 'q' || v === undefined || v === '' || (Array.isArray(v) ? v.includes(r[k]) : r[k] === v));
  });
  const sort = params.sort;
  if (sort?.field) {
    const dir = sort.order === 'DESC' ? -1 : 1;
    out = [...out].sort((a, b) => dir * String(a[sort.field] ?? '').localeCompare(String(b[sort.field] ?? ''), undefined, { numeric: true }));
  }
  const { first, offset } = pageWindow(params.pagination);
  return { data: out.slice(offset, offset + first), total: out.length };
}
