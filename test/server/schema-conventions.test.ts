import { isNonNullType, isObjectType } from 'graphql';
import { buildSchema, mustBeNullable } from '../../server/resolvers';
import { claimIn, type ClaimRef } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

/**
 * The schema's conventions for client apps (issue 12, §2 and §4): a refused field answers null
 * at its own path without erasing its parents.
 */

const { app, n } = useNewsroom();
let apiKey: string;

beforeAll(async () => {
  await claimIn(app, n, 'PUBLISHED');
  ({ createApiKey: { secret: apiKey } } = await app.ok<{ createApiKey: { secret: string } }>(
    `mutation { createApiKey(name: "Partner widget") { secret } }`,
    {},
    n.tokens.admin,
  ));
});

describe('a field the reader may not see', () => {
  it('answers null with one error at its own path; the claims around it stay', async () => {
    const query = `{ claims(first: 1) { edges { node { id nextActions history { seq } } } } }`;
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [apiKey, 'FORBIDDEN'],
    ] as const) {
      const res = await app.gql<{ claims: { edges: { node: { id: string; nextActions: string[]; history: null } }[] } }>(query, {}, token);
      expect(res.data!.claims.edges).toEqual([{ node: { id: expect.any(String), nextActions: [], history: null } }]);
      expect(res.errors!.map((e) => [e.path, e.extensions.code])).toEqual([[['claims', 'edges', 0, 'node', 'history'], code]]);
    }
  });

  it('a staff fragment shared with the public: the public part answers, each staff field is null with its error', async () => {
    const res = await app.gql<{ claim: Record<string, unknown> }>(
      `query($id: ID!) { claim(id: $id) { ...Public ...Newsroom } }
       fragment Public on Claim { id text verdict }
       fragment Newsroom on Claim { disputes { id } history { seq } internalNote assignee { id } }`,
      { id: (await app.ok<{ claims: { nodes: { id: string }[] } }>(`{ claims(first: 1) { nodes { id } } }`)).claims.nodes[0]!.id },
      apiKey,
    );
    expect(res.data!.claim).toMatchObject({ text: expect.any(String), verdict: expect.any(String), disputes: null, history: null, internalNote: null, assignee: null });
    expect(res.errors!.map((e) => e.path!.at(-1)).sort()).toEqual(['assignee', 'disputes', 'history', 'internalNote']);
  });

  it('a staff-only root field next to a public one leaves the public one', async () => {
    const res = await app.gql<{ claims: { totalCount: number }; disputes: null }>(`{ claims { totalCount } disputes { totalCount } }`);
    expect(res.data).toEqual({ claims: { totalCount: 1 }, disputes: null });
    expect(res.errors!.map((e) => [e.path, e.extensions.code])).toEqual([[['disputes'], 'UNAUTHENTICATED']]);
  });

  it('every field some readers of its parent may not see is nullable (checked when the schema is built)', () => {
    const schema = buildSchema();
    const restricted: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!mustBeNullable(schema, type.name, field.name)) continue;
        restricted.push(`${type.name}.${field.name}`);
        expect(isNonNullType(field.type)).toBe(false);
      }
    }
    expect(restricted).toEqual(expect.arrayContaining(['Claim.disputes', 'Claim.history', 'Query.disputes', 'Query.auditLog', 'Evidence.note', 'User.email']));
  });
});

/** A published claim (MOSTLY_TRUE) corrected to TRUE: its first published version and the instant after it. */
async function corrected(): Promise<{ id: string; first: ClaimRef; firstSeen: string; now: ClaimRef }> {
  const first = await claimIn(app, n, 'PUBLISHED');
  const firstSeen = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  const t = n.tokens;
  let v = (await app.ok<{ reopenClaim: ClaimRef }>(`mutation($id: ID!, $v: Int!) { reopenClaim(id: $id, expectedVersion: $v, reason: "New figures") { version } }`, { id: first.id, v: first.version }, t.editor)).reopenClaim.version;
  v = (await app.ok<{ proposeVerdict: ClaimRef }>(`mutation($id: ID!, $v: Int!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: TRUE, rationale: "Confirmed.") { version } }`, { id: first.id, v }, t.checker)).proposeVerdict.version;
  const now = (await app.ok<{ approveVerdict: ClaimRef }>(`mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { id version } }`, { id: first.id, v }, t.editor)).approveVerdict;
  return { id: first.id, first, firstSeen, now };
}

