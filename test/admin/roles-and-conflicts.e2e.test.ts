import { claimIn, PASSWORD, type Person } from '../fixtures/newsroom';
import { useBrowserApp } from '../helpers/browserApp';
import { logIn, logOut, shot } from './browser';

/**
 * What each role sees, and how the UI keeps work when the server refuses: a stale edit shows
 * who changed what and keeps the typed text; a refused action says why and keeps the dialog.
 */
jest.setTimeout(120_000);

const { app, n, page } = useBrowserApp('newsroom');

const as = async (person: Person) => logIn(page, app.url, `${person}@newsroom.test`, PASSWORD);
const open = async (claimId: string) => {
  await page.goto(`${app.url}/admin/claims/${claimId}/show`);
  await page.getByRole('list', { name: 'History' }).waitFor();
};
const workflow = () => page.getByRole('group', { name: 'Workflow actions' });
const buttonsOf = async () => (await workflow().getByRole('button').or(workflow().getByRole('link')).allTextContents()).map((t) => t.trim().toLowerCase());
const menu = async () => (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());

test('a stale edit shows who changed what, and reloading keeps the typed text', shot(() => page, async () => {
  const claim = await claimIn(app, n, 'DRAFT', 'Russia and China blocked a US request to declare the petroleum cap breached.');
  await as('checker');
  await page.goto(`${app.url}/admin/claims/${claim.id}`);
  const context = page.getByLabel('Context');
  await context.waitFor();

  // Meanwhile a colleague adds the quote.
  await app.ok(
    `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { quote: "they are holding it up" }) { version } }`,
    { id: claim.id, v: claim.version },
    n.tokens.checker2,
  );

  await context.fill('UN sanctions committee, New York, July 2018');
  await page.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog', { name: 'Someone else changed this meanwhile' });
  await dialog.getByText('you had version 1; it is now version 2').waitFor();
  const change = dialog.getByLabel('Changed since you loaded it');
  await change.getByText('Sam Second').waitFor();
  await change.getByText('they are holding it up').waitFor();

  await dialog.getByRole('button', { name: 'Reload, keep my text' }).click();
  await dialog.waitFor({ state: 'hidden' });
  // Their change came in, ours is still typed.
  await expect(page.getByLabel('Quote').inputValue()).resolves.toBe('they are holding it up');
  await expect(context.inputValue()).resolves.toBe('UN sanctions committee, New York, July 2018');

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { level: 2, name: 'Russia and China blocked a US request to declare the petroleum cap breached.' }).waitFor();
  const { claim: saved } = await app.ok<{ claim: { quote: string; context: string; version: number } }>(
    `query($id: ID!) { claim(id: $id) { quote context version } }`,
    { id: claim.id },
    n.tokens.checker,
  );
  expect(saved).toEqual({ quote: 'they are holding it up', context: 'UN sanctions committee, New York, July 2018', version: 3 });
  await logOut(page);
}));

