import type { DataSource, EntityManager } from 'typeorm';
import { Evidence } from '../db/entities';
import { fetchPage, type Connection, type Ordering } from '../db/paging';
import { returning, rows, selectList, SqlParams } from '../db/sql';
import { pageWindow } from '../domain/cursor';
import { badInput } from '../domain/errors';
import type { HistoryAction } from '../domain/history';
import { addEvidenceInput, parseInput, reasonInput, updateEvidenceInput, uuid } from '../domain/validation';
import { isStaff, type ChangeAuthor, type StaffViewer, type Viewer } from '../domain/viewer';
import { assertAllowed } from '../domain/workflow';
import { oneByKeys } from './batch';
import type { ClaimChanges, ClaimPart } from './claimChanges';
import { exists, type EvidenceRecord, type LockedClaim } from './claimRows';
import { claimTable, evidenceTable, evidenceVisibility, publishedClaim } from './visibility';
import { isUser, within, writerOf, type ChangeBy } from './writes';

/** `Source.citations`: newest first, ties by id. */
const NEWEST: Ordering = { name: 'NEWEST', expr: 'e.created_at', type: 'timestamptz', descending: true };

/**
 * Evidence belongs to a claim's aggregate: every change locks the claim, checks the version the
 * editor saw, bumps it, and lands in the claim's history chain.
 */
export class EvidenceService {
  private readonly part: ClaimPart;

  constructor(
    private readonly ds: DataSource,
    private readonly changes: ClaimChanges,
    private readonly maxPageSize: number,
  ) {
    const columns = selectList(ds, Evidence, 'e');
    this.part = { noun: 'evidence', from: 'evidence e', alias: 'e', columns, live: 'e.removed_at IS NULL' };
  }

  /** Batched lookup by id (`node`): evidence the viewer may see, on claims the viewer may see. */
  async byIds(viewer: Viewer, ids: readonly string[]): Promise<(EvidenceRecord | null)[]> {
    const found = await rows<EvidenceRecord>(
      this.ds,
      `SELECT ${this.part.columns} FROM ${evidenceTable(viewer)} e JOIN ${claimTable(viewer)} c ON c.id = e.claim_id
       WHERE e.id = ANY($1::uuid[]) AND ${evidenceVisibility(viewer)}
       ${isStaff(viewer) ? '' : `AND ${publishedClaim('c')}`}`,
      [ids.filter((id) => uuid.safeParse(id).success)],
    );
    return oneByKeys(ids, found, (e) => e.id);
  }

  /** Evidence citing a source, on claims the viewer may see, newest first, a page at a time. */
  citing(viewer: Viewer, sourceId: string, first?: number | null, after?: string | null, offset?: number | null): Promise<Connection<EvidenceRecord>> {
    const params = new SqlParams();
    const where = [`e.source_id = ${params.add(sourceId)}::uuid`, evidenceVisibility(viewer)];
    if (!isStaff(viewer)) where.push(publishedClaim('c'));
    return fetchPage<EvidenceRecord>(this.ds, {
      select: this.part.columns,
      from: `${evidenceTable(viewer)} e JOIN ${claimTable(viewer)} c ON c.id = e.claim_id`,
      where,
      params,
      ordering: NEWEST,
      idColumn: 'e.id',
      window: pageWindow(first, offset, this.maxPageSize),
      after,
    });
  }

  /** Evidence citing a source, on claims the viewer may see (the first 200: `Source.evidence`, deprecated). */
  async ofSource(viewer: Viewer, sourceId: string): Promise<EvidenceRecord[]> {
    return rows<EvidenceRecord>(
      this.ds,
      `SELECT ${this.part.columns} FROM ${evidenceTable(viewer)} e JOIN ${claimTable(viewer)} c ON c.id = e.claim_id
       WHERE e.source_id = $1 AND ${evidenceVisibility(viewer)}
       ${isStaff(viewer) ? '' : `AND ${publishedClaim('c')}`}
       ORDER BY e.created_at DESC, e.id LIMIT 200`,
      [sourceId],
    );
  }

