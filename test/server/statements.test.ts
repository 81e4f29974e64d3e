import type { StaffViewer } from '../../server/domain/viewer';
import type { Role } from '../../server/domain/vocabulary';
import { newsroom, type Newsroom } from '../fixtures/newsroom';
import { startTestApp, type GqlResponse, type TestApp } from '../helpers/app';

/**
 * No N+1: what a page of claims costs in SQL statements (the `x-sql-statements` count the server
 * reports per request) must not grow with the page size, however much related data the client asks
 * for. Each test compares the same query at two page sizes and checks that the page really holds
 * the related rows, so a cheap but empty answer cannot pass.
 */

const ACTORS = 5;
const SOURCES = 5;
const PUBLISHED = 105;
const DRAFTS = 5;

let app: TestApp;
let n: Newsroom;

const staffViewer = (userId: string, role: Role): StaffViewer => ({ kind: 'user', userId, role, displayName: role, sessionId: null });

/** Runs `fn` over `items`, `width` at a time (the bulk set-up would otherwise queue on the pool). */
async function inBatches<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map((item, j) => fn(item, start + j)));
  }
}

beforeAll(async () => {
  app = await startTestApp({ maxPageSize: 100 });
  n = await newsroom(app);
  const s = app.services;
  const checker = staffViewer(n.ids.checker, 'FACT_CHECKER');
  const editor = staffViewer(n.ids.editor, 'EDITOR');
  const actorIds: string[] = [];
  const sourceIds: string[] = [];
  for (let i = 0; i < ACTORS; i++) {
    actorIds.push((await s.actors.create(checker, { name: `Spokesperson ${i}`, kind: 'PERSON', title: `Minister ${i}` })).id);
  }
  for (let i = 0; i < SOURCES; i++) {
    sourceIds.push((await s.sources.create(checker, { title: `Briefing transcript ${i}`, url: `https://example.org/briefing/${i}`, kind: 'TRANSCRIPT' })).id);
  }
  const total = PUBLISHED + DRAFTS;
  await inBatches(Array.from({ length: total }), 12, async (_, i) => {
    const claim = await s.claims.create(checker, {
      text: `Oil deliveries exceeded the annual cap in month ${i}`,
      claimantId: actorIds[i % ACTORS],
      firstAppearanceId: sourceIds[i % SOURCES],
      topics: ['Sanctions', `Batch ${i % 3}`],
      claimedOn: '2018-09-27',
    });
    await s.evidence.add(checker, claim.id, claim.version, { sourceId: sourceIds[(i + 1) % SOURCES], stance: 'SUPPORTS', reliability: 4, excerpt: `Shipping log ${i}` });
    await s.evidence.add(checker, claim.id, claim.version + 1, { sourceId: sourceIds[(i + 2) % SOURCES], url: `https://example.org/log/${i}`, stance: 'REFUTES', reliability: 2 });
    if (i >= PUBLISHED) return;
    const submitted = await s.claims.submit(checker, claim.id, claim.version + 2);
    const proposed = await s.claims.proposeVerdict(checker, claim.id, submitted.version, { verdict: 'MOSTLY_TRUE', rationale: 'The shipping logs show it.' });
    await s.claims.approve(editor, claim.id, proposed.version);
  });
});
afterAll(() => app.close());

async function measure<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<GqlResponse<T> & { data: T }> {
  const res = await app.gql<T>(query, variables, token);
  expect(res.errors).toBeUndefined();
  expect(Number.isInteger(res.statements)).toBe(true);
  return res as GqlResponse<T> & { data: T };
}

interface ClaimPage {
  claims: {
    totalCount: number;
    edges: {
      node: {
        claimant: { name: string } | null;
        firstAppearance: { title: string } | null;
        topics: { slug: string }[];
        evidence: { stance: string; source: { title: string } | null }[];
      };
    }[];
  };
}

const CLAIM_PAGE = `query($first: Int) {
  claims(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id text claimedOn
      claimant { id name title }
      firstAppearance { id title url }
      topics { slug name }
      evidence { id stance excerpt source { id title publishedOn } }
    } }
  }
}`;

