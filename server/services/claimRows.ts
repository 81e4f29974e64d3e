import type { DataSource, EntityManager } from 'typeorm';
import { Claim, type Actor, type Evidence, type Source } from '../db/entities';
import { returning, rows, type Db } from '../db/sql';
import { conflict, notFound } from '../domain/errors';
import { toState } from '../domain/history';
import type { ChangeAuthor } from '../domain/viewer';
import { topicSlugsOf, type ClaimProjection } from './claimProjection';
import type { PublishedVersions } from './publishedVersions';

export interface TopicRecord {
  id: string;
  slug: string;
  name: string;
}

export type EvidenceRecord = Omit<Evidence, 'source' | 'claim'> & { source?: Source | null };

/**
 * A claim as the API serves it. Related rows the request asked for arrive prefetched in the same
 * SQL statement; absent ones (undefined) are loaded in batches by the field resolvers.
 */
export type ClaimRecord = Omit<Claim, 'claimant' | 'firstAppearance'> & {
  claimant?: Actor | null;
  firstAppearance?: Source | null;
  evidence?: EvidenceRecord[];
  topics?: TopicRecord[];
  searchRank?: number | null;
  /** Set when the claim was rebuilt from history (`claim(id, asOf)`): the instant it shows. */
  asOf?: string;
  /** Its published version's state (claimProjection.ts publicationState); absent on a claim a write returned. */
  correctionInProgress?: boolean;
  withdrawnAt?: Date | string | null;
  withdrawnReason?: string | null;
};

/** Which related rows to fetch along with each claim (from the GraphQL selection). */
export interface ClaimInclude {
  claimant?: boolean;
  firstAppearance?: boolean;
  evidence?: boolean;
  topics?: boolean;
}

/** A claim row inside a write transaction, with its topic slugs for the history state. */
export type LockedClaim = Claim & { topicSlugs: string[] };

/**
 * The write side every claim-aggregate change goes through (claims, evidence, disputes): lock
 * the row, check the version the editor saw, then bump the version with the change. One place
 * decides what a lost update is.
 */
export class ClaimLocks {
  private readonly columnOf: Map<string, string>;

  constructor(
    ds: DataSource,
    private readonly sql: ClaimProjection,
    /** The public's copies of published claims, which every bump keeps in step. */
    readonly published: PublishedVersions,
  ) {
    this.columnOf = new Map(ds.getMetadata(Claim).columns.map((c) => [c.propertyName, c.databaseName]));
  }

  /** Locks the claim for this transaction; a stale `expectedVersion` is a CONFLICT. */
  async lock(em: EntityManager, id: string, expectedVersion: number | null): Promise<LockedClaim> {
    const found = await rows<LockedClaim>(
      em,
      `SELECT ${this.sql.columns}, ${topicSlugsOf('c')} AS "topicSlugs"
       FROM claims c WHERE c.id = $1 FOR UPDATE`,
      [id],
    );
    const claim = found[0];
    if (!claim) throw notFound('claim', id);
    if (expectedVersion !== null && claim.version !== expectedVersion) {
      throw conflict('claim', expectedVersion, claim.version);
    }
    return claim;
  }

  /**
   * Applies `patch` and bumps the version with a real `UPDATE … WHERE version = $n`, so even a
   * caller that forgot to lock cannot overwrite a newer version; then brings the public's copy of
   * the claim in step (publishedVersions.ts). `note`: the reason the change gives, if any.
   */
  async bump(em: EntityManager, current: LockedClaim, patch: Partial<Claim>, author: ChangeAuthor, note: string | null = null): Promise<LockedClaim> {
    const sets: string[] = [];
    const params: unknown[] = [current.id, current.version];
    for (const [prop, value] of Object.entries(patch)) {
      const column = this.columnOf.get(prop);
      if (!column) throw new Error(`claims has no column for ${prop}`);
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    params.push(author.userId);
    sets.push(`updated_by_id = $${params.length}`, 'version = version + 1', 'updated_at = now()');
    const updated = await returning<LockedClaim>(
      em,
      `UPDATE claims c SET ${sets.join(', ')} WHERE c.id = $1 AND c.version = $2
       RETURNING ${this.sql.columns}, ${topicSlugsOf('c')} AS "topicSlugs"`,
      params,
    );
    if (!updated[0]) throw conflict('claim', current.version, current.version + 1);
    await this.published.follow(em, current.reviewStatus, updated[0], note);
    return updated[0];
  }
}

/** A claim's history state: every column plus its topics (by slug). */
export function claimState(c: LockedClaim): Record<string, unknown> {
  const { topicSlugs, ...columns } = c;
  return { ...toState(columns), topics: topicSlugs };
}

/** Whether a row exists that a claim may name; a merged actor or source is only a redirect now. */
export async function exists(db: Db, table: 'actors' | 'sources' | 'users', id: string): Promise<boolean> {
  const live = table === 'users' ? '' : ' AND merged_into_id IS NULL';
  return (await rows(db, `SELECT 1 FROM ${table} WHERE id = $1${live}`, [id])).length > 0;
}
