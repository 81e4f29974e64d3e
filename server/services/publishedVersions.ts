import type { DataSource, EntityManager } from 'typeorm';
import { transaction } from '../db/transaction';
import { Claim, Evidence } from '../db/entities';
import { columnsOf, rows } from '../db/sql';
import { publicVersion, replayClaim } from '../domain/claimReplay';
import { chainOf } from '../domain/history';
import type { ReviewStatus } from '../domain/vocabulary';
import type { HistoryService } from './history';

/**
 * What the public reads of a claim is its last published version: `public_claims` and
 * `public_evidence` (migration CreatePublishedVersions), copies of the claim and its evidence
 * taken whenever a change leaves the claim PUBLISHED. Reopening it for correction leaves that
 * copy in view with `correction_in_progress` set until the corrected verdict is approved;
 * archiving withdraws it and leaves a tombstone (withdrawn_at, withdrawn_reason). Every change of
 * a claim row goes through ClaimLocks.bump, which calls `follow` in the change's transaction, so
 * the copy and the history of the publication it shows commit together. Public reads select
 * from these tables (visibility.ts); `claim(id, asOf)` rebuilds the same from history
 * (claims.ts publicVersion).
 */
export class PublishedVersions {
  private readonly publish: string;
  private readonly claimColumns: [property: string, column: string][];
  private readonly evidenceColumns: [property: string, column: string][];

  constructor(private readonly ds: DataSource) {
    this.claimColumns = columnsOf(ds.getMetadata(Claim));
    this.evidenceColumns = columnsOf(ds.getMetadata(Evidence));
    const claimColumns = this.claimColumns.map(([, col]) => col);
    const evidenceColumns = this.evidenceColumns.map(([, col]) => col);
    // One statement: the claim's copy upserted, its old evidence copies deleted and its current
    // evidence copied (sub-statements share one snapshot: the delete never sees the new rows).
    this.publish = `WITH claim AS (
        INSERT INTO public_claims (${claimColumns.join(', ')})
        SELECT ${claimColumns.join(', ')} FROM claims WHERE id = $1
        ON CONFLICT (id) DO UPDATE SET ${claimColumns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')},
          correction_in_progress = false, withdrawn_at = NULL, withdrawn_reason = NULL
        RETURNING id),
      gone AS (DELETE FROM public_evidence WHERE claim_id = $1)
      INSERT INTO public_evidence (${evidenceColumns.join(', ')})
      SELECT ${evidenceColumns.map((c) => `e.${c}`).join(', ')} FROM evidence e JOIN claim ON claim.id = e.claim_id`;
  }

  /**
   * Re-points the public copies from a merged actor or source to its survivor (catalogMerge.ts),
   * those of a claim under correction included, which no bump refreshes.
   */
  async repoint(em: EntityManager, column: 'claimant_id' | 'first_appearance_id' | 'source_id', fromId: string, toId: string): Promise<void> {
    const table = column === 'source_id' ? 'public_evidence' : 'public_claims';
    await rows(em, `UPDATE ${table} SET ${column} = $2 WHERE ${column} = $1`, [fromId, toId]);
  }

  /**
   * Brings the public copy in step with a change of the claim from `before` to `after`, inside
   * the change's transaction. `note`: the reason the change gave, which a withdrawal keeps.
   */
  async follow(em: EntityManager, before: ReviewStatus, after: { id: string; reviewStatus: ReviewStatus }, note: string | null): Promise<void> {
    if (after.reviewStatus === 'PUBLISHED') {
      // Approved, or a bookkeeping change while published (topics, assignee, a dispute's status).
      await rows(em, this.publish, [after.id]);
    } else if (after.reviewStatus === 'ARCHIVED' && before !== 'ARCHIVED') {
      // The one way to withdraw a published verdict; a claim never published has no copy to mark.
      await rows(
        em,
        `UPDATE public_claims SET withdrawn_at = now(), withdrawn_reason = $2, review_status = 'ARCHIVED', correction_in_progress = false
         WHERE id = $1 AND withdrawn_at IS NULL`,
        [after.id, note],
      );
    } else if (before === 'PUBLISHED') {
      // Reopened (by an editor, or by an upheld dispute): the published version stays in view.
      await rows(em, `UPDATE public_claims SET correction_in_progress = true WHERE id = $1`, [after.id]);
    }
  }

  /**
   * Rebuilds, from history, the public copy of every claim that was published but has none: a
   * claim already under correction (or withdrawn) when migration CreatePublishedVersions copied
   * the published claims. Run at start-up; finds nothing once done. Answers how many it rebuilt.
   */
  async restoreMissing(history: HistoryService): Promise<number> {
    const missing = await rows<{ id: string }>(
      this.ds,
      `SELECT c.id FROM claims c WHERE c.published_at IS NOT NULL AND c.review_status <> 'PUBLISHED'
         AND NOT EXISTS (SELECT 1 FROM public_claims p WHERE p.id = c.id)`,
    );
    let restored = 0;
    for (const { id } of missing) {
      const version = publicVersion(await history.chain(chainOf('CLAIM', id)));
      const snapshot = version && replayClaim(version.events);
      if (!version || !snapshot) continue;
      // As `follow` marks a withdrawal (its instant is the archive event's, not the transaction's).
      if (version.withdrawn) snapshot.claim.reviewStatus = 'ARCHIVED';
      const byColumn = (state: Record<string, unknown>, columns: [string, string][]) =>
        Object.fromEntries(columns.filter(([prop]) => prop in state).map(([prop, col]) => [col, state[prop]]));
      await transaction(this.ds, async (em) => {
        // The recorded state over the live row: a column the history does not hold keeps its value.
        const claimColumns = this.claimColumns.map(([, col]) => col);
        const inserted = await rows(
          em,
          `INSERT INTO public_claims (${claimColumns.join(', ')}, correction_in_progress, withdrawn_at, withdrawn_reason)
           SELECT ${claimColumns.map((c) => `r.${c}`).join(', ')}, $3, $4, $5
           FROM claims c, jsonb_populate_record(c, $2::jsonb) r WHERE c.id = $1
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [id, byColumn(snapshot.claim, this.claimColumns), version.correctionInProgress, version.withdrawn?.at ?? null, version.withdrawn?.reason ?? null],
        );
        if (!inserted.length) return; // another instance restored it meanwhile
        const evidenceColumns = this.evidenceColumns.map(([, col]) => col);
        await rows(
          em,
          `INSERT INTO public_evidence (${evidenceColumns.join(', ')})
           SELECT ${evidenceColumns.map((c) => `r.${c}`).join(', ')}
           FROM jsonb_array_elements($1::jsonb) AS s(state)
           LEFT JOIN evidence e ON e.id = (s.state->>'id')::uuid,
           LATERAL jsonb_populate_record(e, s.state) r`,
          [JSON.stringify([...snapshot.evidence.values()].map((e) => byColumn(e, this.evidenceColumns)))],
        );
      });
      restored++;
    }
    return restored;
  }
}