/** The page holds what was asked for: every claim with its claimant, source, topics and two sourced evidence items. */
function expectFullPage(data: ClaimPage, size: number) {
  expect(data.claims.edges).toHaveLength(size);
  for (const { node } of data.claims.edges) {
    expect(node.claimant?.name).toMatch(/^Spokesperson /);
    expect(node.firstAppearance?.title).toMatch(/^Briefing transcript /);
    expect(node.topics.map((t) => t.slug)).toContain('sanctions');
    expect(node.evidence).toHaveLength(2);
    for (const e of node.evidence) expect(e.source?.title).toMatch(/^Briefing transcript /);
  }
}

test('a page of claims with claimant, first appearance, topics and evidence sources costs the same for 5 and 100 claims (public reader)', async () => {
  const small = await measure<ClaimPage>(CLAIM_PAGE, { first: 5 });
  const large = await measure<ClaimPage>(CLAIM_PAGE, { first: 100 });
  expectFullPage(small.data, 5);
  expectFullPage(large.data, 100);
  expect(large.data.claims.totalCount).toBe(PUBLISHED);
  expect(large.statements).toBe(small.statements);
  // The page itself and its count.
  expect(large.statements).toBeLessThanOrEqual(2);
});

test('the same page costs the same for 5 and 100 claims for staff, drafts included', async () => {
  const small = await measure<ClaimPage>(CLAIM_PAGE, { first: 5 }, n.tokens.editor);
  const large = await measure<ClaimPage>(CLAIM_PAGE, { first: 100 }, n.tokens.editor);
  expectFullPage(small.data, 5);
  expectFullPage(large.data, 100);
  expect(large.data.claims.totalCount).toBe(PUBLISHED + DRAFTS);
  expect(large.statements).toBe(small.statements);
  // Plus one statement to look up the session.
  expect(large.statements).toBeLessThanOrEqual(3);
});

test('the next page (after a cursor) and nodes reached through a fragment cost the same as the first', async () => {
  const query = `query($first: Int, $after: String) {
    claims(first: $first, after: $after, orderBy: OLDEST) { nodes { ...Full } pageInfo { endCursor } }
  }
  fragment Full on Claim { claimant { name } firstAppearance { title } topics { slug } evidence { source { title } } }`;
  type Nodes = { claims: { nodes: ClaimPage['claims']['edges'][number]['node'][]; pageInfo: { endCursor: string } } };
  const first = await measure<Nodes>(query, { first: 5 });
  const small = await measure<Nodes>(query, { first: 5, after: first.data.claims.pageInfo.endCursor });
  const large = await measure<Nodes>(query, { first: 100, after: first.data.claims.pageInfo.endCursor });
  expect(large.data.claims.nodes).toHaveLength(100);
  expect(large.data.claims.nodes.every((c) => c.evidence.length === 2 && c.evidence.every((e) => e.source) && c.claimant)).toBe(true);
  expect(small.statements).toBe(first.statements);
  expect(large.statements).toBe(small.statements);
  // One statement: the page with everything nested in it (no count was asked for).
  expect(large.statements).toBe(1);
});

test('related rows reached through DataLoaders (users, disputes, history, evidence → claim → claimant) cost the same for 5 and 100 claims', async () => {
  const query = `query($first: Int) {
    claims(first: $first) { nodes {
      id nextActions
      createdBy { displayName } proposedBy { displayName } approvedBy { displayName } assignee { displayName }
      disputes { id } corrections { verdict } history { seq action }
      evidence { addedBy { displayName } claim { id claimant { name } topics { slug } } }
    } }
  }`;
  type Deep = {
    claims: {
      nodes: {
        createdBy: { displayName: string };
        approvedBy: { displayName: string } | null;
        history: { seq: number }[];
        evidence: { addedBy: { displayName: string }; claim: { claimant: { name: string } } }[];
      }[];
    };
  };
  const small = await measure<Deep>(query, { first: 5 }, n.tokens.auditor);
  const large = await measure<Deep>(query, { first: 100 }, n.tokens.auditor);
  expect(large.data.claims.nodes).toHaveLength(100);
  for (const c of large.data.claims.nodes) {
    expect(c.createdBy.displayName).toBe('Fran Checker');
    expect(c.history.length).toBeGreaterThanOrEqual(3);
    expect(c.evidence.map((e) => e.claim.claimant.name)).toEqual([expect.stringMatching(/^Spokesperson /), expect.stringMatching(/^Spokesperson /)]);
  }
  expect(large.data.claims.nodes.some((c) => c.approvedBy?.displayName === 'Eddie Editor')).toBe(true);
  expect(large.statements).toBe(small.statements);
  // Session, page, and about one batch per kind of related row (users, disputes, history, claims, actors, topics).
  expect(large.statements).toBeLessThanOrEqual(10);
});

