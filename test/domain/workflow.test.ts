import { AppError } from '../../server/domain/errors';
import {
  CLAIM_ACTIONS,
  allowedActions,
  assertAllowed,
  nextState,
  type ClaimAction,
  type ClaimFacts,
} from '../../server/domain/workflow';
import { REVIEW_STATUSES, ROLES, type ReviewStatus, type Role } from '../../server/domain/vocabulary';

/**
 * The review workflow written out by hand from DESIGN.md, one row per (action, role) and one
 * column per review state. It is deliberately NOT computed from WORKFLOW: this table is the
 * specification the transition table is checked against.
 *
 *   Y = allowed
 *   F = FORBIDDEN           (the role may never take this action)
 *   X = INVALID_TRANSITION  (the role may, but not in this state)
 *
 * Where DESIGN.md is silent the newsroom reading is written down and explained:
 * - UPDATE / EDIT_EVIDENCE: "create and edit claims before publication", frozen once a verdict is
 *   proposed (the approver must approve what was proposed; reject sends it back for changes) and
 *   once published (changes only by reopening). Archived claims are restored before any edit.
 * - ANNOTATE (internal note, topics): newsroom bookkeeping, not the public check; allowed in every
 *   state but ARCHIVED.
 * - ASSIGN, OPEN_DISPUTE: any state but ARCHIVED. Auditors make no changes, so they may not open
 *   disputes either.
 * - A role that may never take an action is told FORBIDDEN whatever the state.
 */
type Outcome = 'Y' | 'F' | 'X';
type Row = readonly [draft: Outcome, inReview: Outcome, pendingApproval: Outcome, published: Outcome, archived: Outcome];

