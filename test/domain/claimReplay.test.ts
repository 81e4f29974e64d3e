import { corrections, correctionsSeen, publicVersion, replayClaim } from '../../server/domain/claimReplay';
import type { HistoryAction, HistoryEntityType } from '../../server/domain/history';

type Event = Parameters<typeof corrections>[0][number];

const CLAIM = '00000000-0000-4000-8000-00000000c1a1';
const EVIDENCE = '00000000-0000-4000-8000-00000000e1d1';
let clock = 0;

/** One event of a claim's chain, as history stores it; times follow each other a minute apart. */
function event(action: HistoryAction, version: number, state: Record<string, unknown>, more: Partial<Event> = {}): Event {
  clock += 60_000;
  const entityType: HistoryEntityType = action.endsWith('Evidence') ? 'EVIDENCE' : action.endsWith('Dispute') ? 'DISPUTE' : 'CLAIM';
  return {
    entityType,
    entityId: entityType === 'CLAIM' ? CLAIM : EVIDENCE,
    action,
    occurredAt: new Date(Date.UTC(2026, 0, 1) + clock).toISOString(),
    note: null,
    state,
    changes: {},
    version,
    ...more,
  };
}

describe('corrections: earlier public verdicts a reopening or archiving superseded', () => {
  const published = (verdict: string, version: number) => event('approveVerdict', version, { verdict, verdictRationale: `${verdict} because` });
  const reopened = (version: number, note: string) => event('reopenClaim', version, {}, { note });
  const archived = (version: number, note: string) => event('archiveClaim', version, {}, { note });

  test.each([
    { name: 'never published', events: () => [event('createClaim', 1, {}), event('submitClaim', 2, {})], expected: [] as string[] },
    { name: 'published and still standing', events: () => [published('FALSE', 4)], expected: [] },
    { name: 'reopened once', events: () => [published('FALSE', 4), reopened(5, 'new data')], expected: ['FALSE:new data'] },
    { name: 'archived', events: () => [published('TRUE', 4), archived(5, 'duplicate')], expected: ['TRUE:duplicate'] },
    {
      name: 'a reopening before any publication supersedes nothing',
      events: () => [reopened(3, 'early'), published('FALSE', 4)],
      expected: [],
    },
    {
      name: 'only the first reopening after a publication counts',
      events: () => [published('FALSE', 4), reopened(5, 'first'), archived(6, 'second')],
      expected: ['FALSE:first'],
    },
    {
      name: 'two corrections, newest first',
      events: () => [published('FALSE', 4), reopened(5, 'one'), published('MISLEADING', 8), reopened(9, 'two'), published('TRUE', 12)],
      expected: ['MISLEADING:two', 'FALSE:one'],
    },
    {
      name: 'evidence and dispute events are not publications',
      events: () => [event('addEvidence', 2, { verdict: 'X' }), published('FALSE', 4), event('openDispute', 5, {}), reopened(6, 'upheld')],
      expected: ['FALSE:upheld'],
    },
  ])('$name', ({ events, expected }) => {
    const list = events();
    const found = corrections(list);
    expect(found.map((c) => `${String(c.verdict)}:${c.reason}`)).toEqual(expected);
    for (const c of found) {
      expect(c.verdictRationale).toBe(`${String(c.verdict)} because`);
      expect(list.some((e) => e.action === 'approveVerdict' && e.occurredAt === c.publishedAt)).toBe(true);
      expect(c.supersededAt! > c.publishedAt).toBe(true);
    }
  });
});

