import { accountLocale, createAuthProvider, createLocaleSaver, type Session, type SessionStore } from '../../admin/src/authProvider';
import { REQUEST_LIMIT_BYTES, createDataProvider, importRequestBytes, type ClaimLedgerDataProvider } from '../../admin/src/dataProvider';
import { claimExportQuery } from '../../admin/src/dataProvider/mapping';
import { ApiError, createGraphQLClient, requestBody } from '../../admin/src/dataProvider/graphql';
import { IMPORT_CLAIM_REVIEWS } from '../../admin/src/dataProvider/queries';
import { translateError } from '../../admin/src/dataProvider/errors';
import { CATALOGUES, translatorFor, UI_LOCALES } from '../../admin/src/i18n/catalogues';
import { historyActionLabel } from '../../admin/src/vocabulary';
import { startTestApp, type TestApp } from '../helpers/app';
import { claimIn, newsroom, PASSWORD, type Newsroom, type Person } from '../fixtures/newsroom';

/**
 * The admin UI's dataProvider and authProvider against a real server: react-admin's parameters
 * become the right GraphQL arguments, answers become records, and refusals keep their codes.
 */
let app: TestApp;
let n: Newsroom;
beforeAll(async () => {
  app = await startTestApp();
  n = await newsroom(app);
});
afterAll(() => app?.close());

const as = (person: Person): ClaimLedgerDataProvider =>
  createDataProvider(createGraphQLClient({ url: `${app.url}/graphql`, getToken: () => n.tokens[person] }));

const memoryStore = (): SessionStore & { session: Session | null } => {
  const store = {
    session: null as Session | null,
    get: () => store.session,
    set: (s: Session) => void (store.session = s),
    clear: () => void (store.session = null),
  };
  return store;
};

/** The app's words in English; the other languages are held to the same keys by i18n.test.ts. */
const t = translatorFor('en');

const rejection = async (p: Promise<unknown>): Promise<ApiError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
};

describe('claims list', () => {
  const texts: string[] = [];
  beforeAll(async () => {
    for (const [i, state] of (['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'DRAFT', 'PENDING_APPROVAL'] as const).entries()) {
      const text = `Listed claim number ${i} about refined petroleum quotas`;
      texts.push(text);
      await claimIn(app, n, state, text);
    }
  });

  test('pages map to first/offset: consecutive pages do not overlap and share one total', async () => {
    const dp = as('checker');
    const sort = { field: 'createdAt', order: 'ASC' as const };
    const p1 = await dp.getList('claims', { pagination: { page: 1, perPage: 2 }, sort, filter: {} });
    const p2 = await dp.getList('claims', { pagination: { page: 2, perPage: 2 }, sort, filter: {} });
    expect(p1.total).toBeGreaterThanOrEqual(5);
    expect(p2.total).toBe(p1.total);
    expect(p1.data).toHaveLength(2);
    expect(p2.data).toHaveLength(2);
    expect(p1.data.map((c) => c.id)).not.toEqual(expect.arrayContaining([p2.data[0]!.id]));
    // Oldest first: the first page starts with the first claim made.
    expect(p1.data[0]!.text).toBe(texts[0]);
    expect(p2.data[0]!.text).toBe(texts[2]);
  });

  test('filters map onto ClaimFilter: status lists, search box, claimant', async () => {
    const dp = as('editor');
    const drafts = await dp.getList('claims', { pagination: { page: 1, perPage: 50 }, sort: { field: 'createdAt', order: 'DESC' as const }, filter: { reviewStatus: ['DRAFT'] } });
    expect(drafts.data.length).toBeGreaterThanOrEqual(2);
    expect(new Set(drafts.data.map((c) => c.reviewStatus))).toEqual(new Set(['DRAFT']));

    const search = await dp.getList('claims', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'searchRank', order: 'DESC' as const },
      filter: { q: 'number 3 petroleum', claimantId: n.actorId },
    });
    expect(search.data.map((c) => c.text)).toContain(texts[3]);
    expect(search.data[0]!.searchRank).toEqual(expect.any(Number));
  });

  test('records carry flat ids for forms and filters next to the nested objects', async () => {
    const { data } = await as('checker').getList('claims', { pagination: { page: 1, perPage: 1 }, sort: { field: 'createdAt', order: 'DESC' as const }, filter: {} });
    const claim = data[0]!;
    expect(claim.claimantId).toBe(n.actorId);
    expect(claim.claimant).toEqual({ id: n.actorId, name: 'Mike Pompeo' });
    expect(claim.topicNames).toEqual(['Sanctions']);
    // The newest is pending approval: a fact-checker may only annotate it or dispute it.
    expect(claim.reviewStatus).toBe('PENDING_APPROVAL');
    expect(claim.nextActions).toEqual(['ANNOTATE', 'OPEN_DISPUTE']);
  });
});

