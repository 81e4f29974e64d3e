import type { DataSource, EntityManager } from 'typeorm';
import { Dispute } from '../db/entities';
import { fetchPage, type Connection, type Ordering } from '../db/paging';
import { returning, rows, selectList, SqlParams } from '../db/sql';
import { pageWindow } from '../domain/cursor';
import { assertDisputeAction, disputeStatusOf } from '../domain/disputes';
import { badInput } from '../domain/errors';
import type { HistoryAction } from '../domain/history';
import { openDisputeInput, optionalReasonInput, parseInput, resolveDisputeInput, uuid } from '../domain/validation';
import { authorOf, type StaffViewer } from '../domain/viewer';
import type { DisputeState } from '../domain/vocabulary';
import { assertAllowed } from '../domain/workflow';
import { groupByKeys, oneByKeys } from './batch';
import type { ClaimChanges, ClaimPart } from './claimChanges';
import type { LockedClaim } from './claimRows';
import { within } from './writes';

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
  private readonly part: ClaimPart;

  constructor(
    private readonly ds: DataSource,
    private readonly changes: ClaimChanges,
    private readonly maxPageSize: number,
  ) {
    this.part = { noun: 'dispute', from: 'disputes d', alias: 'd', columns: selectList(ds, Dispute, 'd') };
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
      select: `${this.part.columns}, ${OPENER}`,
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
      `SELECT ${this.part.columns}, ${OPENER} FROM disputes d WHERE d.id = ANY($1::uuid[])`,
      [ids.filter((id) => uuid.safeParse(id).success)],
    );
    return oneByKeys(ids, found, (d) => d.id);
  }

  async ofClaims(claimIds: readonly string[]): Promise<Dispute[][]> {
    const found = await rows<Dispute>(
      this.ds,
      `SELECT ${this.part.columns}, ${OPENER} FROM disputes d WHERE d.claim_id = ANY($1::uuid[]) ORDER BY d.created_at, d.id`,
      [claimIds],
    );
    return groupByKeys(claimIds, found, (d) => d.claimId);
  }

  open(viewer: StaffViewer, claimId: string, expectedVersion: number | null, raw: unknown, tx?: EntityManager): Promise<Dispute> {
    const input = parseInput(openDisputeInput, raw);
    return within(this.ds, tx, async (em) => {
      const claim = await this.changes.lock(em, claimId, expectedVersion);
      assertAllowed(claim, 'OPEN_DISPUTE', viewer);
      const [created] = await returning<Dispute>(
        em,
        `INSERT INTO disputes AS d (claim_id, opened_by_id, raised_by_name, reason, counter_evidence)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${this.part.columns}`,
        [claim.id, viewer.userId, input.raisedByName ?? null, input.reason, input.counterEvidence ?? null],
      );
      await this.settle(em, viewer, claim, null, created!, 'openDispute');
      return created!;
    });
  }

  resolve(viewer: StaffViewer, id: string, expectedVersion: number | null, raw: unknown, tx?: EntityManager): Promise<Dispute> {
    const input = parseInput(resolveDisputeInput, raw, '');
    return within(this.ds, tx, async (em) => {
      const { claim, row: dispute } = await this.changes.lockPart<Dispute>(em, this.part, id, expectedVersion);
      assertDisputeAction(dispute, 'RESOLVE', viewer);
      const closed = await this.close(em, viewer, dispute, input.outcome, input.note);
      const settled = await this.settle(em, viewer, claim, dispute, closed, 'resolveDispute', input.note);
      // An upheld dispute against a published verdict reopens the claim for correction.
      if (input.outcome === 'UPHELD' && settled.reviewStatus === 'PUBLISHED') {
        await this.changes.applyTransition(em, viewer, settled, 'REOPEN', `Dispute upheld: ${input.note}`);
      }
      return closed;
    });
  }

  withdraw(viewer: StaffViewer, id: string, expectedVersion: number | null, reason: string | null | undefined, tx?: EntityManager): Promise<Dispute> {
    const note = parseInput(optionalReasonInput, { reason: reason ?? null }, '').reason;
    return within(this.ds, tx, async (em) => {
      const { claim, row: dispute } = await this.changes.lockPart<Dispute>(em, this.part, id, expectedVersion);
      assertDisputeAction(dispute, 'WITHDRAW', viewer);
      const closed = await this.close(em, viewer, dispute, 'WITHDRAWN', note);
      await this.settle(em, viewer, claim, dispute, closed, 'withdrawDispute', note);
      return closed;
    });
  }

  private async close(em: EntityManager, viewer: StaffViewer, dispute: Dispute, status: DisputeState, note: string | null) {
    const [closed] = await returning<Dispute>(
      em,
      `UPDATE disputes d SET status = $2, resolution_note = $3, resolved_by_id = $4, resolved_at = now(), updated_at = now()
       WHERE d.id = $1 RETURNING ${this.part.columns}`,
      [dispute.id, status, note, viewer.userId],
    );
    return closed!;
  }

  /** Derives the claim's dispute status from all its disputes and records the dispute's change with it. */
  private async settle(
    em: EntityManager,
    viewer: StaffViewer,
    claim: LockedClaim,
    before: Dispute | null,
    after: Dispute,
    action: HistoryAction,
    note: string | null = null,
  ): Promise<LockedClaim> {
    const states = await rows<{ status: DisputeState }>(em, 'SELECT status FROM disputes WHERE claim_id = $1', [claim.id]);
    const disputeStatus = disputeStatusOf(states.map((s) => s.status));
    return this.changes.commit(em, authorOf(viewer), claim, { disputeStatus }, { action, note, part: { entityType: 'DISPUTE', before, after } });
  }
}
