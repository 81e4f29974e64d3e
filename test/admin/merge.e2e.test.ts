import { claimIn, PASSWORD, type Person } from '../fixtures/newsroom';
import { useBrowserApp } from '../helpers/browserApp';
import { logIn, logOut, shot } from './browser';

/** Duplicates in the admin UI: the new-actor form warns of one, and an editor merges it away. */
jest.setTimeout(120_000);

const { app, n, page } = useBrowserApp('newsroom');

const as = async (person: Person) => logIn(page, app.url, `${person}@newsroom.test`, PASSWORD);

test('the new-actor form warns of an actor already catalogued; a fact-checker gets no merge', shot(() => page, async () => {
  await as('checker');
  await page.goto(`${app.url}/admin/actors/create`);
  await page.getByLabel('Name').first().fill('Mike R. Pompeo');
  const warning = page.getByRole('status', { name: 'Already catalogued?' });
  await warning.getByRole('link', { name: 'Mike Pompeo' }).waitFor();
  await page.goto(`${app.url}/admin/actors/${n.actorId}/show`);
  await page.getByRole('link', { name: 'Edit' }).waitFor();
  expect(await page.getByRole('button', { name: 'Merge into…' }).count()).toBe(0);
  await logOut(page);
}));

test('an editor merges a duplicate actor into the one to keep, and lands on it', shot(() => page, async () => {
  const { createActor: duplicate } = await app.ok<{ createActor: { id: string } }>(
    `mutation { createActor(input: { name: "Michael Pompeo", kind: PERSON }) { id } }`,
    {},
    n.tokens.checker,
  );
  const claim = await claimIn(app, { ...n, actorId: duplicate.id }, 'DRAFT', 'The sanctions are being evaded at sea.');
  await as('editor');
  await page.goto(`${app.url}/admin/actors/${duplicate.id}/show`);
  await page.getByRole('button', { name: 'Merge into…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge this actor into another' });
  await dialog.getByRole('combobox', { name: 'Actor to keep' }).fill('Mike');
  await page.getByRole('option', { name: 'Mike Pompeo' }).click();
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await page.waitForURL(`**/actors/${n.actorId}/show`);
  await page.getByText('Merged into Mike Pompeo').waitFor();
  await page.getByText('Michael Pompeo').first().waitFor();
  const { claim: moved } = await app.ok<{ claim: { claimant: { id: string } } }>(`query($id: ID!) { claim(id: $id) { claimant { id } } }`, { id: claim.id }, n.tokens.editor);
  expect(moved.claimant.id).toBe(n.actorId);
  await logOut(page);
}));