describe('a claim as it was (ClaimRevision)', () => {
  const REVISION = `query($id: ID!, $asOf: DateTime, $version: Int) { claimRevision(claimId: $id, asOf: $asOf, version: $version) {
    id claimId version recordedAt verdict reviewStatus claim { id verdict } topics { id slug } evidence { evidenceId stance source { id } } } }`;
  type Revision = { id: string; claimId: string; version: number; verdict: string; reviewStatus: string; claim: { id: string; verdict: string }; topics: { id: string; slug: string }[]; evidence: { evidenceId: string; stance: string; source: { id: string } }[] };

  it('has its own id (claim id @ version) and links to the live claim, by instant or by version', async () => {
    const c = await corrected();
    const byInstant = (await app.ok<{ claimRevision: Revision }>(REVISION, { id: c.id, asOf: c.firstSeen })).claimRevision;
    expect(byInstant).toMatchObject({ id: `${c.id}@${c.first.version}`, claimId: c.id, version: c.first.version, verdict: 'MOSTLY_TRUE', reviewStatus: 'PUBLISHED', claim: { id: c.id, verdict: 'TRUE' } });
    expect(byInstant.topics).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), slug: 'sanctions' }]);
    expect(byInstant.evidence).toEqual([{ evidenceId: expect.any(String), stance: 'SUPPORTS', source: { id: n.sourceId } }]);
    expect((await app.ok<{ claimRevision: Revision }>(REVISION, { id: c.id, version: c.first.version })).claimRevision).toEqual(byInstant);
  });

  it('public readers get only published versions; asOf and version together are refused', async () => {
    const c = await corrected();
    expect((await app.ok<{ claimRevision: null }>(REVISION, { id: c.id, version: c.first.version + 1 })).claimRevision).toBeNull();
    expect((await app.ok<{ claimRevision: Revision }>(REVISION, { id: c.id, version: c.first.version + 1 }, n.tokens.editor)).claimRevision.reviewStatus).toBe('IN_REVIEW');
    expect((await app.ok<{ claimRevision: null }>(REVISION, { id: c.id, version: c.now.version + 1 }, n.tokens.editor)).claimRevision).toBeNull();
    expect((await app.fails(REVISION, { id: c.id, version: 1, asOf: c.firstSeen })).code).toBe('BAD_USER_INPUT');
    expect((await app.fails(REVISION, { id: c.id })).code).toBe('BAD_USER_INPUT');
  });

  it('the deprecated claim(id, asOf) still answers the past state', async () => {
    const c = await corrected();
    const { claim } = await app.ok<{ claim: { id: string; verdict: string; asOf: string } }>(`query($id: ID!, $asOf: DateTime) { claim(id: $id, asOf: $asOf) { id verdict asOf } }`, { id: c.id, asOf: c.firstSeen });
    expect(claim).toEqual({ id: c.id, verdict: 'MOSTLY_TRUE', asOf: c.firstSeen });
  });
});

