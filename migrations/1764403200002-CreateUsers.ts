import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Newsroom members; claims reference them as assignee, proposer and approver. */
export class CreateUsers1764403200002 implements MigrationInterface {
  name = 'CreateUsers1764403200002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND length(email) <= 320),
        display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 120),
        role text NOT NULL CHECK (role IN ('FACT_CHECKER', 'EDITOR', 'AUDITOR', 'ADMIN')),
        password_hash text,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users`);
  }
}
