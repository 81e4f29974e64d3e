import { randomUUID } from 'node:crypto';
import { claimIn, type Person } from '../fixtures/newsroom';
import { claimOperations } from '../helpers/claims';
import { useNewsroom } from '../helpers/useApp';

/**
 * Disputes over HTTP: opening one (for oneself or on behalf of an outside party) makes the claim
 * DISPUTED, which public readers see on published claims; editors resolve (UPHELD reopens a
 * published claim, REJECTED keeps the verdict); the opener or an editor withdraws; closed disputes
 * stay closed; the queue lists open ones first; the disputes themselves are staff-only.
 */

interface DisputeView {
  id: string;
  status: string;
  raisedBy: string;
  raisedByName: string | null;
  reason: string;
  counterEvidence: string | null;
  resolutionNote: string | null;
  resolvedAt: string | null;
  openedBy: { id: string } | null;
  resolvedBy: { id: string } | null;
  claim: { id: string; version: number; reviewStatus: string; disputeStatus: string };
}

interface ClaimState {
  version: number;
  reviewStatus: string;
  verdict: string | null;
  disputeStatus: string;
  disputes: { id: string; status: string }[];
  history: { action: string; entityType: string; version: number; note: string | null }[];
}

const DISPUTE = `id status raisedBy raisedByName reason counterEvidence resolutionNote resolvedAt openedBy { id } resolvedBy { id }
  claim { id version reviewStatus disputeStatus }`;
const OPEN = `mutation($id: ID!, $i: OpenDisputeInput!, $v: Int) { openDispute(claimId: $id, input: $i, expectedVersion: $v) { ${DISPUTE} } }`;
const RESOLVE = `mutation($id: ID!, $o: DisputeOutcome!, $note: String!, $v: Int) { resolveDispute(id: $id, outcome: $o, note: $note, expectedVersion: $v) { ${DISPUTE} } }`;
const WITHDRAW = `mutation($id: ID!, $r: String) { withdrawDispute(id: $id, reason: $r) { ${DISPUTE} } }`;
const STATE = `query($id: ID!) { claim(id: $id) { version reviewStatus verdict disputeStatus disputes { id status }
  history { action entityType version note } } }`;
const QUEUE = `query($f: DisputeFilter, $first: Int, $after: String) { disputes(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id status claim { id } } } }`;

const { app, n } = useNewsroom();
const claimOps = claimOperations(app);

const open = async (claimId: string, input: Record<string, unknown>, who: Person = 'checker', v?: number) =>
  (await app.ok<{ openDispute: DisputeView }>(OPEN, { id: claimId, i: input, v }, n.tokens[who])).openDispute;
const resolve = async (id: string, o: 'UPHELD' | 'REJECTED', note: string, who: Person = 'editor') =>
  (await app.ok<{ resolveDispute: DisputeView }>(RESOLVE, { id, o, note }, n.tokens[who])).resolveDispute;
const withdraw = async (id: string, who: Person, r?: string) =>
  (await app.ok<{ withdrawDispute: DisputeView }>(WITHDRAW, { id, r }, n.tokens[who])).withdrawDispute;
const state = async (id: string) => (await app.ok<{ claim: ClaimState }>(STATE, { id }, n.tokens.auditor)).claim;
const publicClaim = async (id: string) =>
  (
    await app.ok<{ claim: { reviewStatus: string; verdict: string | null; disputeStatus: string; corrections: { verdict: string; reason: string }[] } | null }>(
      `query($id: ID!) { claim(id: $id) { reviewStatus verdict disputeStatus corrections { verdict reason } } }`,
      { id },
    )
  ).claim;

const REASON = 'The 2018 figures count the same tanker twice.';

