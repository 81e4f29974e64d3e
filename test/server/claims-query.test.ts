import type { StaffViewer } from '../../server/domain/viewer';
import type { Role } from '../../server/domain/vocabulary';
import { claimIn, newsroom, type ClaimRef, type Newsroom } from '../fixtures/newsroom';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * The read side of claims over GraphQL: `claims(filter, orderBy, first, after, offset)`,
 * `claim(id)`, and the nested `actor.claims` / `source.claims` connections, as a client sees them.
 */

interface Edge {
  cursor: string;
  node: { id: string };
}
interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Edge[];
  nodes: { id: string }[];
}

const PAGE = `query($filter: ClaimFilter, $orderBy: ClaimOrder, $first: Int, $after: String, $offset: Int) {
  claims(filter: $filter, orderBy: $orderBy, first: $first, after: $after, offset: $offset) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
    nodes { id }
  }
}`;

const IDS = `query($filter: ClaimFilter, $first: Int) { claims(filter: $filter, first: $first) { totalCount nodes { id } } }`;

const staffViewer = (userId: string, role: Role): StaffViewer => ({ kind: 'user', userId, role, displayName: role, sessionId: null });

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

const sorted = (ids: string[]) => [...ids].sort();

// ------------------------------------------------------------------------------------------------
describe('filters, visibility and claim(id)', () => {
  let app: TestApp;
  let n: Newsroom;
  let riId: string;
  let speechId: string;
  /** Claims by role in the fixture (see beforeAll). */
  const c = {} as Record<'draft' | 'inReview' | 'pending' | 'pubTrue' | 'pubFalseFr' | 'pubResolved' | 'archived', ClaimRef>;

  const ids = async (filter: Record<string, unknown>, token?: string) => {
    const data = await app.ok<{ claims: { totalCount: number; nodes: { id: string }[] } }>(IDS, { filter, first: 100 }, token);
    expect(data.claims.totalCount).toBe(data.claims.nodes.length);
    return sorted(data.claims.nodes.map((x) => x.id));
  };

  const create = async (input: Record<string, unknown>) =>
    (
      await app.ok<{ createClaim: ClaimRef }>(`mutation($i: CreateClaimInput!) { createClaim(input: $i) { id version } }`, { i: input }, n.tokens.checker)
    ).createClaim;

  /** DRAFT → … → `to`, through the API: evidence, submit, proposal by the checker, approval by the editor. */
  const advance = async (ref: ClaimRef, to: 'IN_REVIEW' | 'PENDING_APPROVAL' | 'PUBLISHED', verdict = 'MOSTLY_TRUE') => {
    const t = n.tokens;
    let v = (
      await app.ok<{ addEvidence: { claim: ClaimRef } }>(
        `mutation($id: ID!, $v: Int!, $s: ID!) { addEvidence(claimId: $id, expectedVersion: $v, input: { sourceId: $s, stance: REFUTES, reliability: 4 }) { claim { id version } } }`,
        { id: ref.id, v: ref.version, s: n.sourceId },
        t.checker,
      )
    ).addEvidence.claim.version;
    v = (await app.ok<{ submitClaim: ClaimRef }>(`mutation($id: ID!, $v: Int!) { submitClaim(id: $id, expectedVersion: $v) { version } }`, { id: ref.id, v }, t.checker)).submitClaim.version;
    if (to === 'IN_REVIEW') return { id: ref.id, version: v };
    v = (
      await app.ok<{ proposeVerdict: ClaimRef }>(
        `mutation($id: ID!, $v: Int!, $verdict: Verdict!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: $verdict, rationale: "Checked against the UN panel report.") { version } }`,
        { id: ref.id, v, verdict },
        t.checker,
      )
    ).proposeVerdict.version;
    if (to === 'PENDING_APPROVAL') return { id: ref.id, version: v };
    v = (await app.ok<{ approveVerdict: ClaimRef }>(`mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { version } }`, { id: ref.id, v }, t.editor)).approveVerdict.version;
    return { id: ref.id, version: v };
  };

  beforeAll(async () => {
    app = await startTestApp();
    n = await newsroom(app);
    const t = n.tokens;
    riId = (
      await app.ok<{ createActor: { id: string } }>(
        `mutation { createActor(input: { name: "Ri Yong Ho", kind: PERSON, title: "Foreign Minister of North Korea", aliases: ["Ri Hong Yo"] }) { id } }`,
        {},
        t.checker,
      )
    ).createActor.id;
    speechId = (
      await app.ok<{ createSource: { id: string } }>(
        `mutation { createSource(input: { title: "Remarks to the UN Security Council", url: "https://www.state.gov/remarks-unsc-2018-09-27", kind: SPEECH }) { id } }`,
        {},
        t.checker,
      )
    ).createSource.id;

    c.draft = await create({
      text: 'North Korea is still evading sanctions through ship-to-ship transfers',
      claimantId: n.actorId,
      firstAppearanceId: speechId,
      claimedOn: '2018-09-27',
      topics: ['Sanctions'],
    });
    c.inReview = await advance(await create({ text: 'North Korea has dismantled its nuclear test site', claimantId: riId, topics: ['Nuclear'] }), 'IN_REVIEW');
    c.pending = await advance(await create({ text: 'Sanctions have had no effect on imports at all' }), 'PENDING_APPROVAL', 'FALSE');
    c.pubTrue = await advance(
      await create({
        text: 'Russia and China blocked a UN report on North Korean petroleum imports',
        claimantId: n.actorId,
        firstAppearanceId: speechId,
        claimedOn: '2018-09-27',
        topics: ['Sanctions', 'North Korea'],
        attributionStatus: 'VERIFIED',
      }),
      'PUBLISHED',
      'TRUE',
    );
    c.pubFalseFr = await advance(
      await create({
        text: 'La Corée du Nord a cessé tous ses essais nucléaires',
        claimantId: riId,
        claimedOn: '2018-06-12',
        language: 'fr',
        topics: ['Nuclear'],
        attributionStatus: 'PARAPHRASED',
      }),
      'PUBLISHED',
      'FALSE',
    );
    c.pubResolved = await advance(await create({ text: 'The UN cap on refined petroleum is 500,000 barrels a year' }), 'PUBLISHED', 'MIXED');
    c.archived = (
      await app.ok<{ archiveClaim: ClaimRef }>(
        `mutation($id: ID!, $v: Int!) { archiveClaim(id: $id, expectedVersion: $v, reason: "Duplicate of another claim") { id version } }`,
        { id: (await create({ text: 'An archived duplicate about the oil cap', claimantId: n.actorId })).id, v: 1 },
        t.editor,
      )
    ).archiveClaim;

    // An open dispute (DISPUTED) and one rejected (RESOLVED).
    await app.ok(`mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "The ministry says tests continue", raisedByName: "38 North" }) { id } }`, { id: c.pubFalseFr.id }, t.checker);
    const { openDispute } = await app.ok<{ openDispute: { id: string } }>(
      `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "The cap is different" }) { id } }`,
      { id: c.pubResolved.id },
      t.checker,
    );
    await app.ok(`mutation($id: ID!) { resolveDispute(id: $id, outcome: REJECTED, note: "Resolution 2397 sets it at 500,000.") { id } }`, { id: openDispute.id }, t.editor);
    // Assigned to the checker.
    const { claim } = await app.ok<{ claim: { version: number } }>(`query($id: ID!) { claim(id: $id) { version } }`, { id: c.inReview.id }, t.editor);
    await app.ok(`mutation($id: ID!, $v: Int!, $a: ID) { assignClaim(id: $id, expectedVersion: $v, assigneeId: $a) { id } }`, { id: c.inReview.id, v: claim!.version, a: n.ids.checker }, t.editor);
  });
  afterAll(() => app.close());

  const all = () => sorted(Object.values(c).map((x) => x.id));
  const published = () => sorted([c.pubTrue.id, c.pubFalseFr.id, c.pubResolved.id]);

  test('staff see claims in every workflow state; anonymous readers see only PUBLISHED ones, also in totalCount', async () => {
    expect(await ids({}, n.tokens.auditor)).toEqual(all());
    expect(await ids({})).toEqual(published());
    const anon = await app.ok<{ claims: { nodes: { reviewStatus: string }[] } }>(`{ claims(first: 100) { nodes { reviewStatus } } }`);
    expect(new Set(anon.claims.nodes.map((x) => x.reviewStatus))).toEqual(new Set(['PUBLISHED']));
  });

  test('an anonymous reader asking for drafts by status gets none', async () => {
    expect(await ids({ reviewStatus: ['DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'ARCHIVED'] })).toEqual([]);
  });

  test('a client app with an API key reads like the public: PUBLISHED claims only', async () => {
    const { createApiKey } = await app.ok<{ createApiKey: { secret: string } }>(`mutation { createApiKey(name: "Aggregator") { secret } }`, {}, n.tokens.admin);
    expect(await ids({}, createApiKey.secret)).toEqual(published());
  });

  test('reviewStatus filter matches any of the listed states', async () => {
    expect(await ids({ reviewStatus: ['DRAFT', 'ARCHIVED'] }, n.tokens.editor)).toEqual(sorted([c.draft.id, c.archived.id]));
    expect(await ids({ reviewStatus: ['PENDING_APPROVAL'] }, n.tokens.editor)).toEqual([c.pending.id]);
  });

  test('verdict filter: staff also match proposed verdicts, the public only published ones', async () => {
    expect(await ids({ verdict: ['FALSE'] }, n.tokens.editor)).toEqual(sorted([c.pending.id, c.pubFalseFr.id]));
    expect(await ids({ verdict: ['FALSE'] })).toEqual([c.pubFalseFr.id]);
    expect(await ids({ verdict: ['TRUE', 'MIXED'] })).toEqual(sorted([c.pubTrue.id, c.pubResolved.id]));
  });

  test('disputeStatus filter: DISPUTED while a dispute is open, RESOLVED once all are closed, NONE otherwise', async () => {
    expect(await ids({ disputeStatus: ['DISPUTED'] })).toEqual([c.pubFalseFr.id]);
    expect(await ids({ disputeStatus: ['RESOLVED'] })).toEqual([c.pubResolved.id]);
    expect(await ids({ disputeStatus: ['NONE'] }, n.tokens.editor)).toEqual(
      sorted([c.draft.id, c.inReview.id, c.pending.id, c.pubTrue.id, c.archived.id]),
    );
  });

  test('attributionStatus filter is independent of the verdict', async () => {
    expect(await ids({ attributionStatus: ['VERIFIED'] })).toEqual([c.pubTrue.id]);
    expect(await ids({ attributionStatus: ['PARAPHRASED', 'MISATTRIBUTED'] })).toEqual([c.pubFalseFr.id]);
    expect(await ids({ attributionStatus: ['UNVERIFIED'] }, n.tokens.editor)).toEqual(
      sorted([c.draft.id, c.inReview.id, c.pending.id, c.pubResolved.id, c.archived.id]),
    );
  });

  test('claimantId and firstAppearanceId filters; an unknown id matches nothing, a malformed one is BAD_USER_INPUT', async () => {
    expect(await ids({ claimantId: riId }, n.tokens.editor)).toEqual(sorted([c.inReview.id, c.pubFalseFr.id]));
    expect(await ids({ claimantId: n.actorId }, n.tokens.editor)).toEqual(sorted([c.draft.id, c.pubTrue.id, c.archived.id]));
    expect(await ids({ firstAppearanceId: speechId }, n.tokens.editor)).toEqual(sorted([c.draft.id, c.pubTrue.id]));
    expect(await ids({ firstAppearanceId: speechId })).toEqual([c.pubTrue.id]);
    expect(await ids({ claimantId: '00000000-0000-4000-8000-000000000000' }, n.tokens.editor)).toEqual([]);
    const bad = await app.fails(IDS, { filter: { claimantId: 'pompeo' } });
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.extensions.field).toBe('filter.claimantId');
    expect((await app.fails(IDS, { filter: { firstAppearanceId: "1' OR '1'='1" } })).code).toBe('BAD_USER_INPUT');
  });

  test('ids: staff get the claims asked for, public readers only the published ones among them', async () => {
    const asked = [c.draft.id, c.pubTrue.id, c.archived.id, c.pubFalseFr.id, '00000000-0000-4000-8000-000000000000'];
    expect(await ids({ ids: asked }, n.tokens.checker)).toEqual(sorted([c.draft.id, c.pubTrue.id, c.archived.id, c.pubFalseFr.id]));
    expect(await ids({ ids: asked })).toEqual(sorted([c.pubTrue.id, c.pubFalseFr.id]));
    const { createApiKey } = await app.ok<{ createApiKey: { secret: string } }>(`mutation { createApiKey(name: "Lookups") { secret } }`, {}, n.tokens.admin);
    expect(await ids({ ids: asked }, createApiKey.secret)).toEqual(sorted([c.pubTrue.id, c.pubFalseFr.id]));
    // With the other filters, all must hold; a repeated id counts once; an empty list matches none.
    expect(await ids({ ids: asked, claimantId: n.actorId }, n.tokens.checker)).toEqual(sorted([c.draft.id, c.pubTrue.id, c.archived.id]));
    expect(await ids({ ids: [c.draft.id, c.draft.id] }, n.tokens.checker)).toEqual([c.draft.id]);
    expect(await ids({ ids: [] }, n.tokens.checker)).toEqual([]);
  });

  test('ids: more than one page of them, or one that is not an id, is BAD_USER_INPUT', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const tooMany = await app.fails(IDS, { filter: { ids: many } }, n.tokens.checker);
    expect(tooMany).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'filter.ids', maximum: 100 } });
    expect(await ids({ ids: many.slice(0, 100) }, n.tokens.checker)).toEqual([]);
    for (const token of [n.tokens.checker, undefined]) {
      const bad = await app.fails(IDS, { filter: { ids: [c.draft.id, "1' OR '1'='1"] } }, token);
      expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'filter.ids' } });
    }
  });

  test('topic filter takes a slug, in any case', async () => {
    expect(await ids({ topic: 'nuclear' }, n.tokens.editor)).toEqual(sorted([c.inReview.id, c.pubFalseFr.id]));
    expect(await ids({ topic: 'Sanctions' }, n.tokens.editor)).toEqual(sorted([c.draft.id, c.pubTrue.id]));
    expect(await ids({ topic: 'north-korea' })).toEqual([c.pubTrue.id]);
    expect(await ids({ topic: 'no-such-topic' }, n.tokens.editor)).toEqual([]);
  });

  test('claimedFrom/claimedTo are inclusive days and leave out undated claims', async () => {
    expect(await ids({ claimedFrom: '2018-09-27', claimedTo: '2018-09-27' }, n.tokens.editor)).toEqual(sorted([c.draft.id, c.pubTrue.id]));
    expect(await ids({ claimedTo: '2018-09-26' }, n.tokens.editor)).toEqual([c.pubFalseFr.id]);
    expect(await ids({ claimedFrom: '2018-06-12' }, n.tokens.editor)).toEqual(sorted([c.draft.id, c.pubTrue.id, c.pubFalseFr.id]));
    expect(await ids({ claimedFrom: '2018-09-28' }, n.tokens.editor)).toEqual([]);
  });

  test('claimedFrom after claimedTo is BAD_USER_INPUT; an impossible day is refused', async () => {
    const reversed = await app.fails(IDS, { filter: { claimedFrom: '2018-10-01', claimedTo: '2018-09-01' } });
    expect(reversed.code).toBe('BAD_USER_INPUT');
    expect(reversed.message).toMatch(/claimedTo/);
    expect((await app.fails(IDS, { filter: { claimedFrom: '2018-02-30' } })).code).toBe('BAD_USER_INPUT');
  });

  test('language filter', async () => {
    expect(await ids({ language: 'fr' })).toEqual([c.pubFalseFr.id]);
    expect(await ids({ language: 'en' })).toEqual(sorted([c.pubTrue.id, c.pubResolved.id]));
  });

  test('assigneeId and assignedToMe find the claims assigned to a user', async () => {
    expect(await ids({ assigneeId: n.ids.checker }, n.tokens.editor)).toEqual([c.inReview.id]);
    expect(await ids({ assignedToMe: true }, n.tokens.checker)).toEqual([c.inReview.id]);
    expect(await ids({ assignedToMe: true }, n.tokens.editor)).toEqual([]);
    expect(await ids({ assignedToMe: false }, n.tokens.editor)).toEqual(all());
  });

  test('assignee filters are staff only: anonymous readers get FORBIDDEN, not an empty list', async () => {
    expect((await app.fails(IDS, { filter: { assignedToMe: true } })).code).toBe('FORBIDDEN');
    expect((await app.fails(IDS, { filter: { assigneeId: n.ids.checker } })).code).toBe('FORBIDDEN');
  });

  test('all filter fields must hold at once', async () => {
    expect(await ids({ claimantId: n.actorId, reviewStatus: ['PUBLISHED'] }, n.tokens.editor)).toEqual([c.pubTrue.id]);
    expect(await ids({ claimantId: riId, language: 'en', reviewStatus: ['PUBLISHED'] }, n.tokens.editor)).toEqual([]);
    expect(await ids({ topic: 'sanctions', claimedFrom: '2018-01-01', reviewStatus: ['DRAFT'] }, n.tokens.editor)).toEqual([c.draft.id]);
  });

  test('claim(id): an unknown id and a malformed id both answer null without an error', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "x'; DROP TABLE claims; --", '12345', '']) {
      const res = await app.gql<{ claim: unknown }>(`query($id: ID!) { claim(id: $id) { id } }`, { id }, n.tokens.editor);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ claim: null });
    }
  });

  test('claim(id): public readers get null for claims that are not published; staff get them', async () => {
    const q = `query($id: ID!) { claim(id: $id) { id reviewStatus } }`;
    for (const ref of [c.draft, c.inReview, c.pending, c.archived]) {
      expect(await app.ok(q, { id: ref.id })).toEqual({ claim: null });
      expect((await app.ok<{ claim: { id: string } }>(q, { id: ref.id }, n.tokens.auditor)).claim.id).toBe(ref.id);
    }
    expect(await app.ok(q, { id: c.pubTrue.id })).toEqual({ claim: { id: c.pubTrue.id, reviewStatus: 'PUBLISHED' } });
  });

  test('actor { claims } shows the public only published claims of that actor, staff all of them', async () => {
    const q = `query($id: ID!) { actor(id: $id) { name claims(first: 50) { totalCount nodes { id } } } }`;
    const pub = await app.ok<{ actor: { claims: { totalCount: number; nodes: { id: string }[] } } }>(q, { id: n.actorId });
    expect(pub.actor.claims.nodes.map((x) => x.id)).toEqual([c.pubTrue.id]);
    expect(pub.actor.claims.totalCount).toBe(1);
    const staff = await app.ok<{ actor: { claims: { totalCount: number; nodes: { id: string }[] } } }>(q, { id: n.actorId }, n.tokens.checker);
    expect(sorted(staff.actor.claims.nodes.map((x) => x.id))).toEqual(sorted([c.draft.id, c.pubTrue.id, c.archived.id]));
    expect(staff.actor.claims.totalCount).toBe(3);
  });

  test('actor { claims } stays within the actor even when the filter names another claimant', async () => {
    const q = `query($id: ID!, $other: ID!) { actor(id: $id) { claims(filter: { claimantId: $other }) { nodes { id } } } }`;
    const data = await app.ok<{ actor: { claims: { nodes: { id: string }[] } } }>(q, { id: riId, other: n.actorId }, n.tokens.editor);
    expect(sorted(data.actor.claims.nodes.map((x) => x.id))).toEqual(sorted([c.inReview.id, c.pubFalseFr.id]));
  });

  test('actors { claims } through the list: public counts cover published claims only', async () => {
    const q = `{ actors(first: 10) { nodes { id claims { totalCount nodes { reviewStatus } } } } }`;
    const pub = await app.ok<{ actors: { nodes: { id: string; claims: { totalCount: number; nodes: { reviewStatus: string }[] } }[] } }>(q);
    const counts = Object.fromEntries(pub.actors.nodes.map((a) => [a.id, a.claims.totalCount]));
    expect(counts).toEqual({ [n.actorId]: 1, [riId]: 1 });
    for (const a of pub.actors.nodes) expect(a.claims.nodes.every((x) => x.reviewStatus === 'PUBLISHED')).toBe(true);
    const staff = await app.ok<typeof pub>(q, {}, n.tokens.editor);
    expect(Object.fromEntries(staff.actors.nodes.map((a) => [a.id, a.claims.totalCount]))).toEqual({ [n.actorId]: 3, [riId]: 2 });
  });

  test('source { claims } shows the public only published claims that first appeared there', async () => {
    const q = `query($id: ID!) { source(id: $id) { title claims { totalCount nodes { id } } } }`;
    const pub = await app.ok<{ source: { claims: { totalCount: number; nodes: { id: string }[] } } }>(q, { id: speechId });
    expect(pub.source.claims).toEqual({ totalCount: 1, nodes: [{ id: c.pubTrue.id }] });
    const staff = await app.ok<typeof pub>(q, { id: speechId }, n.tokens.auditor);
    expect(sorted(staff.source.claims.nodes.map((x) => x.id))).toEqual(sorted([c.draft.id, c.pubTrue.id]));
    expect(staff.source.claims.totalCount).toBe(2);
  });

  test('nested claims also hide drafts when reached through a published claim', async () => {
    const q = `query($id: ID!) { claim(id: $id) { claimant { claims { nodes { id reviewStatus } } } firstAppearance { claims { nodes { id } } } } }`;
    const data = await app.ok<{ claim: { claimant: { claims: { nodes: { id: string }[] } }; firstAppearance: { claims: { nodes: { id: string }[] } } } }>(q, {
      id: c.pubTrue.id,
    });
    expect(data.claim.claimant.claims.nodes.map((x) => x.id)).toEqual([c.pubTrue.id]);
    expect(data.claim.firstAppearance.claims.nodes.map((x) => x.id)).toEqual([c.pubTrue.id]);
  });
});

