import type { EntityManager } from 'typeorm';
import type { Claim } from '../db/entities';
import { one } from '../db/sql';
import { notFound } from '../domain/errors';
import { diffStates, type HistoryAction } from '../domain/history';
import { uuid } from '../domain/validation';
import { authorOf, type ChangeAuthor, type StaffViewer } from '../domain/viewer';
import { assertAllowed, nextState, WORKFLOW, type ClaimAction } from '../domain/workflow';
import { claimState, type ClaimLocks, type LockedClaim } from './claimRows';
import type { HistoryService } from './history';

/** A row that belongs to a claim's aggregate (a piece of evidence, a dispute), as `lockPart` finds it. */
export interface ClaimPart {
  noun: 'evidence' | 'dispute';
  /** `evidence e`: the table and the alias `columns` use. */
  from: string;
  alias: string;
  columns: string;
  /** Rows that still count (removed evidence does not); absent: all. */
  live?: string;
}

/** What a change records: its history action and note; for a change of evidence or a dispute, that row before and after. */
export interface ClaimEvent {
  action: HistoryAction;
  note?: string | null;
  part?: { entityType: 'EVIDENCE' | 'DISPUTE'; before: object | null; after: { id: string } };
}

/**
 * The one way to change a claim's aggregate (the claim, its evidence, its disputes): lock the
 * claim, check the version the editor saw, bump it with the change, record the change in the
 * claim's chain — all inside the caller's transaction.
 */
export class ClaimChanges {
  constructor(
    private readonly locks: ClaimLocks,
    private readonly history: HistoryService,
  ) {}

  /** The public's copies of published claims, which every bump keeps in step (publishedVersions.ts). */
  get published() {
    return this.locks.published;
  }

  /** Locks the claim for this transaction; a malformed id is not found, a stale version a CONFLICT. */
  lock(em: EntityManager, id: string, expectedVersion: number | null): Promise<LockedClaim> {
    if (!uuid.safeParse(id).success) throw notFound('claim', id);
    return this.locks.lock(em, id, expectedVersion);
  }

  /** Locks the claim a piece of evidence or a dispute belongs to, then reads that row. */
  async lockPart<T>(em: EntityManager, part: ClaimPart, id: string, expectedVersion: number | null): Promise<{ claim: LockedClaim; row: T }> {
    const a = part.alias;
    const found = uuid.safeParse(id).success
      ? await one<{ claimId: string }>(em, `SELECT ${a}.claim_id AS "claimId" FROM ${part.from} WHERE ${a}.id = $1${part.live ? ` AND ${part.live}` : ''}`, [id])
      : undefined;
    if (!found) throw notFound(part.noun, id);
    const claim = await this.locks.lock(em, found.claimId, expectedVersion);
    const row = (await one<T>(em, `SELECT ${part.columns} FROM ${part.from} WHERE ${a}.id = $1`, [id]))!;
    return { claim, row };
  }

  /**
   * A workflow step, for claims and disputes alike (an upheld dispute reopens the claim): checks
   * the transition table, then asks `patchFor` what the step sets besides (it may refuse), moves
   * the state, clears the proposal when the step says so, and records the step's event.
   */
  async applyTransition(
    em: EntityManager,
    user: StaffViewer,
    current: LockedClaim,
    action: ClaimAction,
    note: string | null = null,
    patchFor?: () => Partial<Claim> | Promise<Partial<Claim>>,
  ): Promise<LockedClaim> {
    assertAllowed(current, action, user);
    const rule = WORKFLOW[action];
    const to = nextState(current.reviewStatus, action);
    const step: Partial<Claim> = {
      ...(await patchFor?.()),
      ...(rule.clearsProposal ? { proposedById: null, proposedAt: null } : {}),
      ...(to === current.reviewStatus ? {} : { reviewStatus: to }),
    };
    return this.commit(em, authorOf(user), current, step, { action: rule.event!, note });
  }

  /** Bumps the claim's version with `patch`; a change records itself with `record` (or does both: `commit`). */
  bump(em: EntityManager, current: LockedClaim, patch: Partial<Claim>, author: ChangeAuthor): Promise<LockedClaim> {
    return this.locks.bump(em, current, patch, author);
  }

  /** Bumps the claim's version with `patch` and records the change. */
  async commit(em: EntityManager, author: ChangeAuthor, current: LockedClaim, patch: Partial<Claim>, event: ClaimEvent): Promise<LockedClaim> {
    const bumped = await this.locks.bump(em, current, patch, author, event.note ?? null);
    await this.record(em, author, current, bumped, event);
    return bumped;
  }

  /**
   * Records a change of the claim (`before` null: just created) or, with `event.part`, of its
   * evidence or a dispute; then the claim fields that change derived (its dispute status: `after`
   * against `before`, none when `before` is null) are recorded as `claim.<field>`, so history can
   * replay the claim.
   */
  record(em: EntityManager, author: ChangeAuthor, before: LockedClaim | null, after: LockedClaim, event: ClaimEvent) {
    const part = event.part;
    const claimBefore = before && claimState(before);
    const claimAfter = claimState(after);
    const derived = part && claimBefore ? diffStates(claimBefore, claimAfter) : {};
    return this.history.record(em, {
      claimId: after.id,
      entityType: part?.entityType ?? 'CLAIM',
      entityId: part?.after.id ?? after.id,
      action: event.action,
      version: after.version,
      author,
      before: part ? part.before : claimBefore,
      after: part ? part.after : claimAfter,
      note: event.note,
      extra: Object.fromEntries(Object.entries(derived).map(([field, change]) => [`claim.${field}`, change])),
    });
  }
}
