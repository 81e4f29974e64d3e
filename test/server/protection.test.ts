import type { TestApp } from '../helpers/app';
import { claimIn } from '../fixtures/newsroom';
import { expectNoLeak as expectNoLeakIn } from '../helpers/leaks';
import { useApp, useNewsroom } from '../helpers/useApp';

/**
 * Abuse and failure at the HTTP/GraphQL edge: every limit answers with its own machine-readable
 * code, and no answer carries a stack trace, SQL, table names or driver messages.
 */

const { app, n } = useNewsroom();
const locked = useApp({ introspection: false, maxPageSize: 5, bodyLimit: '2kb' });

interface RawResponse {
  status: number;
  text: string;
  json: { data?: unknown; errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[] };
}

async function send(target: TestApp, init: RequestInit & { path?: string }): Promise<RawResponse> {
  const res = await fetch(`${target.url}${init.path ?? '/graphql'}`, init);
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as RawResponse['json'] };
}

function post(target: TestApp, body: unknown, token?: string): Promise<RawResponse> {
  return send(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** The whole body, except each error's `path` (GraphQL field names such as `claims` are public). */
function expectNoLeak(r: RawResponse) {
  expectNoLeakIn(r.text);
}

function onlyError(r: RawResponse) {
  expect(r.json.errors).toHaveLength(1);
  return r.json.errors![0]!;
}

function nested(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `claims { nodes { claimant { ${inner} } } }`;
  return `{ actors { nodes { ${inner} } } }`;
}

test('a query deeper than the depth limit is refused before it runs (QUERY_TOO_DEEP)', async () => {
  const shallow = await post(app, { query: nested(2) });
  expect(shallow.json.errors).toBeUndefined();
  const r = await post(app, { query: nested(4) });
  expect(r.status).toBe(400);
  const e = onlyError(r);
  expect(e.extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 10, found: 15 });
  expect(e.message).toBe('Query depth: 15; the limit is 10.');
  expect(r.json.data).toBeUndefined();
  expectNoLeak(r);
});

test('a flood of aliases is refused (TOO_MANY_ALIASES)', async () => {
  const aliases = (k: number) => `{ ${Array.from({ length: k }, (_, i) => `a${i}: apiVersion`).join(' ')} }`;
  expect((await post(app, { query: aliases(15) })).json.errors).toBeUndefined();
  const r = await post(app, { query: aliases(16) });
  expect(r.status).toBe(400);
  const e = onlyError(r);
  expect(e.extensions).toEqual({ code: 'TOO_MANY_ALIASES', limit: 15, found: 16 });
  expectNoLeak(r);
});

test('a query whose estimated cost exceeds the budget is refused before any SQL runs', async () => {
  const r = await post(app, { query: `{ claims(first: 100) { nodes { claimant { claims(first: 100) { nodes { id text } } } } } }` });
  expect(r.status).toBe(400);
  const e = onlyError(r);
  expect(e.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: { requested: expect.any(Number), limit: 5000 } });
  expect((e.extensions!.cost as { requested: number }).requested).toBeGreaterThan(5000);
  expect(e.message).toMatch(/the limit is 5000/);
  expectNoLeak(r);
  const res = await app.gql(`{ claims(first: 100) { nodes { claimant { claims(first: 100) { nodes { id text } } } } } }`);
  expect(res.statements).toBe(0);
});

test('fragments do not get around the depth and alias limits', async () => {
  const deep = await post(app, {
    query: `query { actors { nodes { ...A } } }
      fragment A on Actor { claims { nodes { claimant { ...B } } } }
      fragment B on Actor { claims { nodes { claimant { ...C } } } }
      fragment C on Actor { claims { nodes { claimant { id } } } }`,
  });
  expect(deep.status).toBe(400);
  expect(deep.json.errors!.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/depth: 12; the limit is 10/)]));
  expect(new Set(deep.json.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['QUERY_TOO_DEEP']));
  expectNoLeak(deep);

  const ten = (p: string) => Array.from({ length: 10 }, (_, i) => `${p}${i}: apiVersion`).join(' ');
  const aliases = await post(app, { query: `query { ...Q } fragment Q on Query { ${ten('a')} ...R } fragment R on Query { ${ten('b')} }` });
  expect(aliases.status).toBe(400);
  expect(onlyError(aliases)).toMatchObject({ extensions: { code: 'TOO_MANY_ALIASES', limit: 15, found: 20 } });
  expectNoLeak(aliases);
});

