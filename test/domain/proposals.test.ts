import { rejectedProposal, verdictBefore } from '../../server/domain/proposals';

/** A rejected proposal read back from a claim's chain, and the verdict a rejection puts back. */
type Ev = Parameters<typeof rejectedProposal>[0][number];

let clock = 0;
function ev(action: string, changes: Record<string, [unknown, unknown]>, state: Record<string, unknown>, extra: Partial<Ev> = {}): Ev {
  clock += 1000;
  return {
    entityType: 'CLAIM',
    action,
    occurredAt: new Date(Date.UTC(2026, 0, 1) + clock).toISOString(),
    note: null,
    userId: 'u-checker',
    userLabel: 'Chris Checker',
    changes: Object.fromEntries(Object.entries(changes).map(([k, [from, to]]) => [k, { from, to }])),
    state,
    ...extra,
  };
}

const created = ev('createClaim', {}, { reviewStatus: 'DRAFT', verdict: null, verdictRationale: null });
const proposed = ev(
  'proposeVerdict',
  { reviewStatus: ['IN_REVIEW', 'PENDING_APPROVAL'], verdict: [null, 'FALSE'], verdictRationale: [null, 'Customs data say otherwise.'], proposedById: [null, 'u-checker'], proposedAt: [null, '2026-01-01T00:00:02.000Z'] },
  { reviewStatus: 'PENDING_APPROVAL', verdict: 'FALSE', verdictRationale: 'Customs data say otherwise.', proposedById: 'u-checker' },
);
const rejected = ev(
  'rejectVerdict',
  { reviewStatus: ['PENDING_APPROVAL', 'IN_REVIEW'], verdict: ['FALSE', null], verdictRationale: ['Customs data say otherwise.', null], proposedById: ['u-checker', null], proposedAt: ['2026-01-01T00:00:02.000Z', null] },
  { reviewStatus: 'IN_REVIEW', verdict: null, verdictRationale: null, proposedById: null },
  { userId: 'u-editor', userLabel: 'Eddie Editor', note: 'Ask the panel.' },
);

test('verdictBefore: what the claim held before the proposal (a changed field’s from, else unchanged)', () => {
  expect(verdictBefore(proposed)).toEqual({ verdict: null, verdictRationale: null });
  // A correction proposing the published verdict again, with a new rationale: the verdict did not change.
  const again = ev('proposeVerdict', { verdictRationale: ['Old.', 'New.'] }, { verdict: 'MOSTLY_TRUE', verdictRationale: 'New.' });
  expect(verdictBefore(again)).toEqual({ verdict: 'MOSTLY_TRUE', verdictRationale: 'Old.' });
});

test('rejectedProposal: the proposal, its proposer, and who rejected it, when and why', () => {
  expect(rejectedProposal([created, proposed, rejected])).toEqual({
    verdict: 'FALSE',
    rationale: 'Customs data say otherwise.',
    proposedById: 'u-checker',
    proposedAt: '2026-01-01T00:00:02.000Z',
    rejectedById: 'u-editor',
    rejectedByLabel: 'Eddie Editor',
    rejectedAt: rejected.occurredAt,
    reason: 'Ask the panel.',
  });
});

test('none before a rejection, and none once something is proposed again', () => {
  expect(rejectedProposal([])).toBeNull();
  expect(rejectedProposal([created, proposed])).toBeNull();
  expect(rejectedProposal([created, proposed, rejected, proposed])).toBeNull();
  // Evidence and disputes in the chain do not matter; a later archive does not hide it.
  const evidence = { ...ev('addEvidence', {}, {}), entityType: 'EVIDENCE' as const };
  const archived = ev('archiveClaim', { reviewStatus: ['IN_REVIEW', 'ARCHIVED'] }, { reviewStatus: 'ARCHIVED', verdict: null });
  expect(rejectedProposal([created, proposed, rejected, evidence, archived])?.verdict).toBe('FALSE');
});

test('a rejection recorded before verdicts were put back (the proposal left in verdict) reads the same', () => {
  const legacy = ev(
    'rejectVerdict',
    { reviewStatus: ['PENDING_APPROVAL', 'IN_REVIEW'], proposedById: ['u-checker', null] },
    { reviewStatus: 'IN_REVIEW', verdict: 'FALSE', verdictRationale: 'Customs data say otherwise.', proposedById: null },
    { userId: 'u-editor', userLabel: 'Eddie Editor', note: 'Ask the panel.' },
  );
  expect(rejectedProposal([created, proposed, legacy])).toMatchObject({ verdict: 'FALSE', rationale: 'Customs data say otherwise.', proposedById: 'u-checker', reason: 'Ask the panel.' });
});