describe('opening a dispute', () => {
  it('a fact-checker opens one for themselves: the claim becomes DISPUTED, its version bumps, the history records it', async () => {
    const c = await claimIn(app, n, 'IN_REVIEW');
    expect((await state(c.id)).disputeStatus).toBe('NONE');
    const d = await open(c.id, { reason: REASON, counterEvidence: 'Port records of Nampo' }, 'checker', c.version);
    expect(d).toMatchObject({
      status: 'OPEN',
      raisedBy: 'Fran Checker',
      raisedByName: null,
      reason: REASON,
      counterEvidence: 'Port records of Nampo',
      openedBy: { id: n.ids.checker },
      resolvedBy: null,
      resolvedAt: null,
      claim: { id: c.id, version: c.version + 1, disputeStatus: 'DISPUTED', reviewStatus: 'IN_REVIEW' },
    });
    const s = await state(c.id);
    expect(s.disputes).toEqual([{ id: d.id, status: 'OPEN' }]);
    expect(s.history.at(-1)).toEqual({ action: 'openDispute', entityType: 'DISPUTE', version: c.version + 1, note: null });
  });

  it('staff open one on behalf of an outside party, who is then named as raising it', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const d = await open(c.id, { reason: REASON, raisedByName: 'Permanent Mission of the DPRK' }, 'editor');
    expect(d).toMatchObject({ raisedBy: 'Permanent Mission of the DPRK', raisedByName: 'Permanent Mission of the DPRK', openedBy: { id: n.ids.editor } });
  });

  it('public readers see that a published claim is disputed, and can filter on it', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    expect((await publicClaim(c.id))!.disputeStatus).toBe('NONE');
    await open(c.id, { reason: REASON, raisedByName: 'A reader' });
    expect(await publicClaim(c.id)).toMatchObject({ reviewStatus: 'PUBLISHED', verdict: 'MOSTLY_TRUE', disputeStatus: 'DISPUTED' });
    const { claims } = await app.ok<{ claims: { nodes: { id: string }[] } }>(`{ claims(filter: { disputeStatus: [DISPUTED] }, first: 100) { nodes { id } } }`);
    expect(claims.nodes.map((x) => x.id)).toContain(c.id);
  });

  it('is refused on an archived claim (INVALID_TRANSITION), for auditors (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    const archived = await claimIn(app, n, 'ARCHIVED');
    const err = await app.fails(OPEN, { id: archived.id, i: { reason: REASON } }, n.tokens.editor);
    expect(err.code).toBe('INVALID_TRANSITION');
    expect(err.extensions).toMatchObject({ action: 'OPEN_DISPUTE', currentState: 'ARCHIVED' });
    expect(await state(archived.id)).toMatchObject({ version: archived.version, disputeStatus: 'NONE', disputes: [] });

    const c = await claimIn(app, n, 'PUBLISHED');
    expect((await app.fails(OPEN, { id: c.id, i: { reason: REASON } }, n.tokens.auditor)).code).toBe('FORBIDDEN');
    expect((await app.fails(OPEN, { id: c.id, i: { reason: REASON } })).code).toBe('UNAUTHENTICATED');
    expect(await state(c.id)).toMatchObject({ version: c.version, disputeStatus: 'NONE', disputes: [] });
  });

  it('refuses a missing reason (BAD_USER_INPUT), a stale expectedVersion (CONFLICT) and unknown claims (NOT_FOUND)', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const bad = await app.fails(OPEN, { id: c.id, i: { reason: '  ' } }, n.tokens.checker);
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ field: 'input.reason' }) });
    const stale = await app.fails(OPEN, { id: c.id, i: { reason: REASON }, v: c.version - 1 }, n.tokens.checker);
    expect(stale).toMatchObject({ code: 'CONFLICT', extensions: expect.objectContaining({ currentVersion: c.version }) });
    expect(await state(c.id)).toMatchObject({ version: c.version, disputes: [] });
    for (const id of [randomUUID(), 'claim-9']) {
      expect((await app.fails(OPEN, { id, i: { reason: REASON } }, n.tokens.checker)).code).toBe('NOT_FOUND');
    }
  });
});

