import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rank-ordered postings for the public search (README, "Search"; BENCHMARKS.md, "The gap"):
 * `public_claim_terms` holds one row per lexeme of each listed public copy's vector, with that
 * lexeme's own rank, under an index ordered (lexeme, rank DESC, claim_id DESC). A search for one
 * lexeme then reads the index's first page-size entries instead of visiting one heap page per
 * match; an OR of lexemes adds up each claim's postings. services/claimSearch.ts reads them.
 *
 * Exact, not an approximation: with normalization 0, ts_rank_cd of a query that is only lexemes
 * ORed counts each matching position once, worth its weight, in double precision, and rounds the
 * total to real once. So each posting keeps `score`, the exact double sum of its occurrences'
 * weights (as ts_rank_cd counts one occurrence of each weight), and `rank` = score::real, which is
 * ts_rank_cd(vector, that lexeme alone). An OR's rank is sum(score)::real: every term is a sum of
 * single-precision weights, so the double sums are exact in any order. (Summing the rounded ranks
 * instead is off by one unit in the last place for about one claim in five with mixed weights.)
 * Two lexemes at one position would be counted twice where ts_rank_cd counts the position once;
 * in our vectors only a spaceless character and the pair starting at it share a position, and
 * `claimledger_or_lexemes` sends such a query to the GIN index.
 *
 * Kept by triggers on public_claim_search (itself kept by triggers on public_claims), in the
 * writing transaction: the postings that differ between the old and the new listed vector are
 * deleted and inserted, the others stay. Rows are found by (lexeme, rank, claim_id) from the old
 * vector, an index probe each: there is no index by claim_id alone, which would cost as much
 * again, and no foreign key, whose cascade would need one. A withdrawn copy has no postings.
 */
export class SearchPostings1765094400003 implements MigrationInterface {
  name = 'SearchPostings1765094400003';

  async up(q: QueryRunner): Promise<void> {
    // (MultilingualSearch says why its helpers are PL/pgSQL with schema-qualified names: plans kept
    // for the session. claimledger_terms, a set-returning SQL function, is inlined where it is used.)
    const [{ schema }] = (await q.query(`SELECT quote_ident(current_schema()) AS schema`)) as [{ schema: string }];
    // A vector's postings: each lexeme and the exact sum of its occurrences' weights.
    const weight = (w: string) => `WHEN '${w}' THEN ts_rank_cd('x:1${w}'::tsvector, 'x'::tsquery)::float8`;
    await q.query(`
      CREATE FUNCTION claimledger_terms(vector tsvector) RETURNS TABLE (lexeme text, score float8)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      BEGIN ATOMIC
        SELECT u.lexeme, (SELECT sum(CASE w ${['A', 'B', 'C', 'D'].map(weight).join(' ')} END) FROM unnest(u.weights) AS w)
        FROM unnest(vector) AS u;
      END`);
    // The lexemes of a query that is nothing but lexemes ORed (each quoted lexeme taken out, only
    // '|' and spaces may remain: no AND, NOT, phrase, prefix ':*' or weight ':A'), none of them a
    // character that shares its position with a pair starting with it; NULL for any other query.
    // Quoted lexemes in a tsquery's text are written as in a tsvector's, so they are read as one.
    await q.query(`
      CREATE FUNCTION claimledger_or_lexemes(query tsquery) RETURNS text[]
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        lexemes text[];
      BEGIN
        IF numnode(query) = 0 OR regexp_replace(query::text, '''(?:[^'']|'''')*''', '', 'g') !~ '^[ |]*$' THEN RETURN NULL; END IF;
        lexemes := tsvector_to_array(array_to_string(
          ARRAY(SELECT m[1] FROM regexp_matches(query::text, '''(?:[^'']|'''')*''', 'g') AS m), ' ')::tsvector);
        IF EXISTS (SELECT FROM unnest(lexemes) AS one, unnest(lexemes) AS pair
                   WHERE char_length(one) = 1 AND char_length(pair) = 2 AND left(pair, 1) = one) THEN
          RETURN NULL;
        END IF;
        RETURN lexemes;
      END $$`);
    await q.query(`
      CREATE TABLE public_claim_terms (
        lexeme text NOT NULL,
        score float8 NOT NULL,
        rank real GENERATED ALWAYS AS (score::real) STORED,
        claim_id uuid NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION claimledger_index_terms() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        before tsvector := '';
        after tsvector := '';
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD.listed THEN before := OLD.vector; END IF;
        IF TG_OP <> 'DELETE' AND NEW.listed THEN after := NEW.vector; END IF;
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM ${schema}.public_claim_terms AS t
          USING (SELECT * FROM ${schema}.claimledger_terms(before) EXCEPT SELECT * FROM ${schema}.claimledger_terms(after)) AS gone
          WHERE t.lexeme = gone.lexeme AND t.rank = gone.score::real AND t.claim_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO ${schema}.public_claim_terms (lexeme, score, claim_id)
          SELECT added.lexeme, added.score, NEW.id
          FROM (SELECT * FROM ${schema}.claimledger_terms(after) EXCEPT SELECT * FROM ${schema}.claimledger_terms(before)) AS added;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER public_claim_search_terms_insert AFTER INSERT ON public_claim_search FOR EACH ROW EXECUTE FUNCTION claimledger_index_terms()`);
    await q.query(
      `CREATE TRIGGER public_claim_search_terms_update AFTER UPDATE ON public_claim_search FOR EACH ROW
       WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.listed IS DISTINCT FROM NEW.listed OR OLD.vector IS DISTINCT FROM NEW.vector)
       EXECUTE FUNCTION claimledger_index_terms()`,
    );
    await q.query(`CREATE TRIGGER public_claim_search_terms_delete AFTER DELETE ON public_claim_search FOR EACH ROW EXECUTE FUNCTION claimledger_index_terms()`);

    // Existing copies in one pass, then the index (faster than growing it row by row).
    await q.query(`
      INSERT INTO public_claim_terms (lexeme, score, claim_id)
      SELECT t.lexeme, t.score, s.id FROM public_claim_search AS s, claimledger_terms(s.vector) AS t WHERE s.listed`);
    await q.query(`CREATE INDEX public_claim_terms_idx ON public_claim_terms (lexeme, rank DESC, claim_id DESC) INCLUDE (score)`);
    await q.query(`ANALYZE public_claim_terms`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER public_claim_search_terms_${op} ON public_claim_search`);
    await q.query(`DROP FUNCTION claimledger_index_terms()`);
    await q.query(`DROP TABLE public_claim_terms`);
    await q.query(`DROP FUNCTION claimledger_or_lexemes(tsquery)`);
    await q.query(`DROP FUNCTION claimledger_terms(tsvector)`);
  }
}