test('evidence is edited and removed in place; an addition refused by a conflict keeps its text', shot(() => page, async () => {
  const claim = await claimIn(app, n, 'IN_REVIEW', 'North Korea received 89 tanker deliveries of refined petroleum in 2018.');
  await as('checker');
  await open(claim.id);
  const column = (stance: string) => page.getByLabel(new RegExp(`^${stance} \\(\\d+\\)$`));

  await column('Supports').getByRole('button', { name: 'Edit evidence' }).click();
  const editor = page.getByLabel('Edit evidence', { exact: true }).and(page.locator('.MuiPaper-root'));
  await editor.getByLabel('Excerpt').fill('Only 2 deliveries could be confirmed.');
  await editor.getByLabel('Refutes').check();
  await editor.getByRole('button', { name: 'Save evidence' }).click();
  await column('Refutes').getByText('Only 2 deliveries could be confirmed.').waitFor();
  await expect(column('Supports').getByText('None yet.').count()).resolves.toBe(1);

  await column('Refutes').getByRole('button', { name: 'Remove evidence' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove this evidence' });
  await remove.getByLabel('Reason (optional)').fill('Wrong report cited');
  await remove.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('heading', { name: 'Evidence (0)' }).waitFor();

  // Someone else changes the claim while this checker types new evidence.
  await page.getByRole('button', { name: 'Add evidence that supports' }).click();
  const form = page.getByLabel('New evidence');
  await form.getByLabel('URL').fill('https://example.org/tanker-logs');
  await form.getByLabel('Excerpt').fill('Tanker logs list 89 deliveries between January and August.');
  const { claim: now } = await app.ok<{ claim: { version: number } }>(`query($id: ID!) { claim(id: $id) { version } }`, { id: claim.id }, n.tokens.checker);
  await app.ok(
    `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { context: "Security Council briefing" }) { version } }`,
    { id: claim.id, v: now.version },
    n.tokens.checker2,
  );
  await form.getByRole('button', { name: 'Add evidence' }).click();
  const conflict = page.getByRole('dialog', { name: 'Someone else changed this meanwhile' });
  await conflict.getByText('Security Council briefing').waitFor();
  await conflict.getByRole('button', { name: 'Reload, keep my text' }).click();
  await conflict.waitFor({ state: 'hidden' });
  await expect(form.getByLabel('Excerpt').inputValue()).resolves.toBe('Tanker logs list 89 deliveries between January and August.');
  await form.getByRole('button', { name: 'Add evidence' }).click();
  await column('Supports').getByText('Tanker logs list 89 deliveries between January and August.').waitFor();
  await page.getByRole('heading', { name: 'Evidence (1)' }).waitFor();
  await logOut(page);
}));

test('a refused action says why in words and keeps what was typed', shot(() => page, async () => {
  // In review without evidence: a TRUE verdict needs evidence, so the server refuses the proposal.
  const draft = await claimIn(app, n, 'DRAFT', 'The cap of 500,000 barrels has been breached this year.');
  await app.ok(`mutation($id: ID!, $v: Int!) { submitClaim(id: $id, expectedVersion: $v) { id } }`, { id: draft.id, v: draft.version }, n.tokens.checker);
  await as('checker');
  await open(draft.id);
  await workflow().getByRole('button', { name: 'Propose verdict' }).click();
  const dialog = page.getByRole('dialog', { name: 'Propose a verdict' });
  await dialog.getByLabel('Verdict').click();
  await page.getByRole('option', { name: 'True', exact: true }).click();
  await dialog.getByText('This verdict needs at least one piece of evidence').waitFor();
  await dialog.getByLabel('Rationale').fill('Deliveries were far above the cap.');
  await dialog.getByRole('button', { name: 'Propose verdict' }).click();
  // The server's refusal in the app's words, in the notification (the dialog's own hint says the
  // same, so only the snackbar proves the server answered).
  await page.locator('.MuiSnackbar-root').getByText('This verdict needs at least one piece of evidence; add evidence first').waitFor();
  await expect(dialog.getByLabel('Rationale').inputValue()).resolves.toBe('Deliveries were far above the cap.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await logOut(page);
}));

test('each role sees only the actions it may take', shot(() => page, async () => {
  const inReview = await claimIn(app, n, 'IN_REVIEW');
  const pending = await claimIn(app, n, 'PENDING_APPROVAL');
  const archived = await claimIn(app, n, 'ARCHIVED');
  // An editor's own proposal: the four-eyes rule keeps Approve from them.
  const own = await claimIn(app, n, 'IN_REVIEW');
  await app.ok(
    `mutation($id: ID!, $v: Int!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: FALSE, rationale: "Refuted by the panel.") { id } }`,
    { id: own.id, v: own.version },
    n.tokens.editor,
  );

  await as('auditor');
  expect(await menu()).toEqual(['Dashboard', 'Claims', 'Disputes', 'Actors', 'Sources', 'Audit log', 'Verify history']);
  await page.getByRole('menuitem', { name: 'Claims' }).click();
  await page.locator('tbody tr').first().waitFor();
  await expect(page.getByRole('link', { name: 'New claim' }).count()).resolves.toBe(0);
  await expect(page.getByRole('checkbox').count()).resolves.toBe(0);
  await open(inReview.id);
  expect(await buttonsOf()).toEqual([]);
  await expect(page.getByRole('button', { name: /^Add evidence/ }).count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: 'Open dispute' }).count()).resolves.toBe(0);
  await logOut(page);

  await as('checker');
  expect(await menu()).toEqual(['Dashboard', 'Claims', 'Disputes', 'Actors', 'Sources']);
  await open(inReview.id);
  expect(await buttonsOf()).toEqual(['edit', 'propose verdict']);
  await page.getByRole('button', { name: 'Add evidence that refutes' }).waitFor();
  await open(pending.id);
  expect(await buttonsOf()).toEqual(['edit note and topics']);
  await page.getByRole('button', { name: 'Open dispute' }).waitFor();
  await open(archived.id);
  expect(await buttonsOf()).toEqual([]);
  await logOut(page);

  await as('editor');
  await open(own.id);
  expect(await buttonsOf()).toEqual(['edit note and topics', 'reject verdict', 'assign', 'archive']);
  await open(pending.id);
  expect(await buttonsOf()).toEqual(['edit note and topics', 'approve and publish', 'reject verdict', 'assign', 'archive']);
  await open(archived.id);
  expect(await buttonsOf()).toEqual([]);
  await logOut(page);

  await as('admin');
  expect(await menu()).toEqual(['Dashboard', 'Claims', 'Disputes', 'Actors', 'Sources', 'Audit log', 'Verify history', 'Users', 'API keys']);
  await open(archived.id);
  expect(await buttonsOf()).toEqual(['restore']);
  await logOut(page);
}));

test('an editor assigns and archives claims in bulk from the list', shot(() => page, async () => {
  const a = await claimIn(app, n, 'DRAFT', 'Bulk target: sanctions have cut North Korean coal exports.');
  const b = await claimIn(app, n, 'IN_REVIEW', 'Bulk target: North Korean ships turned off their transponders.');
  await as('editor');
  await page.goto(`${app.url}/admin/claims?filter=${encodeURIComponent(JSON.stringify({ q: 'Bulk target' }))}`);
  const rows = page.getByRole('row').filter({ hasText: 'Bulk target:' });
  await expect(rows.first().waitFor().then(() => rows.count())).resolves.toBe(2);
  for (const row of await rows.all()) await row.getByRole('checkbox').check();

  await page.getByRole('button', { name: 'Assign' }).click();
  const assign = page.getByRole('dialog', { name: 'Assign 2 claims' });
  await assign.getByRole('combobox').fill('Sam');
  await page.getByRole('option', { name: 'Sam Second (Fact-checker)' }).click();
  await assign.getByRole('button', { name: 'Assign' }).click();
  await page.getByText('2 claims assigned to Sam Second').waitFor();
  await rows.filter({ hasText: 'Sam Second' }).nth(1).waitFor();
  await expect(rows.filter({ hasText: 'Sam Second' }).count()).resolves.toBe(2);

  for (const row of await rows.all()) await row.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Archive' }).click();
  const archive = page.getByRole('dialog', { name: 'Archive 2 claims' });
  await archive.getByLabel('Reason').fill('Out of scope for this fact check');
  await archive.getByRole('button', { name: 'Archive' }).click();
  await page.getByText('2 claims archived').waitFor();
  await rows.filter({ hasText: 'Archived' }).nth(1).waitFor();
  await expect(rows.filter({ hasText: 'Archived' }).count()).resolves.toBe(2);

  const { claims } = await app.ok<{ claims: { nodes: { reviewStatus: string; assignee: { displayName: string } }[] } }>(
    `query($f: ClaimFilter) { claims(filter: $f) { nodes { reviewStatus assignee { displayName } } } }`,
    { f: { search: 'Bulk target' } },
    n.tokens.editor,
  );
  expect(claims.nodes).toEqual([
    { reviewStatus: 'ARCHIVED', assignee: { displayName: 'Sam Second' } },
    { reviewStatus: 'ARCHIVED', assignee: { displayName: 'Sam Second' } },
  ]);
  expect([a.id, b.id]).toHaveLength(2);
  await logOut(page);
}));

test('an admin creates an API key, sees its secret once, and the key reads the public API', shot(() => page, async () => {
  await as('admin');
  await page.getByRole('menuitem', { name: 'API keys' }).click();
  await page.getByRole('link', { name: 'Create' }).click();
  await page.getByLabel('Name').fill('Partner newsroom widget');
  await page.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog', { name: '“Partner newsroom widget” created' });
  const secret = await dialog.getByLabel('Secret').inputValue();
  expect(secret).toMatch(/^clk_/);
  await dialog.getByRole('button', { name: 'I have copied it' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Partner newsroom widget' });
  await row.getByText('Active').waitFor();
  await expect(page.getByText(secret).count()).resolves.toBe(0);

  const res = await app.gql(`{ claims(first: 1) { totalCount } }`, {}, secret);
  expect(res.errors).toBeUndefined();

  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await row.getByText(/^Revoked/).waitFor();
  expect((await app.gql(`{ claims(first: 1) { totalCount } }`, {}, secret)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  await logOut(page);
}));
