import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints: the server's public, hash-linked commitments to the whole history (event
 * count, position, digest of every chain's head), each signed with Ed25519 by a key kept outside
 * the database (docs/history-verification.md, section 8). Append-only like history:
 * the database refuses UPDATE, DELETE and TRUNCATE, and each checkpoint names its predecessor's
 * hash, which no other checkpoint may also name (no fork inside one database).
 */
export class CreateCheckpoints1764662400002 implements MigrationInterface {
  name = 'CreateCheckpoints1764662400002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE checkpoints (
        seq integer PRIMARY KEY CHECK (seq >= 1),
        position bigint NOT NULL CHECK (position >= 0),
        event_count bigint NOT NULL CHECK (event_count = position),
        heads_digest text NOT NULL CHECK (heads_digest ~ '^[0-9a-f]{64}$'),
        recorded_at timestamptz(3) NOT NULL,
        prev_hash text UNIQUE REFERENCES checkpoints (hash) CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        key_id text NOT NULL CHECK (key_id ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
        signature text NOT NULL CHECK (signature ~ '^[0-9a-f]{128}$'),
        -- The checkpoint exactly as published: RFC 8785 JSON of the fields above.
        record text NOT NULL,
        CONSTRAINT checkpoints_link CHECK ((seq = 1) = (prev_hash IS NULL))
      )`);
    await q.query(`
      CREATE FUNCTION checkpoints_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'checkpoints is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON checkpoints
        FOR EACH ROW EXECUTE FUNCTION checkpoints_refuse_change()`);
    await q.query(`
      CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION checkpoints_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE checkpoints`);
    await q.query(`DROP FUNCTION checkpoints_refuse_change()`);
  }
}
