import { randomUUID } from 'node:crypto';
import { claimIn, type ClaimRef, type Person } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

/**
 * The review workflow over HTTP: DRAFT → IN_REVIEW → PENDING_APPROVAL → PUBLISHED, rejection,
 * reopening with visible corrections, archive/restore, assignment, the four-eyes rule, frozen
 * published claims, refusals that change nothing, and `nextActions` for every role and state.
 */

type State = 'DRAFT' | 'IN_REVIEW' | 'PENDING_APPROVAL' | 'PUBLISHED' | 'ARCHIVED';

interface Snapshot {
  version: number;
  reviewStatus: State;
  verdict: string | null;
  verdictRationale: string | null;
  text: string;
  internalNote: string | null;
  assignee: { id: string } | null;
  proposedBy: { id: string } | null;
  approvedBy: { id: string } | null;
  history: { action: string; version: number; note: string | null }[];
}

const SNAPSHOT = `query($id: ID!) { claim(id: $id) { version reviewStatus verdict verdictRationale text internalNote
  assignee { id } proposedBy { id } approvedBy { id } history { action version note } } }`;

const M = {
  submit: `mutation($id: ID!, $v: Int!) { submitClaim(id: $id, expectedVersion: $v) { id version reviewStatus } }`,
  propose: `mutation($id: ID!, $v: Int!, $verdict: Verdict!, $r: String!) {
    proposeVerdict(id: $id, expectedVersion: $v, verdict: $verdict, rationale: $r) { id version reviewStatus verdict proposedBy { id } } }`,
  approve: `mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { id version reviewStatus verdict publishedAt approvedBy { id } proposedBy { id } } }`,
  reject: `mutation($id: ID!, $v: Int!, $r: String!) { rejectVerdict(id: $id, expectedVersion: $v, reason: $r) { id version reviewStatus verdict proposedBy { id } } }`,
  reopen: `mutation($id: ID!, $v: Int!, $r: String!) { reopenClaim(id: $id, expectedVersion: $v, reason: $r) { id version reviewStatus } }`,
  archive: `mutation($id: ID!, $v: Int!, $r: String!) { archiveClaim(id: $id, expectedVersion: $v, reason: $r) { id version reviewStatus } }`,
  restore: `mutation($id: ID!, $v: Int!, $r: String) { restoreClaim(id: $id, expectedVersion: $v, reason: $r) { id version reviewStatus proposedBy { id } } }`,
  assign: `mutation($id: ID!, $v: Int!, $a: ID) { assignClaim(id: $id, expectedVersion: $v, assigneeId: $a) { id version reviewStatus assignee { id } } }`,
  update: `mutation($id: ID!, $v: Int!, $i: UpdateClaimInput!) { updateClaim(id: $id, expectedVersion: $v, input: $i) { id version text internalNote topics { slug } } }`,
  addEvidence: `mutation($id: ID!, $v: Int!) { addEvidence(claimId: $id, expectedVersion: $v, input: { url: "https://example.org/evidence", stance: SUPPORTS, reliability: 3 }) { id claim { version } } }`,
  removeEvidence: `mutation($id: ID!, $v: Int!) { removeEvidence(id: $id, expectedVersion: $v) { version } }`,
};

const { app, n } = useNewsroom();

const snapshot = async (id: string) => (await app.ok<{ claim: Snapshot }>(SNAPSHOT, { id }, n.tokens.admin)).claim;

/** Runs `mutation` as `who`; returns the named field of its answer. */
async function run<T = Record<string, unknown>>(mutation: keyof typeof M, vars: Record<string, unknown>, who: Person): Promise<T> {
  const data = await app.ok<Record<string, T>>(M[mutation], vars, n.tokens[who]);
  return Object.values(data)[0]!;
}

/** Expects `mutation` as `who` to be refused with `code`, and the claim to be exactly as before. */
async function refused(mutation: keyof typeof M, vars: Record<string, unknown> & { id: string }, who: Person, code: string, claimId = vars.id) {
  const before = await snapshot(claimId);
  const err = await app.fails(M[mutation], vars, n.tokens[who]);
  expect(err.code).toBe(code);
  expect(await snapshot(claimId)).toEqual(before);
  return err;
}

const nextActions = async (id: string, token?: string) =>
  (await app.ok<{ claim: { nextActions: string[] } | null }>(`query($id: ID!) { claim(id: $id) { nextActions } }`, { id }, token)).claim?.nextActions;

const publicView = async (id: string) =>
  (
    await app.ok<{ claim: { reviewStatus: string; verdict: string | null; corrections: Correction[] } | null }>(
      `query($id: ID!) { claim(id: $id) { reviewStatus verdict corrections { verdict verdictRationale publishedAt supersededAt reason } } }`,
      { id },
    )
  ).claim;

