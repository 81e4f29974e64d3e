import type { DataSource } from 'typeorm';
import { afterCursor, cursorSql } from '../db/paging';
import { preparedRows } from '../db/prepared';
import type { Viewer } from '../domain/viewer';
import type { ClaimProjection, JsonField } from '../services/claimProjection';
import type { ClaimListQuery } from '../services/claimReads';

/**
 * The fast path's one statement: PostgreSQL builds a `claims` connection's JSON exactly as the
 * GraphQL layer would serialise it — keys in selection order under their aliases, the claims
 * through the shared projection (services/claimProjection.ts), cursors through db/paging.ts.
 */

// GraphQL names only ([_A-Za-z][_0-9A-Za-z]*), so quoting them as literals is safe.
const key = (k: string) => `'${k}'`;
const object = (pairs: string[]) => `json_build_object(${pairs.join(', ')})`;

/** What one statement needs to print a connection's fields (`n`: a page row). */
interface Page {
  viewer: Viewer;
  q: ClaimListQuery;
  after: string | null;
  /** encodeCursor of a page row. */
  cursor: (row: string) => string;
  /** The page rows in the list's order, or reversed. */
  order: (reversed?: boolean) => string;
  countWhere: string;
}

type Render = (f: JsonField, p: Page, node: (fields: JsonField[]) => string) => string;

/** The connection types' fields, each with the SQL that prints it; the planner takes no others. */
const CONNECTION: Record<string, Record<string, Render>> = {
  ClaimConnection: {
    edges: (f, p, node) => {
      const edge = f.children!.map((c) => `${key(c.key)}, ${CONNECTION.ClaimEdge![c.field]!(c, p, node)}`);
      return `(SELECT COALESCE(json_agg(${object(edge)} ${p.order()}), '[]'::json) FROM edges n)`;
    },
    nodes: (f, p, node) => `(SELECT COALESCE(json_agg(${node(f.children!)} ${p.order()}), '[]'::json) FROM edges n)`,
    pageInfo: (f, p, node) => object(f.children!.map((c) => `${key(c.key)}, ${CONNECTION.PageInfo![c.field]!(c, p, node)}`)),
    totalCount: (_f, p) => `(SELECT count(*)::int FROM ${p.q.countFrom} ${p.countWhere})`,
    searchMode: (_f, p) => p.q.searchMode ?? 'NULL',
    __typename: () => `'ClaimConnection'`,
  },
  ClaimEdge: {
    cursor: (_f, p) => p.cursor('n'),
    node: (f, _p, node) => node(f.children!),
    __typename: () => `'ClaimEdge'`,
  },
  PageInfo: {
    hasNextPage: (_f, p) => `(SELECT count(*) > ${p.q.window.first} FROM page)`,
    hasPreviousPage: (_f, p) => (p.after || p.q.window.offset > 0 ? 'true' : 'false'),
    startCursor: (_f, p) => `(SELECT ${p.cursor('n')} FROM edges n ${p.order()} LIMIT 1)`,
    endCursor: (_f, p) => `(SELECT ${p.cursor('n')} FROM edges n ${p.order(true)} LIMIT 1)`,
    __typename: () => `'PageInfo'`,
  },
};

/** Whether the statement can print this field of a connection type. */
export const connectionAnswers = (type: string, field: string) => Boolean(CONNECTION[type]?.[field]);

export class ConnectionJson {
  constructor(
    private readonly ds: DataSource,
    private readonly projection: ClaimProjection,
  ) {}

  /** The page's JSON text, compact as GraphQL writes it. */
  async answer(viewer: Viewer, q: ClaimListQuery, after: string | null, selection: JsonField[]): Promise<string> {
    const [row] = await preparedRows<{ body: string }>(this.ds, this.statement(viewer, q, after, selection), q.params.values);
    return compactJson(row!.body);
  }

  statement(viewer: Viewer, q: ClaimListQuery, after: string | null, selection: JsonField[]): string {
    const o = q.ordering;
    const dir = (reversed = false) => (o.descending !== reversed ? 'DESC' : 'ASC');
    const countWhere = q.where.length ? `WHERE ${q.where.join(' AND ')}` : '';
    const where = after ? [...q.where, afterCursor(o, 'c.id', q.params, after)] : q.where;
    // A parameter only when a cursor is printed: PostgreSQL refuses parameters a statement never uses.
    let orderParam: string | undefined;
    const page: Page = {
      viewer,
      q,
      after,
      cursor: (n) => cursorSql((orderParam ??= q.params.add(o.name)), `${n}.__key`, `${n}.id`),
      order: (reversed) => `ORDER BY n.__sort ${dir(reversed)}, n.id ${dir(reversed)}`,
      countWhere,
    };
    // Page sizes and stances are few, so they are written in (a plan per value, cached). An offset
    // is a parameter (one shape for all), except 0, the first page and every cursor page: with
    // `OFFSET $n` PostgreSQL's generic plan assumes a tenth of the rows skipped, looks dearer than
    // a custom plan and is never chosen, so offset 0 written in keeps the common case planned once.
    const offset = q.window.offset === 0 ? '0' : `${q.params.add(q.window.offset)}::bigint`;
    const node = (fields: JsonField[]) => this.projection.json(viewer, 'Claim', fields, 'n', q.rank !== null);
    const body = object(selection.map((f) => `${key(f.key)}, ${CONNECTION.ClaimConnection![f.field]!(f, page, node)}`));
    return `WITH ${q.with ? `${q.with},` : ''} page AS (
        SELECT ${this.projection.pageColumns(viewer)}, ${o.expr} AS __sort, (${o.expr})::text AS __key${q.rank ? `, ${q.rank} AS __rank` : ''}
        FROM ${q.from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${o.expr} ${dir()}, c.id ${dir()}
        LIMIT ${q.window.first + 1} OFFSET ${offset}),
      edges AS (SELECT * FROM page ORDER BY __sort ${dir()}, id ${dir()} LIMIT ${q.window.first})
      SELECT ${body}::text AS body`;
  }
}

/**
 * PostgreSQL's json text puts spaces after colons and commas and newlines between array items;
 * GraphQL responses are compact. Drops whitespace outside strings, so both paths answer the same
 * bytes (a raw newline or space can only be structural: inside strings they are escaped or kept).
 */
export function compactJson(text: string): string {
  let out = '';
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 32 || c === 10 || c === 9 || c === 13) {
      out += text.slice(start, i);
      start = i + 1;
    }
  }
  return out + text.slice(start);
}
