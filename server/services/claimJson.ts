import type { DataSource } from 'typeorm';
import { Claim } from '../db/entities';
import type { Ordering } from '../db/paging';
import type { PageWindow } from '../domain/cursor';
import { decodeCursor } from '../domain/cursor';
import type { SqlParams } from '../db/sql';
import type { Viewer } from '../domain/viewer';
import { STANCES } from '../domain/vocabulary';
import { evidenceVisibility } from './claimRows';

/**
 * SQL that makes PostgreSQL build a `claims` connection's JSON exactly as the GraphQL layer would
 * serialise it: keys in selection order under their aliases, DateTime as UTC ISO with
 * milliseconds, cursors byte for byte as encodeCursor writes them. Used by the public fast path.
 */
export interface JsonField {
  /** Response key: the alias, or the field name. */
  key: string;
  field: string;
  children?: JsonField[];
  /** Claim.evidence(stance:). */
  stance?: string | null;
}

export interface ListQuery {
  where: string[];
  params: SqlParams;
  ordering: Ordering;
  window: PageWindow;
  rank: string | null;
  after: string | null;
}

const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const day = (col: string) => `to_char(${col}, 'YYYY-MM-DD')`;
// GraphQL names only ([_A-Za-z][_0-9A-Za-z]*), so quoting them as literals is safe.
const key = (k: string) => `'${k}'`;
const object = (pairs: string[]) => `json_build_object(${pairs.join(', ')})`;

const ACTOR: Record<string, (a: string) => string> = {
  id: (a) => `${a}.id`,
  name: (a) => `${a}.name`,
  kind: (a) => `${a}.kind`,
  title: (a) => `${a}.title`,
  country: (a) => `${a}.country`,
  aliases: (a) => `to_json(${a}.aliases)`,
  wikidataId: (a) => `${a}.wikidata_id`,
  version: (a) => `${a}.version`,
  createdAt: (a) => iso(`${a}.created_at`),
  updatedAt: (a) => iso(`${a}.updated_at`),
  __typename: () => `'Actor'`,
};

const SOURCE: Record<string, (s: string) => string> = {
  id: (s) => `${s}.id`,
  title: (s) => `${s}.title`,
  url: (s) => `${s}.url`,
  publisher: (s) => `${s}.publisher`,
  author: (s) => `${s}.author`,
  publishedOn: (s) => day(`${s}.published_on`),
  kind: (s) => `${s}.kind`,
  version: (s) => `${s}.version`,
  createdAt: (s) => iso(`${s}.created_at`),
  updatedAt: (s) => iso(`${s}.updated_at`),
  __typename: () => `'Source'`,
};

const TOPIC: Record<string, (t: string) => string> = {
  id: (t) => `${t}.id`,
  slug: (t) => `${t}.slug`,
  name: (t) => `${t}.name`,
  __typename: () => `'Topic'`,
};

export class ClaimJson {
  private readonly columns: string;

  constructor(ds: DataSource) {
    // The claim columns a page carries (not the search vector).
    this.columns = ds
      .getMetadata(Claim)
      .columns.map((c) => `c.${c.databaseName}`)
      .join(', ');
  }