describe('editing a claim', () => {
  test('sends only the changed fields, at the version the user saw', async () => {
    const dp = as('checker');
    const ref = await claimIn(app, n, 'DRAFT', 'A claim whose context is about to change');
    const { data: before } = await dp.getOne('claims', { id: ref.id });
    const { data: after } = await dp.update('claims', {
      id: ref.id,
      data: { ...before, context: 'UN Security Council, New York', topicNames: ['Sanctions', 'Oil'] },
      previousData: before,
    });
    expect(after.version).toBe(before.version + 1);
    expect(after.context).toBe('UN Security Council, New York');
    expect(after.topicNames).toEqual(expect.arrayContaining(['Sanctions', 'Oil']));
    // The answer is the claim as its page shows it, without its lists: the page reloads those.
    expect(after).toMatchObject({ claimant: { name: 'Mike Pompeo' }, createdBy: { displayName: 'Fran Checker' }, nextActions: expect.arrayContaining(['UPDATE']) });
    for (const list of ['history', 'evidence', 'disputes', 'corrections']) expect(after).not.toHaveProperty(list);
    // One history event naming exactly the two fields the user touched.
    const events = await dp.changesSince(ref.id, before.version);
    expect(events).toHaveLength(1);
    expect(events[0]!.changes.map((c) => c.field).sort()).toEqual(['context', 'topics']);
  });

  test('a stale version is refused with CONFLICT, says who changed what, and nothing is overwritten', async () => {
    const ref = await claimIn(app, n, 'DRAFT', 'A claim two people edit at once');
    const { data: seen } = await as('checker').getOne('claims', { id: ref.id });
    await as('checker2').update('claims', { id: ref.id, data: { ...seen, quote: 'the cap has been breached' }, previousData: seen });

    const error = await rejection(as('checker').update('claims', { id: ref.id, data: { ...seen, context: 'my context' }, previousData: seen }));
    expect(error.code).toBe('CONFLICT');
    expect(error.status).toBe(409);
    expect(error.extensions).toMatchObject({ expectedVersion: seen.version, currentVersion: seen.version + 1 });
    expect(translateError(error, t).message).toMatch(/you had version 1; it is now version 2/);

    const since = await as('checker').changesSince(ref.id, seen.version);
    expect(since.map((e) => [e.userLabel, e.changes.map((c) => [c.field, c.from, c.to])])).toEqual([
      ['Sam Second', [['quote', null, 'the cap has been breached']]],
    ]);
    const { data: now } = await as('checker').getOne('claims', { id: ref.id });
    expect(now.context).toBeNull();
  });

  test('asOf in meta reads the claim as it was (its revision), under the claim\'s id, with its evidence then and the whole history', async () => {
    const ref = await claimIn(app, n, 'IN_REVIEW', 'A claim with a past');
    const dp = as('auditor');
    const { data } = await dp.getOne('claims', { id: ref.id });
    const history = data.history as { occurredAt: string; action: string }[];
    const [created, evidenced] = history;
    expect([created!.action, evidenced!.action]).toEqual(['createClaim', 'addEvidence']);
    const { data: then } = await dp.getOne('claims', { id: ref.id, meta: { asOf: created!.occurredAt } });
    expect(then).toMatchObject({ id: ref.id, revisionId: `${ref.id}@1`, reviewStatus: 'DRAFT', version: 1, recordedAt: created!.occurredAt, evidence: [], nextActions: [], claimantId: n.actorId });
    expect(then.history).toEqual(history);
    const { data: later } = await dp.getOne('claims', { id: ref.id, meta: { asOf: evidenced!.occurredAt } });
    expect(later).toMatchObject({ reviewStatus: 'DRAFT', version: 2 });
    expect((later.evidence as { id: string }[]).map((e) => e.id)).toEqual((data.evidence as { id: string }[]).map((e) => e.id));
    expect(data.reviewStatus).toBe('IN_REVIEW');
    const before = new Date(Date.parse(created!.occurredAt) - 1000).toISOString();
    await expect(rejection(dp.getOne('claims', { id: ref.id, meta: { asOf: before } }))).resolves.toMatchObject({ code: 'NOT_FOUND', extensions: { asOf: before } });
  });

  test('asOf after a rejection shows the proposal rejected by then, for the as-of page\'s card', async () => {
    const ref = await claimIn(app, n, 'PENDING_APPROVAL', 'A claim whose proposal was sent back');
    const rejected = await as('editor').transition(ref.id, 'REJECT', ref.version, { reason: 'Needs a second source' });
    await as('checker').transition(ref.id, 'PROPOSE_VERDICT', Number(rejected.data.version), { verdict: 'FALSE', rationale: 'The panel says otherwise.' });
    const history = (await as('checker').getOne('claims', { id: ref.id })).data.history as { occurredAt: string; action: string }[];
    const rejectedAt = history.find((e) => e.action === 'rejectVerdict')!.occurredAt;
    const { data: then } = await as('checker').getOne('claims', { id: ref.id, meta: { asOf: rejectedAt } });
    expect(then).toMatchObject({ verdict: null, rejectedProposal: { verdict: 'MOSTLY_TRUE', reason: 'Needs a second source', rejectedBy: { displayName: 'Eddie Editor' } } });
    const { data: now } = await as('checker').getOne('claims', { id: ref.id });
    expect(now).toMatchObject({ verdict: 'FALSE', rejectedProposal: null });
  });
});

