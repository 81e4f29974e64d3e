import { ApolloClient, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import { startTestApp, type TestApp } from '../helpers/app';
import { claimIn, newsroom, type ClaimRef, type Newsroom } from '../fixtures/newsroom';

/**
 * The client cache never shows a wrong answer (issue 12, §2): Apollo Client 4 (core, no React)
 * with its normalising InMemoryCache, against the running server, as a public widget uses it.
 */

let app: TestApp;
let n: Newsroom;

beforeAll(async () => {
  app = await startTestApp();
  n = await newsroom(app);
});
afterAll(() => app?.close());

/** A fresh client with an empty cache, anonymous like a partner's widget. */
const client = () => new ApolloClient({ link: new HttpLink({ uri: `${app.url}/graphql` }), cache: new InMemoryCache() });

/** A claim published as MOSTLY_TRUE, then corrected to TRUE; `before` is an instant between the two. */
async function corrected(): Promise<{ id: string; before: string }> {
  const first = await claimIn(app, n, 'PUBLISHED');
  const before = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  const t = n.tokens;
  const step = async (mutation: string, input: Record<string, unknown>, token: string) =>
    (await app.ok<Record<string, { claim: ClaimRef }>>(`mutation($i: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $i) { claim { id version } } }`, { i: input }, token))[mutation]!.claim.version;
  let v = await step('claimReopen', { claimId: first.id, expectedVersion: first.version, reason: 'New figures' }, t.editor);
  v = await step('claimProposeVerdict', { claimId: first.id, expectedVersion: v, verdict: 'TRUE', rationale: 'Confirmed by the panel.' }, t.checker);
  await step('claimApproveVerdict', { claimId: first.id, expectedVersion: v }, t.editor);
  return { id: first.id, before };
}

type LiveClaim = { claim: { __typename: 'Claim'; id: string; verdict: string } | null };
const LIVE: TypedDocumentNode<LiveClaim, { id: string }> = gql`
  query Live($id: ID!) {
    claim(id: $id) { id verdict }
  }
`;

describe('live after asOf', () => {
  it('reading a past state (claimRevision) leaves the live claim in the cache as it is', async () => {
    const c = await corrected();
    const apollo = client();
    expect((await apollo.query({ query: LIVE, variables: { id: c.id } })).data!.claim!.verdict).toBe('TRUE');
    const past = await apollo.query({
      query: gql`
        query Past($id: ID!, $asOf: DateTime!) {
          claimRevision(claimId: $id, asOf: $asOf) { id version verdict claim { id } evidence { evidenceId stance } }
        }
      `,
      variables: { id: c.id, asOf: c.before },
    });
    expect(past.data).toMatchObject({ claimRevision: { verdict: 'MOSTLY_TRUE', claim: { id: c.id } } });
    // From the cache alone, as the widget's live view reads it again.
    expect(apollo.readQuery({ query: LIVE, variables: { id: c.id } })!.claim!.verdict).toBe('TRUE');
    expect((await apollo.query({ query: LIVE, variables: { id: c.id }, fetchPolicy: 'cache-only' })).data!.claim!.verdict).toBe('TRUE');
  });

  it('(why claim(id, asOf) is deprecated: it shares the live claim’s cache entry and overwrites it)', async () => {
    const c = await corrected();
    const apollo = client();
    await apollo.query({ query: LIVE, variables: { id: c.id } });
    await apollo.query({ query: gql`query Old($id: ID!, $asOf: DateTime) { claim(id: $id, asOf: $asOf) { id verdict } }`, variables: { id: c.id, asOf: c.before } });
    expect(apollo.readQuery({ query: LIVE, variables: { id: c.id } })!.claim!.verdict).toBe('MOSTLY_TRUE');
  });
});

describe('search rank after a list query', () => {
  type Ranked = { claims: { edges: { searchRank: number | null; node: { id: string; text: string; searchRank?: number | null } }[] } };
  const SEARCH: TypedDocumentNode<Ranked, { q: string }> = gql`
    query Search($q: String!) {
      claims(first: 10, filter: { search: $q }) { edges { searchRank node { id text } } }
    }
  `;

  it('a search result keeps its rank in the cache after another list of the same claims', async () => {
    const c = await claimIn(app, n, 'PUBLISHED', 'Refined petroleum imports breached the Apollo cap this year');
    const apollo = client();
    const found = (await apollo.query({ query: SEARCH, variables: { q: 'Apollo petroleum' } })).data!.claims.edges;
    expect(found.map((e) => e.node.id)).toContain(c.id);
    expect(found.every((e) => typeof e.searchRank === 'number' && e.searchRank > 0)).toBe(true);
    const list = await apollo.query({ query: gql`query Latest { claims(first: 50) { edges { searchRank node { id text } } } }` });
    expect((list.data as Ranked).claims.edges.find((e) => e.node.id === c.id)!.searchRank).toBeNull();
    expect(apollo.readQuery({ query: SEARCH, variables: { q: 'Apollo petroleum' } })!.claims.edges.map((e) => e.searchRank)).toEqual(found.map((e) => e.searchRank));
  });

  it('(why Claim.searchRank is deprecated: the list query overwrites the cached claim’s rank with null)', async () => {
    const c = await claimIn(app, n, 'PUBLISHED', 'Ship-to-ship transfers of Hermes petroleum evaded the cap');
    const apollo = client();
    const OLD = gql`query OldSearch($q: String!) { claims(first: 10, filter: { search: $q }) { edges { node { id searchRank } } } }`;
    await apollo.query({ query: OLD, variables: { q: 'Hermes' } });
    await apollo.query({ query: gql`query OldLatest { claims(first: 50) { edges { node { id searchRank } } } }` });
    const cached = apollo.readQuery({ query: OLD, variables: { q: 'Hermes' } }) as Ranked;
    expect(cached.claims.edges.find((e) => e.node.id === c.id)!.node.searchRank).toBeNull();
  });
});

describe('a fragment shared with the newsroom app, read by the public', () => {
  it('answers every public field; the staff-only ones are null, each with its error, and the claims stay', async () => {
    await claimIn(app, n, 'PUBLISHED');
    const apollo = client();
    const res = await apollo.query({
      query: gql`
        query Widget {
          claims(first: 2) { edges { node { ...ClaimCard } } }
        }
        fragment ClaimCard on Claim {
          id
          text
          verdict
          claimant { id name }
          nextActions
          internalNote
          history { seq action }
          disputes { id }
        }
      `,
      errorPolicy: 'all',
    });
    const edges = (res.data as { claims: { edges: { node: Record<string, unknown> }[] } }).claims.edges;
    expect(edges.length).toBeGreaterThan(0);
    for (const { node } of edges) {
      expect(node).toMatchObject({ text: expect.any(String), verdict: expect.any(String), claimant: { name: expect.any(String) }, nextActions: [], internalNote: null, history: null, disputes: null });
    }
    if (!CombinedGraphQLErrors.is(res.error)) throw new Error(`expected GraphQL errors, got ${String(res.error)}`);
    const { errors } = res.error;
    expect(new Set(errors.map((e) => String(e.path!.at(-1))))).toEqual(new Set(['internalNote', 'history', 'disputes']));
    expect(new Set(errors.map((e) => e.extensions!.code))).toEqual(new Set(['UNAUTHENTICATED']));
  });
});
