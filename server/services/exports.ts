import type { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { pgPool } from '../db/pool';
import type { ReviewStatus } from '../domain/vocabulary';
import { topicSlugsOf } from './claimProjection';

export type ExportKind = 'claims' | 'history';
export type ExportFormat = 'csv' | 'ndjson';

export interface ExportFilter {
  /** Claims created / events that occurred at or after this instant. */
  from?: Date;
  /** … and before this instant. */
  to?: Date;
  claimIds?: string[];
  /** Claims made by this actor (and, for history, the actor's own events). */
  actorId?: string;
  status?: ReviewStatus[];
}

/** An export ready to stream: rows counted up front (for progress bars), then read through COPY. */
export interface ExportStream {
  rows: number;
  stream: Readable;
  /** Returns the connection to the pool, or discards it when the copy did not finish. */
  release(failed: boolean): void;
}

// The global position: commit order, so an export is always a prefix of any later one (docs/history-verification.md).
const HISTORY_ORDER = 'h.position';

/**
 * Auditor exports, streamed by PostgreSQL's COPY: memory stays flat whatever the size, and the
 * speed is COPY's own. COPY takes no bind parameters, so every filter value is validated here and
 * inlined as an escaped literal.
 */
export class ExportService {
  constructor(private readonly ds: DataSource) {}

  async open(kind: ExportKind, format: ExportFormat, filter: ExportFilter): Promise<ExportStream> {
    // COPY needs a raw pg client, outside TypeORM.
    const client = await pgPool(this.ds)!.connect();
    try {
      const where = this.where(kind, filter, client);
      const from = kind === 'claims' ? 'claims c' : 'history_events h';
      const counted = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${from} ${where}`);
      const stream = client.query(copyTo(copyStatement(kind, format, where)));
      // The route's pipeline listens while it copies; an error the COPY stream raises after that
      // (the database dying just as a client hung up, say) has no one left to tell, and an
      // unheard 'error' event would take the whole process down.
      stream.on('error', () => undefined);
      let released = false;
      return {
        rows: Number(counted.rows[0]!.n),
        stream,
        release(failed: boolean) {
          if (released) return;
          released = true;
          // A connection left in the middle of a COPY cannot be reused: destroy it.
          client.release(failed ? new Error('export interrupted') : undefined);
        },
      };
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
  }

  private where(kind: ExportKind, f: ExportFilter, client: PoolClient): string {
    const lit = (v: string) => client.escapeLiteral(v);
    const list = (ids: string[]) => `(${ids.map(lit).join(', ')})`;
    const conditions: string[] = [];
    if (kind === 'claims') {
      if (f.from) conditions.push(`c.created_at >= ${lit(f.from.toISOString())}::timestamptz`);
      if (f.to) conditions.push(`c.created_at < ${lit(f.to.toISOString())}::timestamptz`);
      if (f.claimIds?.length) conditions.push(`c.id IN ${list(f.claimIds)}`);
      if (f.actorId) conditions.push(`c.claimant_id = ${lit(f.actorId)}`);
      if (f.status?.length) conditions.push(`c.review_status IN ${list(f.status)}`);
    } else {
      if (f.from) conditions.push(`h.occurred_at >= ${lit(f.from.toISOString())}::timestamptz`);
      if (f.to) conditions.push(`h.occurred_at < ${lit(f.to.toISOString())}::timestamptz`);
      if (f.claimIds?.length) conditions.push(`h.claim_id IN ${list(f.claimIds)}`);
      if (f.actorId) {
        conditions.push(
          `(h.claim_id IN (SELECT id FROM claims WHERE claimant_id = ${lit(f.actorId)}) OR h.chain = ${lit(`actor:${f.actorId}`)})`,
        );
      }
      if (f.status?.length) conditions.push(`h.claim_id IN (SELECT id FROM claims WHERE review_status IN ${list(f.status)})`);
    }
    return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  }
}

/** The COPY statement behind an export (the benchmark runs the same one directly, as its baseline). */
export function copyStatement(kind: ExportKind, format: ExportFormat, where = ''): string {
  const select = kind === 'claims' ? claimsSelect(format, where) : historySelect(format, where);
  return format === 'csv'
    ? `COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')`
    : // One JSON document per line. CSV mode with a quote and delimiter that JSON never contains
      // unescaped (control characters) writes each document as it is.
      `COPY (${select}) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02', ENCODING 'UTF8')`;
}

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', ${ISO_MS})`;

function historySelect(format: ExportFormat, where: string): string {
  if (format === 'ndjson') {
    // Each event's stored record: the exact RFC 8785 bytes that were hashed (docs/history-verification.md, section 5).
    return `SELECT h.record FROM history_events h ${where} ORDER BY ${HISTORY_ORDER}`;
  }
  // changes and state are JSON objects: they begin with "{", never with a formula.
  return `SELECT h.id, h.chain, h.seq, h.position, h.prev_hash, h.version, h.claim_id, h.entity_type, h.entity_id, h.action,
      h.user_id, ${spreadsheetCell('h.user_label')} AS user_label, ${iso('h.occurred_at')} AS occurred_at, h.changes::text AS changes,
      ${spreadsheetCell('h.note')} AS note, h.state::text AS state, h.hash
    FROM history_events h ${where} ORDER BY ${HISTORY_ORDER}`;
}

/**
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with = + - @,
 * a tab or a carriage return as a formula (`=HYPERLINK(…)`, `@SUM(…)`). Both CSV exports are meant
 * for spreadsheets (history.csv is not verifiable: docs/history-verification.md, section 10), so
 * there such a cell of free text gets a leading single quote, which spreadsheets show as text and
 * do not display. Ids, vocabularies, dates, numbers and JSON never begin so and are written as they
 * are. The NDJSON exports stay byte-exact: they are verified and parsed, not opened in a spreadsheet.
 */
function spreadsheetCell(expr: string): string {
  return `CASE WHEN left(${expr}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${expr} ELSE ${expr} END`;
}

function claimsSelect(format: ExportFormat, where: string): string {
  const topics = topicSlugsOf('c');
  if (format === 'ndjson') {
    return `SELECT json_build_object(
        'id', c.id, 'text', c.text, 'quote', c.quote,
        'claimant', (SELECT json_build_object('id', a.id, 'name', a.name) FROM actors a WHERE a.id = c.claimant_id),
        'firstAppearance', (SELECT json_build_object('id', s.id, 'title', s.title, 'url', s.url) FROM sources s WHERE s.id = c.first_appearance_id),
        'claimedOn', c.claimed_on, 'context', c.context, 'topics', ${topics}, 'language', c.language,
        'reviewStatus', c.review_status, 'verdict', c.verdict, 'verdictRationale', c.verdict_rationale,
        'attributionStatus', c.attribution_status, 'disputeStatus', c.dispute_status,
        'assigneeId', c.assignee_id, 'publishedAt', ${iso('c.published_at')},
        'importedFrom', c.imported_from, 'originalRating', c.original_rating, 'version', c.version,
        'createdAt', ${iso('c.created_at')}, 'updatedAt', ${iso('c.updated_at')},
        'evidence', COALESCE((SELECT json_agg(json_build_object('id', e.id, 'stance', e.stance, 'reliability', e.reliability,
            'sourceId', e.source_id, 'url', e.url, 'excerpt', e.excerpt, 'isPublic', e.is_public) ORDER BY e.created_at, e.id)
          FROM evidence e WHERE e.claim_id = c.id AND e.removed_at IS NULL), '[]'::json))::text
      FROM claims c ${where} ORDER BY c.created_at, c.id`;
  }
  const cell = spreadsheetCell;
  return `SELECT c.id, ${cell('c.text')} AS text, ${cell('c.quote')} AS quote, c.claimant_id, ${cell('a.name')} AS claimant_name,
      c.first_appearance_id, ${cell('s.title')} AS first_appearance_title, ${cell('s.url')} AS first_appearance_url, c.claimed_on,
      ${cell('c.context')} AS context, ${cell(`array_to_string(${topics}, ';')`)} AS topics, c.language, c.review_status, c.verdict,
      ${cell('c.verdict_rationale')} AS verdict_rationale, c.attribution_status, c.dispute_status, c.assignee_id,
      ${iso('c.published_at')} AS published_at, ${cell('c.imported_from')} AS imported_from, ${cell('c.original_rating')} AS original_rating,
      c.version, ${iso('c.created_at')} AS created_at, ${iso('c.updated_at')} AS updated_at
    FROM claims c LEFT JOIN actors a ON a.id = c.claimant_id LEFT JOIN sources s ON s.id = c.first_appearance_id
    ${where} ORDER BY c.created_at, c.id`;
}