describe('replayClaim: the claim as its chain says it was', () => {
  test('no claim event yet: nothing', () => {
    expect(replayClaim([])).toBeNull();
    expect(replayClaim([event('addEvidence', 2, { id: EVIDENCE })])).toBeNull();
  });

  test.each([
    {
      name: 'the last claim state wins, topics become objects',
      events: () => [
        event('createClaim', 1, { text: 'a', reviewStatus: 'DRAFT', topics: ['health'] }),
        event('updateClaim', 2, { text: 'b', reviewStatus: 'DRAFT', topics: ['health', 'energy'] }),
      ],
      claim: {
        text: 'b',
        reviewStatus: 'DRAFT',
        version: 2,
        topics: [
          { id: 'health', slug: 'health', name: 'health' },
          { id: 'energy', slug: 'energy', name: 'energy' },
        ],
      },
      evidence: {},
    },
    {
      name: 'evidence and dispute events move the version; evidence keeps its last state, removed or not',
      events: () => [
        event('createClaim', 1, { text: 'a' }),
        event('addEvidence', 2, { id: EVIDENCE, url: 'https://a.example' }),
        event('removeEvidence', 3, { id: EVIDENCE, url: 'https://a.example', removedAt: '2026-01-01T00:00:00.000Z' }),
        event('openDispute', 4, { status: 'OPEN' }),
      ],
      claim: { text: 'a', version: 4, topics: [] },
      evidence: { [EVIDENCE]: { id: EVIDENCE, url: 'https://a.example', removedAt: '2026-01-01T00:00:00.000Z' } },
    },
    {
      name: 'a dispute carries the claim’s derived dispute status',
      events: () => [
        event('createClaim', 1, { text: 'a', disputeStatus: 'NONE' }),
        event('openDispute', 2, { status: 'OPEN' }, { changes: { 'claim.disputeStatus': { from: 'NONE', to: 'DISPUTED' } } }),
        event('resolveDispute', 3, { status: 'UPHELD' }, { changes: { 'claim.disputeStatus': { from: 'DISPUTED', to: 'RESOLVED' } } }),
      ],
      claim: { text: 'a', disputeStatus: 'RESOLVED', version: 3, topics: [] },
      evidence: {},
    },
    {
      name: 'a later claim state carries its own dispute status',
      events: () => [
        event('createClaim', 1, { disputeStatus: 'NONE' }),
        event('openDispute', 2, {}, { changes: { 'claim.disputeStatus': { from: 'NONE', to: 'DISPUTED' } } }),
        event('reopenClaim', 3, { disputeStatus: 'DISPUTED', reviewStatus: 'IN_REVIEW' }),
      ],
      claim: { disputeStatus: 'DISPUTED', reviewStatus: 'IN_REVIEW', version: 3, topics: [] },
      evidence: {},
    },
  ])('$name', ({ events, claim, evidence }) => {
    const replayed = replayClaim(events())!;
    expect(replayed.claim).toEqual(claim);
    expect(Object.fromEntries(replayed.evidence)).toEqual(evidence);
  });
});

describe('publicVersion: what the public read after a chain of events', () => {
  const step = (action: HistoryAction, version: number, reviewStatus: string, more: Partial<Event> = {}) =>
    event(action, version, { reviewStatus, verdict: version < 7 ? 'TRUE' : 'FALSE' }, more);

  test('never published: nothing', () => {
    expect(publicVersion([step('createClaim', 1, 'DRAFT'), step('submitClaim', 2, 'IN_REVIEW')])).toBeNull();
  });

  test('reopened: the events up to the publication, with a correction in progress; republished: all of them', () => {
    const chain = [
      step('createClaim', 1, 'DRAFT'),
      step('approveVerdict', 4, 'PUBLISHED'),
      // A dispute's event while published belongs to the published version.
      event('openDispute', 5, {}, { changes: { 'claim.disputeStatus': { from: 'NONE', to: 'DISPUTED' } } }),
      step('reopenClaim', 6, 'IN_REVIEW', { note: 'new data' }),
      event('addEvidence', 7, { excerpt: 'not public yet' }),
    ];
    const reopened = publicVersion(chain)!;
    expect(reopened).toMatchObject({ correctionInProgress: true, withdrawn: null });
    expect(reopened.events.map((e) => e.version)).toEqual([1, 4, 5]);
    expect(correctionsSeen(false, chain)).toEqual([]);
    expect(correctionsSeen(true, chain).map((c) => c.reason)).toEqual(['new data']);

    const republished = [...chain, step('approveVerdict', 8, 'PUBLISHED')];
    expect(publicVersion(republished)).toMatchObject({ correctionInProgress: false, withdrawn: null, events: republished });
    expect(correctionsSeen(false, republished).map((c) => [c.verdict, c.reason])).toEqual([['TRUE', 'new data']]);
  });

  test('archived after publication: withdrawn, when and why', () => {
    const archive = step('archiveClaim', 6, 'ARCHIVED', { note: 'recanted' });
    const withdrawn = publicVersion([step('approveVerdict', 4, 'PUBLISHED'), step('reopenClaim', 5, 'IN_REVIEW'), archive, step('restoreClaim', 7, 'DRAFT')])!;
    expect(withdrawn).toMatchObject({ correctionInProgress: false, withdrawn: { at: archive.occurredAt, reason: 'recanted' } });
    expect(withdrawn.events.map((e) => e.version)).toEqual([4]);
  });
});
