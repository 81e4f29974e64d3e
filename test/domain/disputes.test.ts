import { assertDisputeAction, disputeStatusOf, type DisputeAction } from '../../server/domain/disputes';
import { AppError } from '../../server/domain/errors';
import { DISPUTE_STATES, type DisputeState, type Role } from '../../server/domain/vocabulary';

describe('disputeStatusOf (a claim’s dispute status)', () => {
  test.each([
    [[], 'NONE'],
    [['OPEN'], 'DISPUTED'],
    [['UPHELD', 'OPEN'], 'DISPUTED'],
    [['REJECTED', 'WITHDRAWN', 'OPEN', 'UPHELD'], 'DISPUTED'],
    [['UPHELD'], 'RESOLVED'],
    [['REJECTED'], 'RESOLVED'],
    [['WITHDRAWN'], 'RESOLVED'],
    [['REJECTED', 'WITHDRAWN', 'UPHELD'], 'RESOLVED'],
  ] as [DisputeState[], string][])('disputes %j → %s', (states, status) => {
    expect(disputeStatusOf(states)).toBe(status);
  });
});

const OPENER = '00000000-0000-4000-8000-0000000000a1';
const OTHER = '00000000-0000-4000-8000-0000000000b2';

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

/**
 * Who may close an open dispute, written from DESIGN.md: an editor (or admin) resolves; whoever
 * opened it, or an editor, may withdraw it. `Y` allowed, `F` FORBIDDEN.
 */
const WHO_MAY: { action: DisputeAction; role: Role; isOpener: boolean; outcome: 'Y' | 'F' }[] = [
  { action: 'RESOLVE', role: 'EDITOR', isOpener: false, outcome: 'Y' },
  { action: 'RESOLVE', role: 'ADMIN', isOpener: false, outcome: 'Y' },
  { action: 'RESOLVE', role: 'FACT_CHECKER', isOpener: false, outcome: 'F' },
  { action: 'RESOLVE', role: 'FACT_CHECKER', isOpener: true, outcome: 'F' },
  { action: 'RESOLVE', role: 'AUDITOR', isOpener: false, outcome: 'F' },
  { action: 'WITHDRAW', role: 'FACT_CHECKER', isOpener: true, outcome: 'Y' },
  { action: 'WITHDRAW', role: 'FACT_CHECKER', isOpener: false, outcome: 'F' },
  { action: 'WITHDRAW', role: 'EDITOR', isOpener: false, outcome: 'Y' },
  { action: 'WITHDRAW', role: 'ADMIN', isOpener: false, outcome: 'Y' },
  { action: 'WITHDRAW', role: 'AUDITOR', isOpener: false, outcome: 'F' },
];

describe('assertDisputeAction', () => {
  test.each(WHO_MAY)('$action of an OPEN dispute by $role (opener: $isOpener) → $outcome', ({ action, role, isOpener, outcome }) => {
    const dispute = { status: 'OPEN' as const, openedById: OPENER };
    const actor = { userId: isOpener ? OPENER : OTHER, role };
    expect(codeOf(() => assertDisputeAction(dispute, action, actor))).toBe(outcome === 'Y' ? null : 'FORBIDDEN');
  });

  const closedCases = WHO_MAY.filter((c) => c.outcome === 'Y').flatMap((c) =>
    DISPUTE_STATES.filter((s) => s !== 'OPEN').map((status) => ({ ...c, status })),
  );

  test.each(closedCases)(
    '$action of an already $status dispute is INVALID_TRANSITION even for $role',
    ({ action, role, isOpener, status }) => {
      const dispute = { status, openedById: OPENER };
      let error: unknown;
      try {
        assertDisputeAction(dispute, action, { userId: isOpener ? OPENER : OTHER, role });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect(appError.code).toBe('INVALID_TRANSITION');
      expect(appError.details).toMatchObject({ action, currentState: status, allowedActions: [] });
      expect(appError.message).toContain(status);
    },
  );

  test('a dispute raised by an outside party (no opener) can be withdrawn only by an editor', () => {
    const dispute = { status: 'OPEN' as const, openedById: null };
    expect(codeOf(() => assertDisputeAction(dispute, 'WITHDRAW', { userId: OTHER, role: 'FACT_CHECKER' }))).toBe('FORBIDDEN');
    expect(codeOf(() => assertDisputeAction(dispute, 'WITHDRAW', { userId: OTHER, role: 'EDITOR' }))).toBeNull();
  });

  test('a role refusal wins over a state refusal: a fact-checker resolving a closed dispute is FORBIDDEN', () => {
    const dispute = { status: 'UPHELD' as const, openedById: OPENER };
    expect(codeOf(() => assertDisputeAction(dispute, 'RESOLVE', { userId: OPENER, role: 'FACT_CHECKER' }))).toBe('FORBIDDEN');
  });
});
