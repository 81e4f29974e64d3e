import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The typo fallback corrects words instead of comparing every claim (README, "Search";
 * BENCHMARKS.md, "The typo fallback"):
 *
 * - `search_words` holds each distinct word of the searchable copies (statement, quote and context,
 *   as `claimledger_simple` reads them: lower case, accents off, no numbers, addresses or scripts
 *   without spaces) with how many working copies (`claims`, what staff search) and listed public
 *   copies (`public_claims`, published and not withdrawn: what the public searches) use it, the
 *   counts split by claim into up to 32 parts (rows). A word is listed while a count of one of its
 *   parts is above zero. Statement triggers on claims and public_claims
 *   keep it in the writing transaction, adding and subtracting only the words that changed, so a
 *   word of a draft is never counted for the public. A GiST trigram index serves the nearest word (`<->`)
 *   among those close enough (`<%`), filtered by the audience's count as it scans.
 * - `actor_names` holds each actor's name and aliases, one row each, trigram-indexed, kept by a
 *   trigger on actors: `claimledger_claimants_like(query)`, the actors named like a search text,
 *   reads the index (the aliases, an array, could not be indexed in place).
 * - `claimledger_corrected_query(public, query)` is the search text with each word that the
 *   audience's copies do not use replaced by the nearest one they do; NULL when none changed.
 *
 * Existing rows are counted in one pass each, then indexed.
 */
export class SearchVocabulary1765180800001 implements MigrationInterface {
  name = 'SearchVocabulary1765180800001';

