import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../db/sql';
import { groupByKeys } from './batch';
import type { TopicRecord } from './claimRows';

/** Topics are created on first use: a checker types "Sanctions" and the topic exists. */
export class TopicService {
  constructor(private readonly ds: DataSource) {}

  async list(): Promise<TopicRecord[]> {
    return rows<TopicRecord>(this.ds, 'SELECT id, slug, name FROM topics ORDER BY name, id');
  }

  /** Batched for DataLoader: the topics of many claims. */
  async ofClaims(claimIds: readonly string[]): Promise<TopicRecord[][]> {
    const found = await rows<TopicRecord & { claimId: string }>(
      this.ds,
      `SELECT ct.claim_id AS "claimId", t.id, t.slug, t.name FROM claim_topics ct
       JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = ANY($1::uuid[]) ORDER BY t.name`,
      [claimIds],
    );
    return groupByKeys(claimIds, found, (t) => t.claimId);
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
