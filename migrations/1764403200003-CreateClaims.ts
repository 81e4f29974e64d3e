import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Claims, their topics, full-text search and trigram similarity. */
export class CreateClaims1764403200003 implements MigrationInterface {
  name = 'CreateClaims1764403200003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claims (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        text text NOT NULL CHECK (length(btrim(text)) BETWEEN 10 AND 1000),
        quote text CHECK (length(quote) <= 2000),
        claimant_id uuid REFERENCES actors (id),
        first_appearance_id uuid REFERENCES sources (id),
        claimed_on date,
        context text CHECK (length(context) <= 1000),
        language text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2,3}$'),
        review_status text NOT NULL DEFAULT 'DRAFT'
          CHECK (review_status IN ('DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'PUBLISHED', 'ARCHIVED')),
        verdict text CHECK (verdict IN ('TRUE', 'MOSTLY_TRUE', 'MIXED', 'MOSTLY_FALSE', 'FALSE',
                                        'MISLEADING', 'UNPROVEN', 'NOT_CHECKABLE')),
        verdict_rationale text CHECK (length(verdict_rationale) <= 10000),
        attribution_status text NOT NULL DEFAULT 'UNVERIFIED'
          CHECK (attribution_status IN ('VERIFIED', 'PARAPHRASED', 'MISATTRIBUTED', 'UNVERIFIED')),
        dispute_status text NOT NULL DEFAULT 'NONE' CHECK (dispute_status IN ('NONE', 'DISPUTED', 'RESOLVED')),
        assignee_id uuid REFERENCES users (id),
        internal_note text CHECK (length(internal_note) <= 10000),
        proposed_by_id uuid REFERENCES users (id),
        proposed_at timestamptz(3),
        approved_by_id uuid REFERENCES users (id),
        published_at timestamptz(3),
        created_by_id uuid REFERENCES users (id),
        updated_by_id uuid REFERENCES users (id),
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        -- Weighted so a match in the rated statement outranks one in the quote or the context.
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', text), 'A') ||
          setweight(to_tsvector('english', coalesce(quote, '')), 'B') ||
          setweight(to_tsvector('english', coalesce(context, '')), 'C')
        ) STORED,
        CONSTRAINT claims_verdict_before_approval CHECK (
          review_status NOT IN ('PENDING_APPROVAL', 'PUBLISHED')
          OR (verdict IS NOT NULL AND verdict_rationale IS NOT NULL)),
        CONSTRAINT claims_published_has_date CHECK (review_status <> 'PUBLISHED' OR published_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX claims_search_idx ON claims USING gin (search_vector)`);
    await q.query(`CREATE INDEX claims_text_trgm_idx ON claims USING gin (text gin_trgm_ops)`);
    await q.query(`CREATE INDEX claims_quote_trgm_idx ON claims USING gin (quote gin_trgm_ops)`);
    await q.query(`CREATE INDEX claims_created_idx ON claims (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX claims_status_created_idx ON claims (review_status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX claims_status_published_idx ON claims (review_status, published_at DESC, id DESC)`);
    await q.query(`CREATE INDEX claims_claimant_idx ON claims (claimant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX claims_first_appearance_idx ON claims (first_appearance_id)`);
    await q.query(`CREATE INDEX claims_assignee_idx ON claims (assignee_id) WHERE assignee_id IS NOT NULL`);
    await q.query(`CREATE INDEX claims_claimed_on_idx ON claims (claimed_on)`);

    await q.query(`
      CREATE TABLE claim_topics (
        claim_id uuid NOT NULL REFERENCES claims (id),
        topic_id uuid NOT NULL REFERENCES topics (id),
        PRIMARY KEY (claim_id, topic_id)
      )`);
    await q.query(`CREATE INDEX claim_topics_topic_idx ON claim_topics (topic_id, claim_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE claim_topics`);
    await q.query(`DROP TABLE claims`);
  }
}
