import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each user's admin-UI language, saved with their account (null until they choose one, when the
 * UI follows the browser). The column checks only the shape of a BCP 47 tag: which languages the
 * UI offers is the domain's list (UI_LOCALES), which grows without a migration.
 */
export class AddUserLocale1764748800001 implements MigrationInterface {
  name = 'AddUserLocale1764748800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN locale text CHECK (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' AND length(locale) <= 35)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN locale`);
  }
}