  async up(q: QueryRunner): Promise<void> {
    // (MultilingualSearch says why the helpers are PL/pgSQL with schema-qualified names.)
    const [{ schema }] = (await q.query(`SELECT quote_ident(current_schema()) AS schema`)) as [{ schema: string }];
    // pg_trgm's operators, named with the schema the extension was created in (perhaps another).
    const [{ trgm }] = (await q.query(
      `SELECT quote_ident(n.nspname) AS trgm FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
    )) as [{ trgm: string }];
    const simple = `'${schema}.claimledger_simple'::regconfig`;
    // Words only: lexemes with a digit or punctuation are numbers, hyphenated compounds (their
    // parts are words), addresses, paths. claimledger_search_terms blanks the spaceless runs.
    const isWord = (w: string) => `${w} !~ '[0-9[:punct:]]'`;
    const wordsOf = (r: string) => `${schema}.claimledger_words(${r}.text, ${r}.quote, ${r}.context)`;
    await q.query(`
      CREATE FUNCTION claimledger_words(text text, quote text, context text) RETURNS text[]
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      BEGIN
        RETURN ARRAY(SELECT w FROM unnest(tsvector_to_array(to_tsvector(${simple},
                       ${schema}.claimledger_search_terms(concat_ws(' ', text, quote, context), false)))) AS w
                     WHERE ${isWord('w')});
      END $$`);

    // A word's counts are split into up to 32 rows by claim (`part`, from the claim's id), so
    // writers of different claims rarely wait for the same row: with one row per word, 16
    // connections saving claims that trade common words ("the", "de") went from 1,118 saves/s
    // without the triggers to 8-39 with them (BENCHMARKS.md, "The typo fallback"). A copy's words
    // are always counted in its claim's part, so no part's count goes below zero.
    await q.query(`
      CREATE FUNCTION claimledger_word_part(claim_id uuid) RETURNS smallint
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN hashtext(claim_id::text) & 31`);
    const partOf = (r: string) => `${schema}.claimledger_word_part(${r}.id)`;
    await q.query(`
      CREATE TABLE search_words (
        word text NOT NULL,
        part smallint NOT NULL,
        claims integer NOT NULL CHECK (claims >= 0),
        public_claims integer NOT NULL CHECK (public_claims >= 0),
        PRIMARY KEY (word, part)
      )`);
    // Per statement, with the statement's old and new rows (transition tables), not per row: a
    // bulk load (a restore's COPY) then moves each word's count once, where a row trigger would
    // update the row of a common word once per claim in one transaction, each update slower than
    // the last. Each copy adds 1 for a word it uses after and not before and subtracts 1 for the
    // reverse (its words are distinct), so the sum per word and part is the change; only non-zero
    // changes are written. A part no copy uses the word in any more goes. One function per table:
    // only public_claims has withdrawn_at.
    // Lock order: every row a statement changes is taken in one pass, in (word, part) order: one
    // upsert inserts the new rows with the gains and locks the existing ones (adding the gains, a
    // loss adds 0), and the subtractions and deletions after it touch only rows already held. A
    // statement waits (for another's lock, or another's uncommitted insert of the same row) only
    // while holding rows before the one it waits for, so two statements cannot wait for each
    // other. Locking the lost words after the gained ones, each in its own order, deadlocked two
    // edits trading two words (40P01); taking existing rows first and inserting new ones after
    // could still, when a third writer re-inserted a word between the two. A transaction whose
    // several statements each move words can still deadlock; PostgreSQL then fails one of them
    // and nothing of it is written.
    for (const [table, published] of [['claims', false], ['public_claims', true]] as const) {
      const fn = published ? 'claimledger_count_public_words' : 'claimledger_count_claim_words';
      const counted = (r: string) => (published ? `CASE WHEN ${r}.withdrawn_at IS NULL THEN ${wordsOf(r)} END` : wordsOf(r));
      const changed = ['text', 'quote', 'context', ...(published ? ['withdrawn_at'] : [])].map((c) => `o.${c} IS DISTINCT FROM n.${c}`);
      const copies = {
        INSERT: `SELECT ${partOf('n')} AS part, NULL::text[] AS before, ${counted('n')} AS after FROM new_rows AS n`,
        DELETE: `SELECT ${partOf('o')} AS part, ${counted('o')} AS before, NULL::text[] AS after FROM old_rows AS o`,
        UPDATE: `SELECT ${partOf('n')} AS part, ${counted('o')} AS before, ${counted('n')} AS after FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
                 WHERE ${changed.join(' OR ')}`,
      };
      const sum = (op: keyof typeof copies) => `
          SELECT coalesce(array_agg(d.word), '{}'), coalesce(array_agg(d.part), '{}'), coalesce(array_agg(d.change), '{}')
          INTO words, parts, changes
          FROM (SELECT x.word, c.part, sum(x.change)::int AS change
                FROM (${copies[op]}) AS c,
                  LATERAL (SELECT a, 1 FROM unnest(c.after) AS a UNION ALL SELECT b, -1 FROM unnest(c.before) AS b) AS x(word, change)
                GROUP BY x.word, c.part HAVING sum(x.change) <> 0) AS d;`;
      const column = published ? 'public_claims' : 'claims';
      await q.query(`
        CREATE FUNCTION ${fn}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
          words text[];
          parts smallint[];
          changes int[];
        BEGIN
          IF TG_OP = 'INSERT' THEN ${sum('INSERT')}
          ELSIF TG_OP = 'DELETE' THEN ${sum('DELETE')}
          ELSE ${sum('UPDATE')}
          END IF;
          IF cardinality(words) = 0 THEN RETURN NULL; END IF; -- no copy's words changed (a status change)
          INSERT INTO ${schema}.search_words AS w (word, part, claims, public_claims)
          SELECT u.word, u.part, ${published ? '0, greatest(u.change, 0)' : 'greatest(u.change, 0), 0'}
          FROM unnest(words, parts, changes) AS u(word, part, change) ORDER BY u.word, u.part
          ON CONFLICT (word, part) DO UPDATE SET ${column} = w.${column} + EXCLUDED.${column};
          UPDATE ${schema}.search_words AS w SET ${column} = w.${column} + u.change
          FROM unnest(words, parts, changes) AS u(word, part, change) WHERE u.change < 0 AND w.word = u.word AND w.part = u.part;
          DELETE FROM ${schema}.search_words AS w USING unnest(words, parts, changes) AS u(word, part, change)
          WHERE u.change < 0 AND w.word = u.word AND w.part = u.part AND w.claims = 0 AND w.public_claims = 0;
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER ${table}_words_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await q.query(
        `CREATE TRIGGER ${table}_words_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await q.query(`CREATE TRIGGER ${table}_words_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }

    await q.query(`
      CREATE TABLE actor_names (
        actor_id uuid NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
        name text NOT NULL,
        PRIMARY KEY (actor_id, name)
      )`);
    await q.query(`
      CREATE FUNCTION claimledger_index_actor_names() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM ${schema}.actor_names WHERE actor_id = NEW.id;
        INSERT INTO ${schema}.actor_names (actor_id, name) SELECT DISTINCT NEW.id, n FROM unnest(NEW.aliases || NEW.name) AS n;
        RETURN NULL;
      END $$`);
    // The actors with a name or alias like the whole search text (`%>`: pg_trgm's word similarity
    // over its threshold, 0.6), with the best such similarity. The planner prices the similarity as
    // a cheap operator and scans a catalogue of a few thousand names (about 9 ms for 2,000) where
    // the index answers in 0.3 ms: here it is told to prefer the index.
    await q.query(`
      CREATE FUNCTION claimledger_claimants_like(query text) RETURNS TABLE (actor_id uuid, similarity real)
      LANGUAGE sql STABLE PARALLEL SAFE ROWS 10 SET enable_seqscan = off
      BEGIN ATOMIC
        SELECT n.actor_id, max(word_similarity(query, n.name)) FROM actor_names AS n WHERE n.name %> query GROUP BY n.actor_id;
      END`);
    await q.query(`CREATE TRIGGER actors_names_insert AFTER INSERT ON actors FOR EACH ROW EXECUTE FUNCTION claimledger_index_actor_names()`);
    await q.query(
      `CREATE TRIGGER actors_names_update AFTER UPDATE ON actors FOR EACH ROW
       WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.aliases IS DISTINCT FROM NEW.aliases) EXECUTE FUNCTION claimledger_index_actor_names()`,
    );

    // The search text with each correctable word the audience's copies do not use replaced by the
    // nearest word they do use whose trigrams hold at least pg_trgm.word_similarity_threshold (0.6)
    // of the word's (as the fallback's `%>` over whole statements did), ties by word. The text is
    // cut by the parser that makes the words; a hyphenated compound or an address is followed by
    // its parts, which are kept instead, so the pieces put back together are the text. Operators
    // (OR), quotes and minus signs stay where they were; scripts without spaces are not corrected.
    await q.query(`
      CREATE FUNCTION claimledger_corrected_query(published boolean, query text) RETURNS text
      LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
      DECLARE
        piece record;
        term text;
        nearest text;
        corrected text := '';
        changed boolean := false;
      BEGIN
        FOR piece IN SELECT p.tokid, p.token FROM ts_parse('default', query) AS p LOOP
          CONTINUE WHEN piece.tokid IN (5, 15, 16, 17); -- url, numhword, asciihword, hword: their parts follow
          nearest := NULL;
          IF piece.tokid IN (1, 2, 10, 11) AND lower(piece.token) <> 'or'
             AND ${schema}.claimledger_search_terms(piece.token, false) = piece.token THEN
            term := (tsvector_to_array(to_tsvector(${simple}, piece.token)))[1];
            IF term IS NOT NULL AND ${isWord('term')} AND NOT EXISTS (
              SELECT FROM ${schema}.search_words AS w
              WHERE w.word = term AND (CASE WHEN published THEN w.public_claims ELSE w.claims END) > 0) THEN
              SELECT w.word INTO nearest FROM ${schema}.search_words AS w
              WHERE term OPERATOR(${trgm}.<%) w.word AND (CASE WHEN published THEN w.public_claims ELSE w.claims END) > 0
              ORDER BY w.word OPERATOR(${trgm}.<->) term, w.word LIMIT 1;
            END IF;
          END IF;
          corrected := corrected || coalesce(nearest, piece.token);
          changed := changed OR nearest IS NOT NULL;
        END LOOP;
        RETURN CASE WHEN changed THEN corrected END;
      END $$`);

    // Existing rows in one pass each, then the indexes.
    await q.query(`
      INSERT INTO search_words (word, part, claims, public_claims)
      SELECT w, x.part, count(*) FILTER (WHERE NOT x.published), count(*) FILTER (WHERE x.published)
      FROM (SELECT false AS published, ${partOf('c')} AS part, claimledger_words(text, quote, context) AS words FROM claims AS c
            UNION ALL SELECT true, ${partOf('p')}, claimledger_words(text, quote, context) FROM public_claims AS p WHERE withdrawn_at IS NULL) AS x,
        unnest(x.words) AS w
      GROUP BY w, x.part`);
    await q.query(`CREATE INDEX search_words_trgm_idx ON search_words USING gist (word gist_trgm_ops)`);
    await q.query(`INSERT INTO actor_names (actor_id, name) SELECT DISTINCT a.id, n FROM actors AS a, unnest(a.aliases || a.name) AS n`);
    await q.query(`CREATE INDEX actor_names_trgm_idx ON actor_names USING gin (name gin_trgm_ops)`);
    await q.query(`ANALYZE search_words`);
    await q.query(`ANALYZE actor_names`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['claims', 'public_claims']) {
      for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER ${table}_words_${op} ON ${table}`);
    }
    await q.query(`DROP TRIGGER actors_names_insert ON actors`);
    await q.query(`DROP TRIGGER actors_names_update ON actors`);
    await q.query(`DROP FUNCTION claimledger_corrected_query(boolean, text)`);
    await q.query(`DROP FUNCTION claimledger_claimants_like(text)`);
    await q.query(`DROP TABLE actor_names, search_words`);
    await q.query(`DROP FUNCTION claimledger_index_actor_names()`);
    await q.query(`DROP FUNCTION claimledger_count_claim_words()`);
    await q.query(`DROP FUNCTION claimledger_count_public_words()`);
    await q.query(`DROP FUNCTION claimledger_words(text, text, text)`);
    await q.query(`DROP FUNCTION claimledger_word_part(uuid)`);
  }
}
