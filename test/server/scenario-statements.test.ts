import { QUERIES, UPDATE_CLAIM } from '../../bench/scenarios';
import { claimIn } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

/**
 * The structure behind the benchmark's figures, guarded in the suite: each scenario's exact
 * request costs at most the SQL statements the performance targets allow, and the same number
 * whatever the amount of data. Timings are measured in bench/, never asserted here.
 */
const { app, n } = useNewsroom();
const claimIds: string[] = [];

async function publishMany(count: number) {
  for (let i = 0; i < count; i++) {
    const c = await claimIn(app, n, 'PUBLISHED', `Refined petroleum imports breached the cap, claim number ${claimIds.length + 1}.`);
    claimIds.push(c.id);
  }
}

beforeAll(async () => {
  await publishMany(3);
  await app.ok(
    `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "A reader disagrees with the figures." }) { id } }`,
    { id: claimIds[0] },
    n.tokens.checker,
  );
});

async function statementsFor(query: string, variables: Record<string, unknown>, token?: string): Promise<number> {
  const res = await app.gql(query, variables, token);
  expect(res.errors).toBeUndefined();
  return res.statements;
}

test('scenario 1 (anonymous first page with claimant, source, evidence) costs one statement, at 3 and at 23 claims', async () => {
  expect(await statementsFor(QUERIES.s1, {})).toBe(1);
  await publishMany(20);
  expect(await statementsFor(QUERIES.s1, {})).toBe(1);
});

test('scenario 2 (one claim with evidence, disputes and history, as an editor) costs at most 4 statements', async () => {
  const count = await statementsFor(QUERIES.s2, { id: claimIds[0] }, n.tokens.editor);
  expect(count).toBeLessThanOrEqual(4);
  // The same for a claim with more evidence and a longer history.
  expect(await statementsFor(QUERIES.s2, { id: claimIds[1] }, n.tokens.editor)).toBe(count);
});

test('scenario 3 (anonymous full-text search) costs one statement', async () => {
  expect(await statementsFor(QUERIES.s3, { q: 'petroleum' })).toBe(1);
  expect(await statementsFor(QUERIES.s3, { q: 'refined breach' })).toBe(1);
});

test('scenario 4 (claimant and verdict filter, a deep page by cursor) costs one statement', async () => {
  const first = await app.ok<{ claims: { pageInfo: { endCursor: string } } }>(QUERIES.s4, { a: n.actorId, after: null });
  expect(await statementsFor(QUERIES.s4, { a: n.actorId, after: first.claims.pageInfo.endCursor })).toBe(1);
});

test('scenario 5 (updateClaim with its history event) costs a fixed 7 statements: session, transaction, lock, update, chain head, event', async () => {
  const draft = await claimIn(app, n, 'DRAFT', 'A draft the write scenario edits again and again.');
  let version = draft.version;
  for (let i = 0; i < 3; i++) {
    const res = await app.gql<{ updateClaim: { version: number } }>(UPDATE_CLAIM, { id: draft.id, v: version, c: `edit ${i}` }, n.tokens.editor);
    expect(res.errors).toBeUndefined();
    expect(res.statements).toBe(7);
    version = res.data!.updateClaim.version;
  }
});
