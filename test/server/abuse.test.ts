import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { claimIn } from '../fixtures/newsroom';
import { expectNoLeak } from '../helpers/leaks';
import { useNewsroom } from '../helpers/useApp';

/**
 * The abuse battery: what an attacker tries at the HTTP and GraphQL edge, in production mode
 * (introspection and field suggestions off), anonymous and as an editor. Every probe is either
 * refused with a 4xx and a machine-readable code, or harmless: no 5xx, no INTERNAL_SERVER_ERROR,
 * no leak, no reflection of what was sent, at most two errors (the first and "validation
 * stopped"), a short answer, and nothing changed in the database.
 */

const { app, n } = useNewsroom({ introspection: false });
let claimId: string;

beforeAll(async () => {
  claimId = (await claimIn(app, n, 'PUBLISHED')).id;
});

interface Answer {
  status: number;
  text: string;
  errors?: { message: string; extensions?: { code?: string } }[];
  data?: unknown;
}

interface Probe {
  name: string;
  /** 'refused': a 4xx (or a GraphQL error and no data); 'harmless': anything below 500 that passes the checks. */
  outcome: 'refused' | 'harmless';
  /** The code a refusal carries, when it has one to check. */
  code?: string | RegExp;
  /** Sent as is (a string is sent as UTF-8). */
  body?: string | Buffer;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Something the probe sends that must not come back. */
  notEchoed?: string;
  /** Node answers some requests itself, in plain text (a 431 for oversized headers). */
  plain?: boolean;
}

const json = (body: unknown) => JSON.stringify(body);
const BIG_NAME = `Op${'x'.repeat(64 * 1024)}`;
const LONG = 'y'.repeat(60 * 1024);
const nestedList = (depth: number) => `${'['.repeat(depth)}"a"${']'.repeat(depth)}`;

