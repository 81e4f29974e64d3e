import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../db/sql';
import { uuid } from '../domain/validation';
import { oneByKeys } from './batch';
import type { TopicRecord } from './claimRows';

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

  /** Replaces a claim's topics with `topics` ([slug, display name] pairs). */
  async setClaimTopics(em: EntityManager, claimId: string, topics: [string, string][]): Promise<void> {
    await em.query('DELETE FROM claim_topics WHERE claim_id = $1', [claimId]);
    if (topics.length === 0) return;
    await em.query(
      `INSERT INTO topics (slug, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (slug) DO NOTHING`,
      [topics.map(([slug]) => slug), topics.map(([, name]) => name)],
    );
    await em.query(
      `INSERT INTO claim_topics (claim_id, topic_id) SELECT $1, id FROM topics WHERE slug = ANY($2::text[])`,
      [claimId, topics.map(([slug]) => slug)],
    );
  }
}
