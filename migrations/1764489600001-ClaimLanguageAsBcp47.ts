import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim's language becomes a BCP 47 tag (language, optional script and region: en, pt-BR,
 * zh-Hant, es-419) instead of a bare ISO 639 code, so an imported review's `inLanguage` is kept
 * as its publisher wrote it. Every existing value (two or three letters) is already such a tag.
 */
export class ClaimLanguageAsBcp471764489600001 implements MigrationInterface {
  name = 'ClaimLanguageAsBcp471764489600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims DROP CONSTRAINT claims_language_check`);
    await q.query(
      `ALTER TABLE claims ADD CONSTRAINT claims_language_check
       CHECK (language ~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The older form has no place for a script or region, and cutting them off would change claims
    // outside their history: such claims must be edited first.
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM claims WHERE language LIKE '%-%'`)) as [{ n: number }];
    if (n > 0) throw new Error(`${n} claims have a language tag with a script or region; edit them before going down`);
    await q.query(`ALTER TABLE claims DROP CONSTRAINT claims_language_check`);
    await q.query(`ALTER TABLE claims ADD CONSTRAINT claims_language_check CHECK (language ~ '^[a-z]{2,3}$')`);
  }
}
