import pino from 'pino';
import { DEMO_USERS, seedDemo } from '../../server/seed/demo';
import { useApp } from '../helpers/useApp';

/** The demo newsroom: every workflow state, real history through the services, safe to load twice. */
const app = useApp();
beforeAll(async () => {
  await seedDemo(app.services, pino({ level: 'silent' }));
});

test('the demo shows every workflow state, an open and a resolved dispute, and a correction', async () => {
  const states = await app.ds.query(`SELECT review_status AS s, count(*)::int AS n FROM claims GROUP BY 1 ORDER BY 1`);
  expect(states.map((r: { s: string }) => r.s)).toEqual(['ARCHIVED', 'DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'PUBLISHED']);
  const disputes = await app.ds.query(`SELECT status FROM disputes ORDER BY status`);
  expect(disputes.map((r: { status: string }) => r.status)).toEqual(['OPEN', 'REJECTED']);
  const reopened = await app.ds.query(`SELECT count(*)::int AS n FROM history_events WHERE action = 'reopenClaim'`);
  expect(reopened[0].n).toBeGreaterThan(0);
  const claims = await app.ds.query(`SELECT count(*)::int AS n FROM claims`);
  expect(claims[0].n).toBe(11);
});

test('every demo claim has a genuine, verifiable history that starts with its creation', async () => {
  const { login } = await app.ok<{ login: { token: string } }>(
    `mutation { login(email: "auditor@claimledger.example", password: "demo-auditor-2018") { token } }`,
  );
  const ids: { id: string }[] = await app.ds.query(`SELECT id FROM claims`);
  for (const { id } of ids) {
    const data = await app.ok<{ verifyHistory: { valid: boolean }; claim: { history: { action: string }[] } }>(
      `query($id: ID!) { verifyHistory(claimId: $id) { valid } claim(id: $id) { history { action } } }`,
      { id },
      login.token,
    );
    expect(data.verifyHistory.valid).toBe(true);
    expect(data.claim.history[0]!.action).toBe('createClaim');
  }
});

test('every demo user can log in with the password the README lists', async () => {
  for (const u of DEMO_USERS) {
    const { login } = await app.ok<{ login: { user: { role: string } } }>(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { role } } }`,
      { e: u.email, p: u.password },
    );
    expect(login.user.role).toBe(u.role);
  }
});

test('loading the demo again adds nothing', async () => {
  const count = async () =>
    (await app.ds.query(`SELECT (SELECT count(*) FROM claims) + (SELECT count(*) FROM history_events) + (SELECT count(*) FROM users) AS n`))[0].n;
  const before = await count();
  const summary = await seedDemo(app.services, pino({ level: 'silent' }));
  expect(summary).toEqual({ users: 0, actors: 0, sources: 0, claims: 0 });
  expect(await count()).toBe(before);
});