describe('workflow and refusals', () => {
  test('a transition the state does not allow keeps its code and the allowed actions, said in words', async () => {
    const ref = await claimIn(app, n, 'PUBLISHED');
    const error = await rejection(as('checker').transition(ref.id, 'SUBMIT', ref.version));
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.extensions.allowedActions).toEqual(['ANNOTATE', 'OPEN_DISPUTE']);
    const readable = translateError(error, t);
    expect(readable.message).toBe(
      'The claim is published now. “Submit for review” is not possible. You can: Edit note and topics, Open dispute. Reload to see its current state.',
    );
  });

  test('a missing precondition is explained with the server\'s advice, in the app\'s words', async () => {
    const ref = await claimIn(app, n, 'DRAFT');
    const submitted = await as('checker').transition(ref.id, 'SUBMIT', ref.version);
    const error = await rejection(as('checker').transition(ref.id, 'PROPOSE_VERDICT', Number(submitted.data.version), { verdict: 'MOSTLY_FALSE', rationale: 'The panel reports far smaller deliveries.' }));
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(translateError(error, t)).toEqual({
      code: 'INVALID_TRANSITION',
      title: 'Not possible yet',
      message: 'This verdict needs at least one piece of evidence; add evidence first (only Unproven and Not checkable need none).',
    });
  });

  test('the four-eyes refusal gets its own title', async () => {
    const ref = await claimIn(app, n, 'IN_REVIEW');
    const proposed = await as('editor').transition(ref.id, 'PROPOSE_VERDICT', ref.version, { verdict: 'FALSE', rationale: 'The panel says otherwise.' });
    expect(proposed.data.nextActions).not.toContain('APPROVE');
    expect(proposed.data).toMatchObject({ verdict: 'FALSE', verdictRationale: 'The panel says otherwise.', proposedBy: { displayName: 'Eddie Editor' } });
    expect(proposed.data).not.toHaveProperty('history');
    const error = await rejection(as('editor').transition(ref.id, 'APPROVE', Number(proposed.data.version)));
    expect(error.code).toBe('FORBIDDEN');
    expect(translateError(error, t).title).toBe('Another editor must approve');
    const approved = await as('editor2').transition(ref.id, 'APPROVE', Number(proposed.data.version));
    expect(approved.data.reviewStatus).toBe('PUBLISHED');
  });

  test('bulk archive tries every claim and reports the ones refused', async () => {
    const a = await claimIn(app, n, 'DRAFT', 'Bulk archive target one');
    const b = await claimIn(app, n, 'ARCHIVED', 'Bulk archive target already archived');
    const c = await claimIn(app, n, 'IN_REVIEW', 'Bulk archive target three');
    const error = await rejection(
      as('editor').deleteMany('claims', { ids: [a.id, b.id, c.id], meta: { reason: 'Duplicates', versions: { [a.id]: a.version, [b.id]: b.version } } }),
    );
    expect(error.message).toMatch(/^2 of 3 claims archived; 1 refused\. First refusal: Cannot archive/);
    const { data } = await as('editor').getMany('claims', { ids: [a.id, c.id] });
    expect(data.map((x) => [x.id, x.reviewStatus]).sort()).toEqual([[a.id, 'ARCHIVED'], [c.id, 'ARCHIVED']].sort());
  });

  test('bulk assign sets the assignee on each claim', async () => {
    const a = await claimIn(app, n, 'DRAFT', 'Bulk assign target one');
    const b = await claimIn(app, n, 'IN_REVIEW', 'Bulk assign target two');
    const { data: done } = await as('editor').updateMany('claims', { ids: [a.id, b.id], data: { assigneeId: n.ids.checker2 }, meta: { versions: {} } });
    expect([...(done ?? [])].sort()).toEqual([a.id, b.id].sort());
    const mine = await as('checker2').getList('claims', { pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'DESC' as const }, filter: { assignedToMe: true } });
    expect(mine.data.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
  });

  test('evidence and disputes: add, edit, remove at the claim version; open and resolve', async () => {
    const ref = await claimIn(app, n, 'DRAFT', 'A claim that gathers evidence');
    const dp = as('checker');
    const added = await dp.addEvidence(ref.id, ref.version, { sourceId: n.sourceId, stance: 'REFUTES', reliability: 5, excerpt: 'Imports were 2 million barrels' });
    const v1 = (added.data.claim as { version: number }).version;
    const edited = await dp.updateEvidence(String(added.data.id), v1, { ...added.data, stance: 'CONTEXT', excerpt: 'Imports were 2 million barrels' }, added.data);
    expect(edited.data.stance).toBe('CONTEXT');
    const stale = await rejection(dp.removeEvidence(String(added.data.id), v1));
    expect(stale.code).toBe('CONFLICT');
    await dp.removeEvidence(String(added.data.id), (edited.data.claim as { version: number }).version, 'Wrong source');
    expect((await dp.getOne('claims', { id: ref.id })).data.evidence).toEqual([]);

    const published = await claimIn(app, n, 'PUBLISHED', 'A published claim someone contests');
    const opened = await as('checker').create('disputes', { data: { claimId: published.id, reason: 'The figure is wrong', raisedByName: 'Korea Watch' }, meta: {} });
    expect(opened.data).toMatchObject({ status: 'OPEN', raisedBy: 'Korea Watch' });
    const queue = await as('editor').getList('disputes', { pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'DESC' as const }, filter: { status: ['OPEN'] } });
    expect(queue.data.map((d) => d.id)).toContain(opened.data.id);
    const resolved = await as('editor').resolveDispute(String(opened.data.id), 'UPHELD', 'The panel revised the figure');
    expect(resolved.data.status).toBe('UPHELD');
    expect((resolved.data.claim as { reviewStatus: string }).reviewStatus).toBe('IN_REVIEW');
  });
});

