import type { DataSource, EntityManager } from 'typeorm';
import { Claim, Evidence } from '../db/entities';
import { returning, rows, selectList } from '../db/sql';
import { toState, type HistoryAction } from '../domain/history';
import type { ChangeAuthor } from '../domain/viewer';
import type { ClaimChanges } from './claimChanges';

type Row = Record<string, unknown>;

/** What merging two actors (or two sources) moves and what the survivor takes over. */
export interface MergeSpec {
  action: Extract<HistoryAction, 'mergeActors' | 'mergeSources'>;
  /** The claim fields that point at one: they move to the survivor. */
  claimFields: ('claimantId' | 'firstAppearanceId')[];
  /** Whether evidence cites one (sources do): that evidence moves too. */
  evidence: boolean;
  /**
   * What the survivor takes over from the merged row, and what the merged row gives up so the
   * survivor can take it (a unique Wikidata id or URL). Throws an AppError when the two cannot be
   * the same person or document.
   */
  absorb(survivor: Row, merged: Row): { survivor: Row; merged: Row };
  /** How history notes name one ("Donald Trump"). */
  label(row: Row): string;
}

/**
 * Re-points claims and evidence from a merged actor or source to its survivor. Each claim it
 * touches is locked, gets one new version, and records on its own chain what moved (a CLAIM
 * event for its claimant or first appearance, an EVIDENCE event per piece of evidence), so every
 * claim's chain still verifies and tells why its claimant changed.
 */
export class CatalogReferences {
  private readonly evidenceColumns: string;
  private readonly claimColumn: (field: string) => string;

  constructor(
    ds: DataSource,
    private readonly changes: ClaimChanges,
  ) {
    this.evidenceColumns = selectList(ds, Evidence, 'e');
    const meta = ds.getMetadata(Claim);
    this.claimColumn = (field) => meta.findColumnWithPropertyName(field)!.databaseName;
  }

  /** Moves everything that names `fromId` to `toId`; returns the ids of the claims it changed. */
  async move(em: EntityManager, spec: MergeSpec, fromId: string, toId: string, author: ChangeAuthor, note: string): Promise<string[]> {
    const pointing = spec.claimFields.map((f) => `c.${this.claimColumn(f)} = $1`);
    if (spec.evidence) pointing.push('EXISTS (SELECT 1 FROM evidence e WHERE e.claim_id = c.id AND e.source_id = $1)');
    // In id order, as every merge takes them, so two merges never wait on each other in a circle.
    const claims = await rows<{ id: string }>(em, `SELECT c.id FROM claims c WHERE ${pointing.join(' OR ')} ORDER BY c.id`, [fromId]);
    for (const { id } of claims) {
      const current = await this.changes.lock(em, id, null);
      const patch = Object.fromEntries(spec.claimFields.filter((f) => current[f] === fromId).map((f) => [f, toId]));
      const bumped = await this.changes.bump(em, current, patch, author);
      const event = { action: spec.action, note };
      if (Object.keys(patch).length) await this.changes.record(em, author, current, bumped, event);
      if (!spec.evidence) continue;
      // Removed evidence too: it stays in the table and in history, and must not name a redirect.
      const moved = await returning<Evidence>(
        em,
        `UPDATE evidence e SET source_id = $3, updated_at = now() WHERE e.claim_id = $1 AND e.source_id = $2
         RETURNING ${this.evidenceColumns}`,
        [id, fromId, toId],
      );
      for (const after of moved.sort((a, b) => a.id.localeCompare(b.id))) {
        const before = { ...toState(after), sourceId: fromId };
        // The claim's own change, if any, is its CLAIM event above: none is derived here (null).
        await this.changes.record(em, author, null, bumped, { ...event, part: { entityType: 'EVIDENCE', before, after } });
      }
    }
    for (const f of spec.claimFields) await this.changes.published.repoint(em, this.claimColumn(f) as 'claimant_id' | 'first_appearance_id', fromId, toId);
    if (spec.evidence) await this.changes.published.repoint(em, 'source_id', fromId, toId);
    return claims.map((c) => c.id);
  }
}
