import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merging duplicate actors and sources: the merged row stays as a redirect to its survivor, so
 * links to its id keep working. A row never redirects to itself, and a redirect points at a row
 * that is not itself merged (the merge re-points older redirects), so one hop always suffices.
 */
export class AddCatalogRedirects1764921600005 implements MigrationInterface {
  name = 'AddCatalogRedirects1764921600005';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['actors', 'sources']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN merged_into_id uuid REFERENCES ${table} (id)`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_not_merged_into_itself CHECK (merged_into_id <> id)`);
      await q.query(`CREATE INDEX ${table}_merged_into_idx ON ${table} (merged_into_id) WHERE merged_into_id IS NOT NULL`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['actors', 'sources']) await q.query(`ALTER TABLE ${table} DROP COLUMN merged_into_id`);
  }
}