describe('other resources', () => {
  test('the audit log pages by offset on the server: page 3 is what the whole log shows there, in either order', async () => {
    const dp = as('auditor');
    for (const order of ['ASC', 'DESC'] as const) {
      const sort = { field: 'occurredAt', order };
      const all = await dp.getList('auditLog', { pagination: { page: 1, perPage: 30 }, sort, filter: {} });
      const third = await dp.getList('auditLog', { pagination: { page: 3, perPage: 4 }, sort, filter: {} });
      expect(third.data.map((e) => e.id)).toEqual(all.data.slice(8, 12).map((e) => e.id));
      expect(third.total).toBe(all.total);
      expect(third.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
    }
    const newest = await dp.getList('auditLog', { pagination: { page: 1, perPage: 2 }, sort: { field: 'occurredAt', order: 'DESC' as const }, filter: {} });
    const oldest = await dp.getList('auditLog', { pagination: { page: 1, perPage: 2 }, sort: { field: 'occurredAt', order: 'ASC' as const }, filter: {} });
    expect(newest.data[0]!.occurredAt >= oldest.data[0]!.occurredAt).toBe(true);

    const byUser = await dp.getList('auditLog', { pagination: { page: 1, perPage: 100 }, sort: { field: 'occurredAt', order: 'ASC' as const }, filter: { userId: n.ids.checker2, action: ['updateClaim'] } });
    expect(byUser.data.length).toBeGreaterThan(0);
    expect(new Set(byUser.data.map((e) => `${e.userLabel} ${e.action}`))).toEqual(new Set(['Sam Second updateClaim']));
  });

  test('actors and sources by id: one request per hundred ids through filter.ids; one source with the evidence citing it', async () => {
    const dp = as('checker');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(String((await dp.create('actors', { data: { name: `Delegate ${i}`, kind: 'PERSON', aliases: `Del. ${i}\nD ${i}` } })).data.id));
    let sent = 0;
    const counting = createDataProvider(
      createGraphQLClient({ url: `${app.url}/graphql`, getToken: () => n.tokens.checker, fetch: (input, init) => (sent++, fetch(input, init)) }),
    );
    const { data } = await counting.getMany('actors', { ids: [...ids, ids[0]!] });
    expect(sent).toBe(1);
    expect(data.map((a) => a.name).sort()).toEqual(ids.map((_, i) => `Delegate ${i}`).sort());
    expect(data.find((a) => a.name === 'Delegate 0')!.aliases).toEqual(['Del. 0', 'D 0']);
    // Ids that match nothing are left out; more than a hundred take a second request.
    const unknown = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect((await counting.getMany('actors', { ids: [...ids, ...unknown] })).data).toHaveLength(12);
    expect(sent).toBe(3);
    expect((await dp.getOne('actors', { id: ids[3] })).data.name).toBe('Delegate 3');
    expect((await rejection(dp.getOne('actors', { id: unknown[0] }))).code).toBe('NOT_FOUND');

    const { data: sources } = await dp.getMany('sources', { ids: [n.sourceId] });
    expect(sources.map((x) => x.id)).toEqual([n.sourceId]);
    await claimIn(app, n, 'IN_REVIEW', 'A claim whose evidence cites the fixture source');
    await claimIn(app, n, 'IN_REVIEW', 'A second claim whose evidence cites the fixture source');
    expect((await dp.getOne('sources', { id: n.sourceId })).data.title).toEqual(sources[0]!.title);
    // The evidence citing it, in pages (`Source.citations`), newest first, counted over all pages.
    const citing = (page: number) =>
      dp.getManyReference('evidence', { target: 'sourceId', id: n.sourceId, pagination: { page, perPage: 1 }, sort: { field: 'createdAt', order: 'DESC' as const }, filter: {} });
    const [first, second] = [await citing(1), await citing(2)];
    expect(first.total).toBeGreaterThanOrEqual(2);
    expect(second.total).toBe(first.total);
    expect([...first.data, ...second.data].map((e) => (e.claim as { text: string }).text)).toEqual([
      'A second claim whose evidence cites the fixture source',
      'A claim whose evidence cites the fixture source',
    ]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect((await rejection(dp.getList('evidence', { pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'DESC' as const }, filter: {} }))).code).toBe('BAD_USER_INPUT');
  });

  test('users and API keys are lists the UI pages itself; a new key carries its secret once', async () => {
    const dp = as('admin');
    const users = await dp.getList('users', { pagination: { page: 1, perPage: 2 }, sort: { field: 'displayName', order: 'ASC' as const }, filter: { q: 'editor' } });
    expect(users).toMatchObject({ total: 2, data: [{ displayName: 'Eddie Editor' }, { displayName: 'Erin Editor' }] });
    const key = await dp.create('apiKeys', { data: { name: 'Partner app' } });
    expect(key.data.secret).toMatch(/^clk_/);
    const listed = await dp.getList('apiKeys', { pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'DESC' as const }, filter: {} });
    expect(listed.data[0]).toMatchObject({ name: 'Partner app', revokedAt: null });
    expect(listed.data[0]).not.toHaveProperty('secret');
    const revoked = await dp.delete('apiKeys', { id: key.data.id });
    expect(revoked.data.revokedAt).toEqual(expect.any(String));
  });

  test('the staff picker lists names for editors and auditors, without e-mail addresses', async () => {
    const { data } = await as('auditor').getList('staff', { pagination: { page: 1, perPage: 50 }, sort: { field: 'displayName', order: 'ASC' as const }, filter: {} });
    expect(data.map((u) => u.displayName)).toEqual(expect.arrayContaining(['Fran Checker', 'Eddie Editor', 'Ada Admin']));
    expect(data[0]).not.toHaveProperty('email');
    expect((await rejection(as('editor').getList('users', { pagination: { page: 1, perPage: 5 }, sort: { field: 'id', order: 'ASC' as const }, filter: {} }))).code).toBe('FORBIDDEN');
  });
});