const COLUMNS: readonly ReviewStatus[] = ['DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'PUBLISHED', 'ARCHIVED'];
const NEVER: Row = ['F', 'F', 'F', 'F', 'F'];

const EXPECTED: Record<ClaimAction, Record<Role, Row>> = {
  //                         DRAFT IN_REVIEW PENDING PUBLISHED ARCHIVED
  UPDATE: {
    FACT_CHECKER: /*       */ ['Y', 'Y', 'X', 'X', 'X'],
    EDITOR: /*             */ ['Y', 'Y', 'X', 'X', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['Y', 'Y', 'X', 'X', 'X'],
  },
  ANNOTATE: {
    FACT_CHECKER: /*       */ ['Y', 'Y', 'Y', 'Y', 'X'],
    EDITOR: /*             */ ['Y', 'Y', 'Y', 'Y', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['Y', 'Y', 'Y', 'Y', 'X'],
  },
  EDIT_EVIDENCE: {
    FACT_CHECKER: /*       */ ['Y', 'Y', 'X', 'X', 'X'],
    EDITOR: /*             */ ['Y', 'Y', 'X', 'X', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['Y', 'Y', 'X', 'X', 'X'],
  },
  SUBMIT: {
    FACT_CHECKER: /*       */ ['Y', 'X', 'X', 'X', 'X'],
    EDITOR: /*             */ ['Y', 'X', 'X', 'X', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['Y', 'X', 'X', 'X', 'X'],
  },
  PROPOSE_VERDICT: {
    FACT_CHECKER: /*       */ ['X', 'Y', 'X', 'X', 'X'],
    EDITOR: /*             */ ['X', 'Y', 'X', 'X', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['X', 'Y', 'X', 'X', 'X'],
  },
  APPROVE: {
    FACT_CHECKER: NEVER,
    EDITOR: /*             */ ['X', 'X', 'Y', 'X', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['X', 'X', 'Y', 'X', 'X'],
  },
  REJECT: {
    FACT_CHECKER: NEVER,
    EDITOR: /*             */ ['X', 'X', 'Y', 'X', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['X', 'X', 'Y', 'X', 'X'],
  },
  REOPEN: {
    FACT_CHECKER: NEVER,
    EDITOR: /*             */ ['X', 'X', 'X', 'Y', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['X', 'X', 'X', 'Y', 'X'],
  },
  ARCHIVE: {
    FACT_CHECKER: NEVER,
    EDITOR: /*             */ ['Y', 'Y', 'Y', 'Y', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['Y', 'Y', 'Y', 'Y', 'X'],
  },
  RESTORE: {
    FACT_CHECKER: NEVER,
    EDITOR: NEVER,
    AUDITOR: NEVER,
    ADMIN: /*              */ ['X', 'X', 'X', 'X', 'Y'],
  },
  ASSIGN: {
    FACT_CHECKER: NEVER,
    EDITOR: /*             */ ['Y', 'Y', 'Y', 'Y', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['Y', 'Y', 'Y', 'Y', 'X'],
  },
  OPEN_DISPUTE: {
    FACT_CHECKER: /*       */ ['Y', 'Y', 'Y', 'Y', 'X'],
    EDITOR: /*             */ ['Y', 'Y', 'Y', 'Y', 'X'],
    AUDITOR: NEVER,
    ADMIN: /*              */ ['Y', 'Y', 'Y', 'Y', 'X'],
  },
};

const expected = (state: ReviewStatus, action: ClaimAction, role: Role): Outcome =>
  EXPECTED[action][role][COLUMNS.indexOf(state)]!;

const ME = '00000000-0000-4000-8000-00000000000a';
const SOMEONE_ELSE = '00000000-0000-4000-8000-00000000000b';

/** A claim proposed by someone other than the actor, so four-eyes never interferes with the table. */
const claimIn = (reviewStatus: ReviewStatus): ClaimFacts => ({
  reviewStatus,
  proposedById: reviewStatus === 'PENDING_APPROVAL' ? SOMEONE_ELSE : null,
});

function refusalOf(fn: () => void): AppError | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

const OUTCOME_CODE: Record<Outcome, string | null> = { Y: null, F: 'FORBIDDEN', X: 'INVALID_TRANSITION' };

const TRIPLES = REVIEW_STATUSES.flatMap((state) =>
  CLAIM_ACTIONS.flatMap((action) => ROLES.map((role) => [state, action, role, expected(state, action, role)] as const)),
);

describe('review workflow: every (state × action × role)', () => {
  test('the specification covers exactly the actions, states and roles the code knows', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...CLAIM_ACTIONS].sort());
    expect([...COLUMNS].sort()).toEqual([...REVIEW_STATUSES].sort());
    for (const action of CLAIM_ACTIONS) expect(Object.keys(EXPECTED[action]).sort()).toEqual([...ROLES].sort());
    expect(TRIPLES).toHaveLength(REVIEW_STATUSES.length * CLAIM_ACTIONS.length * ROLES.length);
  });

  test.each(TRIPLES)('%s + %s by %s → %s (Y allowed, F FORBIDDEN, X INVALID_TRANSITION)', (state, action, role, outcome) => {
    const error = refusalOf(() => assertAllowed(claimIn(state), action, { userId: ME, role }));
    expect(error?.code ?? null).toBe(OUTCOME_CODE[outcome]);
  });
});

describe('four-eyes rule', () => {
  const proposedByMe: ClaimFacts = { reviewStatus: 'PENDING_APPROVAL', proposedById: ME };

  test.each(['EDITOR', 'ADMIN'] as const)('an %s may not approve a verdict they proposed themselves (FORBIDDEN)', (role) => {
    const error = refusalOf(() => assertAllowed(proposedByMe, 'APPROVE', { userId: ME, role }));
    expect(error?.code).toBe('FORBIDDEN');
    expect(error?.details).toMatchObject({ action: 'APPROVE', rule: 'FOUR_EYES' });
    expect(error?.message).toMatch(/another editor/i);
  });

  test.each(['EDITOR', 'ADMIN'] as const)('another %s may approve the same proposal', (role) => {
    expect(() => assertAllowed(proposedByMe, 'APPROVE', { userId: SOMEONE_ELSE, role })).not.toThrow();
  });

  test('APPROVE is not offered to the proposer in allowedActions, but is to another editor', () => {
    expect(allowedActions(proposedByMe, { userId: ME, role: 'EDITOR' })).not.toContain('APPROVE');
    expect(allowedActions(proposedByMe, { userId: SOMEONE_ELSE, role: 'EDITOR' })).toContain('APPROVE');
  });

  test('four-eyes concerns approval only: the proposer may still reject (withdraw) the proposal', () => {
    expect(() => assertAllowed(proposedByMe, 'REJECT', { userId: ME, role: 'EDITOR' })).not.toThrow();
  });
});

describe('refused transitions explain themselves', () => {
  const invalidTriples = TRIPLES.filter(([, , , outcome]) => outcome === 'X');

  test.each(invalidTriples)(
    '%s + %s by %s: INVALID_TRANSITION names the current state and the allowed actions',
    (state, action, role) => {
      const actor = { userId: ME, role };
      const error = refusalOf(() => assertAllowed(claimIn(state), action, actor));
      const allowedNow = CLAIM_ACTIONS.filter((a) => expected(state, a, role) === 'Y');
      expect(error?.code).toBe('INVALID_TRANSITION');
      expect(error?.details.currentState).toBe(state);
      expect(error?.details.action).toBe(action);
      expect([...(error?.details.allowedActions as ClaimAction[])].sort()).toEqual([...allowedNow].sort());
      expect(error?.message).toContain(state);
      for (const a of allowedNow) expect(error?.message).toContain(a);
    },
  );

  test('the message says so when nothing is allowed (a fact-checker on an archived claim)', () => {
    const error = refusalOf(() => assertAllowed(claimIn('ARCHIVED'), 'UPDATE', { userId: ME, role: 'FACT_CHECKER' }));
    expect(error?.details).toMatchObject({ currentState: 'ARCHIVED', allowedActions: [] });
    expect(error?.message).toContain('ARCHIVED');
    expect(error?.message).toMatch(/no action is allowed/i);
  });

  test('FORBIDDEN names the roles that may take the action', () => {
    const error = refusalOf(() => assertAllowed(claimIn('ARCHIVED'), 'RESTORE', { userId: ME, role: 'EDITOR' }));
    expect(error?.code).toBe('FORBIDDEN');
    expect(error?.details).toMatchObject({ action: 'RESTORE', requiredRoles: ['ADMIN'] });
    expect(error?.message).toContain('EDITOR');
  });
});

describe('allowedActions (Claim.nextActions)', () => {
  const cells = REVIEW_STATUSES.flatMap((state) => ROLES.map((role) => [state, role] as const));

  test.each(cells)('on a %s claim a %s is offered exactly the allowed cells of the table', (state, role) => {
    const offered = allowedActions(claimIn(state), { userId: ME, role });
    const specified = CLAIM_ACTIONS.filter((a) => expected(state, a, role) === 'Y');
    expect([...offered].sort()).toEqual([...specified].sort());
  });

  test('an auditor is never offered any action', () => {
    for (const state of REVIEW_STATUSES) expect(allowedActions(claimIn(state), { userId: ME, role: 'AUDITOR' })).toEqual([]);
  });
});

describe('nextState', () => {
  const TRANSITIONS: [ReviewStatus, ClaimAction, ReviewStatus][] = [
    ['DRAFT', 'SUBMIT', 'IN_REVIEW'],
    ['IN_REVIEW', 'PROPOSE_VERDICT', 'PENDING_APPROVAL'],
    ['PENDING_APPROVAL', 'APPROVE', 'PUBLISHED'],
    ['PENDING_APPROVAL', 'REJECT', 'IN_REVIEW'],
    ['PUBLISHED', 'REOPEN', 'IN_REVIEW'],
    ['DRAFT', 'ARCHIVE', 'ARCHIVED'],
    ['IN_REVIEW', 'ARCHIVE', 'ARCHIVED'],
    ['PENDING_APPROVAL', 'ARCHIVE', 'ARCHIVED'],
    ['PUBLISHED', 'ARCHIVE', 'ARCHIVED'],
    ['ARCHIVED', 'RESTORE', 'DRAFT'],
  ];

  test.each(TRANSITIONS)('%s --%s--> %s', (from, action, to) => {
    expect(nextState(from, action)).toBe(to);
  });

  const KEEPING: ClaimAction[] = ['UPDATE', 'ANNOTATE', 'EDIT_EVIDENCE', 'ASSIGN', 'OPEN_DISPUTE'];
  const keepCases = KEEPING.flatMap((action) =>
    REVIEW_STATUSES.filter((s) => expected(s, action, 'ADMIN') === 'Y').map((s) => [action, s] as const),
  );

  test.each(keepCases)('%s keeps a %s claim in its state', (action, state) => {
    expect(nextState(state, action)).toBe(state);
  });

  test('every action is either a listed transition or keeps the state', () => {
    const listed = new Set([...TRANSITIONS.map(([, a]) => a), ...KEEPING]);
    expect([...listed].sort()).toEqual([...CLAIM_ACTIONS].sort());
  });
});
