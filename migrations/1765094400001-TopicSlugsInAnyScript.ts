import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A topic's slug keeps the letters and digits of every script ("العقوبات", "制裁",
 * "sanctions-العقوبات"), not only a–z and 0–9: the rule is server/domain/topicSlug.ts. Existing
 * slugs are left as they are (each claim's history lists its topics by slug); every one of them
 * already has the new shape.
 *
 * The check is structural, not the rule itself, because PostgreSQL cannot state the rule in a way
 * that holds on every server: its regex classes follow the database's LC_CTYPE ([[:alnum:]]
 * matches no non-ASCII letter in the "C" locale, and even under C.UTF-8 on PostgreSQL 15 and 17
 * it refuses Devanagari's combining marks, so "हिन्दी" would fail), and lower() follows the C
 * library's Unicode tables, which need not match Node's, so "lower(slug) = slug" could refuse a
 * slug the server just made. What it does say uses code points only, the same on every server:
 * hyphen-separated parts, no empty part, no hyphen at either end; in ASCII only a–z, 0–9 and the
 * hyphen (so no upper case, space, punctuation or control character); and none of the
 * non-ASCII characters that are never part of a slug: C1 controls, no-break space, soft hyphen,
 * Ogham space, the General Punctuation block (spaces, dashes, quotes, zero-width and bidi
 * characters), ideographic space and the byte-order mark.
 */
const PART = String.raw`([0-9a-z]|[^\x01-\x7f\u0080-\u00a0\u00ad\u1680\u2000-\u206f\u3000\ufeff])+`;
export const TOPIC_SLUG_SHAPE = `^${PART}(-${PART})*$`;

export class TopicSlugsInAnyScript1765094400001 implements MigrationInterface {
  name = 'TopicSlugsInAnyScript1765094400001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE topics DROP CONSTRAINT topics_slug_check`);
    await q.query(
      `ALTER TABLE topics ADD CONSTRAINT topics_slug_check CHECK (slug ~ '${TOPIC_SLUG_SHAPE}' AND char_length(slug) <= 80)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The older form has room for a–z and 0–9 only, and renaming a slug would change claims outside
    // their history: such topics must be merged or removed by hand first.
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM topics WHERE slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)) as [{ n: number }];
    if (n > 0) throw new Error(`${n} topics have a slug outside a–z, 0–9 and hyphens; remove them before going down`);
    await q.query(`ALTER TABLE topics DROP CONSTRAINT topics_slug_check`);
    await q.query(`ALTER TABLE topics ADD CONSTRAINT topics_slug_check CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80)`);
  }
}