interface Correction {
  verdict: string | null;
  verdictRationale: string | null;
  publishedAt: string;
  supersededAt: string;
  reason: string | null;
}

const RATIONALE = 'The UN panel of experts documented 89 deliveries.';

describe('the review flow', () => {
  it('submit → proposeVerdict → approveVerdict publishes the verdict, one history event per step', async () => {
    const c = await claimIn(app, n, 'DRAFT');
    const e = await run<{ claim: ClaimRef }>('addEvidence', { id: c.id, v: c.version }, 'checker');
    const s = await run<ClaimRef & { reviewStatus: string }>('submit', { id: c.id, v: e.claim.version }, 'checker');
    expect(s.reviewStatus).toBe('IN_REVIEW');
    expect(await publicView(c.id)).toBeNull();

    const p = await run<ClaimRef & { reviewStatus: string; verdict: string; proposedBy: { id: string } }>(
      'propose',
      { id: c.id, v: s.version, verdict: 'MOSTLY_FALSE', r: RATIONALE },
      'checker',
    );
    expect(p).toMatchObject({ reviewStatus: 'PENDING_APPROVAL', verdict: 'MOSTLY_FALSE', proposedBy: { id: n.ids.checker } });
    expect(await publicView(c.id)).toBeNull();

    const a = await run<ClaimRef & Record<string, unknown>>('approve', { id: c.id, v: p.version }, 'editor');
    expect(a).toMatchObject({
      reviewStatus: 'PUBLISHED',
      verdict: 'MOSTLY_FALSE',
      approvedBy: { id: n.ids.editor },
      proposedBy: { id: n.ids.checker },
      publishedAt: expect.any(String),
      version: p.version + 1,
    });
    expect(await publicView(c.id)).toEqual({ reviewStatus: 'PUBLISHED', verdict: 'MOSTLY_FALSE', corrections: [] });
    const { history } = await snapshot(c.id);
    expect(history.map((h) => [h.action, h.version])).toEqual([
      ['createClaim', 1],
      ['addEvidence', 2],
      ['submitClaim', 3],
      ['proposeVerdict', 4],
      ['approveVerdict', 5],
    ]);
  });

  it('proposeVerdict needs at least one evidence item: refused with INVALID_TRANSITION, nothing changes', async () => {
    const c = await claimIn(app, n, 'DRAFT');
    const s = await run<ClaimRef>('submit', { id: c.id, v: c.version }, 'checker');
    for (const verdict of ['TRUE', 'MOSTLY_TRUE', 'MIXED', 'MOSTLY_FALSE', 'FALSE', 'MISLEADING']) {
      const err = await refused('propose', { id: c.id, v: s.version, verdict, r: RATIONALE }, 'checker', 'INVALID_TRANSITION');
      expect(err.extensions).toMatchObject({ action: 'PROPOSE_VERDICT', currentState: 'IN_REVIEW', requirement: 'EVIDENCE' });
      expect(err.message).toMatch(/evidence/i);
    }
  });

  it('evidence that was removed does not count for proposeVerdict', async () => {
    const c = await claimIn(app, n, 'IN_REVIEW'); // with one evidence item
    const { claim } = await app.ok<{ claim: { evidence: { id: string }[] } }>(`query($id: ID!) { claim(id: $id) { evidence { id } } }`, { id: c.id }, n.tokens.checker);
    const { version } = await run<ClaimRef>('removeEvidence', { id: claim.evidence[0]!.id, v: c.version }, 'checker');
    const err = await refused('propose', { id: c.id, v: version, verdict: 'TRUE', r: RATIONALE }, 'checker', 'INVALID_TRANSITION');
    expect(err.extensions.requirement).toBe('EVIDENCE');
  });

  it.each(['UNPROVEN', 'NOT_CHECKABLE'])('a %s verdict needs no evidence', async (verdict) => {
    const c = await claimIn(app, n, 'DRAFT');
    const s = await run<ClaimRef>('submit', { id: c.id, v: c.version }, 'checker');
    const p = await run<{ reviewStatus: string; verdict: string }>('propose', { id: c.id, v: s.version, verdict, r: 'A prediction about next year.' }, 'checker');
    expect(p).toMatchObject({ reviewStatus: 'PENDING_APPROVAL', verdict });
  });

  it.each([
    ['an empty rationale', ''],
    ['a blank rationale', '         '],
    ['a too-short rationale', 'See UN.'],
  ])('proposeVerdict refuses %s with BAD_USER_INPUT naming the rationale; nothing changes', async (_, r) => {
    const c = await claimIn(app, n, 'IN_REVIEW');
    const err = await refused('propose', { id: c.id, v: c.version, verdict: 'TRUE', r }, 'checker', 'BAD_USER_INPUT');
    expect(err.extensions.field).toBe('rationale');
  });

  it('rejectVerdict with a reason returns the claim to IN_REVIEW; the reason is in the history', async () => {
    const c = await claimIn(app, n, 'PENDING_APPROVAL');
    const r = await run<ClaimRef & { reviewStatus: string; proposedBy: unknown }>('reject', { id: c.id, v: c.version, r: 'Needs a second source' }, 'editor');
    expect(r).toMatchObject({ reviewStatus: 'IN_REVIEW', proposedBy: null, version: c.version + 1 });
    const { history } = await snapshot(c.id);
    expect(history.at(-1)).toEqual({ action: 'rejectVerdict', version: c.version + 1, note: 'Needs a second source' });
    // The checker may propose again; an editor approves it.
    const p = await run<ClaimRef>('propose', { id: c.id, v: r.version, verdict: 'MIXED', r: RATIONALE }, 'checker');
    expect((await run<{ reviewStatus: string }>('approve', { id: c.id, v: p.version }, 'editor2')).reviewStatus).toBe('PUBLISHED');
  });

  it.each(['', 'no'])('rejectVerdict refuses a missing reason (%j) with BAD_USER_INPUT; nothing changes', async (reason) => {
    const c = await claimIn(app, n, 'PENDING_APPROVAL');
    const err = await refused('reject', { id: c.id, v: c.version, r: reason }, 'editor', 'BAD_USER_INPUT');
    expect(err.extensions.field).toBe('reason');
  });

  it('a stale expectedVersion is a CONFLICT carrying the current version; nothing changes', async () => {
    const c = await claimIn(app, n, 'PENDING_APPROVAL');
    const err = await refused('approve', { id: c.id, v: c.version - 1 }, 'editor', 'CONFLICT');
    expect(err.extensions.currentVersion).toBe(c.version);
  });

  it.each([
    ['an unknown', randomUUID()],
    ['a malformed', 'claim-1'],
  ])('workflow actions on %s claim id answer NOT_FOUND', async (_, id) => {
    for (const m of ['submit', 'approve'] as const) {
      expect((await app.fails(M[m], { id, v: 1 }, n.tokens.editor)).code).toBe('NOT_FOUND');
    }
    expect((await app.fails(M.archive, { id, v: 1, r: 'Duplicate' }, n.tokens.editor)).code).toBe('NOT_FOUND');
  });
});

