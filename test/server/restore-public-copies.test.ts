import { claimIn } from '../fixtures/newsroom';
import { claimOperations } from '../helpers/claims';
import { killAll, startServerProcess } from '../helpers/serverProcess';
import { useNewsroom } from '../helpers/useApp';

/**
 * A claim under correction (or withdrawn) when migration CreatePublishedVersions ran got no public
 * copy: the migration copied only claims PUBLISHED then. A server start rebuilds such copies from
 * history, so the public sees the last published version again. The missing copies are made here
 * the way the migration left them: by deleting them.
 */
const { app, n } = useNewsroom();
const ops = claimOperations(app);

afterAll(killAll);

const PUBLIC = 'text verdict reviewStatus correctionInProgress withdrawn { at reason } evidence { stance }';

async function publicView(base: string, id: string) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `query($id: ID!) { claim(id: $id) { ${PUBLIC} } }`, variables: { id } }),
  });
  return ((await res.json()) as { data: { claim: unknown } }).data.claim;
}

test('a restart rebuilds the public copy of a claim reopened or withdrawn before public copies existed', async () => {
  const t = n.tokens;
  const original = `Nine tankers crossed the strait ${Math.random()}`;
  let reopened = await claimIn(app, n, 'PUBLISHED', original);
  reopened = await ops.reopen(reopened, 'The count was revised.', t.editor);
  await app.ok(`mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { text: "Draft correction" }) { id } }`, { id: reopened.id, v: reopened.version }, t.checker);
  const withdrawn = await ops.archive(await claimIn(app, n, 'PUBLISHED'), 'Retracted by the newsroom.', t.editor);
  const draft = await claimIn(app, n, 'IN_REVIEW');

  const expected = {
    [reopened.id]: await publicView(app.url, reopened.id),
    [withdrawn.id]: await publicView(app.url, withdrawn.id),
  };
  expect(expected[reopened.id]).toMatchObject({ text: original, correctionInProgress: true, evidence: [{ stance: 'SUPPORTS' }] });
  expect(expected[withdrawn.id]).toMatchObject({ reviewStatus: 'ARCHIVED', withdrawn: { reason: 'Retracted by the newsroom.' } });

  await app.services.dataSource.query(`DELETE FROM public_claims WHERE id = ANY($1)`, [[reopened.id, withdrawn.id]]);
  expect(await publicView(app.url, reopened.id)).toBeNull();

  const server = await startServerProcess({ DATABASE_URL: app.databaseUrl, SEED_DEMO: 'never' });
  expect(await publicView(server.base, reopened.id)).toEqual(expected[reopened.id]);
  // The withdrawal's instant is now its history event's, a few milliseconds from the copy's own.
  const tombstone = (await publicView(server.base, withdrawn.id)) as { withdrawn: { at: string } };
  expect(tombstone).toEqual({ ...(expected[withdrawn.id] as object), withdrawn: { ...tombstone.withdrawn, reason: 'Retracted by the newsroom.' } });
  expect(Math.abs(Date.parse(tombstone.withdrawn.at) - Date.parse((expected[withdrawn.id] as typeof tombstone).withdrawn.at))).toBeLessThan(1000);
  expect(await publicView(server.base, draft.id)).toBeNull();
  // Done once: nothing is left to rebuild, and staff still read the working copy.
  expect(await app.services.published.restoreMissing(app.services.history)).toBe(0);
  const { claim } = await app.ok<{ claim: { text: string } }>(`query($id: ID!) { claim(id: $id) { text } }`, { id: reopened.id }, t.editor);
  expect(claim.text).toBe('Draft correction');
});
