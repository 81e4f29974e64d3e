import type { DataSource, EntityManager } from 'typeorm';
import { Evidence } from '../db/entities';
import { fetchPage, type Connection, type Ordering } from '../db/paging';
import { one, returning, rows, selectList, SqlParams } from '../db/sql';
import { pageWindow } from '../domain/cursor';
import { badInput, notFound } from '../domain/errors';
import { chainOf, diffStates, toState, type HistoryAction } from '../domain/history';
import { addEvidenceInput, parseInput, reasonInput, updateEvidenceInput, uuid } from '../domain/validation';
import { authorOf, type ChangeAuthor, type StaffViewer, type Viewer } from '../domain/viewer';
import { assertAllowed } from '../domain/workflow';
import { oneByKeys } from './batch';
import { exists, type ClaimLocks, type EvidenceRecord, type LockedClaim } from './claimRows';
import { requireWriter } from './claims';
import type { HistoryService } from './history';
import { evidenceVisibility, publishedClaim } from './visibility';

/** `Source.citations`: newest first, ties by id. */
const NEWEST: Ordering = { name: 'NEWEST', expr: 'e.created_at', type: 'timestamptz', descending: true };

/**
 * Evidence belongs to a claim's aggregate: every change locks the claim, checks the version the
 * editor saw, bumps it, and lands in the claim's history chain.
 */
export class EvidenceService {
  private readonly columns: string;

  constructor(
    private readonly ds: DataSource,
    private readonly locks: ClaimLocks,
    private readonly history: HistoryService,
    private readonly maxPageSize: number,
  ) {
    this.columns = selectList(ds, Evidence, 'e');
  }

  /** Batched lookup by id (`node`): evidence the viewer may see, on claims the viewer may see. */
  async byIds(viewer: Viewer, ids: readonly string[]): Promise<(EvidenceRecord | null)[]> {
    const found = await rows<EvidenceRecord>(
      this.ds,
      `SELECT ${this.columns} FROM evidence e JOIN claims c ON c.id = e.claim_id
       WHERE e.id = ANY($1::uuid[]) AND ${evidenceVisibility(viewer)}
       ${viewer.kind === 'public' ? `AND ${publishedClaim('c')}` : ''}`,
      [ids.filter((id) => uuid.safeParse(id).success)],
    );
    return oneByKeys(ids, found, (e) => e.id);
  }

