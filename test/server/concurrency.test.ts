import type { GqlResponse } from '../helpers/app';
import { claimIn, PASSWORD } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

/**
 * No lost updates: concurrent edits of one claim are serialised by its version, each accepted
 * change lands in the history exactly once, and a change that fails leaves nothing behind.
 */

const { app, n } = useNewsroom();
/** Twenty logged-in editors. */
let editors: { id: string; token: string }[];

beforeAll(async () => {
  const system = { userId: null, label: 'test fixture' };
  editors = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const email = `desk${i}@newsroom.test`;
      const user = await app.services.users.create(system, { email, displayName: `Desk Editor ${i}`, role: 'EDITOR', password: PASSWORD });
      const { login } = await app.ok<{ login: { token: string } }>(
        `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
        { e: email, p: PASSWORD },
      );
      return { id: user.id, token: login.token };
    }),
  );
});

const UPDATE = `mutation($id: ID!, $v: Int!, $t: String!) { updateClaim(id: $id, expectedVersion: $v, input: { text: $t }) { text version } }`;

type Edited = { updateClaim: { text: string; version: number } };

interface Outcome {
  editor: number;
  text: string;
  expectedVersion: number;
  res: GqlResponse<Edited>;
}

interface HistoryView {
  version: number;
  text: string;
  history: { action: string; version: number; user: { id: string }; changes: { field: string; from: unknown; to: unknown }[] }[];
}

async function claimWithHistory(id: string): Promise<HistoryView> {
  return (
    await app.ok<{ claim: HistoryView }>(
      `query($id: ID!) { claim(id: $id) { version text history { action version user { id } changes { field from to } } } }`,
      { id },
      n.tokens.auditor,
    )
  ).claim;
}

async function verify(id: string) {
  return (
    await app.ok<{ verifyHistory: { valid: boolean; eventCount: number; currentVersion: number } }>(
      `query($id: ID!) { verifyHistory(claimId: $id) { valid eventCount currentVersion } }`,
      { id },
      n.tokens.auditor,
    )
  ).verifyHistory;
}

function split(outcomes: Outcome[]) {
  const accepted = outcomes.filter((o) => !o.res.errors);
  const refused = outcomes.filter((o) => o.res.errors);
  return { accepted, refused };
}

/** The updateClaim events after `fromVersion`, as (text, version, who). */
function editsAfter(view: HistoryView, fromVersion: number) {
  return view.history
    .filter((e) => e.action === 'updateClaim' && e.version > fromVersion)
    .map((e) => ({ text: e.changes.find((c) => c.field === 'text')!.to as string, version: e.version, user: e.user.id }));
}

test('20 editors saving the same version at once: one change is accepted, 19 get CONFLICT with the current version', async () => {
  const claim = await claimIn(app, n, 'DRAFT', 'The claim twenty editors fight over, as first written.');
  const outcomes: Outcome[] = await Promise.all(
    editors.map(async (e, i) => {
      const text = `Editor ${i} rewrote the contested claim in the first round.`;
      return { editor: i, text, expectedVersion: claim.version, res: await app.gql<Edited>(UPDATE, { id: claim.id, v: claim.version, t: text }, e.token) };
    }),
  );
  const { accepted, refused } = split(outcomes);
  expect(accepted).toHaveLength(1);
  expect(refused).toHaveLength(19);
  const winner = accepted[0]!;
  expect(winner.res.data!.updateClaim).toEqual({ text: winner.text, version: claim.version + 1 });
  for (const r of refused) {
    expect(r.res.errors).toHaveLength(1);
    expect(r.res.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', expectedVersion: claim.version, currentVersion: claim.version + 1 });
  }

  const view = await claimWithHistory(claim.id);
  expect(view.text).toBe(winner.text);
  expect(view.version).toBe(claim.version + 1);
  expect(editsAfter(view, claim.version)).toEqual([{ text: winner.text, version: claim.version + 1, user: editors[winner.editor]!.id }]);
  expect(await verify(claim.id)).toEqual({ valid: true, eventCount: claim.version + 1, currentVersion: claim.version + 1 });
});

test('waves of editors each reading the latest version: no lost update, every accepted change in the history exactly once', async () => {
  const claim = await claimIn(app, n, 'DRAFT', 'The claim edited in waves, as first written.');
  const outcomes: Outcome[] = [];
  for (let wave = 0; wave < 4; wave++) {
    outcomes.push(
      ...(await Promise.all(
        editors.map(async (e, i) => {
          const { claim: seen } = await app.ok<{ claim: { version: number } }>(`query($id: ID!) { claim(id: $id) { version } }`, { id: claim.id }, e.token);
          const text = `Wave ${wave}: editor ${i} rewrote the claim edited in waves.`;
          return { editor: i, text, expectedVersion: seen.version, res: await app.gql<Edited>(UPDATE, { id: claim.id, v: seen.version, t: text }, e.token) };
        }),
      )),
    );
  }
  const { accepted, refused } = split(outcomes);
  expect(accepted.length).toBeGreaterThanOrEqual(4); // at least one per wave
  expect(accepted.length + refused.length).toBe(80);

  // Accepted changes got consecutive versions, each exactly once, each from the version its editor saw.
  const versions = accepted.map((a) => a.res.data!.updateClaim.version).sort((a, b) => a - b);
  expect(versions).toEqual(Array.from({ length: accepted.length }, (_, k) => claim.version + 1 + k));
  for (const a of accepted) expect(a.res.data!.updateClaim.version).toBe(a.expectedVersion + 1);

  // Every refusal is a CONFLICT naming a version newer than the one the editor sent.
  for (const r of refused) {
    expect(r.res.errors).toHaveLength(1);
    const ext = r.res.errors![0]!.extensions;
    expect(ext).toMatchObject({ code: 'CONFLICT', expectedVersion: r.expectedVersion });
    expect(ext.currentVersion as number).toBeGreaterThan(r.expectedVersion);
    expect(ext.currentVersion as number).toBeLessThanOrEqual(claim.version + accepted.length);
  }

  const view = await claimWithHistory(claim.id);
  const recordedEdits = editsAfter(view, claim.version);
  const acceptedEdits = accepted
    .map((a) => ({ text: a.text, version: a.res.data!.updateClaim.version, user: editors[a.editor]!.id }))
    .sort((a, b) => a.version - b.version);
  expect(recordedEdits).toEqual(acceptedEdits);
  for (const r of refused) expect(recordedEdits.map((e) => e.text)).not.toContain(r.text);

  // The claim ends as the last accepted change left it.
  const last = acceptedEdits[acceptedEdits.length - 1]!;
  expect(view).toMatchObject({ text: last.text, version: last.version });
  expect(last.version).toBe(claim.version + accepted.length);
  expect(await verify(claim.id)).toEqual({ valid: true, eventCount: last.version, currentVersion: last.version });
});

test('different actions racing on the same version: exactly one lands, the others get CONFLICT', async () => {
  const claim = await claimIn(app, n, 'DRAFT', 'The claim that several actions race on.');
  const v = claim.version;
  const vars = { id: claim.id, v, s: n.sourceId };
  const calls = [
    `mutation($id: ID!, $v: Int!) { submitClaim(id: $id, expectedVersion: $v) { version } }`,
    `mutation($id: ID!, $v: Int!) { archiveClaim(id: $id, expectedVersion: $v, reason: "Racing archive") { version } }`,
    `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { context: "Racing edit" }) { version } }`,
    `mutation($id: ID!, $v: Int!, $s: ID!) { addEvidence(claimId: $id, expectedVersion: $v, input: { sourceId: $s, stance: CONTEXT, reliability: 2 }) { id } }`,
    `mutation($id: ID!, $v: Int!) { assignClaim(id: $id, expectedVersion: $v, assigneeId: null) { version } }`,
  ];
  const results = await Promise.all(
    calls.flatMap((q) => editors.slice(0, 4).map((e) => app.gql(q, vars, e.token))),
  );
  const ok = results.filter((r) => !r.errors);
  expect(ok).toHaveLength(1);
  for (const r of results.filter((x) => x.errors)) {
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: v + 1 });
  }
  const view = await claimWithHistory(claim.id);
  expect(view.version).toBe(v + 1);
  expect(view.history).toHaveLength(v + 1);
  const evidence = (await app.ds.query('SELECT count(*)::int AS n FROM evidence WHERE claim_id = $1', [claim.id])) as { n: number }[];
  expect(evidence[0]!.n).toBe(view.history[v]!.action === 'addEvidence' ? 1 : 0);
  expect((await verify(claim.id)).valid).toBe(true);
});

describe('a failure inside a mutation leaves neither the change nor its event', () => {
  /** Makes the database refuse history events of one action, for the duration of `run`. */
  async function whileHistoryRefuses<T>(action: string, run: () => Promise<T>): Promise<T> {
    await app.ds.query(`
      CREATE FUNCTION test_refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'injected failure for %', NEW.action;
      END $$`);
    await app.ds.query(
      `CREATE TRIGGER test_refuse_event BEFORE INSERT ON history_events FOR EACH ROW
       WHEN (NEW.action = '${action.replace(/[^a-zA-Z]/g, '')}') EXECUTE FUNCTION test_refuse_event()`,
    );
    try {
      return await run();
    } finally {
      await app.ds.query('DROP TRIGGER test_refuse_event ON history_events');
      await app.ds.query('DROP FUNCTION test_refuse_event()');
    }
  }

  const eventCount = async () => ((await app.ds.query('SELECT count(*)::int AS n FROM history_events')) as { n: number }[])[0]!.n;

  function expectInternalError(r: GqlResponse) {
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(r.data).toBeNull();
  }

  test('a workflow step (submitClaim) whose event cannot be written does not happen', async () => {
    const claim = await claimIn(app, n, 'DRAFT');
    const before = await claimWithHistory(claim.id);
    const events = await eventCount();
    const SUBMIT = `mutation($id: ID!, $v: Int!) { submitClaim(id: $id, expectedVersion: $v) { reviewStatus version } }`;
    const r = await whileHistoryRefuses('submitClaim', () => app.gql(SUBMIT, { id: claim.id, v: claim.version }, n.tokens.checker));
    expectInternalError(r);
    expect(await eventCount()).toBe(events);
    const after = await claimWithHistory(claim.id);
    expect(after).toEqual(before);
    const [row] = (await app.ds.query('SELECT review_status, version FROM claims WHERE id = $1', [claim.id])) as { review_status: string; version: number }[];
    expect(row).toEqual({ review_status: 'DRAFT', version: claim.version });
    // Nothing else was in the way: the same call succeeds once events can be written.
    expect(await app.ok(SUBMIT, { id: claim.id, v: claim.version }, n.tokens.checker)).toEqual({
      submitClaim: { reviewStatus: 'IN_REVIEW', version: claim.version + 1 },
    });
    expect((await verify(claim.id)).valid).toBe(true);
  });

  test('addEvidence whose event cannot be written adds no evidence and keeps the version', async () => {
    const claim = await claimIn(app, n, 'DRAFT');
    const events = await eventCount();
    const r = await whileHistoryRefuses('addEvidence', () =>
      app.gql(
        `mutation($id: ID!, $v: Int!) { addEvidence(claimId: $id, expectedVersion: $v, input: { url: "https://example.org/never", stance: REFUTES, reliability: 2 }) { id } }`,
        { id: claim.id, v: claim.version },
        n.tokens.checker,
      ),
    );
    expectInternalError(r);
    expect(await eventCount()).toBe(events);
    const evidence = (await app.ds.query('SELECT count(*)::int AS n FROM evidence WHERE claim_id = $1', [claim.id])) as { n: number }[];
    expect(evidence[0]!.n).toBe(0);
    expect((await claimWithHistory(claim.id)).version).toBe(claim.version);
  });

  test('createClaim whose event cannot be written leaves no claim and no new topic', async () => {
    const events = await eventCount();
    const r = await whileHistoryRefuses('createClaim', () =>
      app.gql(
        `mutation { createClaim(input: { text: "A claim that must not survive its failed event.", topics: ["Unheard-of topic"] }) { id } }`,
        {},
        n.tokens.checker,
      ),
    );
    expectInternalError(r);
    expect(await eventCount()).toBe(events);
    expect(await app.ds.query(`SELECT id FROM claims WHERE text = 'A claim that must not survive its failed event.'`)).toEqual([]);
    expect(await app.ds.query(`SELECT id FROM topics WHERE slug = 'unheard-of-topic'`)).toEqual([]);
  });

  test('an upheld dispute whose reopening event fails leaves the dispute open and the claim published', async () => {
    const claim = await claimIn(app, n, 'PUBLISHED');
    const { openDispute } = await app.ok<{ openDispute: { id: string } }>(
      `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "The figure was revised." }) { id } }`,
      { id: claim.id },
      n.tokens.checker,
    );
    const before = await claimWithHistory(claim.id);
    const events = await eventCount();
    const RESOLVE = `mutation($id: ID!) { resolveDispute(id: $id, outcome: UPHELD, note: "Revised by the panel.") { status } }`;
    // The first of the two events (the dispute's) is written; the second (the reopening) fails.
    const r = await whileHistoryRefuses('reopenClaim', () => app.gql(RESOLVE, { id: openDispute.id }, n.tokens.editor));
    expectInternalError(r);
    expect(await eventCount()).toBe(events);
    expect(await claimWithHistory(claim.id)).toEqual(before);
    const { claim: now } = await app.ok<{ claim: { reviewStatus: string; disputeStatus: string; disputes: { status: string }[] } }>(
      `query($id: ID!) { claim(id: $id) { reviewStatus disputeStatus disputes { status } } }`,
      { id: claim.id },
      n.tokens.editor,
    );
    expect(now).toEqual({ reviewStatus: 'PUBLISHED', disputeStatus: 'DISPUTED', disputes: [{ status: 'OPEN' }] });
    expect(await app.ok(RESOLVE, { id: openDispute.id }, n.tokens.editor)).toEqual({ resolveDispute: { status: 'UPHELD' } });
    expect((await verify(claim.id)).valid).toBe(true);
  });

  test('deactivating a user whose event cannot be written keeps the user active and logged in', async () => {
    const victim = editors[19]!;
    const [{ version }] = (await app.ds.query('SELECT version FROM users WHERE id = $1', [victim.id])) as [{ version: number }];
    const r = await whileHistoryRefuses('updateUser', () =>
      app.gql(
        `mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, input: { active: false }) { active } }`,
        { id: victim.id, v: version },
        n.tokens.admin,
      ),
    );
    expectInternalError(r);
    expect(await app.ok(`{ me { id active } }`, {}, victim.token)).toEqual({ me: { id: victim.id, active: true } });
    const [row] = (await app.ds.query('SELECT active, version FROM users WHERE id = $1', [victim.id])) as { active: boolean; version: number }[];
    expect(row).toEqual({ active: true, version });
  });
});
