import { assertAssignable, assertVerdictEvidence, editAction, SEARCH_LIMITS, searchText } from '../../server/domain/claimRules';
import { AppError } from '../../server/domain/errors';
import { WORKFLOW } from '../../server/domain/workflow';
import { ROLES, VERDICTS, type Role, type Verdict } from '../../server/domain/vocabulary';

/** The error a rule throws, as code + message + details; null when it allows. */
function refusalOf(fn: () => void): { code: string; message: string; details: Record<string, unknown> } | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
    throw err;
  }
}

describe('editAction: which workflow action an edit is', () => {
  test.each([
    [['internalNote'], 'ANNOTATE'],
    [['topics'], 'ANNOTATE'],
    [['internalNote', 'topics'], 'ANNOTATE'],
    [['text'], 'UPDATE'],
    [['quote', 'internalNote'], 'UPDATE'],
    [['topics', 'claimantId'], 'UPDATE'],
    [['verdict'], 'UPDATE'],
  ] as [string[], string][])('changing %j is %s', (fields, action) => {
    expect(editAction(fields)).toBe(action);
  });
});

describe('assertVerdictEvidence: a verdict needs evidence', () => {
  // Written from DESIGN.md: only UNPROVEN and NOT_CHECKABLE have nothing to weigh.
  const WITHOUT_EVIDENCE: readonly Verdict[] = ['UNPROVEN', 'NOT_CHECKABLE'];
  const rows = VERDICTS.flatMap((verdict) =>
    [0, 1, 3].map((count) => ({ verdict, count, allowed: count > 0 || WITHOUT_EVIDENCE.includes(verdict) })),
  );
  test.each(rows)('$verdict with $count pieces of evidence: allowed $allowed', ({ verdict, count, allowed }) => {
    const refusal = refusalOf(() => assertVerdictEvidence(verdict, count, 'IN_REVIEW'));
    if (allowed) expect(refusal).toBeNull();
    else {
      expect(refusal).toEqual({
        code: 'INVALID_TRANSITION',
        message: `A ${verdict} verdict needs at least one piece of evidence; add evidence first (only UNPROVEN and NOT_CHECKABLE need none).`,
        details: { action: 'PROPOSE_VERDICT', currentState: 'IN_REVIEW', requirement: 'EVIDENCE' },
      });
    }
  });
});

describe('assertAssignable: who may be assigned a claim', () => {
  const ID = '00000000-0000-4000-8000-0000000000a1';
  // Those who work on claims: fact-checkers, editors and admins; never a deactivated account.
  const WORKS_ON_CLAIMS: readonly Role[] = ['FACT_CHECKER', 'EDITOR', 'ADMIN'];
  test.each(ROLES.flatMap((role) => [true, false].map((active) => ({ role, active }))))('$role, active $active', ({ role, active }) => {
    const refusal = refusalOf(() => assertAssignable(ID, { role, active }));
    if (!active) expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', message: 'assigneeId: that user is deactivated.' });
    else if (!WORKS_ON_CLAIMS.includes(role)) {
      expect(refusal).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: `assigneeId: a ${role} cannot work on claims; assign a fact-checker or an editor.`,
      });
    } else expect(refusal).toBeNull();
  });

  test('no such user', () => {
    expect(refusalOf(() => assertAssignable(ID, undefined))).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: `assigneeId: no user with id ${ID}.`,
      details: { field: 'assigneeId' },
    });
  });
});

describe('searchText: the length limits of search texts', () => {
  test.each([
    ['filter.search', SEARCH_LIMITS.filter, '  vaccines  ', 'vaccines'],
    ['filter.search', SEARCH_LIMITS.filter, 'x', 'x'],
    ['filter.search', SEARCH_LIMITS.filter, '   ', 'filter.search: must not be empty.'],
    ['filter.search', SEARCH_LIMITS.filter, 'a'.repeat(500), 'a'.repeat(500)],
    ['filter.search', SEARCH_LIMITS.filter, ` ${'a'.repeat(500)} `, 'a'.repeat(500)],
    ['filter.search', SEARCH_LIMITS.filter, 'a'.repeat(501), 'filter.search: must be at most 500 characters.'],
    ['text', SEARCH_LIMITS.similar, 'ab', 'text: must be at least 3 characters.'],
    ['text', SEARCH_LIMITS.similar, '  ab  ', 'text: must be at least 3 characters.'],
    ['text', SEARCH_LIMITS.similar, 'abc', 'abc'],
    ['text', SEARCH_LIMITS.similar, 'a'.repeat(1000), 'a'.repeat(1000)],
    ['text', SEARCH_LIMITS.similar, 'a'.repeat(1001), 'text: must be at most 1000 characters.'],
  ] as const)('%s %j: %j', (field, limits, raw, expected) => {
    const refusal = refusalOf(() => searchText(field, raw, limits));
    if (refusal) expect({ code: refusal.code, message: refusal.message }).toEqual({ code: 'BAD_USER_INPUT', message: expected });
    else expect(searchText(field, raw, limits)).toBe(expected);
  });
});

describe('the workflow steps applyTransition takes', () => {
  // What each step records and whether it sends the verdict back to be proposed again.
  test.each([
    ['SUBMIT', 'submitClaim', false],
    ['PROPOSE_VERDICT', 'proposeVerdict', false],
    ['APPROVE', 'approveVerdict', false],
    ['REJECT', 'rejectVerdict', true],
    ['REOPEN', 'reopenClaim', true],
    ['ARCHIVE', 'archiveClaim', false],
    ['RESTORE', 'restoreClaim', true],
    ['ASSIGN', 'assignClaim', false],
  ] as const)('%s records %s; clears the proposal: %s', (action, event, clears) => {
    expect({ event: WORKFLOW[action].event, clears: WORKFLOW[action].clearsProposal === true }).toEqual({ event, clears });
  });

  test.each(['UPDATE', 'ANNOTATE', 'EDIT_EVIDENCE', 'OPEN_DISPUTE'] as const)('%s is no workflow step: its own operation records it', (action) => {
    expect(WORKFLOW[action].event).toBeUndefined();
  });
});
