import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public API's quota counts shared by every server process (server/services/quotas.ts): per
 * subject (an API key or an address) and fixed window, the requests and query cost admitted. Each
 * process adds its counts in one batched statement a second, never one per request.
 */
export class AddApiQuotaUsage1764835200001 implements MigrationInterface {
  name = 'AddApiQuotaUsage1764835200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_quota_usage (
        subject text NOT NULL CHECK (length(subject) <= 120),
        window_seconds integer NOT NULL CHECK (window_seconds > 0),
        window_number bigint NOT NULL,
        requests bigint NOT NULL DEFAULT 0 CHECK (requests >= 0),
        cost bigint NOT NULL DEFAULT 0 CHECK (cost >= 0),
        PRIMARY KEY (subject, window_seconds, window_number)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_quota_usage`);
  }
}