describe('resolving and withdrawing', () => {
  it('UPHELD on a published claim reopens it for correction (IN_REVIEW) with a reopenClaim event; the old verdict becomes a visible correction', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const d = await open(c.id, { reason: REASON, raisedByName: 'Ministry of Foreign Affairs' });
    const r = await resolve(d.id, 'UPHELD', 'Double counting confirmed');
    expect(r).toMatchObject({
      status: 'UPHELD',
      resolutionNote: 'Double counting confirmed',
      resolvedBy: { id: n.ids.editor },
      resolvedAt: expect.any(String),
      claim: { reviewStatus: 'IN_REVIEW', disputeStatus: 'RESOLVED' },
    });
    const s = await state(c.id);
    expect(s.history.slice(-2).map((h) => [h.action, h.entityType])).toEqual([
      ['resolveDispute', 'DISPUTE'],
      ['reopenClaim', 'CLAIM'],
    ]);
    expect(s.history.at(-1)!.note).toContain('Double counting confirmed');
    expect(s.version).toBe(r.claim.version);
    // The published verdict stays in public view while it is corrected.
    expect(await publicClaim(c.id)).toEqual({ reviewStatus: 'PUBLISHED', verdict: 'MOSTLY_TRUE', disputeStatus: 'RESOLVED', corrections: [] });
    // Reopened exactly as reopenClaim would: no verdict is pending anyone's approval now.
    const { claim } = await app.ok<{ claim: { proposedBy: unknown; nextActions: string[] } }>(
      `query($id: ID!) { claim(id: $id) { proposedBy { id } nextActions } }`,
      { id: c.id },
      n.tokens.checker,
    );
    expect(claim).toEqual({ proposedBy: null, nextActions: expect.arrayContaining(['UPDATE', 'EDIT_EVIDENCE', 'PROPOSE_VERDICT']) });

    // Corrected and published again: the earlier verdict is listed with the reason.
    const p = await claimOps.proposeVerdict({ id: c.id, version: s.version }, 'MIXED', 'Corrected for double counting.', n.tokens.checker);
    await claimOps.approve(p, n.tokens.editor);
    const pub = (await publicClaim(c.id))!;
    expect(pub).toMatchObject({ verdict: 'MIXED', disputeStatus: 'RESOLVED' });
    expect(pub.corrections).toEqual([{ verdict: 'MOSTLY_TRUE', reason: expect.stringContaining('Double counting confirmed') }]);
  });

  it('UPHELD on a claim still in review closes the dispute and leaves the state alone', async () => {
    const c = await claimIn(app, n, 'IN_REVIEW');
    const d = await open(c.id, { reason: REASON });
    const r = await resolve(d.id, 'UPHELD', 'Good catch, will fix before proposing');
    expect(r.claim).toMatchObject({ reviewStatus: 'IN_REVIEW', disputeStatus: 'RESOLVED' });
    expect((await state(c.id)).history.at(-1)!.action).toBe('resolveDispute');
  });

  it('REJECTED keeps the published verdict; public readers see the dispute as RESOLVED', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const d = await open(c.id, { reason: REASON, raisedByName: 'A reader' });
    const r = await resolve(d.id, 'REJECTED', 'The panel counted each delivery once', 'admin');
    expect(r).toMatchObject({ status: 'REJECTED', resolvedBy: { id: n.ids.admin }, claim: { reviewStatus: 'PUBLISHED', disputeStatus: 'RESOLVED' } });
    expect(await publicClaim(c.id)).toEqual({ reviewStatus: 'PUBLISHED', verdict: 'MOSTLY_TRUE', disputeStatus: 'RESOLVED', corrections: [] });
  });

  it('refuses a stale expectedVersion when resolving (CONFLICT with the current version); nothing changes', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const d = await open(c.id, { reason: REASON });
    const before = await state(c.id);
    const err = await app.fails(RESOLVE, { id: d.id, o: 'UPHELD', note: 'Upheld', v: c.version }, n.tokens.editor);
    expect(err).toMatchObject({ code: 'CONFLICT', extensions: expect.objectContaining({ currentVersion: d.claim.version }) });
    expect(await state(c.id)).toEqual(before);
  });

  it('fact-checkers may not resolve (FORBIDDEN); a resolution needs a note (BAD_USER_INPUT); nothing changes', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const d = await open(c.id, { reason: REASON });
    const before = await state(c.id);
    expect((await app.fails(RESOLVE, { id: d.id, o: 'UPHELD', note: 'I agree with it' }, n.tokens.checker2)).code).toBe('FORBIDDEN');
    expect((await app.fails(RESOLVE, { id: d.id, o: 'UPHELD', note: 'I agree with it' }, n.tokens.auditor)).code).toBe('FORBIDDEN');
    const bad = await app.fails(RESOLVE, { id: d.id, o: 'UPHELD', note: '' }, n.tokens.editor);
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ field: 'note' }) });
    expect(await state(c.id)).toEqual(before);
  });

  it('whoever opened a dispute may withdraw it; another fact-checker may not (FORBIDDEN)', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const d = await open(c.id, { reason: REASON }, 'checker');
    const before = await state(c.id);
    const err = await app.fails(WITHDRAW, { id: d.id, r: 'Not mine to keep' }, n.tokens.checker2);
    expect(err.code).toBe('FORBIDDEN');
    expect(await state(c.id)).toEqual(before);
    const w = await withdraw(d.id, 'checker', 'Raised in error');
    expect(w).toMatchObject({ status: 'WITHDRAWN', resolutionNote: 'Raised in error', claim: { reviewStatus: 'PUBLISHED', disputeStatus: 'RESOLVED' } });
    expect((await state(c.id)).history.at(-1)).toMatchObject({ action: 'withdrawDispute', note: 'Raised in error' });
  });

  it('an editor may withdraw someone else’s dispute', async () => {
    const c = await claimIn(app, n, 'IN_REVIEW');
    const d = await open(c.id, { reason: REASON }, 'checker2');
    expect((await withdraw(d.id, 'editor')).status).toBe('WITHDRAWN');
  });

  it('a closed dispute stays closed: resolving or withdrawing it again is INVALID_TRANSITION and changes nothing', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const d = await open(c.id, { reason: REASON });
    await resolve(d.id, 'REJECTED', 'Verdict stands');
    const before = await state(c.id);
    for (const [q, vars] of [
      [RESOLVE, { id: d.id, o: 'UPHELD', note: 'Changed my mind' }],
      [RESOLVE, { id: d.id, o: 'REJECTED', note: 'Again' }],
      [WITHDRAW, { id: d.id }],
    ] as const) {
      const err = await app.fails(q, vars, n.tokens.editor);
      expect(err.code).toBe('INVALID_TRANSITION');
      expect(err.extensions.currentState).toBe('REJECTED');
      expect(err.message).toContain('REJECTED');
    }
    expect(await state(c.id)).toEqual(before);
  });

  it('answers NOT_FOUND for unknown and malformed dispute ids', async () => {
    for (const id of [randomUUID(), 'dispute-1']) {
      expect((await app.fails(RESOLVE, { id, o: 'REJECTED', note: 'Nothing to see' }, n.tokens.editor)).code).toBe('NOT_FOUND');
      expect((await app.fails(WITHDRAW, { id }, n.tokens.editor)).code).toBe('NOT_FOUND');
    }
  });

  it('disputeStatus: NONE, then DISPUTED while any dispute is open, RESOLVED once all are closed, DISPUTED again on a new one', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const status = async () => (await state(c.id)).disputeStatus;
    expect(await status()).toBe('NONE');
    const d1 = await open(c.id, { reason: REASON });
    const d2 = await open(c.id, { reason: 'The source misquotes the minister.', raisedByName: 'A reader' });
    await resolve(d1.id, 'REJECTED', 'Verdict stands');
    expect(await status()).toBe('DISPUTED');
    await withdraw(d2.id, 'checker');
    expect(await status()).toBe('RESOLVED');
    await open(c.id, { reason: 'Yet another objection.' });
    expect(await status()).toBe('DISPUTED');
  });
});

