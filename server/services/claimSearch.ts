import { afterCursor, type Ordering } from '../db/paging';
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
 * falls back (`SIMILAR`) to a corrected search (migration SearchVocabulary): each word of the text
 * that no copy the reader may see uses (the public: the listed public copies; staff: the working
 * copies) is replaced by the nearest word they do use, by trigram similarity, holding at least
 * 60 % of the misspelt word's trigrams (pg_trgm's word similarity at its default threshold), and
 * the corrected text is searched in full text: "Parlament" finds "Parliament", "Pompei" finds
 * "Pompeo". The corrected words are ANDed as typed, so words that are all spelt as the claims
 * spell them but never stand in one claim find nothing here. The fallback also finds the claims
 * of the claimants whose name or an alias is like the whole text (the same word similarity, the
 * `actor_names` index), so "Ri Hong Yo" finds Ri Yong Ho's. Its rank stays within 0..1: for a
 * corrected match the correction's similarity times the corrected query's rank r as r / (r + 1),
 * for a claimant's claim its name's similarity; the greater counts. Ties by id, as everywhere.
 * The fallback's branches are gated by one-time filters on the `fts` CTE, so a search that
 * matches never corrects anything. A text of stop words only (an empty query: "the") is no
 * misspelling to correct: it finds nothing, in full text.
 *
 * The vectors live in a narrow table (visibility.ts searchTable). When the list is nothing but the
 * search (and a language), best match first, each branch ranks, pages and limits its matches
 * there (`hits`) and only the page's claims are read from the wide claim rows: ranking every match
 * and then joining each one to its claim row would cost a probe per match. With other conditions
 * on the claim, the matches are joined first and ranked after.
 *
 * The public's search in every language (no filter.language) reads rank-ordered postings
 * (public_claim_terms, migration SearchPostings) when its query is nothing but lexemes ORed
 * (`claimledger_or_lexemes`; a one-word search in several languages is such an OR): one lexeme
 * reads its index's first rows in rank order, an OR sums each claim's postings. Both give
 * ts_rank_cd's value exactly (the migration says why). Any other query (AND, NOT, phrases,
 * prefixes) ranks in the narrow table. Which branch runs is decided once per statement: the
 * others' one-time filters fail and they are never executed.
 */
export interface ClaimSearchSql {
  /** CTE definitions (without WITH) the statement must carry. */
  with: string;
  /** FROM clause: the claims `c`, joined to the page's candidates `m` (id, rank). */
  from: string;
  /** FROM clause for counting: the claims joined to all their matches. */
  countFrom: string;
  /** The match's rank: ts_rank_cd in full-text mode, the similarity (0 to 1) in the fallback. */
  rank: string;
  /** 'FULL_TEXT' or 'SIMILAR', once per statement. */
  mode: string;
}

export type SearchMode = 'FULL_TEXT' | 'SIMILAR';

/** The page a search ranks by itself, in its narrow table: the list's ordering name, cursor and rows to keep. */
export interface NarrowPage {
  orderName: string;
  after: string | null;
  /** The page's size plus one, plus its offset. */
  limit: number;
}

/** A language filter: the tag and its more specific forms ("pt" is also pt-BR; "pt-BR" only itself). */
export const languageMatches = (column: string, tag: string) => `(${column} = ${tag} OR ${column} LIKE ${tag} || '-%')`;

/**
 * @param where the list's other conditions on `c` (the same placeholders: the count shares them)
 * @param language a canonical language tag narrowing the search, or null for every language
 * @param narrow set when the list's only conditions are the search, visibility and `language`
 *   and it is ordered by relevance: the search then pages by itself
 */