test('a batch of operations in one request is refused (one operation per request)', async () => {
  const r = await send(app, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(Array.from({ length: 50 }, () => ({ query: '{ apiVersion }' }))),
  });
  expect(r.status).toBe(400);
  expect(onlyError(r).extensions?.code).toBe('BAD_REQUEST');
  expectNoLeak(r);
});

test("a document over the parser's token limit is refused (TOO_MANY_TOKENS)", async () => {
  const r = await post(app, { query: `{ ${'apiVersion '.repeat(5001)}}` });
  expect(r.status).toBe(400);
  const e = onlyError(r);
  expect(e.extensions).toEqual({ code: 'TOO_MANY_TOKENS', limit: 5000 });
  expect(e.message).toMatch(/5000 tokens/);
  expectNoLeak(r);
});

test('a page larger than the maximum page size is refused with PAGE_SIZE_EXCEEDED and the maximum', async () => {
  await claimIn(app, n, 'PUBLISHED');
  const r = await post(app, { query: `{ claims(first: 101) { nodes { id } } }` });
  const e = onlyError(r);
  expect(e.extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED', maximum: 100 });
  expect(r.json.data).toBeNull();
  expectNoLeak(r);

  const log = await post(app, { query: `{ auditLog(first: 501) { nodes { id } } }` }, n.tokens.auditor);
  expect(onlyError(log).extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED', maximum: 500 });

  // The limit is the configured one, not a constant.
  expect((await post(locked, { query: `{ claims(first: 5) { nodes { id } } }` })).json.errors).toBeUndefined();
  const small = await post(locked, { query: `{ actors(first: 6) { nodes { id } } }` });
  expect(onlyError(small).extensions).toMatchObject({ code: 'PAGE_SIZE_EXCEEDED', maximum: 5 });
  expectNoLeak(small);
});

test('a body over the size limit is answered 413 PAYLOAD_TOO_LARGE', async () => {
  const r = await post(app, { query: '{ apiVersion }', variables: { padding: 'x'.repeat(150_000) } });
  expect(r.status).toBe(413);
  expect(onlyError(r).extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  expectNoLeak(r);

  const configured = await post(locked, { query: '{ apiVersion }', variables: { padding: 'x'.repeat(3000) } });
  expect(configured.status).toBe(413);
  expect(onlyError(configured).extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  expect((await post(locked, { query: '{ apiVersion }', variables: { padding: 'x'.repeat(1000) } })).status).toBe(200);
});

test('a body that is not valid JSON is answered 400 BAD_REQUEST without parser details', async () => {
  const r = await send(app, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ apiVersion }",' });
  expect(r.status).toBe(400);
  expect(onlyError(r).extensions?.code).toBe('BAD_REQUEST');
  expect(r.text).not.toMatch(/Unexpected|position|SyntaxError/);
  expectNoLeak(r);
});

test('a GET or a simple form POST without a CSRF-safe header is refused and runs nothing', async () => {
  const get = await send(app, { method: 'GET', path: `/graphql?query=${encodeURIComponent('{ apiVersion }')}` });
  expect(get.status).toBe(400);
  expect(onlyError(get).extensions?.code).toBe('BAD_REQUEST');
  expect(get.json.errors![0]!.message).toMatch(/Cross-Site Request Forgery/);
  expectNoLeak(get);

  // The same GET with the preflight header goes through: the refusal is the CSRF rule.
  const preflighted = await send(app, {
    method: 'GET',
    path: `/graphql?query=${encodeURIComponent('{ apiVersion }')}`,
    headers: { 'apollo-require-preflight': 'true' },
  });
  expect(preflighted.json).toMatchObject({ data: { apiVersion: '1' } });

  const [{ count: before }] = (await app.ds.query('SELECT count(*)::int AS count FROM actors')) as [{ count: number }];
  const mutation = `mutation { createActor(input: { name: "CSRF Victim", kind: PERSON }) { id } }`;
  for (const contentType of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
    const r = await send(app, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${n.tokens.checker}` },
      body: contentType.startsWith('application/x-www') ? `query=${encodeURIComponent(mutation)}` : JSON.stringify({ query: mutation }),
    });
    expect(r.status).toBe(400);
    expect(onlyError(r).extensions?.code).toBe('BAD_REQUEST');
    expectNoLeak(r);
  }
  const [{ count: after }] = (await app.ds.query('SELECT count(*)::int AS count FROM actors')) as [{ count: number }];
  expect(after).toBe(before);
});

test('introspection is refused when disabled, and field suggestions do not reveal the schema', async () => {
  const open = await post(app, { query: '{ __schema { queryType { name } } }' });
  expect(open.json).toMatchObject({ data: { __schema: { queryType: { name: 'Query' } } } });

  for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Claim") { fields { name } } }']) {
    const r = await post(locked, { query });
    expect(r.status).toBe(400);
    expect(onlyError(r).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.json.data).toBeUndefined();
    expectNoLeak(r);
  }
  const typo = await post(locked, { query: '{ claimz { nodes { id } } }' });
  expect(onlyError(typo).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(typo.text).not.toMatch(/Did you mean/);
  // With introspection on, suggestions are a convenience.
  expect((await post(app, { query: '{ claimz { nodes { id } } }' })).text).toMatch(/Did you mean/);
});

test('a database error inside a mutation is answered INTERNAL_SERVER_ERROR with nothing of the error in it', async () => {
  const claim = await claimIn(app, n, 'DRAFT', 'The database error test claim, before the failure.');
  await app.ds.query(`
    CREATE FUNCTION test_explode() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ERROR: relation "claims" violates check: UPDATE claims SET text = % WHERE id = % (see history_events)', NEW.text, NEW.id
        USING ERRCODE = 'check_violation', HINT = 'SELECT * FROM users';
    END $$`);
  await app.ds.query(`CREATE TRIGGER test_explode BEFORE UPDATE ON claims FOR EACH ROW EXECUTE FUNCTION test_explode()`);
  let r: RawResponse;
  try {
    r = await post(
      app,
      {
        query: `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { text: "The database error test claim, after." }) { id } }`,
        variables: { id: claim.id, v: claim.version },
      },
      n.tokens.checker,
    );
  } finally {
    await app.ds.query('DROP TRIGGER test_explode ON claims');
    await app.ds.query('DROP FUNCTION test_explode()');
  }
  expect(r.status).toBe(200);
  const e = onlyError(r);
  expect(e).toEqual({ message: 'Internal server error', path: ['updateClaim'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  expectNoLeak(r);
  const { claim: after } = await app.ok<{ claim: { text: string; version: number } }>(
    `query($id: ID!) { claim(id: $id) { text version } }`,
    { id: claim.id },
    n.tokens.checker,
  );
  expect(after).toEqual({ text: 'The database error test claim, before the failure.', version: claim.version });
});

test('a database error while authenticating a request is masked too (no driver message in the 500)', async () => {
  const { createApiKey } = await app.ok<{ createApiKey: { secret: string } }>(
    `mutation { createApiKey(name: "Failing key") { secret } }`,
    {},
    n.tokens.admin,
  );
  // A key's first use records last_used_at: make that write fail.
  await app.ds.query(`
    CREATE FUNCTION test_explode_keys() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'UPDATE api_keys SET last_used_at = now() WHERE key_hash = % failed', NEW.key_hash;
    END $$`);
  await app.ds.query(`CREATE TRIGGER test_explode_keys BEFORE UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION test_explode_keys()`);
  let r: RawResponse;
  try {
    r = await post(app, { query: '{ apiVersion }' }, createApiKey.secret);
  } finally {
    await app.ds.query('DROP TRIGGER test_explode_keys ON api_keys');
    await app.ds.query('DROP FUNCTION test_explode_keys()');
  }
  expect(r.status).toBeGreaterThanOrEqual(500);
  const e = onlyError(r);
  expect(e.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  expect(e.message).toBe('Internal server error');
  expectNoLeak(r);
  expect(r.text).not.toContain(createApiKey.secret.slice(4));
});