describe('authProvider', () => {
  const client = (store: SessionStore) => createGraphQLClient({ url: `${app.url}/graphql`, getToken: () => store.get()?.token });

  test('logs in with e-mail and password, keeps the session, and logs out on the server too', async () => {
    const store = memoryStore();
    const auth = createAuthProvider(client(store), store);
    await expect(auth.checkAuth({})).rejects.toThrow();
    await auth.login({ username: ' editor@newsroom.test ', password: PASSWORD });
    expect(store.session?.user).toMatchObject({ displayName: 'Eddie Editor', role: 'EDITOR' });
    await expect(auth.checkAuth({})).resolves.toBeUndefined();
    expect(await auth.getIdentity!()).toMatchObject({ fullName: 'Eddie Editor', role: 'EDITOR' });
    expect(await auth.canAccess!({ resource: 'claims', action: 'delete' })).toBe(true);
    expect(await auth.canAccess!({ resource: 'users', action: 'list' })).toBe(false);

    const token = store.session!.token;
    await auth.logout({});
    expect(store.session).toBeNull();
    expect((await app.fails(`{ me { id } }`, {}, token)).code).toBe('UNAUTHENTICATED');
  });

  test('a wrong password is refused with a readable message; an ended session logs the user out', async () => {
    const store = memoryStore();
    const auth = createAuthProvider(client(store), store);
    const error = await rejection(auth.login({ username: 'auditor@newsroom.test', password: 'not the password' }));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(store.session).toBeNull();

    store.set({ token: 'not-a-real-token', expiresAt: new Date(Date.now() + 60_000).toISOString(), user: { id: n.ids.auditor, displayName: 'x', role: 'AUDITOR', email: null, locale: null } });
    const ended = await rejection(createDataProvider(client(store)).getList('claims', { pagination: { page: 1, perPage: 1 }, sort: { field: 'createdAt', order: 'DESC' as const }, filter: {} }));
    expect(ended.code).toBe('UNAUTHENTICATED');
    await expect(auth.checkError(ended)).rejects.toBe(ended);
    expect(store.session).toBeNull();
    // A refusal about one action keeps the user logged in.
    store.set({ token: n.tokens.auditor, expiresAt: new Date(Date.now() + 60_000).toISOString(), user: { id: n.ids.auditor, displayName: 'x', role: 'AUDITOR', email: null, locale: null } });
    await expect(auth.checkError(new ApiError('no', 'FORBIDDEN'))).resolves.toBeUndefined();
    expect(store.session).not.toBeNull();
  });

  test("the account's language comes with the session, and a language chosen is saved with the account once", async () => {
    const store = memoryStore();
    const auth = createAuthProvider(client(store), store);
    await auth.login({ username: 'checker2@newsroom.test', password: PASSWORD });
    expect(accountLocale(store)).toBeNull();
    const save = createLocaleSaver(client(store), store);
    await save('ar');
    expect(accountLocale(store)).toBe('ar');
    expect(await auth.getIdentity!()).toMatchObject({ locale: 'ar' });
    const { me } = await app.ok<{ me: { locale: string; version: number } }>(`{ me { locale version } }`, {}, store.session!.token);
    expect(me.locale).toBe('ar');
    // Applying the account's own language (at login) sends nothing: the account does not change.
    await save('ar');
    expect((await app.ok<{ me: { version: number } }>(`{ me { version } }`, {}, store.session!.token)).me.version).toBe(me.version);

    // The next login, in any browser, brings the choice.
    const elsewhere = memoryStore();
    await createAuthProvider(client(elsewhere), elsewhere).login({ username: 'checker2@newsroom.test', password: PASSWORD });
    expect(accountLocale(elsewhere)).toBe('ar');
    // Without a session (the login page) a choice stays in the browser.
    const nobody = memoryStore();
    await expect(createLocaleSaver(client(nobody), nobody)('fr')).resolves.toBeUndefined();
    expect(nobody.session).toBeNull();
  });

  test('an expired session is not used', async () => {
    const store = memoryStore();
    const auth = createAuthProvider(client(store), store, () => Date.parse('2030-01-01T00:00:00Z'));
    store.set({ token: n.tokens.checker, expiresAt: '2029-12-31T23:00:00.000Z', user: { id: n.ids.checker, displayName: 'Fran', role: 'FACT_CHECKER', email: null, locale: null } });
    await expect(auth.checkAuth({})).rejects.toThrow();
    expect(store.session).toBeNull();
  });
});

