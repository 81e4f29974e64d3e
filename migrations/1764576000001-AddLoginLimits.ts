import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed-login limits kept in the database, shared by every server process and kept across
 * restarts, and the address each session logged in from, which makes an address "usual" for an
 * account (server/domain/loginLimits.ts).
 */
export class AddLoginLimits1764576000001 implements MigrationInterface {
  name = 'AddLoginLimits1764576000001';

  async up(q: QueryRunner): Promise<void> {
    // rate-limiter-flexible's PostgreSQL layout (it inserts by position): a counter per key, and
    // when it lapses in epoch milliseconds. The library never creates it (tableCreated: true).
    await q.query(`
      CREATE TABLE login_limits (
        key text PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await q.query(`CREATE INDEX login_limits_expire_idx ON login_limits (expire)`);
    await q.query(`ALTER TABLE sessions ADD COLUMN login_address text CHECK (length(login_address) <= 100)`);
    await q.query(`CREATE INDEX sessions_user_login_address_idx ON sessions (user_id, login_address) WHERE login_address IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sessions DROP COLUMN login_address`);
    await q.query(`DROP TABLE login_limits`);
  }
}