describe('who sees disputes', () => {
  it('anonymous readers and API-key clients never see disputes, only the claim’s dispute status', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    await open(c.id, { reason: REASON, raisedByName: 'Confidential complainant' });
    const { createApiKey } = await app.ok<{ createApiKey: { secret: string } }>(`mutation { createApiKey(name: "Aggregator") { secret } }`, {}, n.tokens.admin);
    // Anonymous: log in first; an API key: FORBIDDEN (a key reads what the public reads).
    for (const [token, refused] of [[undefined, 'UNAUTHENTICATED'], [createApiKey.secret, 'FORBIDDEN']] as const) {
      const list = await app.gql(`{ disputes { totalCount nodes { id reason } } }`, {}, token);
      expect(list.errors?.map((e) => e.extensions.code)).toEqual([refused]);
      // Null at its own path (a staff-only root field is nullable), nothing else erased.
      expect(list.data).toEqual({ disputes: null });
      const nested = await app.gql<{ claim: { disputeStatus: string; disputes: unknown } }>(
        `query($id: ID!) { claim(id: $id) { disputeStatus disputes { id reason raisedBy } } }`,
        { id: c.id },
        token,
      );
      expect(nested.errors?.map((e) => e.extensions.code)).toEqual([refused]);
      expect(nested.data).toEqual({ claim: { disputeStatus: 'DISPUTED', disputes: null } });
      expect(JSON.stringify(nested)).not.toContain('Confidential complainant');
      expect(JSON.stringify(list)).not.toContain('Confidential complainant');
      expect((await publicClaim(c.id))!.disputeStatus).toBe('DISPUTED');
    }
  });

  it('auditors read the queue and a claim’s disputes', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const d = await open(c.id, { reason: REASON });
    const { disputes } = await app.ok<{ disputes: { nodes: { id: string }[] } }>(QUEUE, { f: { claimId: c.id } }, n.tokens.auditor);
    expect(disputes.nodes.map((x) => x.id)).toEqual([d.id]);
    expect((await state(c.id)).disputes).toEqual([{ id: d.id, status: 'OPEN' }]);
  });
});