describe('global object identification (Node)', () => {
  it('node(id:) resolves every entity type by the ids clients already have; nodes(ids:) keeps the order', async () => {
    const c = await corrected();
    const t = n.tokens;
    const dispute = (await app.ok<{ openDispute: { id: string } }>(`mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "The figures are wrong" }) { id } }`, { id: c.id }, t.checker)).openDispute;
    const key = (await app.ok<{ createApiKey: { apiKey: { id: string } } }>(`mutation { createApiKey(name: "Node test") { apiKey { id } } }`, {}, t.admin)).createApiKey.apiKey;
    const { claim } = await app.ok<{ claim: { evidence: { id: string }[]; topics: { id: string }[]; history: { id: string }[] } }>(
      `query($id: ID!) { claim(id: $id) { evidence { id } topics { id } history { id } } }`,
      { id: c.id },
      t.admin,
    );
    const expected: [string, string][] = [
      [c.id, 'Claim'],
      [`${c.id}@${c.first.version}`, 'ClaimRevision'],
      [n.actorId, 'Actor'],
      [n.sourceId, 'Source'],
      [claim.evidence[0]!.id, 'Evidence'],
      [claim.topics[0]!.id, 'Topic'],
      [dispute.id, 'Dispute'],
      [n.ids.checker, 'User'],
      [key.id, 'ApiKey'],
      [claim.history[0]!.id, 'HistoryEvent'],
    ];
    for (const [id, type] of expected) {
      const { node } = await app.ok<{ node: { __typename: string; id: string } }>(`query($id: ID!) { node(id: $id) { __typename id } }`, { id }, t.admin);
      expect(node).toEqual({ __typename: type, id });
    }
    const ids = expected.map(([id]) => id);
    const { nodes } = await app.ok<{ nodes: ({ __typename: string; id: string } | null)[] }>(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: [...ids, 'nonsense'] }, t.admin);
    expect(nodes).toEqual([...expected.map(([id, __typename]) => ({ __typename, id })), null]);

    // The public sees the published claim and what it shows; staff-only types and drafts are null, without errors.
    const draft = await claimIn(app, n, 'DRAFT');
    const asPublic = await app.gql<{ nodes: ({ __typename: string } | null)[] }>(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }`, { ids: [...ids, draft.id] });
    expect(asPublic.errors).toBeUndefined();
    expect(asPublic.data!.nodes.map((x) => x?.__typename ?? null)).toEqual(['Claim', 'ClaimRevision', 'Actor', 'Source', 'Evidence', 'Topic', null, null, null, null, null]);
  });

  it('a fragment on the live claim through node and through claim(id) reads the same object', async () => {
    const c = await corrected();
    const q = `query($id: ID!) { node(id: $id) { ... on Claim { id verdict } } claim(id: $id) { id verdict } }`;
    const data = await app.ok<{ node: unknown; claim: unknown }>(q, { id: c.id });
    expect(data.node).toEqual(data.claim);
  });

  it('more ids than a page holds are refused with the maximum', async () => {
    const e = await app.fails(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array.from({ length: 101 }, (_, i) => String(i + 1)) });
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'ids', maximum: 100 } });
  });
});

describe('connections', () => {
  it('Source.citations pages through all the evidence citing a source, past the 200 the old list stopped at', async () => {
    const c = await claimIn(app, n, 'IN_REVIEW');
    const source = (await app.ok<{ createSource: { id: string } }>(`mutation { createSource(input: { title: "A much-cited report" }) { id } }`, {}, n.tokens.checker)).createSource.id;
    // Written straight to the table: 205 additions through the API would only make this test slow.
    await app.ds.query(
      `INSERT INTO evidence (claim_id, source_id, stance, reliability, is_public, created_at, updated_at)
       SELECT $1, $2, 'CONTEXT', 3, true, now() - make_interval(secs => g), now() FROM generate_series(1, 205) g`,
      [c.id, source],
    );
    const PAGE = `query($id: ID!, $after: String) { source(id: $id) { citations(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string }[] } = (
        await app.ok<{ source: { citations: never } }>(PAGE, { id: source, after }, n.tokens.checker)
      ).source.citations;
      expect(page.totalCount).toBe(205);
      seen.push(...page.nodes.map((e) => e.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(205);
    const old = await app.ok<{ source: { evidence: unknown[] } }>(`query($id: ID!) { source(id: $id) { evidence { id } } }`, { id: source }, n.tokens.checker);
    expect(old.source.evidence).toHaveLength(200);
    // The claim is not published: the public sees none of it.
    expect((await app.ok<{ source: { citations: { totalCount: number } } | null }>(`query($id: ID!) { source(id: $id) { citations { totalCount } } }`, { id: source })).source).toBeNull();
  });
});

describe('mutations: one input, a payload', () => {
  it('claimSubmit … claimApproveVerdict take one input and answer a payload; the history names the change as before', async () => {
    const c = await claimIn(app, n, 'IN_REVIEW');
    const t = n.tokens;
    const proposed = (
      await app.ok<{ claimProposeVerdict: { claim: ClaimRef & { reviewStatus: string } } }>(
        `mutation($i: ClaimProposeVerdictInput!) { claimProposeVerdict(input: $i) { claim { id version reviewStatus } } }`,
        { i: { claimId: c.id, expectedVersion: c.version, verdict: 'FALSE', rationale: 'The panel found otherwise.' } },
        t.checker,
      )
    ).claimProposeVerdict.claim;
    expect(proposed).toEqual({ id: c.id, version: c.version + 1, reviewStatus: 'PENDING_APPROVAL' });
    const stale = await app.fails(`mutation($i: ClaimApproveVerdictInput!) { claimApproveVerdict(input: $i) { claim { id } } }`, { i: { claimId: c.id, expectedVersion: c.version } }, t.editor);
    expect(stale.code).toBe('CONFLICT');
    const { claimApproveVerdict } = await app.ok<{ claimApproveVerdict: { claim: { verdict: string; history: { action: string }[] } } }>(
      `mutation($i: ClaimApproveVerdictInput!) { claimApproveVerdict(input: $i) { claim { verdict history { action } } } }`,
      { i: { claimId: c.id, expectedVersion: proposed.version } },
      t.editor,
    );
    expect(claimApproveVerdict.claim.verdict).toBe('FALSE');
    expect(claimApproveVerdict.claim.history.slice(-2).map((h) => h.action)).toEqual(['proposeVerdict', 'approveVerdict']);
  });
});
