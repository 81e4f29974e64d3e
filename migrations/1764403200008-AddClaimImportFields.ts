import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Claims imported from other fact-checkers' ClaimReview: where from, and their own rating label. */
export class AddClaimImportFields1764403200008 implements MigrationInterface {
  name = 'AddClaimImportFields1764403200008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims ADD COLUMN imported_from text CHECK (imported_from ~ '^https?://' AND length(imported_from) <= 2000)`);
    await q.query(`ALTER TABLE claims ADD COLUMN original_rating text CHECK (length(original_rating) <= 200)`);
    // One claim per foreign review: importing the same file twice adds nothing.
    await q.query(`CREATE UNIQUE INDEX claims_imported_from_key ON claims (imported_from) WHERE imported_from IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims DROP COLUMN original_rating`);
    await q.query(`ALTER TABLE claims DROP COLUMN imported_from`);
  }
}
