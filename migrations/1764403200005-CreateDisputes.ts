import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Disputes raised against claims and their verdicts. */
export class CreateDisputes1764403200005 implements MigrationInterface {
  name = 'CreateDisputes1764403200005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE disputes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id uuid NOT NULL REFERENCES claims (id),
        opened_by_id uuid REFERENCES users (id),
        raised_by_name text CHECK (length(btrim(raised_by_name)) BETWEEN 1 AND 300),
        reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 3 AND 5000),
        counter_evidence text CHECK (length(counter_evidence) <= 5000),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'UPHELD', 'REJECTED', 'WITHDRAWN')),
        resolution_note text CHECK (length(resolution_note) <= 5000),
        resolved_by_id uuid REFERENCES users (id),
        resolved_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT disputes_has_raiser CHECK (opened_by_id IS NOT NULL OR raised_by_name IS NOT NULL),
        CONSTRAINT disputes_closed_when_resolved CHECK ((status = 'OPEN') = (resolved_at IS NULL))
      )`);
    await q.query(`CREATE INDEX disputes_claim_idx ON disputes (claim_id, created_at)`);
    await q.query(`CREATE INDEX disputes_status_idx ON disputes (status, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE disputes`);
  }
}
