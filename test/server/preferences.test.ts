import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UI_LOCALES } from '../../server/domain/vocabulary';
import { PASSWORD } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

/**
 * Each user's admin-UI language, saved with their account: set by the user themself (any role),
 * read back on `me` and at login, recorded in the user's history, refused in words when it is not
 * a language the UI speaks. Other users' choices stay theirs and the admins'.
 */
const { app, n } = useNewsroom();

const SET = `mutation($l: String) { updateMyPreferences(input: { locale: $l }) { id locale version } }`;
type Me = { id: string; locale: string | null; version: number };

const me = async (token: string) => (await app.ok<{ me: Me }>(`{ me { id locale version } }`, {}, token)).me;

const userEvents = async (userId: string) =>
  (
    await app.ok<{ auditLog: { nodes: { entityId: string; action: string; userLabel: string; version: number; changes: { field: string; from: unknown; to: unknown }[] }[] } }>(
      `{ auditLog(filter: { entityType: [USER] }, first: 100) { nodes { entityId action userLabel version changes { field from to } } } }`,
      {},
      n.tokens.admin,
    )
  ).auditLog.nodes.filter((e) => e.entityId === userId);

test('a new account has no language yet: the admin UI follows the browser', async () => {
  expect((await me(n.tokens.checker)).locale).toBeNull();
});

test('an auditor sets their own language; me and the next login answer it, and history records who changed what', async () => {
  const before = await me(n.tokens.auditor);
  const { updateMyPreferences } = await app.ok<{ updateMyPreferences: Me }>(SET, { l: 'ar' }, n.tokens.auditor);
  expect(updateMyPreferences).toEqual({ id: n.ids.auditor, locale: 'ar', version: before.version + 1 });
  expect((await me(n.tokens.auditor)).locale).toBe('ar');

  const { login } = await app.ok<{ login: { user: { locale: string | null } } }>(
    `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { locale } } }`,
    { e: 'auditor@newsroom.test', p: PASSWORD },
  );
  expect(login.user.locale).toBe('ar');

  const events = await userEvents(n.ids.auditor);
  expect(events.at(-1)).toMatchObject({
    action: 'updateMyPreferences',
    userLabel: 'Audrey Auditor',
    version: before.version + 1,
    changes: [{ field: 'locale', from: null, to: 'ar' }],
  });
});

test('choosing the language already chosen changes nothing and records nothing', async () => {
  await app.ok(SET, { l: 'pt-BR' }, n.tokens.editor);
  const version = (await me(n.tokens.editor)).version;
  const count = (await userEvents(n.ids.editor)).length;
  const { updateMyPreferences } = await app.ok<{ updateMyPreferences: Me }>(SET, { l: 'pt-BR' }, n.tokens.editor);
  expect(updateMyPreferences.version).toBe(version);
  expect(await userEvents(n.ids.editor)).toHaveLength(count);
});

test('null clears the choice; an omitted locale leaves it alone', async () => {
  await app.ok(SET, { l: 'de' }, n.tokens.checker2);
  await app.ok(`mutation { updateMyPreferences(input: {}) { id } }`, {}, n.tokens.checker2);
  expect((await me(n.tokens.checker2)).locale).toBe('de');
  await app.ok(SET, { l: null }, n.tokens.checker2);
  expect((await me(n.tokens.checker2)).locale).toBeNull();
});

test.each([['French'], ['fa'], ['fr-FR'], ['']])('%j is refused with BAD_USER_INPUT naming input.locale, and nothing changes', async (locale) => {
  const before = await me(n.tokens.editor2);
  const refusal = await app.fails(SET, { l: locale }, n.tokens.editor2);
  expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.locale' } });
  expect(refusal.message).toContain(UI_LOCALES.join(', '));
  expect(await me(n.tokens.editor2)).toEqual(before);
});

test("another user's language is for admins and that user only, like their e-mail address", async () => {
  await app.ok(SET, { l: 'fr' }, n.tokens.checker);
  const staff = (token: string) => app.gql<{ staff: { id: string; locale: string | null }[] }>(`{ staff { id locale } }`, {}, token);
  const asAdmin = await staff(n.tokens.admin);
  expect(asAdmin.data!.staff.find((u) => u.id === n.ids.checker)?.locale).toBe('fr');
  const asEditor = await staff(n.tokens.editor2);
  expect(asEditor.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
});

test('anonymous callers have no preferences to set', async () => {
  expect((await app.fails(SET, { l: 'fr' })).code).toBe('UNAUTHENTICATED');
});

test("the schema's description lists exactly the languages the server accepts", () => {
  const sdl = readFileSync(path.join(__dirname, '..', '..', 'server', 'schema', 'users.graphql'), 'utf8');
  const described = /"The admin UI's language: ([^;]+); null/.exec(sdl)?.[1];
  expect(described?.split(/, | or /)).toEqual([...UI_LOCALES]);
});
