import { startTestApp, type TestApp } from '../helpers/app';
import { claimIn, newsroom, type Newsroom } from '../fixtures/newsroom';

/**
 * The public fast path must be invisible: for every query it takes, the answer is byte for byte
 * what Apollo and the resolvers give on the same data, in one SQL statement; whatever it cannot
 * answer falls through to the normal path unchanged.
 */
let fast: TestApp;
let normal: TestApp;
let n: Newsroom;
let apiKey: string;

beforeAll(async () => {
  fast = await startTestApp({ maxPageSize: 50 });
  normal = await startTestApp({ maxPageSize: 50, databaseUrl: fast.databaseUrl, publicFastPath: false });
  n = await newsroom(fast);
  const t = n.tokens;
  const texts = [
    'The oil cap of 500,000 barrels was breached, officials said.',
    'Ship-to-ship transfers of "refined petroleum" continued — ракета, 导弹, emoji 🚢.',
    'A claim with a backslash \\ and a tab\tand a newline\ninside it.',
    'Sanctions were breached again by more imports of petroleum.',
  ];
  for (const [i, text] of texts.entries()) {
    const c = await claimIn(fast, n, 'PUBLISHED', text);
    if (i === 1) {
      // Reopened for more evidence: one refuting, one private the public must never see.
      let v = (await fast.ok<{ reopenClaim: { version: number } }>(
        `mutation($id: ID!, $v: Int!) { reopenClaim(id: $id, expectedVersion: $v, reason: "more evidence") { version } }`,
        { id: c.id, v: c.version },
        t.editor,
      )).reopenClaim.version;
      for (const input of [
        { url: 'https://example.org/refute', stance: 'REFUTES', reliability: 2, excerpt: 'It did not, says "X".' },
        { url: 'https://example.org/private', stance: 'CONTEXT', reliability: 3, isPublic: false },
      ]) {
        v = (await fast.ok<{ addEvidence: { claim: { version: number } } }>(
          `mutation($id: ID!, $v: Int!, $i: AddEvidenceInput!) { addEvidence(claimId: $id, expectedVersion: $v, input: $i) { claim { version } } }`,
          { id: c.id, v, i: input },
          t.checker,
        )).addEvidence.claim.version;
      }
      v = (await fast.ok<{ proposeVerdict: { version: number } }>(
        `mutation($id: ID!, $v: Int!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: MISLEADING, rationale: "Context changes the picture.") { version } }`,
        { id: c.id, v },
        t.checker,
      )).proposeVerdict.version;
      await fast.ok(`mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { id } }`, { id: c.id, v }, t.editor);
    }
  }
  await claimIn(fast, n, 'DRAFT', 'A draft about oil barrels nobody outside may see.');
  await claimIn(fast, n, 'PENDING_APPROVAL', 'A pending claim about petroleum imports.');
  // Many claims sharing one instant: cursors must still page without gaps in both paths.
  for (const table of ['claims', 'public_claims']) {
    await fast.ds.query(`UPDATE ${table} SET created_at = '2026-01-01T00:00:00.123Z', claimed_on = NULL WHERE review_status = 'PUBLISHED'`);
  }
  const { createApiKey } = await fast.ok<{ createApiKey: { secret: string } }>(`mutation { createApiKey(name: "app") { secret } }`, {}, t.admin);
  apiKey = createApiKey.secret;
});

afterAll(async () => {
  await fast.close();
  await normal.close();
});

async function raw(app: TestApp, body: unknown, token?: string) {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), statements: Number(res.headers.get('x-sql-statements')), type: res.headers.get('content-type') };
}

const FULL_NODE = `id text quote claimedOn context language reviewStatus verdict verdictRationale attributionStatus
  disputeStatus publishedAt version createdAt updatedAt nextActions searchRank asOf importedFrom originalRating correctionInProgress __typename
  claimant { id name kind title country aliases wikidataId version createdAt updatedAt __typename }
  firstAppearance { id title url publisher author publishedOn kind version createdAt updatedAt __typename }
  topics { id slug name __typename }
  evidence { id url excerpt stance reliability createdAt updatedAt __typename source { id title url kind __typename } }`;