const PROBES: Probe[] = [
  // GraphQL documents
  { name: '1,000 aliases of __typename', outcome: 'refused', code: 'TOO_MANY_ALIASES', body: json({ query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }` }) },
  { name: '1,000 unknown directives', outcome: 'refused', code: 'GRAPHQL_VALIDATION_FAILED', body: json({ query: `{ apiVersion ${Array.from({ length: 1000 }, (_, i) => `@d${i}`).join(' ')} }` }) },
  { name: '1,000 repeats of a known directive', outcome: 'refused', code: 'GRAPHQL_VALIDATION_FAILED', body: json({ query: `{ apiVersion ${'@include(if: true) '.repeat(500)}}` }) },
  { name: 'a 64 KiB operationName', outcome: 'refused', code: 'OPERATION_RESOLUTION_FAILURE', body: json({ query: '{ apiVersion }', operationName: BIG_NAME }), notEchoed: 'x'.repeat(200) },
  { name: 'a 64 KiB operation that is named so', outcome: 'harmless', body: json({ query: `query ${BIG_NAME} { apiVersion }`, operationName: BIG_NAME }), notEchoed: 'x'.repeat(200) },
  { name: 'an operationName with a NUL', outcome: 'refused', code: 'OPERATION_RESOLUTION_FAILURE', body: json({ query: '{ apiVersion }', operationName: 'A\u0000' }), notEchoed: '\\u0000' },
  { name: 'an operationName of the wrong type', outcome: 'refused', code: 'BAD_REQUEST', body: json({ query: '{ apiVersion }', operationName: { x: 1 } }) },
  { name: 'a field with a 60 KiB name', outcome: 'refused', code: 'GRAPHQL_VALIDATION_FAILED', body: json({ query: `{ ${LONG} }` }), notEchoed: 'y'.repeat(2000) },
  { name: 'a 60 KiB string where an Int goes', outcome: 'refused', code: 'BAD_USER_INPUT', body: json({ query: 'query($n: Int) { claims(first: $n) { totalCount } }', variables: { n: LONG } }), notEchoed: 'y'.repeat(2000) },
  { name: 'a 60 KiB enum value', outcome: 'refused', code: 'BAD_USER_INPUT', body: json({ query: 'query($o: ClaimOrder) { claims(orderBy: $o) { totalCount } }', variables: { o: LONG } }), notEchoed: 'y'.repeat(2000) },
  { name: 'a 60 KiB search', outcome: 'harmless', body: json({ query: 'query($s: String) { claims(filter: { search: $s }) { totalCount } }', variables: { s: `uranium ${LONG}` } }), notEchoed: 'y'.repeat(2000) },
  { name: 'a 60 KiB similarClaims text', outcome: 'harmless', body: json({ query: 'query($t: String!) { similarClaims(text: $t) { score } }', variables: { t: LONG } }), notEchoed: 'y'.repeat(2000) },
  { name: 'a list literal nested 2,000 deep', outcome: 'refused', body: json({ query: `{ claims(filter: { topics: ${nestedList(2000)} }) { totalCount } }` }) },
  { name: 'a variable nested 40,000 deep', outcome: 'refused', code: 'BAD_USER_INPUT', body: `{"query":"query($t: [String!]) { auditLog(filter: { action: $t }) { totalCount } }","variables":{"t":${nestedList(40_000)}}}` },
  { name: 'a fragment that spreads itself', outcome: 'refused', code: 'GRAPHQL_VALIDATION_FAILED', body: json({ query: '{ ...F } fragment F on Query { apiVersion ...F }' }) },
  { name: '2,000 spreads of one fragment', outcome: 'harmless', body: json({ query: `{ ${'...F '.repeat(2000)}} fragment F on Query { apiVersion }` }) },
  { name: 'the introspection schema', outcome: 'refused', code: 'GRAPHQL_VALIDATION_FAILED', body: json({ query: '{ __schema { types { name } } }' }) },
  { name: 'a typo that would be answered with a suggestion', outcome: 'refused', code: 'GRAPHQL_VALIDATION_FAILED', body: json({ query: '{ claimz { totalCount } }' }), notEchoed: 'Did you mean' },
  { name: 'a page of 2^31 claims', outcome: 'refused', code: /PAGE_SIZE_EXCEEDED|QUERY_TOO_COMPLEX/, body: json({ query: '{ claims(first: 2147483647) { totalCount } }' }) },
  { name: 'a negative page', outcome: 'refused', code: 'BAD_USER_INPUT', body: json({ query: '{ claims(first: -1) { totalCount } }' }) },
  { name: 'an offset of a billion', outcome: 'refused', code: 'BAD_USER_INPUT', body: json({ query: '{ claims(offset: 1000000000) { totalCount } }' }) },
  { name: 'a cursor that is not one', outcome: 'refused', code: 'BAD_USER_INPUT', body: json({ query: '{ claims(after: "!!!not-a-cursor") { totalCount } }' }) },
  { name: 'a NUL in a search', outcome: 'refused', code: 'BAD_USER_INPUT', body: json({ query: 'query($s: String) { claims(filter: { search: $s }) { totalCount } }', variables: { s: 'a\u0000' } }) },
  { name: 'a lone surrogate in a login', outcome: 'refused', code: 'BAD_USER_INPUT', body: json({ query: 'mutation($e: String!) { login(email: $e, password: "whatever it is") { token } }', variables: { e: '\ud800@x.org' } }) },
  { name: 'a SQL-looking search', outcome: 'harmless', body: json({ query: `{ claims(filter: { search: "'; DROP TABLE claims; --" }) { totalCount } }` }) },
  { name: 'a batch of 100 operations', outcome: 'refused', code: 'BAD_REQUEST', body: json(Array.from({ length: 100 }, () => ({ query: '{ apiVersion }' }))) },
  { name: 'a query that is not a string', outcome: 'refused', code: 'BAD_REQUEST', body: json({ query: 5 }) },
  { name: 'variables that are a list', outcome: 'refused', code: 'BAD_REQUEST', body: json({ query: '{ apiVersion }', variables: [1] }) },
  { name: 'an empty body', outcome: 'refused', code: 'BAD_REQUEST', body: '' },
  { name: 'a persisted query nobody registered', outcome: 'refused', code: /PERSISTED_QUERY_NOT_FOUND|BAD_REQUEST/, body: json({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }) },
  { name: 'a document over the token limit', outcome: 'refused', code: 'TOO_MANY_TOKENS', body: json({ query: `{ ${'apiVersion '.repeat(6000)}}` }) },
  { name: 'a mutation as a GET', outcome: 'refused', method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { logout }')}`, headers: { 'apollo-require-preflight': 'true' } },
  { name: 'a GET without a CSRF-safe header', outcome: 'refused', code: 'BAD_REQUEST', method: 'GET', path: `/graphql?query=${encodeURIComponent('{ apiVersion }')}` },
  { name: 'a GET with bytes that are not UTF-8', outcome: 'refused', code: /BAD_USER_INPUT|BAD_REQUEST/, method: 'GET', path: '/graphql?query=%7B%20apiVersion%20%7D%FF', headers: { 'apollo-require-preflight': 'true' } },
  { name: 'a mutation sent as text/plain (CSRF)', outcome: 'refused', code: 'BAD_REQUEST', headers: { 'content-type': 'text/plain' }, body: json({ query: 'mutation { logout }' }) },

  // Bodies
  { name: 'a body that is not JSON', outcome: 'refused', code: 'BAD_REQUEST', body: '{"query": "{ apiVersion }",' },
  { name: 'a body over the size limit', outcome: 'refused', code: 'PAYLOAD_TOO_LARGE', body: json({ query: '{ apiVersion }', variables: { pad: 'z'.repeat(200_000) } }) },
  { name: 'a gzip bomb (10 MB of zeros)', outcome: 'refused', code: 'PAYLOAD_TOO_LARGE', headers: { 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(10_000_000, 0x20)) },
  { name: 'gzip that does not inflate', outcome: 'refused', code: 'BAD_REQUEST', headers: { 'content-encoding': 'gzip' }, body: Buffer.from('this is not gzip at all') },
  { name: 'a gzip body cut short', outcome: 'refused', code: 'BAD_REQUEST', headers: { 'content-encoding': 'gzip' }, body: gzipSync(json({ query: '{ apiVersion }' })).subarray(0, 20) },
  { name: 'an unknown content-encoding', outcome: 'refused', code: 'UNSUPPORTED_MEDIA_TYPE', headers: { 'content-encoding': 'compress' }, body: json({ query: '{ apiVersion }' }) },
  { name: 'charset latin1', outcome: 'refused', code: 'UNSUPPORTED_MEDIA_TYPE', headers: { 'content-type': 'application/json; charset=latin1' }, body: json({ query: '{ apiVersion }' }) },
  { name: 'charset utf-16', outcome: 'refused', code: 'UNSUPPORTED_MEDIA_TYPE', headers: { 'content-type': 'application/json; charset=utf-16le' }, body: Buffer.from(json({ query: '{ apiVersion }' }), 'utf16le') },
  { name: 'a charset nobody knows', outcome: 'refused', code: 'UNSUPPORTED_MEDIA_TYPE', headers: { 'content-type': 'application/json; charset=utf-99' }, body: json({ query: '{ apiVersion }' }) },
  { name: 'bytes that are not UTF-8 inside a string', outcome: 'refused', code: 'BAD_USER_INPUT', body: Buffer.concat([Buffer.from('{"query":"{ actors(filter: { search: \\"'), Buffer.from([0xc0, 0xaf]), Buffer.from('\\" }) { totalCount } }"}')]) },
  { name: 'bytes that are not UTF-8 in a comment', outcome: 'refused', code: 'BAD_REQUEST', body: Buffer.concat([Buffer.from('{"query":"# '), Buffer.from([0xff, 0xfe]), Buffer.from('\\n{ apiVersion }"}')]) },
  { name: 'a 20 KiB Authorization header', outcome: 'refused', headers: { authorization: `Bearer ${'k'.repeat(20_000)}` }, body: json({ query: '{ apiVersion }' }), plain: true },
  { name: 'a token that is not one', outcome: 'refused', code: 'UNAUTHENTICATED', headers: { authorization: 'Bearer clk_\u00ff\u00fe' }, body: json({ query: '{ apiVersion }' }) },

  // Other routes
  { name: 'an export id that does not decode', outcome: 'refused', method: 'GET', path: '/export/%ff.csv' },
  { name: 'an export filter with a NUL', outcome: 'refused', method: 'GET', path: '/export/claims.csv?from=%00' },
  { name: 'a path that climbs out of the site', outcome: 'harmless', method: 'GET', path: '/..%2f..%2fpackage.json', notEchoed: '"dependencies"', plain: true },
];

async function send(p: Probe, token: string | undefined): Promise<Answer> {
  const res = await fetch(`${app.url}${p.path ?? '/graphql'}`, {
    method: p.method ?? 'POST',
    headers: {
      ...(p.method === 'GET' ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...p.headers,
    },
    body: p.method === 'GET' ? undefined : p.body,
  });
  const text = await res.text();
  let body: Partial<Answer> = {};
  try {
    body = JSON.parse(text) as Partial<Answer>;
  } catch {
    if (!p.plain && (res.headers.get('content-type') ?? '').includes('json')) throw new Error(`${p.name}: not JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status, text, errors: body.errors, data: body.data };
}

/** Rows of every table a probe might write to: a refused or harmless probe changes none. */
async function tableCounts(): Promise<Record<string, number>> {
  const [row] = (await app.ds.query(
    `SELECT (SELECT count(*) FROM claims)::int AS claims, (SELECT count(*) FROM actors)::int AS actors,
            (SELECT count(*) FROM sources)::int AS sources, (SELECT count(*) FROM history_events)::int AS history,
            (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM evidence)::int AS evidence`,
  )) as [Record<string, number>];
  return row;
}

function judge(p: Probe, a: Answer): string[] {
  const wrong: string[] = [];
  const codes = (a.errors ?? []).map((e) => e.extensions?.code);
  if (a.status >= 500) wrong.push(`status ${a.status}`);
  if (codes.includes('INTERNAL_SERVER_ERROR')) wrong.push('INTERNAL_SERVER_ERROR');
  if ((a.errors?.length ?? 0) > 2) wrong.push(`${a.errors!.length} errors`);
  if (a.text.length > 4096 && p.outcome === 'refused') wrong.push(`a ${a.text.length}-character refusal`);
  if (p.notEchoed && a.text.includes(p.notEchoed)) wrong.push('echoes what was sent');
  try {
    // Data is the product's own (a field called `claims` is no leak): the errors and plain answers are scanned.
    expectNoLeak(a.data === undefined ? a.text : JSON.stringify({ errors: a.errors }));
  } catch (err) {
    wrong.push((err as Error).message.slice(0, 200));
  }
  if (p.outcome === 'refused') {
    const refused = a.status >= 400 || (codes.length > 0 && (a.data === null || a.data === undefined));
    if (!refused) wrong.push(`not refused (${a.status})`);
    if (p.code && !codes.some((c) => (typeof p.code === 'string' ? c === p.code : p.code!.test(c ?? '')))) wrong.push(`codes ${codes.join(',') || 'none'}, expected ${p.code}`);
  }
  return wrong;
}

test.each([
  ['anonymous', undefined],
  ['an editor', 'editor'],
] as const)(`every probe of the battery (${PROBES.length}) is refused or harmless, sent %s`, async (_who, person) => {
  const token = person ? n.tokens[person] : undefined;
  const before = await tableCounts();
  const failures: string[] = [];
  for (const p of PROBES) {
    const a = await send(p, token);
    const wrong = judge(p, a);
    if (wrong.length) failures.push(`${p.name}: ${wrong.join('; ')} — ${a.status} ${a.text.slice(0, 300)}`);
  }
  expect(failures).toEqual([]);
  expect(await tableCounts()).toEqual(before);
  // The server still answers as usual.
  expect(await app.ok(`query($id: ID!) { claim(id: $id) { id } }`, { id: claimId }, token)).toEqual({ claim: { id: claimId } });
});

test('the three findings of the first battery, precisely', async () => {
  const aliases = await send(PROBES.find((p) => p.name.startsWith('1,000 aliases'))!, undefined);
  expect(aliases.errors).toEqual([{ message: 'Aliases: 1000; the limit is 15.', extensions: { code: 'TOO_MANY_ALIASES', limit: 15, found: 1000 } }]);

  const directives = await send(PROBES.find((p) => p.name === '1,000 unknown directives')!, undefined);
  expect(directives.status).toBe(400);
  // The first error, and graphql-js's note that it stopped there.
  expect(directives.errors!.map((e) => e.message)).toEqual([expect.stringMatching(/Directives: 1000; the limit is 20/), expect.stringMatching(/Validation aborted/)]);
  expect(directives.errors![0]!.extensions).toEqual({ code: 'TOO_MANY_DIRECTIVES', limit: 20, found: 1000 });

  const named = await send(PROBES.find((p) => p.name === 'a 64 KiB operationName')!, undefined);
  expect(named).toMatchObject({ status: 400, errors: [{ message: 'operationName names no operation in the query.' }] });
  expect(named.text.length).toBeLessThan(300);
});

test('a request whose body never finishes leaves the server answering', async () => {
  const { port } = new URL(app.url);
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":"{ apiV');
      setImmediate(() => socket.destroy());
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
  expect(await app.ok('{ apiVersion }')).toEqual({ apiVersion: '1' });
});

test.each([
  ['a gzip bomb', 413, 'PAYLOAD_TOO_LARGE'],
  ['gzip that does not inflate', 400, 'BAD_REQUEST'],
  ['a gzip body cut short', 400, 'BAD_REQUEST'],
  ['an unknown content-encoding', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['charset latin1', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['charset utf-16', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['a charset nobody knows', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['a body that is not JSON', 400, 'BAD_REQUEST'],
  ['a body over the size limit', 413, 'PAYLOAD_TOO_LARGE'],
  ['an export id that does not decode', 400, 'BAD_REQUEST'],
])('a body or URL the server cannot read answers its own status and code: %s', async (name, status, code) => {
  const a = await send(PROBES.find((p) => p.name.startsWith(name))!, undefined);
  expect({ status: a.status, errors: a.errors }).toEqual({ status, errors: [{ message: expect.any(String), extensions: { code } }] });
  // Our words, not the parser's (zlib codes, charset names, byte positions).
  expect(a.errors![0]!.message).not.toMatch(/Z_|zlib|incorrect header|position|Unexpected|LATIN1|UTF-16|UTF-99/i);
});
