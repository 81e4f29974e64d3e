import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search that understands a claim's language (README, "Search"):
 *
 * - Each claim's language tag selects a text-search configuration: the stock one of its primary
 *   language where PostgreSQL (15 and 17 alike) ships one, `simple` otherwise. Each is copied as
 *   `claimledger_<name>` with `unaccent` ahead of its stemmer, so "zoe" finds "Zoë" and "senor"
 *   "señor" (the way the unaccent documentation gives). `claimledger_search_config(language)` is
 *   the one mapping; LANGUAGES below is its only source.
 * - Scripts written without spaces (Han, kana, Hangul) get their characters and overlapping
 *   character pairs as extra lexemes, and a query's runs of them become the same pairs, so "制裁"
 *   finds "对朝鲜的制裁".
 * - The vectors move out of the wide claim rows into narrow tables keyed by claim id, with the
 *   claim's language (`claim_search` for staff, `public_claim_search` for the public copies, with
 *   `listed`: not withdrawn, and a GIN index on listed rows only), so a search ranks its matches
 *   there and reads only the page's claims from the wide rows.
 *   Triggers on claims and public_claims keep them in step in the writing transaction; nothing
 *   else writes them. `search_languages` holds the primary languages claims use, so a search in
 *   no particular language is stemmed by the configurations in use, not all of them.
 *
 * Existing rows: the old generated `search_vector` columns (english) are dropped; every claim and
 * public copy is indexed anew from its text, quote, context and language.
 */

/** Primary language subtag → stock configuration; any other language is searched as `simple`. */
const LANGUAGES: [config: string, subtags: string[]][] = [
  ['arabic', ['ar']],
  ['armenian', ['hy']],
  ['basque', ['eu']],
  ['catalan', ['ca']],
  ['danish', ['da']],
  ['dutch', ['nl']],
  ['english', ['en']],
  ['finnish', ['fi']],
  ['french', ['fr']],
  ['german', ['de']],
  ['greek', ['el']],
  ['hindi', ['hi']],
  ['hungarian', ['hu']],
  ['indonesian', ['id']],
  ['irish', ['ga']],
  ['italian', ['it']],
  ['lithuanian', ['lt']],
  ['nepali', ['ne']],
  ['norwegian', ['no', 'nb', 'nn']],
  ['portuguese', ['pt']],
  ['romanian', ['ro']],
  ['russian', ['ru']],
  ['serbian', ['sr']],
  ['spanish', ['es']],
  ['swedish', ['sv']],
  ['tamil', ['ta']],
  ['turkish', ['tr']],
  ['yiddish', ['yi']],
];

/**
 * Characters of scripts written without spaces between words: Hangul jamo and syllables, kana
 * (with the prolonged sound mark), the iteration marks 々〆〇, CJK ideographs (with extensions and
 * compatibility forms) and half-width katakana.
 */
const SPACELESS =
  '\\u1100-\\u11ff\\u3005-\\u3007\\u3040-\\u30ff\\u3130-\\u318f\\u31f0-\\u31ff\\u3400-\\u4dbf\\u4e00-\\u9fff' +
  '\\uac00-\\ud7af\\uf900-\\ufaff\\uff66-\\uff9f\\U00020000-\\U0003134f';

const WORD_TOKENS = 'hword, hword_part, word'; // the parser's tokens that may carry accents (not ascii*)

export class MultilingualSearch1765094400002 implements MigrationInterface {
  name = 'MultilingualSearch1765094400002';

