import { createHash } from 'node:crypto';
import { startTestApp, type TestApp, type TestAppOptions } from '../helpers/app';
import { claimIn, PASSWORD, type Person } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

/** Logins, sessions, rate limiting, password storage and API keys, as a client sees them. */

const { app, n } = useNewsroom();

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { id role email } } }`;

interface LoginPayload {
  token: string;
  expiresAt: string;
  user: { id: string; role: string; email: string };
}

async function login(target: TestApp, email: string, password = PASSWORD): Promise<LoginPayload> {
  return (await target.ok<{ login: LoginPayload }>(LOGIN, { e: email, p: password })).login;
}

/** POST /graphql with an arbitrary Authorization header. */
async function withHeader(authorization: string, query = '{ me { id } }') {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] } };
}

const ME = `{ me { id role email displayName } }`;

test('login answers an opaque bearer token that the database keeps only as its SHA-256', async () => {
  const { token, user, expiresAt } = await login(app, 'checker2@newsroom.test');
  expect(user).toEqual({ id: n.ids.checker2, role: 'FACT_CHECKER', email: 'checker2@newsroom.test' });
  expect(token.length).toBeGreaterThanOrEqual(40);
  expect(token).not.toContain(n.ids.checker2);
  expect(token).not.toContain('checker2');
  expect(Date.parse(expiresAt)).toBeGreaterThan(0);

  const sessions = (await app.ds.query('SELECT * FROM sessions WHERE user_id = $1', [n.ids.checker2])) as Record<string, unknown>[];
  const mine = sessions.filter((s) => s.token_hash === sha256(token));
  expect(mine).toHaveLength(1);
  expect(new Date(mine[0]!.expires_at as string).toISOString()).toBe(expiresAt);
  // Nowhere in the table is the token itself, nor anything of it beyond the digest.
  const everything = JSON.stringify(await app.ds.query('SELECT * FROM sessions'));
  expect(everything).not.toContain(token);
  expect(everything).not.toContain(token.slice(4, 24));

  const { me } = await app.ok<{ me: { id: string } }>(ME, {}, token);
  expect(me.id).toBe(n.ids.checker2);
});

test('a wrong password and an unknown e-mail are refused alike: UNAUTHENTICATED with the same message', async () => {
  const countSessions = async () => ((await app.ds.query('SELECT count(*)::int AS n FROM sessions')) as { n: number }[])[0]!.n;
  const before = await countSessions();
  const wrong = await app.fails(LOGIN, { e: 'editor2@newsroom.test', p: 'not the password at all' });
  const unknown = await app.fails(LOGIN, { e: 'nobody@newsroom.test', p: 'not the password at all' });
  expect(wrong.code).toBe('UNAUTHENTICATED');
  expect(unknown.code).toBe('UNAUTHENTICATED');
  expect(unknown.message).toBe(wrong.message);
  expect(unknown.extensions).toEqual(wrong.extensions);
  expect(await countSessions()).toBe(before);
});

test('logout revokes the session: its token stops working at once, other sessions keep working', async () => {
  const first = await login(app, 'editor2@newsroom.test');
  const second = await login(app, 'editor2@newsroom.test');
  expect(await app.ok(`mutation { logout }`, {}, first.token)).toEqual({ logout: true });
  const refused = await app.fails(ME, {}, first.token);
  expect(refused.code).toBe('UNAUTHENTICATED');
  expect(await app.ok(ME, {}, second.token)).toMatchObject({ me: { id: n.ids.editor2 } });
  const [row] = (await app.ds.query('SELECT revoked_at FROM sessions WHERE token_hash = $1', [sha256(first.token)])) as {
    revoked_at: Date | null;
  }[];
  expect(row!.revoked_at).not.toBeNull();
  // Without a session there is nothing to end.
  expect(await app.ok(`mutation { logout }`)).toEqual({ logout: false });
});

test('an expired session is refused with UNAUTHENTICATED', async () => {
  const s = await login(app, 'checker2@newsroom.test');
  expect(await app.ok(ME, {}, s.token)).toMatchObject({ me: { id: n.ids.checker2 } });
  await app.ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(s.token)]);
  const refused = await app.gql(ME, {}, s.token);
  expect(refused.status).toBe(401);
  expect(refused.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  expect(refused.data).toBeNull();
});

test('deactivating a user ends all its sessions and its password stops working', async () => {
  const system = { userId: null, label: 'test' };
  const leaver = await app.services.users.create(system, {
    email: 'leaver@newsroom.test',
    displayName: 'Lee Leaver',
    role: 'FACT_CHECKER',
    password: PASSWORD,
  });
  const a = await login(app, 'leaver@newsroom.test');
  const b = await login(app, 'leaver@newsroom.test');
  await app.ok(`mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, input: { active: false }) { active } }`, { id: leaver.id, v: leaver.version }, n.tokens.admin);
  for (const token of [a.token, b.token]) {
    expect((await app.fails(ME, {}, token)).code).toBe('UNAUTHENTICATED');
  }
  const open = (await app.ds.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [leaver.id])) as { n: number }[];
  expect(open[0]!.n).toBe(0);
  const relogin = await app.fails(LOGIN, { e: 'leaver@newsroom.test', p: PASSWORD });
  expect(relogin.code).toBe('UNAUTHENTICATED');
});

test('changing a password ends the sessions opened with the old one', async () => {
  const system = { userId: null, label: 'test' };
  const mover = await app.services.users.create(system, { email: 'mover@newsroom.test', displayName: 'Mo Mover', role: 'EDITOR', password: PASSWORD });
  const s = await login(app, 'mover@newsroom.test');
  await app.ok(
    `mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, input: { password: "a brand new passphrase" }) { id } }`,
    { id: mover.id, v: mover.version },
    n.tokens.admin,
  );
  expect((await app.fails(ME, {}, s.token)).code).toBe('UNAUTHENTICATED');
  expect((await app.fails(LOGIN, { e: 'mover@newsroom.test', p: PASSWORD })).code).toBe('UNAUTHENTICATED');
  expect((await login(app, 'mover@newsroom.test', 'a brand new passphrase')).user.id).toBe(mover.id);
});

test('a role change applies to existing sessions on their next request', async () => {
  const system = { userId: null, label: 'test' };
  const demoted = await app.services.users.create(system, { email: 'demoted@newsroom.test', displayName: 'Dee Demoted', role: 'EDITOR', password: PASSWORD });
  const s = await login(app, 'demoted@newsroom.test');
  const claim = await claimIn(app, n, 'DRAFT');
  const ARCHIVE = `mutation($id: ID!, $v: Int!) { archiveClaim(id: $id, expectedVersion: $v, reason: "Out of scope") { reviewStatus } }`;
  await app.ok(`mutation($id: ID!, $v: Int!) { updateUser(id: $id, expectedVersion: $v, input: { role: AUDITOR }) { role } }`, { id: demoted.id, v: demoted.version }, n.tokens.admin);
  expect(await app.ok(ME, {}, s.token)).toMatchObject({ me: { id: demoted.id, role: 'AUDITOR' } });
  expect((await app.fails(ARCHIVE, { id: claim.id, v: claim.version }, s.token)).code).toBe('FORBIDDEN');
  expect(await app.ok(ARCHIVE, { id: claim.id, v: claim.version }, n.tokens.editor)).toEqual({ archiveClaim: { reviewStatus: 'ARCHIVED' } });
});

test('failed logins are rate limited: RATE_LIMITED with retryAfter, even with the right password afterwards', async () => {
  const limited = await startTestApp({ loginMaxFailures: 3 });
  try {
    const system = { userId: null, label: 'test' };
    await limited.services.users.create(system, { email: 'target@newsroom.test', displayName: 'Tara Target', role: 'EDITOR', password: PASSWORD });
    await limited.services.users.create(system, { email: 'bystander@newsroom.test', displayName: 'Ben Bystander', role: 'EDITOR', password: PASSWORD });
    for (let i = 0; i < 3; i++) {
      expect((await limited.fails(LOGIN, { e: 'target@newsroom.test', p: `guess number ${i}` })).code).toBe('UNAUTHENTICATED');
    }
    for (const password of ['guess number 4', PASSWORD]) {
      const refused = await limited.fails(LOGIN, { e: 'target@newsroom.test', p: password });
      expect(refused.code).toBe('RATE_LIMITED');
      expect(Number.isInteger(refused.extensions.retryAfter)).toBe(true);
      expect(refused.extensions.retryAfter as number).toBeGreaterThan(0);
      expect(refused.extensions.retryAfter as number).toBeLessThanOrEqual(15 * 60);
    }
    // The same e-mail in another case is the same account.
    expect((await limited.fails(LOGIN, { e: 'TARGET@newsroom.test', p: PASSWORD })).code).toBe('RATE_LIMITED');
    const sessions = (await limited.ds.query(
      `SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'target@newsroom.test'`,
    )) as { n: number }[];
    expect(sessions[0]!.n).toBe(0);
    // Another account from the same address is not locked out by someone guessing this one.
    expect((await login(limited, 'bystander@newsroom.test')).user.role).toBe('EDITOR');
  } finally {
    await limited.close();
  }
});

describe('failed-login limits (OWASP: per account and address, per address, per account sparing usual addresses)', () => {
  type Answer = { code: string | null; retryAfter?: number; message?: string; token?: string };

  /** A login as sent from `address` (the server trusts X-Forwarded-For from its loopback proxy). */
  async function loginFrom(target: TestApp, address: string, email: string, password: string): Promise<Answer> {
    const res = await fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
    });
    const body = (await res.json()) as { data?: { login: LoginPayload } | null; errors?: { message: string; extensions: { code: string; retryAfter?: number } }[] };
    const error = body.errors?.[0];
    if (!error) return { code: null, token: body.data!.login.token };
    return { code: error.extensions.code, retryAfter: error.extensions.retryAfter, message: error.message };
  }

  /** A server of its own with these limits and these editors (password PASSWORD). */
  async function withLimits(opts: TestAppOptions, editors: string[], run: (limited: TestApp) => Promise<void>) {
    const limited = await startTestApp(opts);
    try {
      for (const email of editors) {
        await limited.services.users.create({ userId: null, label: 'test' }, { email, displayName: email.split('@')[0]!, role: 'EDITOR', password: PASSWORD });
      }
      await run(limited);
    } finally {
      await limited.close();
    }
  }

  const limitRows = (target: TestApp) => target.ds.query('SELECT key, points, expire FROM login_limits ORDER BY key');
  const sessionCount = async (target: TestApp) => ((await target.ds.query('SELECT count(*)::int AS n FROM sessions')) as { n: number }[])[0]!.n;

  test('a refused login writes nothing: the counters and the sessions stay as they were', () =>
    withLimits({ loginMaxFailures: 2 }, ['still@newsroom.test'], async (limited) => {
      for (const guess of ['first guess', 'second guess']) {
        expect((await loginFrom(limited, '198.51.100.1', 'still@newsroom.test', guess)).code).toBe('UNAUTHENTICATED');
      }
      const rows = await limitRows(limited);
      expect(rows).toHaveLength(3);
      const sessions = await sessionCount(limited);
      for (const password of ['third guess', PASSWORD]) {
        const refused = await loginFrom(limited, '198.51.100.1', 'still@newsroom.test', password);
        expect(refused.code).toBe('RATE_LIMITED');
      }
      expect(await limitRows(limited)).toEqual(rows);
      expect(await sessionCount(limited)).toBe(sessions);
      // Neither the e-mail nor anything typed as a password is stored in the counters.
      expect(JSON.stringify(rows)).not.toMatch(/still|newsroom|guess/);
    }));

  test('concurrent guesses get no more tries than one after the other', () =>
    withLimits({ loginMaxFailures: 3 }, ['burst@newsroom.test'], async (limited) => {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => loginFrom(limited, '198.51.100.2', 'burst@newsroom.test', `parallel guess ${i}`)),
      );
      const codes = answers.map((a) => a.code);
      expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(3);
      expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(9);
      expect((await loginFrom(limited, '198.51.100.2', 'burst@newsroom.test', PASSWORD)).code).toBe('RATE_LIMITED');
    }));

  test('one address trying many accounts is refused after LOGIN_ADDRESS_MAX_FAILURES; other addresses are not', () =>
    withLimits({ loginMaxFailures: 3, loginLimits: { LOGIN_ADDRESS_MAX_FAILURES: 4 } }, ['sprayed@newsroom.test'], async (limited) => {
      for (const email of ['a@newsroom.test', 'b@newsroom.test', 'c@newsroom.test', 'sprayed@newsroom.test']) {
        expect((await loginFrom(limited, '198.51.100.3', email, 'Summer2026!')).code).toBe('UNAUTHENTICATED');
      }
      const refused = await loginFrom(limited, '198.51.100.3', 'sprayed@newsroom.test', PASSWORD);
      expect(refused.code).toBe('RATE_LIMITED');
      expect(refused.message).toMatch(/from your address/);
      expect(refused.retryAfter).toBeGreaterThan(15 * 60);
      expect(refused.retryAfter).toBeLessThanOrEqual(24 * 3600);
      expect((await loginFrom(limited, '203.0.113.3', 'sprayed@newsroom.test', PASSWORD)).code).toBeNull();
    }));

  test('addresses in one IPv6 /64 share their counters', () =>
    withLimits({ loginMaxFailures: 2 }, ['six@newsroom.test'], async (limited) => {
      expect((await loginFrom(limited, '2001:db8:1:2::a', 'six@newsroom.test', 'guess from one host')).code).toBe('UNAUTHENTICATED');
      expect((await loginFrom(limited, '2001:db8:1:2:ffff::b', 'six@newsroom.test', 'guess from another')).code).toBe('UNAUTHENTICATED');
      expect((await loginFrom(limited, '2001:db8:1:2::c', 'six@newsroom.test', PASSWORD)).code).toBe('RATE_LIMITED');
      expect((await loginFrom(limited, '2001:db8:1:3::c', 'six@newsroom.test', PASSWORD)).code).toBeNull();
    }));

  test('a stranger cannot lock a user out of their usual address, from one address or from many', () =>
    withLimits({ loginMaxFailures: 3, loginLimits: { LOGIN_ACCOUNT_MAX_FAILURES: 6 } }, ['chief@newsroom.test', 'deputy@newsroom.test'], async (limited) => {
      const usual = '203.0.113.50';
      expect((await loginFrom(limited, usual, 'chief@newsroom.test', PASSWORD)).code).toBeNull();

      // One address guessing locks only itself out of the account, for LOGIN_LOCK_MINUTES.
      for (let i = 0; i < 3; i++) expect((await loginFrom(limited, '198.51.100.66', 'chief@newsroom.test', `guess ${i}`)).code).toBe('UNAUTHENTICATED');
      const locked = await loginFrom(limited, '198.51.100.66', 'chief@newsroom.test', PASSWORD);
      expect(locked.code).toBe('RATE_LIMITED');
      expect(locked.retryAfter).toBeLessThanOrEqual(15 * 60);
      expect((await loginFrom(limited, usual, 'chief@newsroom.test', PASSWORD)).code).toBeNull();

      // Many addresses: the account-wide limit closes the account to new addresses only.
      // (3 failures so far; the refused attempt did not count.)
      for (const [stranger, guesses] of [['198.51.100.67', 2], ['198.51.100.68', 1]] as const) {
        for (let i = 0; i < guesses; i++) {
          expect((await loginFrom(limited, stranger, 'chief@newsroom.test', `guess ${i}`)).code).toBe('UNAUTHENTICATED');
        }
      }
      const fromNewPlace = await loginFrom(limited, '192.0.2.10', 'chief@newsroom.test', PASSWORD);
      expect(fromNewPlace.code).toBe('RATE_LIMITED');
      expect(fromNewPlace.message).toMatch(/logged in from before/);
      const atHome = await loginFrom(limited, usual, 'chief@newsroom.test', PASSWORD);
      expect(atHome.code).toBeNull();
      expect((await limited.ok<{ me: { email: string } }>(ME, {}, atHome.token)).me.email).toBe('chief@newsroom.test');
      // Other accounts are untouched by this account's limit.
      expect((await loginFrom(limited, '192.0.2.10', 'deputy@newsroom.test', PASSWORD)).code).toBeNull();
    }));
});

test('passwords are stored as salted scrypt hashes, never as given', async () => {
  const stored = (await app.ds.query(`SELECT email, password_hash FROM users WHERE email LIKE '%@newsroom.test' ORDER BY email`)) as {
    email: string;
    password_hash: string;
  }[];
  expect(stored.length).toBeGreaterThanOrEqual(6);
  for (const u of stored) {
    expect(u.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/);
    const [, cost] = u.password_hash.split('$');
    expect(Number(cost)).toBeGreaterThanOrEqual(2 ** 14);
    expect(u.password_hash).not.toContain(PASSWORD);
    expect(u.password_hash).not.toContain(Buffer.from(PASSWORD).toString('base64url'));
  }
  // Everyone in the fixture has the same password; the salts make every hash different.
  expect(new Set(stored.map((u) => u.password_hash)).size).toBe(stored.length);
  // Neither the API nor the history ever carries a password hash.
  const users = await app.ok(`{ users { id email } }`, {}, n.tokens.admin);
  expect(JSON.stringify(users)).not.toMatch(/scrypt/);
  const history = JSON.stringify(await app.ds.query(`SELECT changes, state FROM history_events WHERE entity_type = 'USER'`));
  expect(history).not.toMatch(/scrypt|passwordHash|password_hash/);
  expect(history).not.toContain(PASSWORD);
});

describe('API keys', () => {
  const CREATE = `mutation($name: String!) { createApiKey(name: $name) { secret apiKey { id name prefix lastUsedAt revokedAt } } }`;
  const KEYS = `{ apiKeys { id name prefix createdBy { id } createdAt lastUsedAt revokedAt } }`;

  async function createKey(name: string) {
    return (
      await app.ok<{ createApiKey: { secret: string; apiKey: { id: string; name: string; prefix: string; lastUsedAt: string | null } } }>(
        CREATE,
        { name },
        n.tokens.admin,
      )
    ).createApiKey;
  }

  test('createApiKey shows the secret once: the list and the database hold only a prefix and a digest', async () => {
    const { secret, apiKey } = await createKey('Aggregator app');
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey.prefix.length).toBeLessThan(secret.length / 2);

    const list = await app.ok<{ apiKeys: { id: string; createdBy: { id: string } }[] }>(KEYS, {}, n.tokens.admin);
    expect(list.apiKeys.find((k) => k.id === apiKey.id)).toMatchObject({ createdBy: { id: n.ids.admin } });
    expect(JSON.stringify(list)).not.toContain(secret);

    const [row] = (await app.ds.query('SELECT * FROM api_keys WHERE id = $1', [apiKey.id])) as Record<string, unknown>[];
    expect(row!.key_hash).toBe(sha256(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const history = JSON.stringify(await app.ds.query('SELECT * FROM history_events'));
    expect(history).not.toContain(secret);
    expect(history).not.toContain(sha256(secret));
  });

  test('only admins may list keys', async () => {
    for (const person of ['checker', 'editor', 'auditor'] as Person[]) {
      expect((await app.fails(KEYS, {}, n.tokens[person])).code).toBe('FORBIDDEN');
    }
    expect((await app.fails(KEYS)).code).toBe('UNAUTHENTICATED');
  });

  test('a key reads published claims only, cannot write, and its last use is recorded', async () => {
    const published = await claimIn(app, n, 'PUBLISHED', 'A published claim a client app may read.');
    const draft = await claimIn(app, n, 'DRAFT', 'A draft claim no client app may read.');
    const { secret, apiKey } = await createKey('Reader app');
    expect(apiKey.lastUsedAt).toBeNull();
    const lastUsed = async () =>
      ((await app.ds.query('SELECT last_used_at FROM api_keys WHERE id = $1', [apiKey.id])) as { last_used_at: Date | null }[])[0]!
        .last_used_at;
    expect(await lastUsed()).toBeNull();

    const { claims } = await app.ok<{ claims: { nodes: { id: string; reviewStatus: string }[] } }>(
      `{ claims(first: 100) { nodes { id reviewStatus } } }`,
      {},
      secret,
    );
    expect(claims.nodes.map((c) => c.id)).toContain(published.id);
    expect(claims.nodes.map((c) => c.id)).not.toContain(draft.id);
    expect(new Set(claims.nodes.map((c) => c.reviewStatus))).toEqual(new Set(['PUBLISHED']));
    expect(await app.ok(`query($id: ID!) { claim(id: $id) { id } }`, { id: draft.id }, secret)).toEqual({ claim: null });
    expect(await app.ok(`{ me { id } }`, {}, secret)).toEqual({ me: null });
    // A key reads what the public reads: FORBIDDEN, since logging in is not what it lacks.
    expect((await app.fails(`mutation { createActor(input: { name: "Key Writer", kind: PERSON }) { id } }`, {}, secret)).code).toBe('FORBIDDEN');

    expect(await lastUsed()).not.toBeNull();
    const keys = await app.ok<{ apiKeys: { id: string; lastUsedAt: string | null }[] }>(KEYS, {}, n.tokens.admin);
    expect(keys.apiKeys.find((k) => k.id === apiKey.id)!.lastUsedAt).not.toBeNull();
  });

  test('revokeApiKey stops the key at once and cannot be repeated', async () => {
    const { secret, apiKey } = await createKey('Short-lived app');
    expect(await app.ok(`{ apiVersion }`, {}, secret)).toEqual({ apiVersion: '1' });
    const { revokeApiKey } = await app.ok<{ revokeApiKey: { id: string; revokedAt: string | null } }>(
      `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`,
      { id: apiKey.id },
      n.tokens.admin,
    );
    expect(revokeApiKey.revokedAt).not.toBeNull();
    const refused = await app.gql(`{ claims { nodes { id } } }`, {}, secret);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const again = await app.fails(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: apiKey.id }, n.tokens.admin);
    expect(again.code).toBe('INVALID_TRANSITION');
  });
});

test.each([
  ['another scheme', 'Token abcdef'],
  ['Basic credentials', `Basic ${Buffer.from('checker@newsroom.test:x').toString('base64')}`],
  ['a bare Bearer', 'Bearer'],
  ['two values', 'Bearer one two'],
  ['an unknown kind of token', 'Bearer abcdefghijklmnopqrstuvwxyz0123456789'],
  ['a forged session token', 'Bearer cls_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ['a forged API key', 'Bearer clk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
])('an Authorization header with %s is refused with 401 UNAUTHENTICATED, not treated as anonymous', async (_what, header) => {
  const r = await withHeader(header);
  expect(r.status).toBe(401);
  expect(r.body.errors).toHaveLength(1);
  expect(r.body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  expect(r.body.data ?? null).toBeNull();
});

test('a session token sent with the scheme in another case still works (Bearer is case-insensitive)', async () => {
  const r = await withHeader(`bearer ${n.tokens.auditor}`);
  expect(r.body).toMatchObject({ data: { me: { id: n.ids.auditor } } });
});

test.each([
  ['checker', 'FACT_CHECKER'],
  ['editor', 'EDITOR'],
  ['auditor', 'AUDITOR'],
  ['admin', 'ADMIN'],
] as [Person, string][])('me answers the %s with their own account, e-mail included', async (person, role) => {
  const { me } = await app.ok<{ me: { id: string; role: string; email: string } }>(ME, {}, n.tokens[person]);
  expect(me).toMatchObject({ id: n.ids[person], role, email: `${person}@newsroom.test` });
});

test('me is null for a public reader', async () => {
  expect(await app.ok(ME)).toEqual({ me: null });
});
