import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who makes claims, where they appear, and the topics claims are filed under. */
export class CreateActorsSourcesTopics1764403200001 implements MigrationInterface {
  name = 'CreateActorsSourcesTopics1764403200001';

  async up(q: QueryRunner): Promise<void> {
    // pg_trgm powers similarClaims and fuzzy actor lookup; trusted, so no superuser is needed.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE actors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('PERSON', 'ORGANISATION', 'GOVERNMENT', 'OUTLET')),
        title text CHECK (length(title) <= 300),
        country text CHECK (country ~ '^[A-Z]{2}$'),
        aliases text[] NOT NULL DEFAULT '{}',
        wikidata_id text CHECK (wikidata_id ~ '^Q[1-9][0-9]*$'),
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX actors_wikidata_id_key ON actors (wikidata_id) WHERE wikidata_id IS NOT NULL`);
    await q.query(`CREATE INDEX actors_name_trgm_idx ON actors USING gin (name gin_trgm_ops)`);
    await q.query(`CREATE INDEX actors_name_id_idx ON actors (name, id)`);

    await q.query(`
      CREATE TABLE sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
        url text CHECK (url ~ '^https?://' AND length(url) <= 2000),
        publisher text CHECK (length(publisher) <= 300),
        author text CHECK (length(author) <= 300),
        published_on date,
        kind text NOT NULL DEFAULT 'OTHER'
          CHECK (kind IN ('ARTICLE', 'SPEECH', 'TRANSCRIPT', 'REPORT', 'DATASET', 'SOCIAL_POST', 'OTHER')),
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX sources_url_key ON sources (url) WHERE url IS NOT NULL`);
    await q.query(`CREATE INDEX sources_title_id_idx ON sources (title, id)`);
    await q.query(`CREATE INDEX sources_title_trgm_idx ON sources USING gin (title gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE topics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE topics`);
    await q.query(`DROP TABLE sources`);
    await q.query(`DROP TABLE actors`);
    // pg_trgm stays: other schemas in the same database may use it.
  }
}