  connection(viewer: Viewer, q: ListQuery, selection: JsonField[]): string {
    const o = q.ordering;
    const dir = o.descending ? 'DESC' : 'ASC';
    const where = [...q.where];
    if (q.after) {
      const pos = decodeCursor(q.after, o.name);
      where.push(`(${o.expr}, c.id) ${o.descending ? '<' : '>'} (${q.params.add(pos.key)}::${o.type}, ${q.params.add(pos.id)}::uuid)`);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countWhere = q.where.length ? `WHERE ${q.where.join(' AND ')}` : '';
    const cursor = (p: string) =>
      `translate(encode(convert_to('["' || ${q.params.add(o.name)}::text || '","' || ${p}.__key || '","' || ${p}.id || '"]', 'UTF8'), 'base64'), E'+/=\\n', '-_')`;
    const ordered = `ORDER BY e.__sort ${dir}, e.id ${dir}`;
    const pairs: string[] = [];
    for (const f of selection) {
      switch (f.field) {
        case 'edges': {
          const edge = f.children!.map((c) =>
            `${key(c.key)}, ${c.field === 'cursor' ? cursor('e') : c.field === 'node' ? this.claim(viewer, c.children!, 'e', q.rank) : `'ClaimEdge'`}`,
          );
          pairs.push(`${key(f.key)}, (SELECT COALESCE(json_agg(${object(edge)} ${ordered}), '[]'::json) FROM edges e)`);
          break;
        }
        case 'nodes':
          pairs.push(`${key(f.key)}, (SELECT COALESCE(json_agg(${this.claim(viewer, f.children!, 'e', q.rank)} ${ordered}), '[]'::json) FROM edges e)`);
          break;
        case 'pageInfo': {
          const info = f.children!.map((c) => {
            switch (c.field) {
              case 'hasNextPage':
                return `${key(c.key)}, (SELECT count(*) > ${q.window.first} FROM page)`;
              case 'hasPreviousPage':
                return `${key(c.key)}, ${q.after || q.window.offset > 0 ? 'true' : 'false'}`;
              case 'startCursor':
                return `${key(c.key)}, (SELECT ${cursor('e')} FROM edges e ${ordered} LIMIT 1)`;
              case 'endCursor':
                return `${key(c.key)}, (SELECT ${cursor('e')} FROM edges e ORDER BY e.__sort ${o.descending ? 'ASC' : 'DESC'}, e.id ${o.descending ? 'ASC' : 'DESC'} LIMIT 1)`;
              default:
                return `${key(c.key)}, 'PageInfo'`;
            }
          });
          pairs.push(`${key(f.key)}, ${object(info)}`);
          break;
        }
        case 'totalCount':
          pairs.push(`${key(f.key)}, (SELECT count(*)::int FROM claims c ${countWhere})`);
          break;
        default:
          pairs.push(`${key(f.key)}, 'ClaimConnection'`);
      }
    }
    return `WITH page AS (
        SELECT ${this.columns}, ${o.expr} AS __sort, (${o.expr})::text AS __key${q.rank ? `, ${q.rank} AS __rank` : ''}
        FROM claims c ${whereSql}
        ORDER BY ${o.expr} ${dir}, c.id ${dir}
        LIMIT ${q.window.first + 1} OFFSET ${q.window.offset}),
      edges AS (SELECT * FROM page ORDER BY __sort ${dir}, id ${dir} LIMIT ${q.window.first})
      SELECT ${object(pairs)}::text AS body`;
  }

  private claim(viewer: Viewer, fields: JsonField[], c: string, rank: string | null): string {
    return object(
      fields.map((f) => {
        const v = (() => {
          switch (f.field) {
            case 'claimedOn':
              return day(`${c}.claimed_on`);
            case 'publishedAt':
            case 'createdAt':
            case 'updatedAt':
              return iso(`${c}.${snake(f.field)}`);
            case 'searchRank':
              return rank ? `${c}.__rank` : 'NULL';
            case 'asOf':
              return 'NULL';
            case 'nextActions':
              // Public readers may take no action.
              return `'[]'::json`;
            case '__typename':
              return `'Claim'`;
            case 'claimant':
              return `(SELECT ${this.entity(ACTOR, f.children!, 'a')} FROM actors a WHERE a.id = ${c}.claimant_id)`;
            case 'firstAppearance':
              return `(SELECT ${this.entity(SOURCE, f.children!, 's')} FROM sources s WHERE s.id = ${c}.first_appearance_id)`;
            case 'topics':
              return `COALESCE((SELECT json_agg(${this.entity(TOPIC, f.children!, 't')} ORDER BY t.name, t.id)
                FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = ${c}.id), '[]'::json)`;
            case 'evidence':
              return `COALESCE((SELECT json_agg(${this.evidence(f.children!)} ORDER BY e2.created_at, e2.id)
                FROM evidence e2 LEFT JOIN sources es ON es.id = e2.source_id
                WHERE e2.claim_id = ${c}.id AND ${evidenceVisibility(viewer, 'e2')}${stanceFilter(f.stance)}), '[]'::json)`;
            default:
              return `${c}.${snake(f.field)}`;
          }
        })();
        return `${key(f.key)}, ${v}`;
      }),
    );
  }

  private evidence(fields: JsonField[]): string {
    return object(
      fields.map((f) => {
        switch (f.field) {
          case 'source':
            return `${key(f.key)}, CASE WHEN es.id IS NULL THEN NULL ELSE ${this.entity(SOURCE, f.children!, 'es')} END`;
          case 'createdAt':
          case 'updatedAt':
            return `${key(f.key)}, ${iso(`e2.${snake(f.field)}`)}`;
          case '__typename':
            return `${key(f.key)}, 'Evidence'`;
          default:
            return `${key(f.key)}, e2.${snake(f.field)}`;
        }
      }),
    );
  }

  private entity(columns: Record<string, (alias: string) => string>, fields: JsonField[], alias: string): string {
    return object(fields.map((f) => `${key(f.key)}, ${columns[f.field]!(alias)}`));
  }
}

// The stance argument is a validated enum value; checked again before it becomes SQL text.
const stanceFilter = (stance: string | null | undefined) => {
  if (!stance) return '';
  if (!(STANCES as readonly string[]).includes(stance)) throw new Error(`unknown stance ${stance}`);
  return ` AND e2.stance = '${stance}'`;
};

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

const snake = (s: string) => s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