describe('error translation', () => {
  test('an unreachable server and a non-JSON answer become readable errors', async () => {
    const down = createDataProvider(createGraphQLClient({ url: 'http://127.0.0.1:9/graphql', getToken: () => null }));
    const error = await rejection(down.stats());
    expect(error.code).toBe('NETWORK_ERROR');
    expect(translateError(error, t)).toMatchObject({ title: 'Server unreachable', message: expect.stringMatching(/what you typed is still here/) });

    const html = createDataProvider(createGraphQLClient({ url: `${app.url}/health/nothing-here`, getToken: () => null }));
    const notGraphql = await rejection(html.stats());
    expect(notGraphql.code).toBe('HTTP_ERROR');
    expect(notGraphql.message).toMatch(/HTTP 404/);
  });

  test('invalid input names the field as the form labels it; internal errors say nothing was changed', async () => {
    const bad = await rejection(as('checker').create('claims', { data: { text: 'x'.repeat(5001) } }));
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(translateError(bad, t)).toMatchObject({ field: 'text', message: expect.stringMatching(/^Statement:/) });
    expect(translateError(new ApiError('Internal server error', 'INTERNAL_SERVER_ERROR'), t).message).toMatch(/nothing was changed/);
    expect(translateError(new ApiError('Too many', 'RATE_LIMITED', { retryAfter: 600 }), t).message).toBe('Too many attempts. Try again in 10 minutes.');
    const outage = translateError(new ApiError('The database is unreachable right now.', 'SERVICE_UNAVAILABLE', { retryAfterSeconds: 5 }), t);
    expect(outage).toMatchObject({ title: 'Database unavailable', message: expect.stringMatching(/What you typed is still here: try again in 5 seconds\.$/) });
  });
});

