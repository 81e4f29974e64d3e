import type { DataSource, EntityManager } from 'typeorm';
import { Dispute } from '../db/entities';
import { fetchPage, type Connection, type Ordering } from '../db/paging';
import { one, returning, rows, selectList, SqlParams } from '../db/sql';
import { pageWindow } from '../domain/cursor';
import { assertDisputeAction, disputeStatusOf } from '../domain/disputes';
import { badInput, notFound } from '../domain/errors';
import { chainOf, diffStates, toState, type HistoryAction } from '../domain/history';
import { openDisputeInput, optionalReasonInput, parseInput, resolveDisputeInput, uuid } from '../domain/validation';
import { authorOf, type StaffViewer } from '../domain/viewer';
import type { DisputeState } from '../domain/vocabulary';
import { assertAllowed } from '../domain/workflow';
import { groupByKeys, oneByKeys } from './batch';
import { claimState, type ClaimLocks, type LockedClaim } from './claimRows';
import type { HistoryService } from './history';

export interface DisputeFilter {
  status?: DisputeState[] | null;
  claimId?: string | null;
}

// Who opened a dispute, read with it: `raisedBy` needs no second statement.
const OPENER = `(SELECT u.display_name FROM users u WHERE u.id = d.opened_by_id) AS "openedByName"`;

// The disputes queue: open ones first, then newest first. One numeric key keeps keyset paging simple.
const OPEN_FIRST: Ordering = {
  name: 'OPEN_FIRST',
  expr: `((d.status = 'OPEN')::int * 10000000000000::numeric + extract(epoch FROM d.created_at) * 1000)`,
  type: 'numeric',
  descending: true,
};

export class DisputeService {
  private readonly columns: string;

  constructor(
    private readonly ds: DataSource,
    private readonly locks: ClaimLocks,
    private readonly history: HistoryService,
    private readonly maxPageSize: number,
  ) {
    this.columns = selectList(ds, Dispute, 'd');
  }