  /** Evidence citing a source, on claims the viewer may see, newest first, a page at a time. */
  citing(viewer: Viewer, sourceId: string, first?: number | null, after?: string | null, offset?: number | null): Promise<Connection<EvidenceRecord>> {
    const params = new SqlParams();
    const where = [`e.source_id = ${params.add(sourceId)}::uuid`, evidenceVisibility(viewer)];
    if (viewer.kind === 'public') where.push(publishedClaim('c'));
    return fetchPage<EvidenceRecord>(this.ds, {
      select: this.columns,
      from: 'evidence e JOIN claims c ON c.id = e.claim_id',
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
      `SELECT ${this.columns} FROM evidence e JOIN claims c ON c.id = e.claim_id
       WHERE e.source_id = $1 AND ${evidenceVisibility(viewer)}
       ${viewer.kind === 'public' ? `AND ${publishedClaim('c')}` : ''}
       ORDER BY e.created_at DESC, e.id LIMIT 200`,
      [sourceId],
    );
  }

  async add(viewer: StaffViewer, claimId: string, expectedVersion: number, raw: unknown): Promise<EvidenceRecord> {
    requireWriter(viewer);
    return this.ds.transaction(async (em) => {
      const claim = await this.lockClaim(em, claimId, expectedVersion);
      assertAllowed(claim, 'EDIT_EVIDENCE', viewer);
      return (await this.addWithin(em, authorOf(viewer), claim, raw)).evidence;
    });
  }

  /** Adds evidence to a claim locked by the caller's transaction; returns it and the bumped claim. */
  async addWithin(em: EntityManager, author: ChangeAuthor, claim: LockedClaim, raw: unknown) {
    const input = parseInput(addEvidenceInput, raw);
    await this.checkSource(em, input.sourceId);
    const [created] = await returning<Evidence>(
      em,
      `INSERT INTO evidence AS e (claim_id, source_id, url, excerpt, stance, reliability, note, is_public, added_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${this.columns}`,
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
    const bumped = await this.record(em, author, claim, created!, null, 'addEvidence');
    return { evidence: created as EvidenceRecord, claim: bumped };
  }

  async update(viewer: StaffViewer, id: string, expectedVersion: number, raw: unknown): Promise<EvidenceRecord> {
    requireWriter(viewer);
    const input = parseInput(updateEvidenceInput, raw);
    return this.ds.transaction(async (em) => {
      const { claim, evidence } = await this.lockEvidence(em, id, expectedVersion);
      assertAllowed(claim, 'EDIT_EVIDENCE', viewer);
      await this.checkSource(em, input.sourceId);
      const merged = { ...evidence, ...input };
      if (!merged.sourceId && !merged.url) throw badInput('input.url', 'evidence needs a sourceId or a url.');
      const changed = Object.entries(input).filter(([k, v]) => (evidence as unknown as Record<string, unknown>)[k] !== v);
      if (changed.length === 0) return evidence;
      const meta = this.ds.getMetadata(Evidence);
      const sets = changed.map(([k], i) => `${meta.findColumnWithPropertyName(k)!.databaseName} = $${i + 2}`);
      const [updated] = await returning<Evidence>(
        em,
        `UPDATE evidence e SET ${sets.join(', ')}, updated_at = now() WHERE e.id = $1 RETURNING ${this.columns}`,
        [id, ...changed.map(([, v]) => v)],
      );
      await this.record(em, authorOf(viewer), claim, updated!, evidence, 'updateEvidence');
      return updated!;
    });
  }

  /** Marks evidence removed (it stays in history and in the table) and returns the claim. */
  async remove(viewer: StaffViewer, id: string, expectedVersion: number, reason: string | null | undefined): Promise<LockedClaim> {
    requireWriter(viewer);
    const note = reason == null ? null : parseInput(reasonInput, { reason }, '').reason;
    return this.ds.transaction(async (em) => {
      const { claim, evidence } = await this.lockEvidence(em, id, expectedVersion);
      assertAllowed(claim, 'EDIT_EVIDENCE', viewer);
      const [removed] = await returning<Evidence>(
        em,
        `UPDATE evidence e SET removed_at = now(), removed_by_id = $2, updated_at = now()
         WHERE e.id = $1 RETURNING ${this.columns}`,
        [id, viewer.userId],
      );
      return this.record(em, authorOf(viewer), claim, removed!, evidence, 'removeEvidence', note);
    });
  }

  private lockClaim(em: EntityManager, claimId: string, expectedVersion: number) {
    if (!uuid.safeParse(claimId).success) throw notFound('claim', claimId);
    return this.locks.lock(em, claimId, expectedVersion);
  }

  private async lockEvidence(em: EntityManager, id: string, expectedVersion: number) {
    const found = uuid.safeParse(id).success
      ? await one<{ claimId: string }>(em, 'SELECT claim_id AS "claimId" FROM evidence WHERE id = $1 AND removed_at IS NULL', [id])
      : undefined;
    if (!found) throw notFound('evidence', id);
    const claim = await this.locks.lock(em, found.claimId, expectedVersion);
    const evidence = (await one<Evidence>(em, `SELECT ${this.columns} FROM evidence e WHERE e.id = $1`, [id]))!;
    return { claim, evidence };
  }

  private async checkSource(em: EntityManager, sourceId: string | null | undefined) {
    if (sourceId && !(await exists(em, 'sources', sourceId))) {
      throw badInput('input.sourceId', `no source with id ${sourceId}.`);
    }
  }

  /** Bumps the claim's version and records the evidence change in the claim's chain. */
  private async record(
    em: EntityManager,
    author: ChangeAuthor,
    claim: LockedClaim,
    after: Evidence,
    before: Evidence | null,
    action: HistoryAction,
    note: string | null = null,
  ): Promise<LockedClaim> {
    const bumped = await this.locks.bump(em, claim, {}, author);
    const state = toState(after);
    await this.history.append(em, {
      chain: chainOf('CLAIM', claim.id),
      claimId: claim.id,
      entityType: 'EVIDENCE',
      entityId: after.id,
      action,
      version: bumped.version,
      author,
      changes: diffStates(before ? toState(before) : null, state),
      note,
      state,
    });
    return bumped;
  }
}