export function claimSearchSql(
  viewer: Viewer,
  p: SqlParams,
  text: string,
  language: string | null,
  where: string[],
  narrow: NarrowPage | null,
): ClaimSearchSql {
  const staff = isStaff(viewer);
  const claims = claimTable(viewer);
  const vectors = searchTable(viewer);
  const t = p.add(text);
  const tag = language ? p.add(language) : null;
  const query = `(SELECT q FROM search)`;

  const fullText = { rank: `ts_rank_cd(s.vector, ${query})`, where: [`s.vector @@ ${query}`, ...(staff ? [] : ['s.listed'])] };
  const inLanguage = tag ? [languageMatches('s.language', tag)] : [];
  // Postings exist for the listed public copies, in every language. Of an OR's lexemes only those
  // with postings are kept (an index probe each): a word stemmed alike by the configurations in
  // use, with its spelling as written (simple) in no claim, is then one lexeme, read in rank order.
  const postings = narrow !== null && !staff && tag === null;
  /** A search CTE's columns for a text: its query `q`, and for postings the lexemes of an OR with postings. */
  const searchOf = (text: string) =>
    postings
      ? `SELECT q, CASE WHEN o IS NOT NULL THEN
          ARRAY(SELECT l FROM unnest(o) AS l WHERE EXISTS (SELECT FROM public_claim_terms t WHERE t.lexeme = l)) END AS lexemes
        FROM claimledger_search_query(${tag ?? 'NULL'}, ${text}) AS q, claimledger_or_lexemes(q) AS o`
      : `SELECT claimledger_search_query(${tag ?? 'NULL'}, ${text}) AS q`;
  const search = `search AS MATERIALIZED (${searchOf(t)})`;
  const mode = `(SELECT CASE WHEN found THEN 'FULL_TEXT' ELSE 'SIMILAR' END FROM fts)`;

  // The fallback, computed only when full text found nothing: the text with the words the
  // audience's copies do not use corrected (migration SearchVocabulary), searched in full text,
  // and the claimants whose name or an alias is like the whole text (its trigram index).
  const fallback = `(SELECT NOT found FROM fts)`;
  const corrected = `corrected AS MATERIALIZED (SELECT k.*, similarity(${t}, x.text) AS similarity
      FROM (SELECT claimledger_corrected_query(${!staff}, ${t}) AS text WHERE ${fallback}) AS x, LATERAL (${searchOf('x.text')}) AS k
      WHERE x.text IS NOT NULL)`;
  const claimants = `claimants AS MATERIALIZED (SELECT n.actor_id AS id, n.similarity FROM claimledger_claimants_like(${t}) AS n WHERE ${fallback})`;
  // A corrected match's rank: the correction's similarity times the corrected query's rank r
  // scaled to 0..1 as r / (r + 1); a claimant's: its name's similarity. The greater counts.
  const correctedRank = (r: string) => `((SELECT similarity FROM corrected) * (${r})::float8 / ((${r})::float8 + 1))::real`;
  const q2 = `(SELECT q FROM corrected)`;
  const lexemes2 = `(SELECT lexemes FROM corrected)::text[]`;
  const similarMatches = `SELECT x.id, max(x.rank) AS rank FROM (
        SELECT s.id, ${correctedRank(`ts_rank_cd(s.vector, ${q2})`)} AS rank FROM ${vectors} s
        WHERE ${[`${q2} IS NOT NULL`, ...(postings ? [`${lexemes2} IS NULL`] : []), `s.vector @@ ${q2}`, ...(staff ? [] : ['s.listed']), ...inLanguage].join(' AND ')}
        ${
          postings
            ? `UNION ALL SELECT t.claim_id, ${correctedRank('sum(t.score)::real')} FROM public_claim_terms t
               WHERE cardinality(${lexemes2}) > 0 AND t.lexeme = ANY (${lexemes2}) GROUP BY t.claim_id`
            : ''
        }
        UNION ALL
        SELECT f.id, n.similarity FROM claimants n JOIN ${claims} f ON f.claimant_id = n.id
        WHERE ${[...(staff ? [] : [publishedClaim('f')]), ...(tag ? [languageMatches('f.language', tag)] : [])].join(' AND ') || 'true'}
      ) x WHERE ${fallback} GROUP BY x.id`;
  const allMatches = `${claims} c JOIN (
        SELECT s.id, ${fullText.rank} AS rank FROM ${vectors} s WHERE ${fullText.where.join(' AND ')}
        UNION ALL
        ${similarMatches}
      ) m ON m.id = c.id`;

  if (!narrow) {
    const matches = [...where, ...fullText.where].join(' AND ');
    return {
      with: `${search},
      fts AS MATERIALIZED (SELECT numnode(${query}) = 0
        OR EXISTS (SELECT 1 FROM ${claims} c JOIN ${vectors} s ON s.id = c.id WHERE ${matches}) AS found),
      ${corrected},
      ${claimants}`,
      from: allMatches,
      countFrom: allMatches,
      rank: 'm.rank',
      mode,
    };
  }
  // Each branch pages as the list does (the same cursor, best first, ties by id), then limits.
  // An aggregated rank (grouped by id) takes the cursor after grouping.
  const branch = (rank: string, id: string, from: string, conditions: string[], grouped = false) => {
    const ordering: Ordering = { name: narrow.orderName, expr: rank, type: 'real', descending: true };
    const cursor = narrow.after ? [afterCursor(ordering, id, p, narrow.after)] : [];
    const where = grouped ? conditions : [...conditions, ...cursor];
    const group = grouped ? ` GROUP BY ${id}${cursor.length ? ` HAVING ${cursor[0]}` : ''}` : '';
    return `(SELECT ${id} AS id, ${rank} AS rank FROM ${from} WHERE ${where.join(' AND ')}${group} ORDER BY 2 DESC, 1 DESC LIMIT ${narrow.limit})`;
  };
  // Postings (an OR of lexemes), the narrow table (any other query) or neither: one-time filters.
  const lexemes = `(SELECT lexemes FROM search)::text[]`; // the cast: an array, not ANY (subquery)
  const ginOnly = postings ? [`${lexemes} IS NULL`] : [];
  // Every full-text match with its rank, once: whether there is any is then free (an EXISTS of
  // its own would be planned, for a prepared statement, as a scan hoping for an early match).
  const ranked = `ranked AS MATERIALIZED (SELECT s.id, ${fullText.rank} AS rank FROM ${vectors} s WHERE ${[...ginOnly, ...fullText.where, ...inLanguage].join(' AND ')})`;
  const gin = `numnode(${query}) = 0 OR EXISTS (SELECT 1 FROM ranked)`;
  // A CASE runs only the subquery of its branch: for an OR of lexemes, whether any has postings.
  const found = postings ? `CASE WHEN ${lexemes} IS NULL THEN ${gin} ELSE cardinality(${lexemes}) > 0 END` : gin;
  // One lexeme: the first rows of its index range. Several: each claim's exact scores added up.
  const postingHits = postings
    ? `${branch('t.rank', 't.claim_id', 'public_claim_terms t', [`cardinality(${lexemes}) = 1`, `t.lexeme = (SELECT lexemes[1] FROM search)`])}
        UNION ALL ${branch('sum(t.score)::real', 't.claim_id', 'public_claim_terms t', [`cardinality(${lexemes}) > 1`, `t.lexeme = ANY (${lexemes})`], true)}
        UNION ALL `
    : '';
  return {
    with: `${search},
      ${ranked},
      fts AS MATERIALIZED (SELECT ${found} AS found),
      ${corrected},
      ${claimants},
      hits AS (${postingHits}${branch('r.rank', 'r.id', 'ranked r', ['true'])}
        UNION ALL ${branch('x.rank', 'x.id', `(${similarMatches}) x`, ['true'])})`,
    from: `${claims} c JOIN hits m ON m.id = c.id`,
    countFrom: allMatches,
    rank: 'm.rank',
    mode,
  };
}