describe('a rejected proposal', () => {
  const REJECTED = `query($id: ID!) { claim(id: $id) { reviewStatus verdict verdictRationale proposedBy { id }
    rejectedProposal { verdict rationale proposedBy { id } proposedAt rejectedBy { id } rejectedAt reason } } }`;
  type Seen = {
    reviewStatus: string;
    verdict: string | null;
    verdictRationale: string | null;
    proposedBy: { id: string } | null;
    rejectedProposal: { verdict: string; rationale: string | null; proposedBy: { id: string } | null; proposedAt: string | null; rejectedBy: { id: string } | null; rejectedAt: string; reason: string | null } | null;
  };
  const seen = async (id: string, who: Person = 'checker') => (await app.ok<{ claim: Seen }>(REJECTED, { id }, n.tokens[who])).claim;

  it('is not the claim’s verdict: the verdict goes back to none, and staff read the proposal as rejected, with who, when and why', async () => {
    const c = await claimIn(app, n, 'PENDING_APPROVAL'); // MOSTLY_TRUE, "Documented by the UN panel.", by the checker
    expect((await seen(c.id)).rejectedProposal).toBeNull();
    const r = await run<{ verdict: string | null }>('reject', { id: c.id, v: c.version, r: 'Needs a second source' }, 'editor');
    expect(r.verdict).toBeNull();
    const after = await seen(c.id);
    expect(after).toEqual({
      reviewStatus: 'IN_REVIEW',
      verdict: null,
      verdictRationale: null,
      proposedBy: null,
      rejectedProposal: {
        verdict: 'MOSTLY_TRUE',
        rationale: 'Documented by the UN panel.',
        proposedBy: { id: n.ids.checker },
        proposedAt: expect.any(String),
        rejectedBy: { id: n.ids.editor },
        rejectedAt: expect.any(String),
        reason: 'Needs a second source',
      },
    });
    expect(Date.parse(after.rejectedProposal!.rejectedAt)).toBeGreaterThanOrEqual(Date.parse(after.rejectedProposal!.proposedAt!));
    // Every staff role reads it, auditors included.
    expect((await seen(c.id, 'auditor')).rejectedProposal?.verdict).toBe('MOSTLY_TRUE');

    // Proposing again replaces it; the new proposal is the verdict awaiting approval.
    const p = await run<ClaimRef>('propose', { id: c.id, v: c.version + 1, verdict: 'MIXED', r: RATIONALE }, 'checker');
    expect(await seen(c.id)).toMatchObject({ reviewStatus: 'PENDING_APPROVAL', verdict: 'MIXED', verdictRationale: RATIONALE, rejectedProposal: null });
    await run('approve', { id: c.id, v: p.version }, 'editor2');
    expect(await seen(c.id)).toMatchObject({ reviewStatus: 'PUBLISHED', verdict: 'MIXED', rejectedProposal: null });
  });

  it('under correction, rejecting puts back the published verdict, which the public kept reading throughout', async () => {
    const c = await claimIn(app, n, 'PUBLISHED'); // MOSTLY_TRUE, "Documented by the UN panel."
    const reopened = await run<ClaimRef>('reopen', { id: c.id, v: c.version, r: 'The panel revised its figures' }, 'editor');
    const p = await run<ClaimRef>('propose', { id: c.id, v: reopened.version, verdict: 'FALSE', r: 'The revised figures contradict it.' }, 'checker');
    await run('reject', { id: c.id, v: p.version, r: 'Wait for the final report' }, 'editor');
    expect(await seen(c.id)).toMatchObject({
      reviewStatus: 'IN_REVIEW',
      verdict: 'MOSTLY_TRUE',
      verdictRationale: 'Documented by the UN panel.',
      rejectedProposal: { verdict: 'FALSE', rationale: 'The revised figures contradict it.', reason: 'Wait for the final report' },
    });
    expect(await publicView(c.id)).toEqual({ reviewStatus: 'PUBLISHED', verdict: 'MOSTLY_TRUE', corrections: [] });
  });

  it('each revision shows the proposal rejected by its version: none before, the rejected one after, none once proposed again', async () => {
    const c = await claimIn(app, n, 'PENDING_APPROVAL');
    const r = await run<ClaimRef>('reject', { id: c.id, v: c.version, r: 'Needs a second source' }, 'editor');
    await run('propose', { id: c.id, v: r.version, verdict: 'MIXED', r: RATIONALE }, 'checker');
    const REVISION = `query($id: ID!, $v: Int!) { claimRevision(claimId: $id, version: $v) { version rejectedProposal { verdict reason rejectedBy { id } } } }`;
    const at = async (v: number, who: Person = 'checker') => app.gql<{ claimRevision: unknown }>(REVISION, { id: c.id, v }, n.tokens[who]);
    expect((await at(c.version)).data?.claimRevision).toEqual({ version: c.version, rejectedProposal: null });
    expect((await at(r.version)).data?.claimRevision).toEqual({
      version: r.version,
      rejectedProposal: { verdict: 'MOSTLY_TRUE', reason: 'Needs a second source', rejectedBy: { id: n.ids.editor } },
    });
    expect((await at(r.version + 1)).data?.claimRevision).toEqual({ version: r.version + 1, rejectedProposal: null });
    // Staff only, as on the claim: a public reader of a published revision is refused the field.
    const published = await claimIn(app, n, 'PUBLISHED');
    const anonymous = await app.gql<{ claimRevision: unknown }>(REVISION, { id: published.id, v: published.version });
    expect(anonymous.data?.claimRevision).toEqual({ version: published.version, rejectedProposal: null });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('is newsroom deliberation: public readers and API keys are refused the field (the claim itself still answers)', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const reopened = await run<ClaimRef>('reopen', { id: c.id, v: c.version, r: 'Check again' }, 'editor');
    const p = await run<ClaimRef>('propose', { id: c.id, v: reopened.version, verdict: 'FALSE', r: RATIONALE }, 'checker');
    await run('reject', { id: c.id, v: p.version, r: 'Not convinced' }, 'editor');
    const res = await app.gql<{ claim: unknown }>(`query($id: ID!) { claim(id: $id) { id verdict rejectedProposal { verdict } } }`, { id: c.id });
    expect(res.data?.claim).toEqual({ id: c.id, verdict: 'MOSTLY_TRUE', rejectedProposal: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('four-eyes rule', () => {
  const proposedBy = async (who: Person) => {
    const c = await claimIn(app, n, 'IN_REVIEW');
    return run<ClaimRef>('propose', { id: c.id, v: c.version, verdict: 'FALSE', r: RATIONALE }, who);
  };

  it.each(['editor', 'admin'] as const)('an %s who proposed a verdict may not approve it (FORBIDDEN); another editor may', async (who) => {
    const c = await proposedBy(who);
    const err = await refused('approve', { id: c.id, v: c.version }, who, 'FORBIDDEN');
    expect(err.extensions.rule).toBe('FOUR_EYES');
    expect(await nextActions(c.id, n.tokens[who])).not.toContain('APPROVE');
    const other = who === 'editor' ? 'editor2' : 'editor';
    expect(await nextActions(c.id, n.tokens[other])).toContain('APPROVE');
    const a = await run<{ reviewStatus: string; approvedBy: { id: string }; proposedBy: { id: string } }>('approve', { id: c.id, v: c.version }, other);
    expect(a).toMatchObject({ reviewStatus: 'PUBLISHED', approvedBy: { id: n.ids[other] }, proposedBy: { id: n.ids[who] } });
  });

  it('a fact-checker may not approve at all (FORBIDDEN)', async () => {
    const c = await proposedBy('checker');
    await refused('approve', { id: c.id, v: c.version }, 'checker2', 'FORBIDDEN');
    await refused('reject', { id: c.id, v: c.version, r: 'I disagree' }, 'checker2', 'FORBIDDEN');
  });

  it('after a rejection, the editor who proposed cannot sneak an approval of a re-proposal they made', async () => {
    const c = await proposedBy('editor');
    const r = await run<ClaimRef>('reject', { id: c.id, v: c.version, r: 'Rationale too thin' }, 'editor2');
    const p = await run<ClaimRef>('propose', { id: c.id, v: r.version, verdict: 'FALSE', r: `${RATIONALE} Annex 5.` }, 'editor');
    await refused('approve', { id: c.id, v: p.version }, 'editor', 'FORBIDDEN');
  });
});

describe('reopening and corrections', () => {
  it('reopenClaim takes a published claim back to IN_REVIEW; after re-publishing, anonymous readers see the earlier verdict as a correction', async () => {
    const c = await claimIn(app, n, 'PUBLISHED'); // MOSTLY_TRUE, "Documented by the UN panel."
    const reopened = await run<ClaimRef & { reviewStatus: string }>('reopen', { id: c.id, v: c.version, r: 'The panel revised its figures' }, 'editor');
    expect(reopened.reviewStatus).toBe('IN_REVIEW');
    // Public readers keep the published verdict until the correction is published (correction.test.ts walks every path).
    expect(await publicView(c.id)).toEqual({ reviewStatus: 'PUBLISHED', verdict: 'MOSTLY_TRUE', corrections: [] });
    expect((await snapshot(c.id)).history.at(-1)).toEqual({ action: 'reopenClaim', version: reopened.version, note: 'The panel revised its figures' });

    const p = await run<ClaimRef>('propose', { id: c.id, v: reopened.version, verdict: 'MISLEADING', r: 'The revised figures tell another story.' }, 'checker');
    await run('approve', { id: c.id, v: p.version }, 'editor');

    const pub = (await publicView(c.id))!;
    expect(pub.verdict).toBe('MISLEADING');
    expect(pub.corrections).toEqual([
      {
        verdict: 'MOSTLY_TRUE',
        verdictRationale: 'Documented by the UN panel.',
        publishedAt: expect.any(String),
        supersededAt: expect.any(String),
        reason: 'The panel revised its figures',
      },
    ]);
    expect(Date.parse(pub.corrections[0]!.supersededAt)).toBeGreaterThanOrEqual(Date.parse(pub.corrections[0]!.publishedAt));
  });

  it('each reopening adds a correction, newest first', async () => {
    let c = await claimIn(app, n, 'PUBLISHED');
    for (const [verdict, reason] of [
      ['FALSE', 'First correction'],
      ['TRUE', 'Second correction'],
    ] as const) {
      const r = await run<ClaimRef>('reopen', { id: c.id, v: c.version, r: reason }, 'editor');
      const p = await run<ClaimRef>('propose', { id: c.id, v: r.version, verdict, r: RATIONALE }, 'checker');
      c = await run<ClaimRef>('approve', { id: c.id, v: p.version }, 'editor2');
    }
    const pub = (await publicView(c.id))!;
    expect(pub.verdict).toBe('TRUE');
    expect(pub.corrections.map((x) => [x.verdict, x.reason])).toEqual([
      ['FALSE', 'Second correction'],
      ['MOSTLY_TRUE', 'First correction'],
    ]);
  });

  it('reopening needs a reason and an editor', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    expect((await refused('reopen', { id: c.id, v: c.version, r: ' ' }, 'editor', 'BAD_USER_INPUT')).extensions.field).toBe('reason');
    await refused('reopen', { id: c.id, v: c.version, r: 'I found a mistake' }, 'checker', 'FORBIDDEN');
  });
});

describe('archive, restore and assign', () => {
  it.each(['DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'PUBLISHED'] as const)('an editor archives a claim in %s with a reason', async (state) => {
    const c = await claimIn(app, n, state);
    const a = await run<ClaimRef & { reviewStatus: string }>('archive', { id: c.id, v: c.version, r: 'Duplicate of an older claim' }, 'editor');
    expect(a).toMatchObject({ reviewStatus: 'ARCHIVED', version: c.version + 1 });
    expect((await snapshot(c.id)).history.at(-1)).toEqual({ action: 'archiveClaim', version: a.version, note: 'Duplicate of an older claim' });
    // A withdrawn published claim stays readable by id as a tombstone; others were never public.
    expect(await publicView(c.id)).toEqual(state === 'PUBLISHED' ? { reviewStatus: 'ARCHIVED', verdict: 'MOSTLY_TRUE', corrections: [] } : null);
  });

  it('archiving needs a reason; fact-checkers may not archive', async () => {
    const c = await claimIn(app, n, 'DRAFT');
    expect((await refused('archive', { id: c.id, v: c.version, r: '' }, 'editor', 'BAD_USER_INPUT')).extensions.field).toBe('reason');
    await refused('archive', { id: c.id, v: c.version, r: 'Not needed' }, 'checker', 'FORBIDDEN');
  });

  it('only an admin restores an archived claim, and it comes back as a DRAFT', async () => {
    const c = await claimIn(app, n, 'ARCHIVED');
    await refused('restore', { id: c.id, v: c.version, r: 'Archived by mistake' }, 'editor', 'FORBIDDEN');
    await refused('restore', { id: c.id, v: c.version }, 'checker', 'FORBIDDEN');
    const r = await run<ClaimRef & { reviewStatus: string }>('restore', { id: c.id, v: c.version, r: 'Archived by mistake' }, 'admin');
    expect(r).toMatchObject({ reviewStatus: 'DRAFT', version: c.version + 1, proposedBy: null });
    expect((await snapshot(c.id)).history.at(-1)).toEqual({ action: 'restoreClaim', version: r.version, note: 'Archived by mistake' });
    expect(await nextActions(c.id, n.tokens.checker)).toContain('SUBMIT');
  });

  it('an editor assigns a claim to a fact-checker or an editor, and unassigns it with null', async () => {
    const c = await claimIn(app, n, 'IN_REVIEW');
    const a1 = await run<ClaimRef & { assignee: { id: string } | null }>('assign', { id: c.id, v: c.version, a: n.ids.checker2 }, 'editor');
    expect(a1).toMatchObject({ assignee: { id: n.ids.checker2 }, version: c.version + 1 });
    const mine = await app.ok<{ claims: { nodes: { id: string }[] } }>(`{ claims(filter: { assignedToMe: true }) { nodes { id } } }`, {}, n.tokens.checker2);
    expect(mine.claims.nodes.map((x) => x.id)).toEqual([c.id]);
    const a2 = await run<ClaimRef & { assignee: unknown }>('assign', { id: c.id, v: a1.version, a: n.ids.editor2 }, 'editor');
    expect(a2.assignee).toEqual({ id: n.ids.editor2 });
    const a3 = await run<ClaimRef & { assignee: unknown; reviewStatus: string }>('assign', { id: c.id, v: a2.version, a: null }, 'admin');
    expect(a3).toMatchObject({ assignee: null, reviewStatus: 'IN_REVIEW' });
    expect((await snapshot(c.id)).history.slice(-3).map((h) => h.action)).toEqual(['assignClaim', 'assignClaim', 'assignClaim']);
  });

  it('refuses an assignee who is an auditor, unknown, malformed or deactivated (BAD_USER_INPUT); nothing changes', async () => {
    const c = await claimIn(app, n, 'DRAFT');
    const leaver = await app.services.users.create({ userId: null, label: 'test' }, { email: 'leaver@newsroom.test', password: 'correct horse battery staple', displayName: 'Lee Leaver', role: 'FACT_CHECKER' });
    await app.ok(`mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, input: { active: false }) { id } }`, { id: leaver.id, v: leaver.version }, n.tokens.admin);
    for (const assignee of [n.ids.auditor, randomUUID(), 'someone', leaver.id]) {
      const err = await refused('assign', { id: c.id, v: c.version, a: assignee }, 'editor', 'BAD_USER_INPUT');
      expect(err.extensions.field).toBe('assigneeId');
    }
  });

  it('fact-checkers may not assign (FORBIDDEN)', async () => {
    const c = await claimIn(app, n, 'DRAFT');
    await refused('assign', { id: c.id, v: c.version, a: n.ids.checker }, 'checker', 'FORBIDDEN');
  });
});

describe('published claims are frozen', () => {
  it.each([
    ['text', { text: 'A rewritten statement after publication' }],
    ['quote', { quote: 'New words' }],
    ['claimant', { claimantId: null }],
    ['text together with a note', { text: 'A rewritten statement after publication', internalNote: 'sneaky' }],
  ])('updating the %s of a published claim is INVALID_TRANSITION naming PUBLISHED and the allowed actions; nothing changes', async (_, input) => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const err = await refused('update', { id: c.id, v: c.version, i: input }, 'editor', 'INVALID_TRANSITION');
    expect(err.extensions).toMatchObject({ action: 'UPDATE', currentState: 'PUBLISHED' });
    expect(err.extensions.allowedActions).toEqual(expect.arrayContaining(['ANNOTATE', 'REOPEN']));
    expect(err.message).toContain('PUBLISHED');
  });

  it('the verdict of a published claim cannot be re-proposed without reopening', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const err = await refused('propose', { id: c.id, v: c.version, verdict: 'FALSE', r: RATIONALE }, 'editor', 'INVALID_TRANSITION');
    expect(err.extensions.currentState).toBe('PUBLISHED');
  });

  it.each(['PENDING_APPROVAL', 'PUBLISHED'] as const)('internalNote and topics stay editable on a claim in %s (ANNOTATE)', async (state) => {
    const c = await claimIn(app, n, state);
    const u = await run<ClaimRef & { internalNote: string; topics: { slug: string }[] }>(
      'update',
      { id: c.id, v: c.version, i: { internalNote: 'Ombudsman asked about this one', topics: ['Sanctions', 'Oil'] } },
      'checker',
    );
    expect(u).toMatchObject({ version: c.version + 1, internalNote: 'Ombudsman asked about this one' });
    expect(u.topics.map((t) => t.slug).sort()).toEqual(['oil', 'sanctions']);
    const after = await snapshot(c.id);
    expect(after.reviewStatus).toBe(state);
    expect(after.history.at(-1)).toMatchObject({ action: 'updateClaim', version: c.version + 1 });
  });

  it('nothing is editable once archived, not even the note', async () => {
    const c = await claimIn(app, n, 'ARCHIVED');
    const err = await refused('update', { id: c.id, v: c.version, i: { internalNote: 'Late note' } }, 'admin', 'INVALID_TRANSITION');
    expect(err.extensions).toMatchObject({ action: 'ANNOTATE', currentState: 'ARCHIVED', allowedActions: ['RESTORE'] });
  });
});

describe('refused transitions', () => {
  const claims = {} as Record<State, ClaimRef>;
  const STATES: State[] = ['DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'PUBLISHED', 'ARCHIVED'];

  beforeAll(async () => {
    for (const s of STATES) claims[s] = await claimIn(app, n, s);
  });

  // Every workflow action from every state it does not start from, by an admin (who holds every role).
  const MOVES: Record<string, { mutation: keyof typeof M; from: State[]; vars: Record<string, unknown> }> = {
    submitClaim: { mutation: 'submit', from: ['DRAFT'], vars: {} },
    proposeVerdict: { mutation: 'propose', from: ['IN_REVIEW'], vars: { verdict: 'UNPROVEN', r: 'No record either way.' } },
    approveVerdict: { mutation: 'approve', from: ['PENDING_APPROVAL'], vars: {} },
    rejectVerdict: { mutation: 'reject', from: ['PENDING_APPROVAL'], vars: { r: 'Not convincing' } },
    reopenClaim: { mutation: 'reopen', from: ['PUBLISHED'], vars: { r: 'New facts' } },
    archiveClaim: { mutation: 'archive', from: ['DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'PUBLISHED'], vars: { r: 'Duplicate' } },
    restoreClaim: { mutation: 'restore', from: ['ARCHIVED'], vars: {} },
    assignClaim: { mutation: 'assign', from: ['DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'PUBLISHED'], vars: {} },
  };
  const cases = Object.entries(MOVES).flatMap(([name, move]) =>
    STATES.filter((s) => !move.from.includes(s)).map((s) => [name, s, move] as const),
  );

  it.each(cases)('%s on a claim in %s is INVALID_TRANSITION naming the state and the allowed actions; nothing changes', async (_, state, move) => {
    const c = claims[state];
    const allowed = await nextActions(c.id, n.tokens.admin);
    const vars = { id: c.id, v: c.version, ...move.vars, ...(move.mutation === 'assign' ? { a: n.ids.checker } : {}) };
    const err = await refused(move.mutation, vars, 'admin', 'INVALID_TRANSITION');
    expect(err.extensions.currentState).toBe(state);
    expect(err.extensions.allowedActions).toEqual(allowed);
    expect(err.message).toContain(state);
    for (const action of allowed!) expect(err.message).toContain(action);
  });
});

describe('nextActions', () => {
  const EXPECTED: Record<State, Partial<Record<Person | 'anonymous', string[]>>> = {
    DRAFT: {
      checker: ['UPDATE', 'ANNOTATE', 'EDIT_EVIDENCE', 'SUBMIT', 'OPEN_DISPUTE'],
      editor: ['UPDATE', 'ANNOTATE', 'EDIT_EVIDENCE', 'SUBMIT', 'ARCHIVE', 'ASSIGN', 'OPEN_DISPUTE'],
      admin: ['UPDATE', 'ANNOTATE', 'EDIT_EVIDENCE', 'SUBMIT', 'ARCHIVE', 'ASSIGN', 'OPEN_DISPUTE'],
      auditor: [],
    },
    IN_REVIEW: {
      checker: ['UPDATE', 'ANNOTATE', 'EDIT_EVIDENCE', 'PROPOSE_VERDICT', 'OPEN_DISPUTE'],
      editor: ['UPDATE', 'ANNOTATE', 'EDIT_EVIDENCE', 'PROPOSE_VERDICT', 'ARCHIVE', 'ASSIGN', 'OPEN_DISPUTE'],
      admin: ['UPDATE', 'ANNOTATE', 'EDIT_EVIDENCE', 'PROPOSE_VERDICT', 'ARCHIVE', 'ASSIGN', 'OPEN_DISPUTE'],
      auditor: [],
    },
    // Proposed by the checker.
    PENDING_APPROVAL: {
      checker: ['ANNOTATE', 'OPEN_DISPUTE'],
      checker2: ['ANNOTATE', 'OPEN_DISPUTE'],
      editor: ['ANNOTATE', 'APPROVE', 'REJECT', 'ARCHIVE', 'ASSIGN', 'OPEN_DISPUTE'],
      admin: ['ANNOTATE', 'APPROVE', 'REJECT', 'ARCHIVE', 'ASSIGN', 'OPEN_DISPUTE'],
      auditor: [],
    },
    PUBLISHED: {
      checker: ['ANNOTATE', 'OPEN_DISPUTE'],
      editor: ['ANNOTATE', 'REOPEN', 'ARCHIVE', 'ASSIGN', 'OPEN_DISPUTE'],
      admin: ['ANNOTATE', 'REOPEN', 'ARCHIVE', 'ASSIGN', 'OPEN_DISPUTE'],
      auditor: [],
      anonymous: [],
    },
    ARCHIVED: {
      checker: [],
      editor: [],
      admin: ['RESTORE'],
      auditor: [],
    },
  };

  it.each(Object.keys(EXPECTED) as State[])('lists what each role may do to a claim in %s', async (state) => {
    const c = await claimIn(app, n, state);
    for (const [who, expected] of Object.entries(EXPECTED[state])) {
      const token = who === 'anonymous' ? undefined : n.tokens[who as Person];
      const actions = await nextActions(c.id, token);
      expect({ who, actions: [...actions!].sort() }).toEqual({ who, actions: [...expected].sort() });
    }
  });

  it('an API key (a client app) gets no actions either', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const { createApiKey } = await app.ok<{ createApiKey: { secret: string } }>(`mutation { createApiKey(name: "Aggregator") { secret } }`, {}, n.tokens.admin);
    expect(await nextActions(c.id, createApiKey.secret)).toEqual([]);
  });

  it('every action listed for the editor on a PENDING_APPROVAL claim is accepted', async () => {
    // APPROVE and REJECT both work for an editor who did not propose (one claim each).
    const a = await claimIn(app, n, 'PENDING_APPROVAL');
    expect(await nextActions(a.id, n.tokens.editor)).toEqual(expect.arrayContaining(['APPROVE', 'REJECT']));
    expect((await run<{ reviewStatus: string }>('approve', { id: a.id, v: a.version }, 'editor')).reviewStatus).toBe('PUBLISHED');
    const b = await claimIn(app, n, 'PENDING_APPROVAL');
    expect((await run<{ reviewStatus: string }>('reject', { id: b.id, v: b.version, r: 'Weak sourcing' }, 'editor')).reviewStatus).toBe('IN_REVIEW');
  });
});