describe('the disputes queue', () => {
  // Its own database, so the queue holds exactly these disputes.
  const { app: qapp, n: q } = useNewsroom();
  const d: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
  let claimA: string;

  beforeAll(async () => {
    const c1 = await claimIn(qapp, q, 'PUBLISHED');
    const c2 = await claimIn(qapp, q, 'IN_REVIEW');
    claimA = c1.id;
    const openOn = async (claimId: string, reason: string) =>
      (await qapp.ok<{ openDispute: { id: string } }>(OPEN, { id: claimId, i: { reason } }, q.tokens.checker)).openDispute.id;
    // Oldest to newest: a, b, c, d; a and c are then closed.
    d.a = await openOn(c1.id, 'First objection');
    d.b = await openOn(c2.id, 'Second objection');
    d.c = await openOn(c1.id, 'Third objection');
    d.d = await openOn(c2.id, 'Fourth objection');
    await qapp.ok(RESOLVE, { id: d.a, o: 'REJECTED', note: 'Verdict stands' }, q.tokens.editor);
    await qapp.ok(WITHDRAW, { id: d.c }, q.tokens.checker);
  });

  const queue = async (vars: Record<string, unknown>) =>
    (await qapp.ok<{ disputes: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string; status: string }[] } }>(QUEUE, vars, q.tokens.editor))
      .disputes;

  it('lists open disputes first, then the others, newest first within each', async () => {
    const all = await queue({});
    expect(all.totalCount).toBe(4);
    expect(all.nodes.map((x) => [x.id, x.status])).toEqual([
      [d.d, 'OPEN'],
      [d.b, 'OPEN'],
      [d.c, 'WITHDRAWN'],
      [d.a, 'REJECTED'],
    ]);
  });

  it('pages through the queue in the same order', async () => {
    const p1 = await queue({ first: 3 });
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = await queue({ first: 3, after: p1.pageInfo.endCursor });
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect([...p1.nodes, ...p2.nodes].map((x) => x.id)).toEqual([d.d, d.b, d.c, d.a]);
  });

  it('filters by status and by claim', async () => {
    expect((await queue({ f: { status: ['OPEN'] } })).nodes.map((x) => x.id)).toEqual([d.d, d.b]);
    expect((await queue({ f: { status: ['REJECTED', 'WITHDRAWN'] } })).nodes.map((x) => x.id)).toEqual([d.c, d.a]);
    expect((await queue({ f: { claimId: claimA } })).nodes.map((x) => x.id)).toEqual([d.c, d.a]);
    expect((await queue({ f: { claimId: claimA, status: ['OPEN'] } })).totalCount).toBe(0);
    expect((await queue({ f: { claimId: randomUUID() } })).totalCount).toBe(0);
  });

  it('refuses a malformed claim id in the filter with BAD_USER_INPUT naming it', async () => {
    const err = await qapp.fails(QUEUE, { f: { claimId: 'claim-1' } }, q.tokens.editor);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.field).toBe('filter.claimId');
  });
});
