/**
 * The GraphQL each benchmark scenario sends. Kept apart from the runner so the test suite can
 * assert the SQL statements each one costs (test/server/scenario-statements.test.ts).
 */
export const QUERIES = {
  s1: `query FirstPage { claims(first: 20) { edges { node { id text verdict claimant { name } firstAppearance { title } evidence { stance url } } } } }`,
  s2: `query ClaimForEditor($id: ID!) { claim(id: $id) { id text quote reviewStatus verdict verdictRationale version nextActions
    claimant { name } evidence { stance url excerpt reliability note source { title url } }
    disputes { status reason raisedBy } history { seq action userLabel occurredAt hash } } }`,
  s3: `query Search($q: String!) { claims(first: 20, filter: { search: $q }) { edges { node { id text verdict searchRank claimant { name } } } } }`,
  s4: `query ByClaimant($a: ID!, $after: String) { claims(first: 10, after: $after, filter: { claimantId: $a, verdict: [TRUE, MOSTLY_TRUE, MIXED, MOSTLY_FALSE, FALSE] }) {
    edges { cursor node { id text verdict claimedOn } } pageInfo { hasNextPage endCursor } } }`,
};

/** The write scenario's mutation. */
export const UPDATE_CLAIM = `mutation($id: ID!, $v: Int!, $c: String!) { updateClaim(id: $id, expectedVersion: $v, input: { context: $c }) { id version } }`;
