import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Evidence for and against a claim. */
export class CreateEvidence1764403200004 implements MigrationInterface {
  name = 'CreateEvidence1764403200004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id uuid NOT NULL REFERENCES claims (id),
        source_id uuid REFERENCES sources (id),
        url text CHECK (url ~ '^https?://' AND length(url) <= 2000),
        excerpt text CHECK (length(excerpt) <= 5000),
        stance text NOT NULL CHECK (stance IN ('SUPPORTS', 'REFUTES', 'CONTEXT')),
        reliability smallint NOT NULL CHECK (reliability BETWEEN 1 AND 5),
        note text CHECK (length(note) <= 5000),
        is_public boolean NOT NULL DEFAULT true,
        added_by_id uuid REFERENCES users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        removed_at timestamptz(3),
        removed_by_id uuid REFERENCES users (id),
        CONSTRAINT evidence_has_origin CHECK (source_id IS NOT NULL OR url IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX evidence_claim_idx ON evidence (claim_id, created_at, id) WHERE removed_at IS NULL`);
    await q.query(`CREATE INDEX evidence_source_idx ON evidence (source_id) WHERE source_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evidence`);
  }
}