// ------------------------------------------------------------------------------------------------
describe('pagination', () => {
  const MAX = 25;
  const TOPIC = 'paging';
  const COUNT = 46;
  const PUBLISHED = 14;
  let app: TestApp;
  let n: Newsroom;
  let token: string;
  /** Every claim of the data set with its sort keys, as the API reports them. */
  let rowsById: Map<string, Row>;

  interface Row {
    id: string;
    text: string;
    createdAt: string;
    updatedAt: string;
    publishedAt: string | null;
    claimedOn: string | null;
  }

  const page = async (vars: Record<string, unknown>, as: string | undefined = token) =>
    (await app.ok<{ claims: Page }>(PAGE, { ...vars, filter: { topic: TOPIC, ...(vars.filter as object) } }, as)).claims;

  /** Follows endCursor from the first page to the last; every page is checked for consistency. */
  const pageAll = async (vars: Record<string, unknown>, size: number, as?: string) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const p: Page = await page({ ...vars, first: size, after }, as);
      expect(p.nodes).toEqual(p.edges.map((e) => e.node));
      expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
      expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1]?.cursor ?? null);
      seen.push(...p.edges.map((e) => e.node.id));
      if (!p.pageInfo.hasNextPage) return seen;
      expect(p.edges).toHaveLength(size);
      after = p.pageInfo.endCursor;
    }
    throw new Error('paging did not end');
  };

  beforeAll(async () => {
    app = await startTestApp({ maxPageSize: MAX });
    n = await newsroom(app);
    token = n.tokens.editor;
    const checker = staffViewer(n.ids.checker, 'FACT_CHECKER');
    const editor = staffViewer(n.ids.editor, 'EDITOR');
    const s = app.services;
    const made: { id: string; i: number }[] = [];
    await Promise.all(
      Array.from({ length: COUNT }, async (_, i) => {
        // Three wordings, so RELEVANCE has long runs of equal ranks to page through.
        const text = ['The embargo was broken by oil tankers', 'Oil tankers broke the embargo twice, the embargo says', 'Tankers carried oil'][i % 3]!;
        const claim = await s.claims.create(checker, { text: `${text} (case ${i})`, topics: [TOPIC], claimantId: n.actorId });
        if (i < PUBLISHED) {
          await s.evidence.add(checker, claim.id, claim.version, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 3 });
          const submitted = await s.claims.submit(checker, claim.id, claim.version + 1);
          const proposed = await s.claims.proposeVerdict(checker, claim.id, submitted.version, { verdict: 'TRUE', rationale: 'Matches the shipping records.' });
          await s.claims.approve(editor, claim.id, proposed.version);
        }
        made.push({ id: claim.id, i });
      }),
    );
    // Many claims share each sort key: three creation instants, two update instants, two
    // publication instants, and dates where a quarter of the claims have none. The same in the
    // public's copies of the published claims (services/publishedVersions.ts).
    for (const table of ['claims', 'public_claims']) {
      await app.ds.query(
        `UPDATE ${table} c SET
           created_at = timestamptz '2024-03-01 12:00:00Z' + (k.i % 3) * interval '1 second',
           updated_at = timestamptz '2024-03-02 12:00:00Z' + (k.i % 2) * interval '1 minute',
           published_at = CASE WHEN c.published_at IS NULL THEN NULL ELSE timestamptz '2024-03-03 08:00:00Z' + (k.i % 2) * interval '1 hour' END,
           claimed_on = CASE k.i % 4 WHEN 0 THEN NULL WHEN 1 THEN date '2018-09-27' ELSE date '2018-01-01' END
         FROM unnest($1::uuid[], $2::int[]) AS k(id, i) WHERE c.id = k.id`,
        [made.map((m) => m.id), made.map((m) => m.i)],
      );
    }
    // The sort keys as a client reads them, claim by claim (not through the paging under test).
    rowsById = new Map();
    for (const { id } of made) {
      const { claim } = await app.ok<{ claim: Row }>(`query($id: ID!) { claim(id: $id) { id text createdAt updatedAt publishedAt claimedOn } }`, { id }, token);
      rowsById.set(id, claim);
    }
    expect(rowsById.size).toBe(COUNT);
  });
  afterAll(() => app.close());

  /** The order a client must see: the key, then the id, both in the ordering's direction. */
  const expectedOrder = (key: (r: Row) => string | null, descending: boolean, only: (r: Row) => boolean = () => true) =>
    [...rowsById.values()]
      .filter(only)
      .map((r) => ({ id: r.id, key: key(r) ?? '' /* no date sorts first ascending, last descending */ }))
      .sort((a, b) => (a.key === b.key ? (a.id < b.id ? -1 : 1) : a.key < b.key ? -1 : 1) * (descending ? -1 : 1))
      .map((r) => r.id);

  test.each([
    ['NEWEST', (r: Row) => r.createdAt, true],
    ['OLDEST', (r: Row) => r.createdAt, false],
    ['RECENTLY_UPDATED', (r: Row) => r.updatedAt, true],
    ['CLAIMED_ON_DESC', (r: Row) => r.claimedOn, true],
    ['CLAIMED_ON_ASC', (r: Row) => r.claimedOn, false],
  ] as const)('paging through %s yields every claim exactly once, ties broken by id', async (orderBy, key, descending) => {
    const seen = await pageAll({ orderBy }, 7);
    expect(seen).toHaveLength(COUNT);
    expect(new Set(seen).size).toBe(COUNT);
    expect(seen).toEqual(expectedOrder(key, descending));
  });

  test('RECENTLY_PUBLISHED lists only published claims, each once, newest publication first', async () => {
    const seen = await pageAll({ orderBy: 'RECENTLY_PUBLISHED' }, 4);
    expect(seen).toHaveLength(PUBLISHED);
    expect(seen).toEqual(expectedOrder((r) => r.publishedAt, true, (r) => r.publishedAt !== null));
    // Anonymous readers page through the same published claims.
    expect(await pageAll({ orderBy: 'RECENTLY_PUBLISHED' }, 4, '')).toEqual(seen);
  });

  test('paging through RELEVANCE with long runs of equal ranks yields every match exactly once', async () => {
    const ranked: { id: string; searchRank: number }[] = [];
    let after: string | null = null;
    do {
      const res: { claims: { edges: { node: { id: string; searchRank: number } }[]; pageInfo: Page['pageInfo'] } } = await app.ok(
        `query($after: String) { claims(filter: { topic: "${TOPIC}", search: "embargo" }, first: 5, after: $after) {
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id searchRank } } } }`,
        { after },
        token,
      );
      ranked.push(...res.claims.edges.map((e) => e.node));
      after = res.claims.pageInfo.hasNextPage ? res.claims.pageInfo.endCursor : null;
    } while (after);
    const matching = [...rowsById.values()].filter((r) => r.text.includes('embargo'));
    expect(ranked).toHaveLength(matching.length);
    expect(new Set(ranked.map((r) => r.id))).toEqual(new Set(matching.map((r) => r.id)));
    // Best match first (two mentions beat one), then by id, descending.
    const expected = [...ranked].sort((a, b) => b.searchRank - a.searchRank || (a.id < b.id ? 1 : -1));
    expect(ranked).toEqual(expected);
    expect(new Set(ranked.map((r) => r.searchRank)).size).toBe(2);
  });

  test('the first page: first items, hasNextPage, no previous page, cursors at both ends', async () => {
    const p = await page({ first: 10 });
    expect(p.totalCount).toBe(COUNT);
    expect(p.edges).toHaveLength(10);
    expect(p.edges.map((e) => e.node.id)).toEqual(expectedOrder((r) => r.createdAt, true).slice(0, 10));
    expect(p.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: p.edges[0]!.cursor, endCursor: p.edges[9]!.cursor });
  });

  test('without first a page holds 20 claims', async () => {
    expect((await page({})).edges).toHaveLength(20);
  });

  test('the last page: the rest of the claims and hasNextPage false, also when it is exactly full', async () => {
    const order = expectedOrder((r) => r.createdAt, true);
    const first = await page({ first: 20 });
    const second = await page({ first: 20, after: first.pageInfo.endCursor });
    const last = await page({ first: 20, after: second.pageInfo.endCursor });
    expect(last.edges.map((e) => e.node.id)).toEqual(order.slice(40));
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(last.pageInfo.hasPreviousPage).toBe(true);
    // A page that ends exactly at the last claim has no next page …
    const exact = await page({ first: COUNT - 40, after: second.pageInfo.endCursor });
    expect(exact.edges).toHaveLength(COUNT - 40);
    expect(exact.pageInfo.hasNextPage).toBe(false);
    // … and one that stops a claim short has.
    const short = await page({ first: COUNT - 41, after: second.pageInfo.endCursor });
    expect(short.pageInfo.hasNextPage).toBe(true);
  });

  test('a cursor past the end gives an empty page, not an error', async () => {
    const lastId = expectedOrder((r) => r.createdAt, true).at(-1)!;
    const tail = await page({ first: 1, offset: COUNT - 1 });
    expect(tail.edges.map((e) => e.node.id)).toEqual([lastId]);
    expect(tail.pageInfo.hasNextPage).toBe(false);
    const beyond = await page({ first: 10, after: tail.pageInfo.endCursor });
    expect(beyond.edges).toEqual([]);
    expect(beyond.nodes).toEqual([]);
    expect(beyond.totalCount).toBe(COUNT);
    expect(beyond.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  test('a cursor that is not one the API issued is BAD_USER_INPUT', async () => {
    const someId = [...rowsById.keys()][0]!;
    const forged = [
      'not a cursor',
      '!!!',
      cursorOf({ order: 'NEWEST' }),
      cursorOf(['NEWEST', '2024-03-01 12:00:00+00']),
      cursorOf(['NEWEST', '2024-03-01 12:00:00+00', 'not-an-id']),
      cursorOf(['NEWEST', 42, someId]),
    ];
    for (const after of forged) {
      const err = await app.fails(PAGE, { first: 5, after, filter: { topic: TOPIC } }, token);
      expect({ after, code: err.code }).toEqual({ after, code: 'BAD_USER_INPUT' });
    }
  });

  test('a tampered cursor whose sort key is not a value of its ordering is BAD_USER_INPUT, not a server error', async () => {
    const someId = [...rowsById.keys()][0]!;
    for (const [orderBy, key] of [
      ['NEWEST', 'not a time'],
      ['CLAIMED_ON_ASC', '2018-02-30'],
      ['RELEVANCE', 'very relevant'],
    ] as const) {
      const filter = orderBy === 'RELEVANCE' ? { topic: TOPIC, search: 'embargo' } : { topic: TOPIC };
      const err = await app.fails(PAGE, { first: 5, orderBy, filter, after: cursorOf([orderBy, key, someId]) }, token);
      expect({ orderBy, code: err.code }).toEqual({ orderBy, code: 'BAD_USER_INPUT' });
    }
  });

  test('a cursor from another ordering is refused with BAD_USER_INPUT naming the ordering it came from', async () => {
    const newest = await page({ first: 5, orderBy: 'NEWEST' });
    const err = await app.fails(PAGE, { first: 5, orderBy: 'OLDEST', after: newest.pageInfo.endCursor, filter: { topic: TOPIC } }, token);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.message).toMatch(/NEWEST/);
    // A cursor from another list (actors by name) is refused the same way.
    const { actors } = await app.ok<{ actors: { pageInfo: { endCursor: string } } }>(`{ actors(first: 1) { pageInfo { endCursor } } }`, {}, token);
    expect((await app.fails(PAGE, { first: 5, after: actors.pageInfo.endCursor }, token)).code).toBe('BAD_USER_INPUT');
  });

  test('first above the maximum page size is PAGE_SIZE_EXCEEDED with the maximum; the maximum itself is served', async () => {
    const err = await app.fails(PAGE, { first: MAX + 1 }, token);
    expect(err.code).toBe('PAGE_SIZE_EXCEEDED');
    expect(err.extensions.maximum).toBe(MAX);
    expect((await page({ first: MAX })).edges).toHaveLength(MAX);
    // Nested connections obey the same limit.
    const nested = await app.fails(`query($id: ID!) { actor(id: $id) { claims(first: ${MAX + 1}) { totalCount } } }`, { id: n.actorId }, token);
    expect(nested.code).toBe('PAGE_SIZE_EXCEEDED');
  });

  test('a negative first or offset is BAD_USER_INPUT', async () => {
    expect((await app.fails(PAGE, { first: -1 }, token)).code).toBe('BAD_USER_INPUT');
    expect((await app.fails(PAGE, { first: 5, offset: -3 }, token)).code).toBe('BAD_USER_INPUT');
  });

  test('first: 0 returns no claims but still counts them', async () => {
    const p = await page({ first: 0 });
    expect(p.edges).toEqual([]);
    expect(p.totalCount).toBe(COUNT);
  });

  test('offset without after skips from the start and reports a previous page', async () => {
    const order = expectedOrder((r) => r.createdAt, true);
    const p = await page({ first: 5, offset: 5 });
    expect(p.edges.map((e) => e.node.id)).toEqual(order.slice(5, 10));
    expect(p.pageInfo.hasPreviousPage).toBe(true);
    expect(p.pageInfo.hasNextPage).toBe(true);
    expect(p.totalCount).toBe(COUNT);
  });

  test('offset with after skips that many claims after the cursor', async () => {
    const order = expectedOrder((r) => r.createdAt, false);
    const first = await page({ first: 10, orderBy: 'OLDEST' });
    const p = await page({ first: 5, orderBy: 'OLDEST', after: first.pageInfo.endCursor, offset: 3 });
    expect(p.edges.map((e) => e.node.id)).toEqual(order.slice(13, 18));
    // Cursors from an offset page continue from where that page ended.
    const next = await page({ first: 5, orderBy: 'OLDEST', after: p.pageInfo.endCursor });
    expect(next.edges.map((e) => e.node.id)).toEqual(order.slice(18, 23));
  });

  test('an offset past the end gives an empty last page', async () => {
    const p = await page({ first: 5, offset: COUNT + 10 });
    expect(p.edges).toEqual([]);
    expect(p.pageInfo.hasNextPage).toBe(false);
  });

  test('totalCount is the size of the whole filtered list, whatever page is asked for', async () => {
    const a = await page({ first: 3, offset: 7 });
    const b = await page({ first: 3, after: a.pageInfo.endCursor, orderBy: 'NEWEST' });
    expect([a.totalCount, b.totalCount]).toEqual([COUNT, COUNT]);
    expect((await page({ first: 3 }, '')).totalCount).toBe(PUBLISHED);
  });

  test('a claim created while a client pages does not repeat or shift the claims after its cursor', async () => {
    const order = expectedOrder((r) => r.createdAt, true);
    const first = await page({ first: 10 });
    const added = await claimIn(app, n, 'DRAFT', 'A brand-new claim filed while someone was paging');
    await app.ok(
      `mutation($id: ID!) { updateClaim(id: $id, expectedVersion: 1, input: { topics: ["${TOPIC}"] }) { id } }`,
      { id: added.id },
      n.tokens.checker,
    );
    const second = await page({ first: 10, after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.id)).toEqual(order.slice(10, 20));
    expect((await page({ first: 1 })).edges[0]!.node.id).toBe(added.id);
  });
});
