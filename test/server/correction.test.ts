import { startTestApp, type TestApp } from '../helpers/app';
import { claimIn, newsroom, type ClaimRef, type Newsroom } from '../fixtures/newsroom';

/**
 * A correction never makes a published verdict disappear (issue 13 §1). One claim walks through
 * publish → reopen → edit (text, evidence) → propose → republish → archive, and at every step
 * every public path answers the last published version with the in-progress signal, never null,
 * 404 or the draft: the public fast path (anonymous and with an API key, byte for byte the same
 * as the normal path), the normal GraphQL path, search, the ClaimReview feed and document,
 * `claimRevision` and `claim(id, asOf)`. Staff meanwhile read the working copy. Archiving leaves
 * a tombstone.
 */
let fast: TestApp;
let normal: TestApp;
let n: Newsroom;
let apiKey: string;

beforeAll(async () => {
  fast = await startTestApp();
  normal = await startTestApp({ databaseUrl: fast.databaseUrl, publicFastPath: false });
  n = await newsroom(fast);
  apiKey = (await fast.ok<{ createApiKey: { secret: string } }>(`mutation { createApiKey(name: "reader app") { secret } }`, {}, n.tokens.admin)).createApiKey
    .secret;
});

afterAll(async () => {
  await fast.close();
  await normal.close();
});

interface Shown {
  text: string;
  verdict: string | null;
  reviewStatus: string;
  correctionInProgress: boolean;
  evidence: { excerpt: string | null }[];
}

const NODE = 'id text verdict reviewStatus correctionInProgress evidence { excerpt }';

async function post(app: TestApp, query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return res.text();
}

const WORDS = 'hydrofoil tankers';
const ORIGINAL = `Forty ${WORDS} crossed the strait in March.`;
const CORRECTED = `Twelve ${WORDS} crossed the strait in March.`;

/** What each public path shows of claim `id`, checked to agree with each other on the way. */
async function publicPaths(id: string): Promise<{ shown: Shown; listed: boolean; searched: boolean; feed: boolean; document: Record<string, unknown> | null; status: number }> {
  // The fast path's `claims` (anonymous and with an API key) is byte for byte the normal path's.
  const list = `query($ids: [ID!]) { claims(filter: { ids: $ids }) { totalCount nodes { ${NODE} } } }`;
  const search = `query($s: String!) { claims(filter: { search: $s }) { nodes { id text } } }`;
  for (const [query, vars] of [
    [list, { ids: [id] }],
    [search, { s: WORDS }],
  ] as const) {
    const expected = await post(normal, query, vars);
    expect(await post(fast, query, vars)).toBe(expected);
    expect(await post(fast, query, vars, apiKey)).toBe(expected);
  }
  const { claims } = await fast.ok<{ claims: { nodes: (Shown & { id: string })[] } }>(list, { ids: [id] });
  const { claims: found } = await fast.ok<{ claims: { nodes: { id: string }[] } }>(search, { s: WORDS });

  // The normal path: claim(id) with a field only the resolvers answer.
  const { claim } = await fast.ok<{ claim: (Shown & { corrections: unknown[] }) | null }>(
    `query($id: ID!) { claim(id: $id) { ${NODE} corrections { verdict } } }`,
    { id },
  );
  // Listed by the normal path too (a field the fast path hands over).
  const { claims: viaResolvers } = await fast.ok<{ claims: { nodes: { id: string; corrections: unknown[] }[] } }>(
    `query($ids: [ID!]) { claims(filter: { ids: $ids }) { nodes { id corrections { verdict } } } }`,
    { ids: [id] },
  );
  expect(viaResolvers.nodes.map((c) => c.id)).toEqual(claims.nodes.map((c) => c.id));

  const feed = (await (await fetch(`${fast.url}/claimreview.jsonld`)).json()) as { dataFeedElement: { url: string }[] };
  const res = await fetch(`${fast.url}/claimreview/${id}.jsonld`);
  return {
    shown: claim as Shown,
    listed: claims.nodes.length === 1,
    searched: found.nodes.some((c) => c.id === id),
    feed: feed.dataFeedElement.some((r) => r.url.includes(id)),
    document: res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null,
    status: res.status,
  };
}

