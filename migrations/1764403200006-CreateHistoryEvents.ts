import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only, hash-chained history. The triggers make the database itself refuse edits,
 * so not even a bug in the server (or a hurried operator with psql) can rewrite history quietly.
 */
export class CreateHistoryEvents1764403200006 implements MigrationInterface {
  name = 'CreateHistoryEvents1764403200006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE history_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        chain text NOT NULL,
        seq integer NOT NULL CHECK (seq >= 1),
        claim_id uuid REFERENCES claims (id),
        entity_type text NOT NULL
          CHECK (entity_type IN ('CLAIM', 'EVIDENCE', 'DISPUTE', 'ACTOR', 'SOURCE', 'USER', 'API_KEY')),
        entity_id uuid NOT NULL,
        action text NOT NULL CHECK (action ~ '^[a-zA-Z]+$'),
        -- The chain owner's version after this event (a claim's version for its evidence and
        -- disputes too): a chain whose last event is behind its owner has lost its tail.
        version integer NOT NULL CHECK (version >= 1),
        user_id uuid REFERENCES users (id),
        user_label text NOT NULL,
        occurred_at timestamptz(3) NOT NULL,
        changes jsonb NOT NULL,
        note text,
        state jsonb NOT NULL,
        prev_hash text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        -- The event exactly as hashed and exported: RFC 8785 JSON of all the fields above
        -- (hash included), so an export is these bytes and an auditor can check every one.
        record text NOT NULL,
        CONSTRAINT history_events_chain_seq_key UNIQUE (chain, seq),
        CONSTRAINT history_events_link CHECK ((seq = 1) = (prev_hash IS NULL))
      )`);
    await q.query(`CREATE INDEX history_events_claim_idx ON history_events (claim_id, seq) WHERE claim_id IS NOT NULL`);
    await q.query(`CREATE INDEX history_events_occurred_idx ON history_events (occurred_at, id)`);
    await q.query(`CREATE INDEX history_events_user_idx ON history_events (user_id, occurred_at)`);
    await q.query(`CREATE INDEX history_events_action_idx ON history_events (action, occurred_at)`);
    await q.query(`CREATE INDEX history_events_entity_idx ON history_events (entity_type, entity_id)`);

    await q.query(`
      CREATE FUNCTION history_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'history_events is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER history_events_no_update_delete BEFORE UPDATE OR DELETE ON history_events
        FOR EACH ROW EXECUTE FUNCTION history_events_refuse_change()`);
    await q.query(`
      CREATE TRIGGER history_events_no_truncate BEFORE TRUNCATE ON history_events
        FOR EACH STATEMENT EXECUTE FUNCTION history_events_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE history_events`);
    await q.query(`DROP FUNCTION history_events_refuse_change()`);
  }
}