  list(filter: DisputeFilter, first?: number | null, after?: string | null, offset?: number | null): Promise<Connection<Dispute>> {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter.status?.length) where.push(`d.status = ANY(${params.add(filter.status)}::text[])`);
    if (filter.claimId) {
      if (!uuid.safeParse(filter.claimId).success) throw badInput('filter.claimId', 'is not a valid id.');
      where.push(`d.claim_id = ${params.add(filter.claimId)}::uuid`);
    }
    return fetchPage<Dispute>(this.ds, {
      select: `${this.columns}, ${OPENER}`,
      from: 'disputes d',
      where,
      params,
      ordering: OPEN_FIRST,
      idColumn: 'd.id',
      window: pageWindow(first, offset, this.maxPageSize),
      after,
    });
  }

  /** Batched lookup by id (`node`); disputes are staff-only, which the schema's rules enforce. */
  async byIds(ids: readonly string[]): Promise<(Dispute | null)[]> {
    const found = await rows<Dispute>(
      this.ds,
      `SELECT ${this.columns}, ${OPENER} FROM disputes d WHERE d.id = ANY($1::uuid[])`,
      [ids.filter((id) => uuid.safeParse(id).success)],
    );
    return oneByKeys(ids, found, (d) => d.id);
  }

  async ofClaims(claimIds: readonly string[]): Promise<Dispute[][]> {
    const found = await rows<Dispute>(
      this.ds,
      `SELECT ${this.columns}, ${OPENER} FROM disputes d WHERE d.claim_id = ANY($1::uuid[]) ORDER BY d.created_at, d.id`,
      [claimIds],
    );
    return groupByKeys(claimIds, found, (d) => d.claimId);
  }

  async open(viewer: StaffViewer, claimId: string, expectedVersion: number | null, raw: unknown): Promise<Dispute> {
    const input = parseInput(openDisputeInput, raw);
    if (!uuid.safeParse(claimId).success) throw notFound('claim', claimId);
    return this.ds.transaction(async (em) => {
      const claim = await this.locks.lock(em, claimId, expectedVersion);
      assertAllowed(claim, 'OPEN_DISPUTE', { userId: viewer.userId, role: viewer.role });
      const [created] = await returning<Dispute>(
        em,
        `INSERT INTO disputes AS d (claim_id, opened_by_id, raised_by_name, reason, counter_evidence)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${this.columns}`,
        [claim.id, viewer.userId, input.raisedByName ?? null, input.reason, input.counterEvidence ?? null],
      );
      await this.record(em, viewer, claim, created!, null, 'openDispute');
      return created!;
    });
  }

  async resolve(viewer: StaffViewer, id: string, expectedVersion: number | null, raw: unknown): Promise<Dispute> {
    const input = parseInput(resolveDisputeInput, raw, '');
    return this.ds.transaction(async (em) => {
      const { claim, dispute } = await this.lockDispute(em, id, expectedVersion);
      assertDisputeAction(dispute, 'RESOLVE', viewer);
      const closed = await this.close(em, viewer, dispute, input.outcome, input.note);
      const afterDispute = await this.record(em, viewer, claim, closed, dispute, 'resolveDispute', input.note);
      // An upheld dispute against a published verdict reopens the claim for correction.
      if (input.outcome === 'UPHELD' && afterDispute.reviewStatus === 'PUBLISHED') {
        assertAllowed(afterDispute, 'REOPEN', { userId: viewer.userId, role: viewer.role });
        const reopened = await this.locks.bump(em, afterDispute, { reviewStatus: 'IN_REVIEW', proposedById: null, proposedAt: null }, authorOf(viewer));
        const state = claimState(reopened);
        await this.history.append(em, {
          chain: chainOf('CLAIM', claim.id),
          claimId: claim.id,
          entityType: 'CLAIM',
          entityId: claim.id,
          action: 'reopenClaim',
          version: reopened.version,
          author: authorOf(viewer),
          changes: diffStates(claimState(afterDispute), state),
          note: `Dispute upheld: ${input.note}`,
          state,
        });
      }
      return closed;
    });
  }

  async withdraw(viewer: StaffViewer, id: string, expectedVersion: number | null, reason: string | null | undefined): Promise<Dispute> {
    const note = parseInput(optionalReasonInput, { reason: reason ?? null }, '').reason;
    return this.ds.transaction(async (em) => {
      const { claim, dispute } = await this.lockDispute(em, id, expectedVersion);
      assertDisputeAction(dispute, 'WITHDRAW', viewer);
      const closed = await this.close(em, viewer, dispute, 'WITHDRAWN', note);
      await this.record(em, viewer, claim, closed, dispute, 'withdrawDispute', note);
      return closed;
    });
  }

  private async close(em: EntityManager, viewer: StaffViewer, dispute: Dispute, status: DisputeState, note: string | null) {
    const [closed] = await returning<Dispute>(
      em,
      `UPDATE disputes d SET status = $2, resolution_note = $3, resolved_by_id = $4, resolved_at = now(), updated_at = now()
       WHERE d.id = $1 RETURNING ${this.columns}`,
      [dispute.id, status, note, viewer.userId],
    );
    return closed!;
  }

  private async lockDispute(em: EntityManager, id: string, expectedVersion: number | null) {
    const found = uuid.safeParse(id).success
      ? await one<{ claimId: string }>(em, 'SELECT claim_id AS "claimId" FROM disputes WHERE id = $1', [id])
      : undefined;
    if (!found) throw notFound('dispute', id);
    const claim = await this.locks.lock(em, found.claimId, expectedVersion);
    const dispute = (await one<Dispute>(em, `SELECT ${this.columns} FROM disputes d WHERE d.id = $1`, [id]))!;
    return { claim, dispute };
  }

  /** Derives the claim's dispute status, bumps its version and records the dispute change. */
  private async record(
    em: EntityManager,
    viewer: StaffViewer,
    claim: LockedClaim,
    after: Dispute,
    before: Dispute | null,
    action: HistoryAction,
    note: string | null = null,
  ): Promise<LockedClaim> {
    const states = await rows<{ status: DisputeState }>(em, 'SELECT status FROM disputes WHERE claim_id = $1', [claim.id]);
    const disputeStatus = disputeStatusOf(states.map((s) => s.status));
    const bumped = await this.locks.bump(
      em,
      claim,
      disputeStatus === claim.disputeStatus ? {} : { disputeStatus },
      authorOf(viewer),
    );
    const state = toState(after);
    const changes = diffStates(before ? toState(before) : null, state);
    // The claim's derived status changes with it; recorded here so history can replay the claim.
    if (disputeStatus !== claim.disputeStatus) {
      changes['claim.disputeStatus'] = { from: claim.disputeStatus, to: disputeStatus };
    }
    await this.history.append(em, {
      chain: chainOf('CLAIM', claim.id),
      claimId: claim.id,
      entityType: 'DISPUTE',
      entityId: after.id,
      action,
      version: bumped.version,
      author: authorOf(viewer),
      changes,
      note,
      state,
    });
    return bumped;
  }
}
