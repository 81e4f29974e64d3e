import type { MigrationInterface, QueryRunner } from 'typeorm';
import { reviewKey } from '../server/domain/claimReview';

/**
 * What an imported ClaimReview said, kept as it said it:
 * - `imported_key`, the review's url in canonical form (https, no trailing slash, no tracking
 *   parameters or fragment), is what makes a second import of the same review add nothing, however
 *   its url is written; `imported_from` keeps the url as the publisher wrote it.
 * - the numeric rating and its scale (`ratingValue`, `bestRating`, `worstRating`) beside the label;
 * - labels up to 2,000 characters (some publishers rate with a sentence).
 */
export class KeepImportedReviewDetails1764489600002 implements MigrationInterface {
  name = 'KeepImportedReviewDetails1764489600002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims ADD COLUMN imported_key text CHECK (imported_key ~ '^https://' AND length(imported_key) <= 2000)`);
    // Claims imported before: keyed with the rule the importer uses. Where two of them are one
    // review under two urls, the first imported keeps the key and the other stays as it is.
    const imported = (await q.query(`SELECT id, imported_from FROM claims WHERE imported_from IS NOT NULL ORDER BY created_at, id`)) as {
      id: string;
      imported_from: string;
    }[];
    const keyed = new Set<string>();
    for (const { id, imported_from: url } of imported) {
      const key = reviewKey(url);
      if (key === null || keyed.has(key)) continue;
      keyed.add(key);
      await q.query(`UPDATE claims SET imported_key = $1 WHERE id = $2`, [key, id]);
    }
    await q.query(`CREATE UNIQUE INDEX claims_imported_key_key ON claims (imported_key) WHERE imported_key IS NOT NULL`);

    await q.query(`ALTER TABLE claims ADD COLUMN original_rating_value double precision`);
    await q.query(`ALTER TABLE claims ADD COLUMN original_best_rating double precision`);
    await q.query(`ALTER TABLE claims ADD COLUMN original_worst_rating double precision`);
    await q.query(`
      ALTER TABLE claims ADD CONSTRAINT claims_original_rating_scale_check CHECK (
        (original_rating_value IS NULL AND original_best_rating IS NULL AND original_worst_rating IS NULL)
        OR (original_rating_value IS NOT NULL AND original_best_rating IS NOT NULL AND original_worst_rating IS NOT NULL
            AND original_best_rating <> original_worst_rating
            AND original_rating_value BETWEEN least(original_best_rating, original_worst_rating)
                                          AND greatest(original_best_rating, original_worst_rating)))`);
    await q.query(`ALTER TABLE claims DROP CONSTRAINT claims_original_rating_check`);
    await q.query(`ALTER TABLE claims ADD CONSTRAINT claims_original_rating_check CHECK (length(original_rating) <= 2000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM claims WHERE length(original_rating) > 200`)) as [{ n: number }];
    if (n > 0) throw new Error(`${n} claims have an original rating longer than 200 characters; the older schema cannot hold them`);
    await q.query(`ALTER TABLE claims DROP CONSTRAINT claims_original_rating_check`);
    await q.query(`ALTER TABLE claims ADD CONSTRAINT claims_original_rating_check CHECK (length(original_rating) <= 200)`);
    await q.query(`ALTER TABLE claims DROP CONSTRAINT claims_original_rating_scale_check`);
    await q.query(`ALTER TABLE claims DROP COLUMN original_worst_rating`);
    await q.query(`ALTER TABLE claims DROP COLUMN original_best_rating`);
    await q.query(`ALTER TABLE claims DROP COLUMN original_rating_value`);
    await q.query(`DROP INDEX claims_imported_key_key`);
    await q.query(`ALTER TABLE claims DROP COLUMN imported_key`);
  }
}
