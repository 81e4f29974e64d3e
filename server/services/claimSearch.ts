import type { SqlParams } from '../db/sql';
import { isStaff, type Viewer } from '../domain/viewer';
import { claimTable, publishedClaim, searchTable } from './visibility';

/**
 * A claims list's search, as SQL: the one definition both read paths (fetchPage and the fast
 * path's statement) and the count use. The vectors and the query come from the database's own
 * functions (migration MultilingualSearch): `claimledger_search_query(language, text)` stems the
 * text by the filter's language, or by every language in use plus `simple`, and pairs up
 * characters of scripts without spaces.
 *
 * Full-text first; when that finds nothing under the list's other conditions, the same statement
 * falls back to trigram similarity (pg_trgm's word similarity, at its default threshold 0.6) over
 * the claim's statement and its claimant's name and aliases, so "Pompei" finds Pompeo's claims.
 * The two are the branches of one UNION ALL: the fallback's branch is gated by a one-time filter
 * on the `fts` CTE, so a search that matches never touches the trigram indexes. A text of stop
 * words only (an empty query: "the") is no misspelling to correct: it finds nothing, in full text.
 */
export interface ClaimSearchSql {
  /** CTE definitions (without WITH) the statement must carry. */
  with: string;
  /** FROM clause: the claims, joined to their matches `m` (id, rank). */
  from: string;
  /** The match's rank: ts_rank_cd in full-text mode, the similarity (0 to 1) in the fallback. */
  rank: string;
  /** 'FULL_TEXT' or 'SIMILAR', once per statement. */
  mode: string;
}

export type SearchMode = 'FULL_TEXT' | 'SIMILAR';

/**
 * @param where the list's other conditions on `c` (the same placeholders: the count shares them)
 * @param language a canonical language tag narrowing the search, or null for every language
 */
export function claimSearchSql(viewer: Viewer, p: SqlParams, text: string, language: string | null, where: string[]): ClaimSearchSql {
  const claims = claimTable(viewer);
  const vectors = searchTable(viewer);
  const t = p.add(text);
  const listed = isStaff(viewer) ? '' : ' AND s.listed';
  const query = `(SELECT q FROM search)`;
  const matches = [...where, `s.vector @@ ${query}${listed}`].join(' AND ');
  // The claimants whose name or an alias is like the text (a hashed subplan, run once).
  const claimants = `(SELECT a.id FROM actors a WHERE a.name %> ${t} OR EXISTS (SELECT FROM unnest(a.aliases) al WHERE al %> ${t}))`;
  const similarity = `GREATEST(word_similarity(${t}, f.text),
      coalesce((SELECT max(word_similarity(${t}, n)) FROM actors a, unnest(a.aliases || a.name) n WHERE a.id = f.claimant_id), 0))`;
  return {
    with: `search AS MATERIALIZED (SELECT claimledger_search_query(${language ? p.add(language) : 'NULL'}, ${t}) AS q),
      fts AS MATERIALIZED (SELECT numnode(${query}) = 0
        OR EXISTS (SELECT 1 FROM ${claims} c JOIN ${vectors} s ON s.id = c.id WHERE ${matches}) AS found)`,
    from: `${claims} c JOIN (
        SELECT s.id, ts_rank_cd(s.vector, ${query}) AS rank FROM ${vectors} s WHERE s.vector @@ ${query}${listed}
        UNION ALL
        SELECT f.id, ${similarity} FROM ${claims} f
        WHERE (SELECT NOT found FROM fts)${isStaff(viewer) ? '' : ` AND ${publishedClaim('f')}`}
          AND (f.text %> ${t} OR f.claimant_id IN ${claimants})
      ) m ON m.id = c.id`,
    rank: 'm.rank',
    mode: `(SELECT CASE WHEN found THEN 'FULL_TEXT' ELSE 'SIMILAR' END FROM fts)`,
  };
}