/** What the public read at `instant`, through claimRevision and the deprecated claim(id, asOf). */
async function publicPast(id: string, instant: string) {
  const { claimRevision, claim } = await fast.ok<{
    claimRevision: { text: string; verdict: string | null; evidence: { excerpt: string | null }[] } | null;
    claim: { text: string; verdict: string | null; correctionInProgress: boolean } | null;
  }>(
    `query($id: ID!, $t: DateTime!) {
       claimRevision(claimId: $id, asOf: $t) { text verdict evidence { excerpt } }
       claim(id: $id, asOf: $t) { text verdict correctionInProgress }
     }`,
    { id, t: instant },
  );
  return { revision: claimRevision, claim };
}

const staffView = async (id: string) =>
  (await fast.ok<{ claim: Shown & { version: number } }>(`query($id: ID!) { claim(id: $id) { ${NODE} version } }`, { id }, n.tokens.editor)).claim;

const mutate = async <T>(query: string, vars: Record<string, unknown>, who: 'checker' | 'editor' | 'editor2') =>
  fast.ok<T>(query, vars, n.tokens[who]);

test('publish → reopen → edit → republish → archive: every public path shows the published version throughout', async () => {
  // Published: the original text, MOSTLY_TRUE, one piece of evidence with an excerpt.
  let c: ClaimRef = await claimIn(fast, n, 'IN_REVIEW', ORIGINAL);
  const staffFirst = await staffView(c.id);
  expect(staffFirst.evidence).toHaveLength(1);
  const { claim: withEvidence } = await fast.ok<{ claim: { evidence: { id: string }[] } }>(
    `query($id: ID!) { claim(id: $id) { evidence { id } } }`,
    { id: c.id },
    n.tokens.checker,
  );
  const firstEvidence = withEvidence.evidence[0]!.id;
  c = (await mutate<{ updateEvidence: { claim: ClaimRef } }>(
    `mutation($id: ID!, $v: Int!) { updateEvidence(id: $id, expectedVersion: $v, input: { excerpt: "Port logs, March" }) { claim { id version } } }`,
    { id: firstEvidence, v: c.version },
    'checker',
  )).updateEvidence.claim;
  c = (await mutate<{ proposeVerdict: ClaimRef }>(
    `mutation($id: ID!, $v: Int!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: MOSTLY_TRUE, rationale: "The port logs agree.") { id version } }`,
    { id: c.id, v: c.version },
    'checker',
  )).proposeVerdict;
  const before = await publicPaths(c.id);
  expect(before).toMatchObject({ shown: null, listed: false, searched: false, feed: false, status: 404 });
  c = (await mutate<{ approveVerdict: ClaimRef }>(`mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { id version } }`, { id: c.id, v: c.version }, 'editor'))
    .approveVerdict;
  const published: Shown = { text: ORIGINAL, verdict: 'MOSTLY_TRUE', reviewStatus: 'PUBLISHED', correctionInProgress: false, evidence: [{ excerpt: 'Port logs, March' }] };
  const afterPublish = await publicPaths(c.id);
  expect(afterPublish).toMatchObject({ shown: published, listed: true, searched: true, feed: true, status: 200 });
  expect(afterPublish.document).toMatchObject({ claimReviewed: ORIGINAL, reviewRating: { alternateName: expect.any(String) } });
  expect(afterPublish.document).not.toHaveProperty('creativeWorkStatus');
  const publishedAt = new Date().toISOString();

  // Reopened, then edited: text, verdict proposal, evidence removed and added.
  c = (await mutate<{ reopenClaim: ClaimRef }>(
    `mutation($id: ID!, $v: Int!) { reopenClaim(id: $id, expectedVersion: $v, reason: "The port authority revised its count.") { id version } }`,
    { id: c.id, v: c.version },
    'editor',
  )).reopenClaim;
  const underCorrection = { ...published, correctionInProgress: true };
  const check = async (step: string) => {
    const seen = await publicPaths(c.id);
    expect({ step, ...seen, document: undefined }).toMatchObject({ step, shown: underCorrection, listed: true, searched: true, feed: true, status: 200 });
    expect(seen.document).toMatchObject({ claimReviewed: ORIGINAL, creativeWorkStatus: 'CorrectionInProgress' });
    const past = await publicPast(c.id, new Date().toISOString());
    expect(past.revision).toMatchObject({ text: ORIGINAL, verdict: 'MOSTLY_TRUE', evidence: [{ excerpt: 'Port logs, March' }] });
    expect(past.claim).toEqual({ text: ORIGINAL, verdict: 'MOSTLY_TRUE', correctionInProgress: true });
  };
  await check('reopened');

  c = (await mutate<{ updateClaim: ClaimRef }>(
    `mutation($id: ID!, $v: Int!, $t: String!) { updateClaim(id: $id, expectedVersion: $v, input: { text: $t }) { id version } }`,
    { id: c.id, v: c.version, t: CORRECTED },
    'checker',
  )).updateClaim;
  c = (await mutate<{ removeEvidence: ClaimRef }>(
    `mutation($id: ID!, $v: Int!) { removeEvidence(id: $id, expectedVersion: $v) { id version } }`,
    { id: firstEvidence, v: c.version },
    'checker',
  )).removeEvidence;
  c = (await mutate<{ addEvidence: { claim: ClaimRef } }>(
    `mutation($id: ID!, $v: Int!) { addEvidence(claimId: $id, expectedVersion: $v, input: { url: "https://example.org/revised", excerpt: "Revised count", stance: REFUTES, reliability: 5 }) { claim { id version } } }`,
    { id: c.id, v: c.version },
    'checker',
  )).addEvidence.claim;
  await check('edited');
  // By id and through its source, evidence reads as published: the removed piece stays, the new one is not public yet.
  const { claim: working } = await fast.ok<{ claim: { evidence: { id: string }[] } }>(`query($id: ID!) { claim(id: $id) { evidence { id } } }`, { id: c.id }, n.tokens.checker);
  const added = working.evidence[0]!.id;
  const { nodes } = await fast.ok<{ nodes: ({ excerpt: string } | null)[] }>(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Evidence { excerpt } } }`, { ids: [firstEvidence, added] });
  expect(nodes).toEqual([{ excerpt: 'Port logs, March' }, null]);
  const { source } = await fast.ok<{ source: { citations: { nodes: { excerpt: string }[] } } }>(
    `query($id: ID!) { source(id: $id) { citations(first: 100) { nodes { excerpt } } } }`,
    { id: n.sourceId },
  );
  expect(source.citations.nodes.map((e) => e.excerpt)).toContain('Port logs, March');
  // Staff read the working copy.
  expect(await staffView(c.id)).toMatchObject({ text: CORRECTED, reviewStatus: 'IN_REVIEW', correctionInProgress: true, evidence: [{ excerpt: 'Revised count' }] });

  c = (await mutate<{ proposeVerdict: ClaimRef }>(
    `mutation($id: ID!, $v: Int!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: FALSE, rationale: "The revised count is twelve.") { id version } }`,
    { id: c.id, v: c.version },
    'checker',
  )).proposeVerdict;
  await check('proposed');
  expect(await staffView(c.id)).toMatchObject({ verdict: 'FALSE', reviewStatus: 'PENDING_APPROVAL' });

  // Republished: the corrected version replaces the published one, and the correction is listed.
  c = (await mutate<{ approveVerdict: ClaimRef }>(`mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { id version } }`, { id: c.id, v: c.version }, 'editor2'))
    .approveVerdict;
  const corrected: Shown = { text: CORRECTED, verdict: 'FALSE', reviewStatus: 'PUBLISHED', correctionInProgress: false, evidence: [{ excerpt: 'Revised count' }] };
  const republished = await publicPaths(c.id);
  expect(republished).toMatchObject({ shown: corrected, listed: true, searched: true, feed: true, status: 200 });
  expect(republished.document).toMatchObject({ claimReviewed: CORRECTED });
  expect(republished.document).not.toHaveProperty('creativeWorkStatus');
  const { claim: withCorrections } = await fast.ok<{ claim: { corrections: { verdict: string; reason: string }[] } }>(
    `query($id: ID!) { claim(id: $id) { corrections { verdict reason } } }`,
    { id: c.id },
  );
  expect(withCorrections.corrections).toEqual([{ verdict: 'MOSTLY_TRUE', reason: 'The port authority revised its count.' }]);
  // The past stays as it was published then.
  expect((await publicPast(c.id, publishedAt)).revision).toMatchObject({ text: ORIGINAL, verdict: 'MOSTLY_TRUE' });
  const republishedAt = new Date().toISOString();

  // Archived: withdrawn. Gone from lists, search and the feed; a tombstone by id; 410 for the document.
  c = (await mutate<{ archiveClaim: ClaimRef }>(
    `mutation($id: ID!, $v: Int!) { archiveClaim(id: $id, expectedVersion: $v, reason: "The source recanted entirely.") { id version } }`,
    { id: c.id, v: c.version },
    'editor',
  )).archiveClaim;
  const withdrawn = await publicPaths(c.id);
  expect(withdrawn).toMatchObject({ listed: false, searched: false, feed: false, status: 410, shown: { text: CORRECTED, verdict: 'FALSE', reviewStatus: 'ARCHIVED', correctionInProgress: false } });
  const { claim: tombstone } = await fast.ok<{ claim: { withdrawn: { at: string; reason: string } | null } }>(
    `query($id: ID!) { claim(id: $id) { withdrawn { at reason } } }`,
    { id: c.id },
  );
  expect(tombstone.withdrawn).toEqual({ at: expect.any(String), reason: 'The source recanted entirely.' });
  const gone = await fetch(`${fast.url}/claimreview/${c.id}.jsonld`);
  expect(await gone.json()).toEqual({
    errors: [{ message: expect.stringContaining('withdrawn'), extensions: { code: 'WITHDRAWN', id: c.id, withdrawn: { at: tombstone.withdrawn!.at, reason: 'The source recanted entirely.' } } }],
  });
  const past = await publicPast(c.id, new Date().toISOString());
  expect(past.claim).toMatchObject({ text: CORRECTED, verdict: 'FALSE' });
  expect((await publicPast(c.id, republishedAt)).claim).toEqual({ text: CORRECTED, verdict: 'FALSE', correctionInProgress: false });
});

test('an upheld dispute reopens a published claim: the published verdict stays in view with the signal', async () => {
  const c = await claimIn(fast, n, 'PUBLISHED', `A published claim about ${WORDS} that a dispute reopens.`);
  const { openDispute } = await mutate<{ openDispute: { id: string } }>(
    `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "The count is wrong by a third." }) { id } }`,
    { id: c.id },
    'checker',
  );
  await mutate(`mutation($id: ID!) { resolveDispute(id: $id, outcome: UPHELD, note: "Confirmed.") { id } }`, { id: openDispute.id }, 'editor');
  const seen = await publicPaths(c.id);
  expect(seen).toMatchObject({ listed: true, feed: true, status: 200, shown: { verdict: 'MOSTLY_TRUE', reviewStatus: 'PUBLISHED', correctionInProgress: true } });
});

test('the public copies have every column of claims and evidence (a column added to one must be added to the other)', async () => {
  const columns = async (table: string) =>
    (
      (await fast.ds.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY column_name`, [
        table,
      ])) as { column_name: string }[]
    ).map((r) => r.column_name);
  const extra = ['correction_in_progress', 'withdrawn_at', 'withdrawn_reason'];
  expect((await columns('public_claims')).filter((c) => !extra.includes(c))).toEqual(await columns('claims'));
  expect(await columns('public_evidence')).toEqual(await columns('evidence'));
});