describe('error explanations in every language', () => {
  test.each(UI_LOCALES.map((locale) => [locale]))('%s: a refused transition names the state, the action and what is possible in that language', async (locale) => {
    const ref = await claimIn(app, n, 'PUBLISHED');
    const error = await rejection(as('checker').transition(ref.id, 'SUBMIT', ref.version));
    const tr = translatorFor(locale);
    const words = CATALOGUES[locale].app;
    const { title, message } = translateError(error, tr);
    expect(title).toBe(words.error.title.INVALID_TRANSITION);
    expect(message).toContain(words.error.state_now.PUBLISHED.trim());
    for (const action of ['SUBMIT', 'ANNOTATE', 'OPEN_DISPUTE'] as const) expect(message).toContain(words.claim_action[action]);
    expect(message).not.toMatch(/%\{|[A-Z]{2,}_[A-Z]/);

    const bad = await rejection(as('checker').create('claims', { data: { text: 'x'.repeat(5001) } }));
    expect(translateError(bad, tr).message.startsWith(words.field.text)).toBe(true);
    expect(translateError(new ApiError('Too many', 'RATE_LIMITED', { retryAfter: 600 }), tr).message).toContain('10');
  });
});

describe('claims export and ClaimReview import', () => {
  const exportedIds = async (query: URLSearchParams): Promise<string[]> => {
    const res = await fetch(`${app.url}/export/claims.ndjson?${query}`, { headers: { authorization: `Bearer ${n.tokens.auditor}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    return text ? text.trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id) : [];
  };
  const listedIds = async (filter: Record<string, unknown>): Promise<string[]> => {
    const { data, total } = await as('auditor').getList('claims', { pagination: { page: 1, perPage: 100 }, sort: { field: 'createdAt', order: 'ASC' as const }, filter });
    expect(data).toHaveLength(total!);
    return data.map((c) => String(c.id));
  };

  test("the list's status and claimant filters become the export's, and the file holds exactly the claims the list shows", async () => {
    // A draft by someone else, which the claimant filter must leave out of both.
    const { createActor: other } = await app.ok<{ createActor: { id: string } }>(`mutation { createActor(input: { name: "Ri Yong Ho", kind: PERSON }) { id } }`, {}, n.tokens.checker);
    await app.ok(`mutation($a: ID!) { createClaim(input: { text: "A draft about the petroleum cap by another claimant.", claimantId: $a }) { id } }`, { a: other.id }, n.tokens.checker);
    await claimIn(app, n, 'PUBLISHED', 'An exported published claim about refined petroleum.');

    const filter = { reviewStatus: ['DRAFT', 'PUBLISHED'], claimantId: n.actorId };
    const { query, notApplied } = claimExportQuery(filter);
    expect([...query]).toEqual([['status', 'DRAFT'], ['status', 'PUBLISHED'], ['actor', n.actorId]]);
    expect(notApplied).toEqual([]);
    const listed = await listedIds(filter);
    expect(listed.length).toBeGreaterThanOrEqual(3);
    // As sets: the list and the export may break ties between equal creation times differently.
    expect((await exportedIds(query)).sort()).toEqual(listed.sort());
  });

  test('filters the export lacks are named and left out, claimed-on dates included; empty ones are not named', async () => {
    const filter = { q: 'petroleum', reviewStatus: ['DRAFT'], verdict: ['FALSE'], claimedFrom: '2018-09-01', claimedTo: '', disputeStatus: [], assignedToMe: false };
    const { query, notApplied } = claimExportQuery(filter);
    expect(query.toString()).toBe('status=DRAFT');
    expect(notApplied).toEqual(['q', 'verdict', 'claimedFrom']);
    // What the file holds is then the status filter's claims, whatever the list's other filters.
    expect((await exportedIds(query)).sort()).toEqual((await listedIds({ reviewStatus: ['DRAFT'] })).sort());
  });

  test('importClaimReviews reports created, already imported and each failure with its position', async () => {
    const review = {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://factcheck.example.com/reviews/dp-1',
      claimReviewed: 'The border with China was closed for the whole of 2018.',
      reviewRating: { '@type': 'Rating', alternateName: 'False' },
      itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Speaker One' } },
    };
    const document = JSON.stringify([review, { ...review, url: 'https://factcheck.example.com/reviews/dp-2', claimReviewed: '' }]);
    const first = await as('editor').importClaimReviews(document);
    expect(first).toEqual({ created: 1, skipped: 0, failed: [{ index: 1, url: 'https://factcheck.example.com/reviews/dp-2', reason: 'claimReviewed: is missing' }] });
    // The import reads as such in the audit log (whose filter offers it) and on the claim's timeline.
    const { data: events } = await as('auditor').getList('auditLog', { pagination: { page: 1, perPage: 10 }, sort: { field: 'occurredAt', order: 'DESC' as const }, filter: { action: ['importClaim'] } });
    expect(events.map((e) => historyActionLabel(t, String(e.action)))).toEqual(['imported the claim']);
    const { data: imported } = await as('editor').getOne('claims', { id: events[0]!.claimId });
    expect((imported.history as { action: string }[]).map((e) => historyActionLabel(t, e.action))).toEqual(['imported the claim', 'added evidence']);
    expect(await as('admin').importClaimReviews(document)).toEqual({ ...first, created: 0, skipped: 1 });
    expect((await rejection(as('checker').importClaimReviews(document))).code).toBe('FORBIDDEN');
  });

  test('a document too large for one request is refused without sending it; the limit is exactly the server\'s', async () => {
    // Quotes are escaped and "é" takes two bytes: the count must be of the request as sent.
    const padded = (two: number, one: number) => JSON.stringify({ '@context': 'https://schema.org', '@graph': [], note: `${'é"'.repeat(two)}${'x'.repeat(one)}` });
    const base = importRequestBytes(padded(0, 0));
    // Each 'é"' adds 6 bytes: é is two bytes of UTF-8, and the quote is escaped in the document and again in the request.
    expect(importRequestBytes(padded(1, 0)) - base).toBe(6);
    const two = Math.floor((REQUEST_LIMIT_BYTES - base) / 6);
    const atLimit = padded(two, REQUEST_LIMIT_BYTES - base - 6 * two);
    expect(importRequestBytes(atLimit)).toBe(REQUEST_LIMIT_BYTES);
    const overLimit = `${atLimit} `;

    let sent = 0;
    const counting = createDataProvider(
      createGraphQLClient({ url: `${app.url}/graphql`, getToken: () => n.tokens.editor, fetch: (input, init) => (sent++, fetch(input, init)) }),
    );
    expect(await counting.importClaimReviews(atLimit)).toEqual({ created: 0, skipped: 0, failed: [] });
    expect(sent).toBe(1);
    const refused = await rejection(counting.importClaimReviews(overLimit));
    expect(refused.code).toBe('PAYLOAD_TOO_LARGE');
    expect(refused.message).toMatch(/npm run import/);
    expect(sent).toBe(1);

    // The server refuses that very request: the UI's limit is not stricter than it needs to be.
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${n.tokens.editor}` },
      body: requestBody(IMPORT_CLAIM_REVIEWS, { document: overLimit }),
    });
    expect(res.status).toBe(413);
  });
});
