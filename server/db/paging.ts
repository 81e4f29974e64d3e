import { decodeCursor, encodeCursor, notACursor, type PageWindow } from '../domain/cursor';
import { rows, SqlParams, type Db } from './sql';

/** One ordering of a list: the sort expression, its SQL type (to compare cursor keys) and direction. */
export interface Ordering {
  name: string;
  expr: string;
  type: string;
  descending: boolean;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Counted only when a client asks for it: a full count is the one cost that grows with the data. */
  totalCount: () => Promise<number>;
  /** The request's `meta` expression as text, from the same statement as the page; null without one. */
  meta: string | null;
}

export interface PageRequest {
  /** CTE definitions (without WITH) that the page and count statements start with. */
  with?: string | null;
  /** Projection, e.g. `c.id, c.text AS "text"`. */
  select: string;
  /** FROM and JOINs, e.g. `claims c`. */
  from: string;
  /** FROM and JOINs for the count, when not `from`. */
  countFrom?: string;
  where: string[];
  params: SqlParams;
  ordering: Ordering;
  /** The unique tie-breaker, e.g. `c.id`, and its SQL type. */
  idColumn: string;
  idType?: 'uuid' | 'bigint';
  window: PageWindow;
  after?: string | null;
  /** An expression about the whole list (e.g. how a search matched), evaluated once with the page. */
  meta?: string | null;
}

/** PostgreSQL's "not a value of that type" errors: bad text representation, bad date/time, out of range. */
const BAD_VALUE = new Set(['22P02', '22007', '22008', '22003']);

/**
 * The keyset condition "after this cursor" in the ordering's direction, comparing (sort key, id)
 * with the cursor's values as parameters. Both read paths page with it.
 */
export function afterCursor(o: Ordering, idColumn: string, params: SqlParams, after: string, idType: 'uuid' | 'bigint' = 'uuid'): string {
  const pos = decodeCursor(after, o.name);
  return `(${o.expr}, ${idColumn}) ${o.descending ? '<' : '>'} (${params.add(pos.key)}::${o.type}, ${params.add(pos.id)}::${idType})`;
}

/**
 * encodeCursor in SQL, for PostgreSQL-built responses: base64url of `["order","key","id"]`. Equal
 * to JSON.stringify only because sort keys (timestamps, dates, ranks) and ids need no escaping.
 */
export function cursorSql(orderParam: string, keyExpr: string, idExpr: string): string {
  return `translate(encode(convert_to('["' || ${orderParam}::text || '","' || ${keyExpr} || '","' || ${idExpr} || '"]', 'UTF8'), 'base64'), E'+/=\\n', '-_')`;
}

/**
 * Keyset pagination with a stable order (sort key, then id) plus an optional offset. The sort key
 * travels in the cursor as PostgreSQL text, so it compares exactly (microseconds, float4 ranks).
 */
export async function fetchPage<T extends { id: string | number }>(db: Db, req: PageRequest): Promise<Connection<T>> {
  const { ordering: o, params } = req;
  const filterParams = params.values.length;
  const where = [...req.where];
  if (req.after) where.push(afterCursor(o, req.idColumn, params, req.after, req.idType));
  const dir = o.descending ? 'DESC' : 'ASC';
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countWhere = req.where.length ? `WHERE ${req.where.join(' AND ')}` : '';
  const countParams = params.values.slice(0, filterParams);

  const withSql = req.with ? `WITH ${req.with} ` : '';
  let found: (T & { __key: string | null; __meta?: string | null })[] = [];
  let meta: string | null = null;
  if (req.window.first > 0 || req.meta) {
    const page = `SELECT ${req.select}, (${o.expr})::text AS "__key" FROM ${req.from} ${whereSql}
       ORDER BY ${o.expr} ${dir}, ${req.idColumn} ${dir}
       LIMIT ${req.window.first + 1} OFFSET ${req.window.offset}`;
    // With a meta value the page hangs off its one row, so an empty page still brings it. A lateral
    // join to a single row is a nested loop that returns the page rows in the page's order.
    found = await rows<T & { __key: string | null; __meta?: string | null }>(
      db,
      req.meta
        ? `${withSql}SELECT p.*, (m.v)::text AS "__meta" FROM (SELECT ${req.meta} AS v) m LEFT JOIN LATERAL (${page}) p ON true`
        : `${withSql}${page}`,
      params.values,
    ).catch((err: unknown) => {
      // A tampered cursor whose key is no value of the ordering's type fails the cast in SQL.
      if (req.after && BAD_VALUE.has((err as { code?: string }).code ?? '')) throw notACursor('after');
      throw err;
    });
    if (req.meta) {
      meta = found[0]?.__meta ?? null;
      found = found.filter((r) => r.__key !== null).map(({ __meta: _, ...r }) => r as T & { __key: string });
    }
    if (req.window.first === 0) found = [];
  }
  const hasNextPage = found.length > req.window.first;
  const page = hasNextPage ? found.slice(0, req.window.first) : found;
  const edges = page.map((node) => ({ cursor: encodeCursor({ order: o.name, key: node.__key!, id: String(node.id) }), node }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(req.after) || req.window.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    meta,
    totalCount: () =>
      (counted ??= rows<{ n: number }>(db, `${withSql}SELECT count(*)::int AS n FROM ${req.countFrom ?? req.from} ${countWhere}`, countParams).then(
        (r) => r[0]?.n ?? 0,
      )),
  };
}
