import { useNewsroom } from '../helpers/useApp';

/**
 * Query.staff: the names every staff role needs for pickers (an editor assigning a claim, an
 * auditor filtering the audit log by user), without the admin-only user list or e-mail addresses.
 */
const { app, n } = useNewsroom();
beforeAll(async () => {
  // A colleague who left: still named in the history, so still in the pickers of the audit log.
  await app.ok(`mutation($id: ID!) { updateUser(id: $id, expectedVersion: 1, input: { active: false }) { id } }`, { id: n.ids.checker2 }, n.tokens.admin);
});

test.each(['checker', 'editor', 'auditor', 'admin'] as const)('%s sees every user by name and role, deactivated ones included', async (person) => {
  const { staff } = await app.ok<{ staff: { id: string; displayName: string; role: string; active: boolean }[] }>(`{ staff { id displayName role active } }`, {}, n.tokens[person]);
  expect(staff.map((u) => u.displayName)).toEqual(['Ada Admin', 'Audrey Auditor', 'Eddie Editor', 'Erin Editor', 'Fran Checker', 'Sam Second']);
  expect(staff.find((u) => u.displayName === 'Sam Second')).toMatchObject({ role: 'FACT_CHECKER', active: false });
});

test('e-mail addresses stay with admins and the user themself', async () => {
  const refused = await app.gql<{ staff: { email: string | null }[] }>(`{ staff { displayName email } }`, {}, n.tokens.editor);
  expect(refused.errors?.map((e) => e.extensions.code)).toEqual(expect.arrayContaining(['FORBIDDEN']));
  expect(refused.data?.staff.filter((u) => u.email !== null)).toEqual([{ displayName: 'Eddie Editor', email: 'editor@newsroom.test' }]);
  const { staff } = await app.ok<{ staff: { email: string }[] }>(`{ staff { email } }`, {}, n.tokens.admin);
  expect(staff.every((u) => u.email.endsWith('@newsroom.test'))).toBe(true);
});

test('public readers and API keys get no staff list', async () => {
  expect((await app.fails(`{ staff { id } }`)).code).toBe('UNAUTHENTICATED');
});