const CASES: [string, { query: string; variables?: Record<string, unknown>; operationName?: string }][] = [
  ['every stored field of a page', { query: `{ claims { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename } edges { cursor node { ${FULL_NODE} } __typename } __typename } }` }],
  ['nodes instead of edges', { query: `{ claims(first: 2) { nodes { id text } } }` }],
  ['aliases at every level', { query: `{ list: claims(first: 3) { count: totalCount items: edges { at: cursor claim: node { said: text who: claimant { called: name } proof: evidence { how: stance } } } } }` }],
  ['named fragments, inline fragments and a typename on the connection', {
    query: `query Page { claims(first: 3) { ...Conn } } fragment Conn on ClaimConnection { __typename edges { node { ...C ... on Claim { verdict } } } }
      fragment C on Claim { id text claimant { ...A } } fragment A on Actor { name }`,
  }],
  ['@include and @skip with variables', {
    query: `query($withText: Boolean!, $noVerdict: Boolean!) { claims(first: 3) { edges { node { id text @include(if: $withText) verdict @skip(if: $noVerdict) } } } }`,
    variables: { withText: false, noVerdict: true },
  }],
  ['the operation picked by name', {
    query: `query A { claims(first: 1) { nodes { id } } } query B { claims(first: 2) { nodes { text } } }`,
    operationName: 'B',
  }],
  ['search, best match first, with ranks', { query: `{ claims(filter: { search: "breach" }) { totalCount edges { cursor node { text searchRank } } } }` }],
  ['a search with stemming and another order', { query: `{ claims(filter: { search: "petroleum" }, orderBy: OLDEST) { nodes { text searchRank } } }` }],
  ['filters that match nothing public', { query: `{ claims(filter: { reviewStatus: [DRAFT] }) { totalCount nodes { id } pageInfo { hasNextPage startCursor endCursor } } }` }],
  ['verdict and topic filters', { query: `{ claims(filter: { verdict: [MISLEADING, MOSTLY_TRUE], topic: "sanctions" }) { totalCount nodes { verdict } } }` }],
  ['evidence by stance', { query: `{ claims { nodes { refuting: evidence(stance: REFUTES) { url excerpt } all: evidence { stance } } } }` }],
  ['offsets', { query: `{ claims(first: 2, offset: 1) { pageInfo { hasPreviousPage hasNextPage } nodes { id } } }` }],
  ['every ordering', { query: `{ a: claims(orderBy: RECENTLY_UPDATED) { nodes { id } } }` }],
  ['published order', { query: `{ claims(orderBy: RECENTLY_PUBLISHED, first: 2) { edges { cursor } pageInfo { endCursor } } }` }],
  ['claimed-on order with undated claims', { query: `{ claims(orderBy: CLAIMED_ON_ASC, first: 2) { edges { cursor node { claimedOn } } } }` }],
  ['variables for filters and page size', {
    query: `query($f: ClaimFilter, $n: Int) { claims(filter: $f, first: $n) { totalCount nodes { text } } }`,
    variables: { f: { attributionStatus: ['UNVERIFIED'] }, n: 2 },
  }],
];

describe.each(CASES)('%s', (_name, body) => {
  test('answers the same bytes as the normal path, in one statement', async () => {
    const [a, b] = [await raw(fast, body), await raw(normal, body)];
    expect(JSON.parse(a.text).errors).toBeUndefined();
    expect(a.status).toBe(200);
    expect(a.text).toBe(b.text);
    expect(a.type).toBe(b.type);
    expect(a.statements).toBe(1);
  });
});

test('pages through every claim with cursors exactly like the normal path, also with an API key', async () => {
  for (const token of [undefined, apiKey]) {
    let after: string | null = null;
    const seen: string[] = [];
    for (;;) {
      const body: { query: string; variables: Record<string, unknown> } = {
        query: `query($after: String) { claims(first: 1, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        variables: { after },
      };
      const a = await raw(fast, body, token);
      const b = await raw(normal, body, token);
      expect(a.text).toBe(b.text);
      const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = JSON.parse(a.text).data.claims;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(4);
    expect(seen).toHaveLength(4);
  }
});

test('an API key reader gets the public answer (key lookup plus one statement)', async () => {
  const body = { query: `{ claims { totalCount nodes { text } } }` };
  const [a, b] = [await raw(fast, body, apiKey), await raw(normal, body)];
  expect(a.text).toBe(b.text);
  expect(a.statements).toBeLessThanOrEqual(2);
});

test.each([
  ['a staff-only field', `{ claims { nodes { id internalNote } } }`],
  ['a field that needs code', `{ claims { nodes { id corrections { verdict } } } }`],
  ['a page over the maximum', `{ claims(first: 51) { nodes { id } } }`],
  ['a forged cursor', `{ claims(after: "bm9wZQ") { nodes { id } } }`],
  ['an unknown field', `{ claims { nodes { nonsense } } }`],
  ['two root fields', `{ claims { totalCount } topics { slug } }`],
  ['a bad date in a filter', `{ claims(filter: { claimedFrom: "2018-02-30" }) { totalCount } }`],
])('%s goes down the normal path and gets the same answer', async (_name, query) => {
  const [a, b] = [await raw(fast, { query }), await raw(normal, { query })];
  expect(a.status).toBe(b.status);
  expect(a.text).toBe(b.text);
});

test('staff get their own view, not the public one', async () => {
  const body = { query: `{ claims { totalCount } }` };
  const [pub, staff] = [await raw(fast, body), await raw(fast, body, n.tokens.editor)];
  expect(JSON.parse(pub.text).data.claims.totalCount).toBe(4);
  expect(JSON.parse(staff.text).data.claims.totalCount).toBe(6);
});

test('a bad token is refused rather than read as public', async () => {
  const res = await raw(fast, { query: `{ claims { totalCount } }` }, 'clk_not-a-key');
  expect(res.status).toBe(401);
  expect(JSON.parse(res.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
});