  async up(q: QueryRunner): Promise<void> {
    // Trusted since PostgreSQL 13, like pg_trgm: no superuser needed.
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    const [{ schema }] = (await q.query(`SELECT quote_ident(current_schema()) AS schema`)) as [{ schema: string }];
    for (const [config] of [...LANGUAGES, ['simple', []] as [string, string[]]]) {
      const dictionary = config === 'simple' ? 'simple' : `${config}_stem`;
      await q.query(`CREATE TEXT SEARCH CONFIGURATION claimledger_${config} (COPY = pg_catalog.${config})`);
      await q.query(`ALTER TEXT SEARCH CONFIGURATION claimledger_${config} ALTER MAPPING FOR ${WORD_TOKENS} WITH unaccent, ${dictionary}`);
    }
    // SQL-standard bodies (RETURN, BEGIN ATOMIC) are bound when created: the configurations and
    // functions they name are fixed then, whatever a later session's search_path. (Those with no
    // sub-select are inlined into the statement that calls them.)
    const cases = LANGUAGES.flatMap(([config, tags]) => tags.map((t) => `WHEN '${t}' THEN 'claimledger_${config}'::regconfig`));
    await q.query(`
      CREATE FUNCTION claimledger_search_config(language text) RETURNS regconfig
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE split_part(language, '-', 1) ${cases.join(' ')} ELSE 'claimledger_simple'::regconfig END`);

    // A text cut into runs of spaceless scripts and the rest, in order.
    await q.query(`
      CREATE FUNCTION claimledger_text_runs(t text) RETURNS TABLE (n bigint, piece text, spaceless boolean)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      BEGIN ATOMIC
        SELECT r.n, coalesce(r.m[1], r.m[2]), r.m[1] IS NOT NULL
        FROM regexp_matches(t, '([${SPACELESS}]+)|([^${SPACELESS}]+)', 'g') WITH ORDINALITY AS r(m, n);
      END`);
    // A run's overlapping character pairs (a one-character run: itself).
    await q.query(`
      CREATE FUNCTION claimledger_char_pairs(run text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE WHEN char_length(run) < 2 THEN ARRAY[run]
        ELSE ARRAY(SELECT substr(run, i, 2) FROM generate_series(1, char_length(run) - 1) AS i ORDER BY i) END`);
    // The text the stemmer reads: spaceless runs become pairs (a query: AND of the pairs, or a
    // phrase of them in quotes) or are left out (a document: they are indexed as below). Most texts
    // have no such run and are answered at once. PL/pgSQL, not SQL, here and below: a SQL function
    // with a sub-select is planned afresh at each statement that calls it (each trigger firing),
    // which made a write 10 times dearer; PL/pgSQL keeps its plans for the session. Its names are
    // resolved when it runs, so ours are written with their schema (a SET search_path clause would
    // cost as much again).
    await q.query(`
      CREATE FUNCTION claimledger_search_terms(t text, pairs boolean) RETURNS text
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      BEGIN
        IF t !~ '[${SPACELESS}]' THEN RETURN t; END IF;
        RETURN (SELECT coalesce(string_agg(CASE WHEN NOT r.spaceless THEN r.piece
                                                WHEN pairs THEN ' ' || array_to_string(${schema}.claimledger_char_pairs(r.piece), ' ') || ' '
                                                ELSE ' ' END, '' ORDER BY r.n), '')
                FROM ${schema}.claimledger_text_runs(t) AS r);
      END $$`);
    // A document's spaceless runs as lexemes: each character, and each pair at its first
    // character's position (a one-character query matches the character, a longer one its pairs).
    await q.query(`
      CREATE FUNCTION claimledger_spaceless_vector(t text) RETURNS tsvector
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      BEGIN
        IF t !~ '[${SPACELESS}]' THEN RETURN ''::tsvector; END IF;
        RETURN (SELECT coalesce(string_agg('''' || g.lexeme || ''':' || least(r.base + i, 16383), ' '), '')::tsvector
          FROM (SELECT s.piece, sum(char_length(s.piece)) OVER (ORDER BY s.n) - char_length(s.piece) AS base
                FROM ${schema}.claimledger_text_runs(t) AS s WHERE s.spaceless) AS r,
            generate_series(1, char_length(r.piece)) AS i,
            LATERAL (VALUES (substr(r.piece, i, 1)), (CASE WHEN i < char_length(r.piece) THEN substr(r.piece, i, 2) END)) AS g(lexeme)
          WHERE g.lexeme IS NOT NULL);
      END $$`);
    // One claim's vector; weighted so a match in the statement outranks one in the quote or context.
    const part = (column: string, weight: string) =>
      `setweight(to_tsvector(claimledger_search_config(language), claimledger_search_terms(${column}, false))
                 || claimledger_spaceless_vector(${column}), '${weight}')`;
    await q.query(`
      CREATE FUNCTION claimledger_search_vector(language text, text text, quote text, context text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN ${part('text', 'A')} || ${part(`coalesce(quote, '')`, 'B')} || ${part(`coalesce(context, '')`, 'C')}`);

    await q.query(`CREATE TABLE search_languages (language text PRIMARY KEY)`);
    // A query in one language is stemmed by its configuration; in none, by every configuration in
    // use plus simple, ORed (duplicates dropped), so a French query finds French claims stemmed as
    // French and English ones containing the word. A negated word or phrase (-word, -"a phrase")
    // excludes a claim holding it in any of those stemmings: it is taken out of the web-search
    // text and ANDed as NOT (an OR of alternatives each with its own NOT would let one stemming's
    // alternative through where another's excludes it). A text that is nothing but stop words in
    // a language of its configurations (not simple, which has none) matches nothing.
    await q.query(`
      CREATE FUNCTION claimledger_search_query(filter_language text, query text) RETURNS tsquery
      LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
      BEGIN
        RETURN (WITH configs AS (
          SELECT ${schema}.claimledger_search_config(filter_language) AS config WHERE filter_language IS NOT NULL
          UNION SELECT ${schema}.claimledger_search_config(l.language) FROM ${schema}.search_languages AS l WHERE filter_language IS NULL
          UNION SELECT '${schema}.claimledger_simple'::regconfig WHERE filter_language IS NULL),
        parts AS (
          SELECT regexp_replace(query, '(^|\\s)-("[^"]*"?|\\S+)', '\\1', 'g') AS positive,
                 ARRAY(SELECT m[2] FROM regexp_matches(query, '(^|\\s)-("[^"]*"?|\\S+)', 'g') AS m) AS negative),
        alternatives AS (
          SELECT false AS negated, c.config, websearch_to_tsquery(c.config, ${schema}.claimledger_search_terms(p.positive, true)) AS q
          FROM configs AS c, parts AS p
          UNION ALL
          SELECT true, c.config, websearch_to_tsquery(c.config, ${schema}.claimledger_search_terms(n.term, true))
          FROM configs AS c, parts AS p, unnest(p.negative) AS n(term)),
        joined AS (
          SELECT string_agg(DISTINCT '(' || a.q::text || ')', ' | ' ORDER BY '(' || a.q::text || ')') FILTER (WHERE NOT a.negated AND a.q::text <> '') AS positive,
                 string_agg(DISTINCT '(' || a.q::text || ')', ' | ' ORDER BY '(' || a.q::text || ')') FILTER (WHERE a.negated AND a.q::text <> '') AS negative,
                 coalesce(bool_or(a.q::text = '' AND a.config <> '${schema}.claimledger_simple'::regconfig) FILTER (WHERE NOT a.negated), false) AS stop_words_only
          FROM alternatives AS a)
        SELECT (CASE WHEN j.stop_words_only THEN ''
                     WHEN j.negative IS NULL THEN coalesce(j.positive, '')
                     WHEN j.positive IS NULL THEN '!(' || j.negative || ')'
                     ELSE '(' || j.positive || ') & !(' || j.negative || ')' END)::tsquery
        FROM joined AS j);
      END $$`);

    await q.query(`
      CREATE TABLE claim_search (
        id uuid PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
        language text NOT NULL,
        vector tsvector NOT NULL
      )`);
    await q.query(`
      CREATE TABLE public_claim_search (
        id uuid PRIMARY KEY REFERENCES public_claims (id) ON DELETE CASCADE,
        listed boolean NOT NULL,
        language text NOT NULL,
        vector tsvector NOT NULL
      )`);
    // The search tables are written here only: by these triggers, in the writing transaction.
    await q.query(`
      CREATE FUNCTION claimledger_index_claim() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'public_claims' THEN
          INSERT INTO ${schema}.public_claim_search (id, listed, language, vector)
          VALUES (NEW.id, NEW.withdrawn_at IS NULL, NEW.language, ${schema}.claimledger_search_vector(NEW.language, NEW.text, NEW.quote, NEW.context))
          ON CONFLICT (id) DO UPDATE SET listed = EXCLUDED.listed, language = EXCLUDED.language, vector = EXCLUDED.vector;
        ELSE
          INSERT INTO ${schema}.claim_search (id, language, vector)
          VALUES (NEW.id, NEW.language, ${schema}.claimledger_search_vector(NEW.language, NEW.text, NEW.quote, NEW.context))
          ON CONFLICT (id) DO UPDATE SET language = EXCLUDED.language, vector = EXCLUDED.vector;
          IF NOT EXISTS (SELECT 1 FROM ${schema}.search_languages WHERE language = split_part(NEW.language, '-', 1)) THEN
            INSERT INTO ${schema}.search_languages VALUES (split_part(NEW.language, '-', 1)) ON CONFLICT DO NOTHING;
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    const changed = ['text', 'quote', 'context', 'language'].map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`);
    for (const [table, columns] of [['claims', changed], ['public_claims', [...changed, 'OLD.withdrawn_at IS DISTINCT FROM NEW.withdrawn_at']]] as const) {
      await q.query(`CREATE TRIGGER ${table}_search_insert AFTER INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION claimledger_index_claim()`);
      await q.query(
        `CREATE TRIGGER ${table}_search_update AFTER UPDATE ON ${table} FOR EACH ROW
         WHEN (${columns.join(' OR ')}) EXECUTE FUNCTION claimledger_index_claim()`,
      );
    }

    // Existing rows, indexed anew; then the old English-only columns (and their indexes) go.
    await q.query(`INSERT INTO search_languages SELECT DISTINCT split_part(language, '-', 1) FROM claims`);
    await q.query(`INSERT INTO claim_search SELECT id, language, claimledger_search_vector(language, text, quote, context) FROM claims`);
    await q.query(
      `INSERT INTO public_claim_search
       SELECT id, withdrawn_at IS NULL, language, claimledger_search_vector(language, text, quote, context) FROM public_claims`,
    );
    await q.query(`ALTER TABLE claims DROP COLUMN search_vector`);
    await q.query(`ALTER TABLE public_claims DROP COLUMN search_vector`);
    await q.query(`CREATE INDEX claim_search_vector_idx ON claim_search USING gin (vector)`);
    // The public reads listed copies only: withdrawn ones stay out of the index.
    await q.query(`CREATE INDEX public_claim_search_vector_idx ON public_claim_search USING gin (vector) WHERE listed`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['claims', 'public_claims']) {
      await q.query(
        `ALTER TABLE ${table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
           setweight(to_tsvector('english', text), 'A') ||
           setweight(to_tsvector('english', coalesce(quote, '')), 'B') ||
           setweight(to_tsvector('english', coalesce(context, '')), 'C')) STORED`,
      );
      await q.query(`CREATE INDEX ${table}_search_idx ON ${table} USING gin (search_vector)`);
      await q.query(`DROP TRIGGER ${table}_search_insert ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_search_update ON ${table}`);
    }
    await q.query(`DROP TABLE public_claim_search, claim_search`);
    await q.query(`DROP FUNCTION claimledger_index_claim()`);
    await q.query(`DROP FUNCTION claimledger_search_query(text, text)`);
    await q.query(`DROP TABLE search_languages`);
    await q.query(`DROP FUNCTION claimledger_search_vector(text, text, text, text)`);
    await q.query(`DROP FUNCTION claimledger_spaceless_vector(text)`);
    await q.query(`DROP FUNCTION claimledger_search_terms(text, boolean)`);
    await q.query(`DROP FUNCTION claimledger_char_pairs(text)`);
    await q.query(`DROP FUNCTION claimledger_text_runs(text)`);
    await q.query(`DROP FUNCTION claimledger_search_config(text)`);
    for (const [config] of [...LANGUAGES, ['simple']]) await q.query(`DROP TEXT SEARCH CONFIGURATION claimledger_${config}`);
    // unaccent stays, as pg_trgm does: other schemas in the same database may use it.
  }
}
