import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../db/sql';
import { legacyTopicSlug, topicSlug } from '../domain/topicSlug';
import { uuid } from '../domain/validation';
import { oneByKeys } from './batch';
import type { TopicRecord } from './claimRows';

/** A claim's topics as [slug, display name] pairs (validation.ts makes them from the names typed). */
export type TopicPairs = [string, string][];

/** Topics are created on first use: a checker types "Sanctions" and the topic exists. */
export class TopicService {
  constructor(private readonly ds: DataSource) {}

  async list(): Promise<TopicRecord[]> {
    return rows<TopicRecord>(this.ds, 'SELECT id, slug, name FROM topics ORDER BY name, id');
  }

  /** Batched lookup by id (`node`). */
  async byIds(ids: readonly string[]): Promise<(TopicRecord | null)[]> {
    const found = await rows<TopicRecord>(this.ds, 'SELECT id, slug, name FROM topics WHERE id = ANY($1::uuid[])', [
      ids.filter((id) => uuid.safeParse(id).success),
    ]);
    return oneByKeys(ids, found, (t) => t.id);
  }

  /**
   * `topics` with each slug as stored. A topic created before slugs kept every script (migration
   * 1765094400001) from a name with accents or other non-ASCII letters keeps its old slug
   * ("Économie" is "economie"), so the same name typed now (slug "économie") must find it rather
   * than start a second "Économie". It is that topic when its legacy slug is the name's and its own
   * name has the name's new slug; a topic merely sharing the legacy slug ("Sanctions" for
   * "Sanctions (العقوبات)") is not. ASCII names have the same slug under both rules: no query.
   */
  async resolve(em: EntityManager, topics: TopicPairs): Promise<TopicPairs> {
    const legacySlugs = topics.map(([, name]) => legacyTopicSlug(name)).filter((old, i) => old !== '' && old !== topics[i]![0]);
    if (legacySlugs.length === 0) return topics;
    const stored = await rows<{ slug: string; name: string }>(em, 'SELECT slug, name FROM topics WHERE slug = ANY($1::text[])', [legacySlugs]);
    const resolved = topics.map(([slug, name]): [string, string] => {
      const old = stored.find((t) => t.slug === legacyTopicSlug(name) && topicSlug(t.name) === slug);
      return [old?.slug ?? slug, name];
    });
    return [...new Map(resolved).entries()]; // two names may now be one topic: once each
  }

  /** Replaces a claim's topics with `topics`, creating those that do not exist yet. */
  async setClaimTopics(em: EntityManager, claimId: string, topics: TopicPairs): Promise<void> {
    await em.query('DELETE FROM claim_topics WHERE claim_id = $1', [claimId]);
    if (topics.length === 0) return;
    const pairs = await this.resolve(em, topics);
    await em.query(
      `INSERT INTO topics (slug, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (slug) DO NOTHING`,
      [pairs.map(([slug]) => slug), pairs.map(([, name]) => name)],
    );
    await em.query(
      `INSERT INTO claim_topics (claim_id, topic_id) SELECT $1, id FROM topics WHERE slug = ANY($2::text[])`,
      [claimId, pairs.map(([slug]) => slug)],
    );
  }
}