  /** Adds evidence to a claim; the server's own imports add it as a ChangeAuthor, inside their transaction. */
  add(by: ChangeBy, claimId: string, expectedVersion: number, raw: unknown, tx?: EntityManager): Promise<EvidenceRecord> {
    const author = writerOf(by, 'claims');
    return within(this.ds, tx, async (em) => {
      const claim = await this.changes.lock(em, claimId, expectedVersion);
      if (isUser(by)) assertAllowed(claim, 'EDIT_EVIDENCE', by, 'add evidence');
      const input = parseInput(addEvidenceInput, raw);
      await this.checkSource(em, input.sourceId);
      const [created] = await returning<Evidence>(
        em,
        `INSERT INTO evidence AS e (claim_id, source_id, url, excerpt, stance, reliability, note, is_public, added_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${this.part.columns}`,
        [
          claim.id,
          input.sourceId ?? null,
          input.url ?? null,
          input.excerpt ?? null,
          input.stance,
          input.reliability,
          input.note ?? null,
          input.isPublic ?? true,
          author.userId,
        ],
      );
      await this.commit(em, author, claim, null, created!, 'addEvidence');
      return created as EvidenceRecord;
    });
  }

  update(viewer: StaffViewer, id: string, expectedVersion: number, raw: unknown, tx?: EntityManager): Promise<EvidenceRecord> {
    const author = writerOf(viewer, 'claims');
    const input = parseInput(updateEvidenceInput, raw);
    return within(this.ds, tx, async (em) => {
      const { claim, row: evidence } = await this.changes.lockPart<Evidence>(em, this.part, id, expectedVersion);
      assertAllowed(claim, 'EDIT_EVIDENCE', viewer, 'edit evidence');
      await this.checkSource(em, input.sourceId);
      const merged = { ...evidence, ...input };
      if (!merged.sourceId && !merged.url) throw badInput('input.url', 'evidence needs a sourceId or a url.');
      const changed = Object.entries(input).filter(([k, v]) => (evidence as unknown as Record<string, unknown>)[k] !== v);
      if (changed.length === 0) return evidence;
      const meta = this.ds.getMetadata(Evidence);
      const sets = changed.map(([k], i) => `${meta.findColumnWithPropertyName(k)!.databaseName} = $${i + 2}`);
      const [updated] = await returning<Evidence>(
        em,
        `UPDATE evidence e SET ${sets.join(', ')}, updated_at = now() WHERE e.id = $1 RETURNING ${this.part.columns}`,
        [id, ...changed.map(([, v]) => v)],
      );
      await this.commit(em, author, claim, evidence, updated!, 'updateEvidence');
      return updated!;
    });
  }

  /** Marks evidence removed (it stays in history and in the table) and returns the claim. */
  remove(viewer: StaffViewer, id: string, expectedVersion: number, reason: string | null | undefined, tx?: EntityManager): Promise<LockedClaim> {
    const author = writerOf(viewer, 'claims');
    const note = reason == null ? null : parseInput(reasonInput, { reason }, '').reason;
    return within(this.ds, tx, async (em) => {
      const { claim, row: evidence } = await this.changes.lockPart<Evidence>(em, this.part, id, expectedVersion);
      assertAllowed(claim, 'EDIT_EVIDENCE', viewer, 'remove evidence');
      const [removed] = await returning<Evidence>(
        em,
        `UPDATE evidence e SET removed_at = now(), removed_by_id = $2, updated_at = now()
         WHERE e.id = $1 RETURNING ${this.part.columns}`,
        [id, viewer.userId],
      );
      return this.commit(em, author, claim, evidence, removed!, 'removeEvidence', note);
    });
  }

  private async checkSource(em: EntityManager, sourceId: string | null | undefined) {
    if (sourceId && !(await exists(em, 'sources', sourceId))) {
      throw badInput('input.sourceId', `no source with id ${sourceId}.`);
    }
  }

  /** Evidence is part of the check: each change bumps the claim's version and lands in its chain. */
  private commit(em: EntityManager, author: ChangeAuthor, claim: LockedClaim, before: Evidence | null, after: Evidence, action: HistoryAction, note: string | null = null) {
    return this.changes.commit(em, author, claim, {}, { action, note, part: { entityType: 'EVIDENCE', before, after } });
  }
}
