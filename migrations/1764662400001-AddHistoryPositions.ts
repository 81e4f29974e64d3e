import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A global position for every history event, in commit order, gapless: 1, 2, 3 … across all
 * chains, so an export proves the order of events between chains too and a removed event shows
 * as a missing position (docs/history-verification.md, section 5).
 *
 * A sequence would not do: two transactions can take numbers in one order and commit in the
 * other, and a rolled-back one leaves a hole. Instead `history_counter`, a single row, is
 * incremented by each append inside the appending transaction; its row lock is held until
 * commit, so positions are handed out in commit order and a rollback gives the number back.
 *
 * Events recorded before this migration get positions in the order they were written (by id),
 * but their hashes (already in auditors' hands) cannot cover them: `position_hashed` is false for
 * them, and their stored records stay as they were. Only for this the append-only trigger is
 * switched off, inside this migration's transaction.
 */
export class AddHistoryPositions1764662400001 implements MigrationInterface {
  name = 'AddHistoryPositions1764662400001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE history_events ADD COLUMN position bigint`);
    // Existing rows: false (their hash predates positions); every later event: true.
    await q.query(`ALTER TABLE history_events ADD COLUMN position_hashed boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE history_events ALTER COLUMN position_hashed SET DEFAULT true`);
    await q.query(`ALTER TABLE history_events DISABLE TRIGGER history_events_no_update_delete`);
    await q.query(`
      UPDATE history_events h SET position = numbered.position
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS position FROM history_events) numbered
      WHERE h.id = numbered.id`);
    await q.query(`ALTER TABLE history_events ENABLE TRIGGER history_events_no_update_delete`);
    await q.query(`ALTER TABLE history_events ALTER COLUMN position SET NOT NULL`);
    await q.query(`ALTER TABLE history_events ADD CONSTRAINT history_events_position_check CHECK (position >= 1)`);
    await q.query(`ALTER TABLE history_events ADD CONSTRAINT history_events_position_key UNIQUE (position)`);

    await q.query(`
      CREATE TABLE history_counter (
        -- Exactly one row.
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        -- The position of the last event appended (0 before the first).
        last_position bigint NOT NULL CHECK (last_position >= 0),
        -- Its occurredAt: the next event's is never earlier, whatever the clocks do.
        last_occurred_at timestamptz(3)
      )`);
    await q.query(`INSERT INTO history_counter (last_position, last_occurred_at) SELECT count(*), max(occurred_at) FROM history_events`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE history_counter`);
    await q.query(`ALTER TABLE history_events DROP COLUMN position_hashed`);
    await q.query(`ALTER TABLE history_events DROP COLUMN position`);
  }
}