test('similarClaims with each claim’s claimant and evidence sources costs the same for 3 and 50 results', async () => {
  const query = `query($first: Int) { similarClaims(text: "oil deliveries exceeded the cap", first: $first) {
    similarity claim { claimant { name } firstAppearance { title } topics { slug } evidence { source { title } } } } }`;
  type Similar = { similarClaims: { claim: { claimant: { name: string }; evidence: { source: { title: string } }[] } }[] };
  const small = await measure<Similar>(query, { first: 3 }, n.tokens.checker);
  const large = await measure<Similar>(query, { first: 50 }, n.tokens.checker);
  expect(small.data.similarClaims).toHaveLength(3);
  expect(large.data.similarClaims).toHaveLength(50);
  expect(large.data.similarClaims.every((s) => s.claim.claimant.name && s.claim.evidence.length === 2)).toBe(true);
  expect(large.statements).toBe(small.statements);
  // Session, the ranking, then one batch each for claimants, sources, topics and evidence.
  expect(large.statements).toBeLessThanOrEqual(6);
});

/*
 * Nested connections (`actor { claims }`, `source { claims }`) are a separate keyset page per
 * parent: each parent's page has its own LIMIT, OFFSET and cursor, so it is one statement per
 * parent and legitimately grows with the number of actors or sources listed. What must stay fixed
 * is the cost inside each of those pages: the claims' evidence and sources come with the page, so
 * the cost does not depend on how many claims each page holds, and it grows by at most one
 * statement per extra parent.
 */
describe('nested claim connections', () => {
  const ACTOR_CLAIMS = `query($actors: Int, $claims: Int) {
    actors(first: $actors) { edges { node { name claims(first: $claims) { edges { node { evidence { source { title } } } } } } } }
  }`;
  type ActorClaims = { actors: { edges: { node: { claims: { edges: { node: { evidence: { source: { title: string } }[] } }[] } } }[] } };

  const claimsPerActor = (data: ActorClaims) => data.actors.edges.map((a) => a.node.claims.edges.length);

  test('actors { claims { evidence { source } } } does not depend on how many claims each actor page holds', async () => {
    const small = await measure<ActorClaims>(ACTOR_CLAIMS, { actors: ACTORS, claims: 2 });
    const large = await measure<ActorClaims>(ACTOR_CLAIMS, { actors: ACTORS, claims: 21 });
    expect(claimsPerActor(small.data)).toEqual(Array(ACTORS).fill(2));
    expect(claimsPerActor(large.data)).toEqual(Array(ACTORS).fill(PUBLISHED / ACTORS));
    for (const a of large.data.actors.edges) {
      for (const c of a.node.claims.edges) expect(c.node.evidence.map((e) => e.source.title)).toHaveLength(2);
    }
    expect(large.statements).toBe(small.statements);
  });

  test('each extra actor listed costs at most one more statement, whatever its claims hold', async () => {
    const one = await measure<ActorClaims>(ACTOR_CLAIMS, { actors: 1, claims: 21 });
    const all = await measure<ActorClaims>(ACTOR_CLAIMS, { actors: ACTORS, claims: 21 });
    expect(claimsPerActor(one.data)).toEqual([PUBLISHED / ACTORS]);
    expect(all.statements - one.statements).toBeLessThanOrEqual(ACTORS - 1);
  });

  test('sources { claims { claimant evidence { source } } } does not depend on how many claims each source page holds', async () => {
    const query = `query($claims: Int) {
      sources(first: ${SOURCES}) { nodes { title claims(first: $claims) { nodes { claimant { name } evidence { source { title } } } } } }
    }`;
    type SourceClaims = { sources: { nodes: { claims: { nodes: { claimant: { name: string }; evidence: unknown[] }[] } }[] } };
    const small = await measure<SourceClaims>(query, { claims: 1 }, n.tokens.editor);
    const large = await measure<SourceClaims>(query, { claims: 50 }, n.tokens.editor);
    expect(large.data.sources.nodes.map((s) => s.claims.nodes.length)).toEqual(Array(SOURCES).fill((PUBLISHED + DRAFTS) / SOURCES));
    expect(large.data.sources.nodes.every((s) => s.claims.nodes.every((c) => c.claimant.name && c.evidence.length === 2))).toBe(true);
    expect(large.statements).toBe(small.statements);
  });
});
