import { request } from 'node:http';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isCompositeType,
  isObjectType,
  isScalarType,
  parse,
  validate,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { buildSchema } from '../../server/resolvers';
import type { TestApp } from '../helpers/app';
import { claimIn } from '../fixtures/newsroom';
import { expectSaneOutline, htmlProblems } from '../helpers/publicPages';
import { useApp, useNewsroom } from '../helpers/useApp';

/**
 * Hostile bytes are refused once, at the edge of /graphql, for every string argument of the
 * schema: NUL, lone surrogates and invalid UTF-8, in document literals and in variables, each
 * with HTTP 400, BAD_USER_INPUT naming the argument, and no SQL run; and in every read argument
 * (all but a mutation's own) what a line of text may not hold either: control characters and
 * bidirectional controls. The table of arguments is generated from the schema, so an argument
 * added tomorrow is covered without touching this file. The public index page's query string
 * and the claim page's address are held to the same rule, answered with a 400 page.
 */

const schema = buildSchema();

// ---------------------------------------------------------------------------------------------
// Every string position of every argument, from the schema.

interface Position {
  /** `Query.claims`, `Actor.claims` … */
  field: string;
  /** The argument path as a client writes it: `filter.search`, `input.aliases.0`. */
  path: string;
  operation: 'query' | 'mutation';
  /** The variable type for this position (`String!`, `ID`, `Stance`). */
  variableType: string;
  benign: string;
  /** Enum values are names in a document; only a variable can carry a string there. */
  enumOnly: boolean;
  /** The operation with `hole` (a GraphQL literal or `$v`) at this position. */
  document(hole: string): string;
}

interface Hole {
  path: string[];
  variableType: string;
  /** A valid literal for the position (to check the generated operations). */
  benign: string;
  enumOnly: boolean;
  value(hole: string): string;
}

/** A valid literal for a type: the other arguments around the hole. */
function placeholder(type: GraphQLInputType): string {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) return `[${placeholder(t.ofType)}]`;
  if (isInputObjectType(t)) return `{ ${requiredFields(t.getFields(), undefined)} }`;
  if (isEnumType(t)) return t.getValues()[0]!.name;
  const literals: Record<string, string> = {
    ID: '"00000000-0000-4000-8000-000000000000"',
    String: '"placeholder text for a hostile-input test"',
    Int: '1',
    Float: '1',
    Boolean: 'true',
    DateTime: '"2020-01-01T00:00:00Z"',
    Date: '"2020-01-01"',
  };
  const literal = literals[t.name];
  if (!literal) throw new Error(`No placeholder for the scalar ${t.name}: add one here`);
  return literal;
}

function requiredFields(fields: Record<string, { name: string; type: GraphQLInputType }>, except: string | undefined): string {
  return Object.values(fields)
    .filter((f) => isNonNullType(f.type) && f.name !== except)
    .map((f) => `${f.name}: ${placeholder(f.type)}`)
    .join(', ');
}

function holes(type: GraphQLInputType, path: string[]): Hole[] {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) {
    return holes(t.ofType, [...path, '0']).map((h) => ({ ...h, value: (hole) => `[${h.value(hole)}]` }));
  }
  if (isInputObjectType(t)) {
    return Object.values(t.getFields()).flatMap((f) =>
      holes(f.type, [...path, f.name]).map((h) => ({
        ...h,
        value: (hole) => `{ ${[requiredFields(t.getFields(), f.name), `${f.name}: ${h.value(hole)}`].filter(Boolean).join(', ')} }`,
      })),
    );
  }
  if (isScalarType(t) && ['Int', 'Float', 'Boolean'].includes(t.name)) return [];
  return [{ path, variableType: String(type), benign: placeholder(t), enumOnly: isEnumType(t), value: (hole) => hole }];
}

/** The shortest way from a root type to `target`: the fields to select on the way, with their required arguments. */
function routeTo(root: GraphQLObjectType, target: GraphQLObjectType): GraphQLField<unknown, unknown>[] | undefined {
  const seen = new Set([root.name]);
  let frontier: [GraphQLObjectType, GraphQLField<unknown, unknown>[]][] = [[root, []]];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const [type, route] of frontier) {
      if (type === target) return route;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (isObjectType(named) && !seen.has(named.name)) {
          seen.add(named.name);
          next.push([named, [...route, field]]);
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

const selectionOf = (field: GraphQLField<unknown, unknown>) => (isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '');
const requiredArgs = (field: GraphQLField<unknown, unknown>, except?: string) =>
  field.args.filter((a) => isNonNullType(a.type) && a.name !== except).map((a) => `${a.name}: ${placeholder(a.type)}`);

function positions(): Position[] {
  const out: Position[] = [];
  const roots = [
    ['query', schema.getQueryType()!],
    ['mutation', schema.getMutationType()!],
  ] as const;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const reached = roots.map(([op, root]) => [op, routeTo(root, type)] as const).find(([, route]) => route);
    if (!reached) continue;
    const [operation, route] = reached as ['query' | 'mutation', GraphQLField<unknown, unknown>[]];
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        for (const h of holes(arg.type, [arg.name])) {
          out.push({
            field: `${type.name}.${field.name}`,
            path: h.path.join('.'),
            operation,
            variableType: h.variableType,
            benign: h.benign,
            enumOnly: h.enumOnly,
            document(hole) {
              const args = [...requiredArgs(field, arg.name), `${arg.name}: ${h.value(hole)}`].join(', ');
              let body = `${field.name}(${args})${selectionOf(field)}`;
              for (const step of [...route].reverse()) {
                const stepArgs = requiredArgs(step);
                body = `${step.name}${stepArgs.length ? `(${stepArgs.join(', ')})` : ''} { ${body} }`;
              }
              const variables = hole.startsWith('$') ? `($v: ${h.variableType})` : '';
              return `${operation}${variables} { ${body} }`;
            },
          });
        }
      }
    }
  }
  return out;
}

const table = positions();

// ---------------------------------------------------------------------------------------------
// The hostile values, and how each travels.

/** Stands in for raw bytes in a body built as text; swapped for the bytes just before sending. */
const BYTES_MARK = 'HOSTILE_BYTES_HERE';
const OVERLONG_NUL = [0x61, 0xc0, 0x80, 0x62]; // "a", NUL in a forbidden two-byte form, "b"
const ENCODED_SURROGATE = [0x61, 0xed, 0xa0, 0x80, 0x62]; // CESU-8 style U+D800

interface Variant {
  name: string;
  /** A GraphQL literal, or `$v` with the variable's value. */
  hole: string;
  variable?: string;
  bytes?: number[];
  message: RegExp;
  literal: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'NUL in a literal', hole: '"a\\u0000b"', message: /NUL character/, literal: true },
  { name: 'a raw NUL in a literal', hole: '"a\u0000b"', message: /NUL character/, literal: true },
  { name: 'NUL in a variable', hole: '$v', variable: 'a\u0000b', message: /NUL character/, literal: false },
  { name: 'a lone surrogate in a variable', hole: '$v', variable: 'a\ud800b', message: /lone surrogate/, literal: false },
  { name: 'invalid UTF-8 in a literal', hole: `"${BYTES_MARK}"`, bytes: OVERLONG_NUL, message: /not valid UTF-8/, literal: true },
  { name: 'invalid UTF-8 in a variable', hole: '$v', variable: BYTES_MARK, bytes: ENCODED_SURROGATE, message: /not valid UTF-8/, literal: false },
];

function bodyOf(text: string, bytes?: number[]): Buffer {
  if (!bytes) return Buffer.from(text, 'utf8');
  const at = text.indexOf(BYTES_MARK);
  if (at < 0) throw new Error('no place for the bytes');
  return Buffer.concat([Buffer.from(text.slice(0, at), 'utf8'), Buffer.from(bytes), Buffer.from(text.slice(at + BYTES_MARK.length), 'utf8')]);
}

interface Answer {
  status: number;
  statements: string | null;
  text: string;
  errors?: { message: string; locations?: unknown[]; extensions: Record<string, unknown> & { code: string } }[];
}

/**
 * POSTs on a connection of its own (node:http without an agent). fetch would reuse the keep-alive
 * sockets the fixtures left idle, and on a loaded machine the server's 5 s idle timer can close
 * one just as a request goes out on it (ECONNRESET): a race of the test's client, not the server.
 */
function send(target: TestApp, body: Buffer, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${target.url}/graphql`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': body.length, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const statements = res.headers['x-sql-statements'];
          resolve({ status: res.statusCode!, statements: typeof statements === 'string' ? statements : null, text, ...(JSON.parse(text) as { errors?: Answer['errors'] }) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function expectRefused(a: Answer, field: string, message: RegExp) {
  expect({ status: a.status, count: a.errors?.length, code: a.errors?.[0]?.extensions.code, field: a.errors?.[0]?.extensions.field }).toEqual({
    status: 400,
    count: 1,
    code: 'BAD_USER_INPUT',
    field,
  });
  expect(a.errors![0]!.message).toMatch(new RegExp(`^${field.replace(/[$.]/g, '\\$&')}: `));
  expect(a.errors![0]!.message).toMatch(message);
  // Refused before any SQL, and the value is not repeated back.
  expect(a.statements).toBe('0');
  expect(a.text).not.toMatch(/\\u0000|\\ud800|\uFFFD/i);
}

// ---------------------------------------------------------------------------------------------

const { app, n } = useNewsroom();
beforeAll(() => claimIn(app, n, 'PUBLISHED'));
// The same database without the public fast path: both paths must refuse alike.
const slow = useApp(() => ({ databaseUrl: app.databaseUrl, publicFastPath: false }));

/**
 * Sends each case, 8 at a time, alternately to the server with the public fast path and to the
 * one without, as `who(i)`; answers how each that was not refused as expected was answered.
 */
async function notRefused(cases: readonly (readonly [(typeof table)[number], Variant])[], who: (i: number) => string | undefined): Promise<string[]> {
  const failures: string[] = [];
  const run = async ([p, v]: (typeof cases)[number], i: number) => {
    const text = JSON.stringify({ query: p.document(v.hole), ...(v.variable !== undefined ? { variables: { v: v.variable } } : {}) });
    const a = await send(i % 2 ? app : slow, bodyOf(text, v.bytes), who(i));
    try {
      expectRefused(a, p.path, v.message);
    } catch (err) {
      failures.push(`${p.field} ${p.path}, ${v.name}: ${a.status} ${a.text.slice(0, 300)}\n${(err as Error).message.slice(0, 300)}`);
    }
  };
  for (let i = 0; i < cases.length; i += 8) await Promise.all(cases.slice(i, i + 8).map((c, k) => run(c, i + k)));
  return failures;
}

describe('the table of string arguments, generated from the schema', () => {
  test('covers the read arguments that reached SQL with a NUL, and every generated operation is valid', () => {
    const names = new Set(table.map((p) => `${p.field} ${p.path}`));
    for (const known of [
      'Query.claims filter.search',
      'Query.claims filter.topic',
      'Query.claims filter.language',
      'Query.claims after',
      'Query.actors filter.search',
      'Query.sources filter.search',
      'Query.similarClaims text',
      'Query.auditLog filter.action.0',
      'Query.auditLog after',
      'Mutation.login email',
      'Mutation.createActor input.aliases.0',
      'Actor.claims filter.search',
    ]) {
      expect(names).toContain(known);
    }
    for (const p of table) {
      const literal = p.enumOnly ? undefined : p.document(p.benign);
      for (const doc of [literal, p.document('$v')]) {
        if (doc === undefined) continue;
        const errors = validate(schema, parse(doc));
        if (errors.length) throw new Error(`${p.field} ${p.path}: ${doc}\n${errors.map((e) => e.message).join('\n')}`);
      }
    }
  });

  const cases = table.flatMap((p) => VARIANTS.filter((v) => v.literal === false || !p.enumOnly).map((v) => [p, v] as const));

  test(`every string argument (${table.length} of them) is refused for each hostile value (${cases.length} requests), anonymous and staff alike`, async () => {
    // Half as anonymous, half as an editor: the edge does not care who asks.
    expect(await notRefused(cases, (i) => (i % 2 ? undefined : n.tokens.editor))).toEqual([]);
  });
});

/** What a line of text may not hold, and so no read argument (hostileText.ts, kind `line`). */
const READ_VARIANTS: Variant[] = [
  { name: 'a right-to-left override escaped in a literal', hole: '"\\u202Eevil"', message: /bidirectional control/, literal: true },
  { name: 'a raw isolate in a literal', hole: '"a\u2066b"', message: /bidirectional control/, literal: true },
  { name: 'an embedding in a variable', hole: '$v', variable: '\u202Bx\u202C', message: /bidirectional control/, literal: false },
  { name: 'a control character in a variable', hole: '$v', variable: 'a\u0007b', message: /control characters/, literal: false },
];

/** Read arguments that stand for prose (server/edge/hostileInput.ts): they keep bidirectional controls, as a claim's text does. */
const PROSE_READS = new Set(['Query.similarClaims text']);

describe('read arguments: no control or bidirectional control characters', () => {
  const reads = table.filter((p) => !p.field.startsWith('Mutation.') && !PROSE_READS.has(`${p.field} ${p.path}`));
  const cases = reads.flatMap((p) => READ_VARIANTS.filter((v) => v.literal === false || !p.enumOnly).map((v) => [p, v] as const));

  test('the read arguments include the searches, ids, cursors and tags of both paths, and read arguments reached through a mutation', () => {
    const names = new Set(reads.map((p) => `${p.field} ${p.path}`));
    for (const known of ['Query.claims filter.search', 'Query.claims filter.language', 'Query.claims after', 'Query.claim id', 'Query.similarActors name', 'Actor.claims filter.search']) {
      expect(names).toContain(known);
    }
    expect(table.filter((p) => PROSE_READS.has(`${p.field} ${p.path}`))).toHaveLength(PROSE_READS.size);
  });

  test(`every read argument refuses each (${cases.length} requests), on the public fast path and on Apollo's`, async () => {
    // Anonymous on the server with the fast path (public `claims` reads are its own) and on the one without.
    expect(await notRefused(cases, (i) => (i % 4 === 0 ? n.tokens.editor : undefined))).toEqual([]);
  });

  const post = (target: TestApp, body: unknown, token?: string) => send(target, Buffer.from(JSON.stringify(body)), token);

  test('the public fast path\'s own query: a search with an override is refused before the fast path and Apollo alike, with no SQL run', async () => {
    const query = 'query PublicClaims($s: String) { claims(first: 5, filter: { search: $s }) { totalCount edges { node { id text } } } }';
    for (const target of [app, slow]) expectRefused(await post(target, { query, variables: { s: 'sanctions\u202E' } }), 'filter.search', /bidirectional/);
  });

  test('right-to-left text passes: Arabic and Hebrew letters, the marks U+200E, U+200F, U+061C and the joiners', async () => {
    const query = 'query($s: String) { claims(first: 5, filter: { search: $s }) { totalCount } }';
    for (const target of [app, slow]) {
      for (const s of ['العقوبات\u200F 2018', 'סנקציות \u200Eשל האו״ם', 'عقوبات\u061C', 'می\u200Cخواهم', '👩\u200D💻']) {
        const a = await post(target, { query, variables: { s } });
        expect({ s, status: a.status, errors: a.errors }).toEqual({ s, status: 200, errors: undefined });
      }
    }
  });

  test('similarClaims compares prose: a quotation\'s embedding passes, a control character does not', async () => {
    const query = 'query($t: String!) { similarClaims(text: $t) { __typename } }';
    const ok = await post(app, { query, variables: { t: 'The minister said \u202Bمرحبا\u202C on the radio.' } }, n.tokens.checker);
    expect({ status: ok.status, errors: ok.errors }).toEqual({ status: 200, errors: undefined });
    expectRefused(await post(app, { query, variables: { t: 'The minister said \u0007 on the radio.' } }, n.tokens.checker), 'text', /control characters/);
  });

  test('a write argument keeps what its field may store; a read argument in the mutation\'s selection is refused, and nothing is written', async () => {
    const [{ count: before }] = (await app.ds.query('SELECT count(*)::int AS count FROM actors')) as [{ count: number }];
    const a = await post(
      app,
      { query: 'mutation { createActor(input: { name: "Read inside a write", kind: PERSON }) { claims(filter: { search: "\\u202Eevil" }) { totalCount } } }' },
      n.tokens.checker,
    );
    expectRefused(a, 'filter.search', /bidirectional/);
    const [{ count: after }] = (await app.ds.query('SELECT count(*)::int AS count FROM actors')) as [{ count: number }];
    expect(after).toBe(before);
  });

  test('a variable left out is held to its default, as the argument that uses it', async () => {
    expectRefused(await post(app, { query: 'query($s: String = "\\u202E") { claims(filter: { search: $s }) { totalCount } }' }), 'filter.search', /bidirectional/);
    // Given, the variable's value is what counts.
    const given = await post(app, { query: 'query($s: String = "\\u202E") { claims(filter: { search: $s }) { totalCount } }', variables: { s: 'ferry' } });
    expect({ status: given.status, errors: given.errors }).toEqual({ status: 200, errors: undefined });
  });
});

describe('the public pages: the index\'s query string and a claim\'s address', () => {
  const page = async (path: string) => {
    const res = await fetch(`${app.url}${path}`);
    return { res, body: await res.text() };
  };

  test.each([
    ['an override in the search', '/claims?q=%E2%80%AEevil', /q: must not contain bidirectional control characters/],
    ['an isolate in the search', '/claims?q=a%E2%81%A6b', /q: must not contain bidirectional control characters/],
    ['NUL in the search', '/claims?q=a%00b', /q: must not contain a NUL character/],
    ['a control character in the search', '/claims?q=a%07b', /q: must not contain control characters/],
    ['bytes that are not UTF-8 in the search', '/claims?q=a%FFb', /q: is not valid UTF-8/],
    ['an encoded surrogate in the search', '/claims?q=a%ED%A0%80', /q: is not valid UTF-8/],
    ['an override in the cursor', '/claims?after=%E2%80%AE', /after: must not contain bidirectional control characters/],
    ['an override in a claim\'s address', '/claims/%E2%80%AE00000000-0000-4000-8000-000000000000', /The address must not contain bidirectional control characters/],
    ['a NUL in a claim\'s address', '/claims/a%00b', /The address must not contain a NUL character/],
  ])('%s: a 400 page that says why, in the pages\' frame', async (_name, path, why) => {
    const { res, body } = await page(path);
    expect({ status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control') }).toEqual({
      status: 400,
      type: 'text/html; charset=utf-8',
      cache: 'no-store',
    });
    expect(body).toContain('<h1>That request could not be answered</h1>');
    expect(body).toMatch(why);
    expect(body).toContain('<meta name="robots" content="noindex">');
    expect(body).not.toMatch(/\u202E|\u2066|\uFFFD/);
    expect(await htmlProblems(body)).toEqual([]);
    expectSaneOutline(body);
  });

  test('a right-to-left search is text like any other: 200, shown back as typed', async () => {
    for (const q of ['العقوبات\u200F', 'סנקציות']) {
      const { res, body } = await page(`/claims?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(body).toContain(`value="${q}"`);
    }
  });
});

describe('how a refusal names the place', () => {
  const post = (body: unknown, token?: string) => send(app, Buffer.from(JSON.stringify(body)), token);

  test('a variable holding an input object: the argument path, and the variable the value came in', async () => {
    const a = await post({ query: 'query($f: ClaimFilter) { claims(filter: $f) { totalCount } }', variables: { f: { topics: ['ok', 'x\u0000'] } } });
    expectRefused(a, 'filter.topics.1', /NUL/);
    expect(a.errors![0]!.extensions.variable).toBe('$f.topics.1');
    expect(a.errors![0]!.locations).toEqual([{ line: 1, column: 41 }]);
  });

  test('a literal: the argument path and where it stands in the document', async () => {
    const a = await post({ query: 'query {\n  actors(filter: { search: "\\u{0}" }) { totalCount }\n}' });
    expectRefused(a, 'filter.search', /NUL/);
    expect(a.errors![0]!.locations).toEqual([{ line: 2, column: 28 }]);
  });

  test('a variable no argument uses, and a hostile default value, are named as variables', async () => {
    expectRefused(await post({ query: 'query($unused: String) { apiVersion }', variables: { unused: '\ud800' } }), '$unused', /lone surrogate/);
    expectRefused(await post({ query: 'query($s: String = "\\u0000") { actors(filter: { search: $s }) { totalCount } }' }), '$s', /NUL/);
  });

  test('a directive argument counts as an argument', async () => {
    expectRefused(await post({ query: 'query { apiVersion @deprecated(reason: "\\u0000") }' }), 'reason', /NUL/);
  });

  test('clean text in every script passes, including well-formed surrogate pairs and U+FFFD sent as such', async () => {
    const a = await post({
      query: 'query($s: String) { claims(filter: { search: $s }) { totalCount } }',
      variables: { s: 'Ri Yong Ho 리용호 核抑止力 ядерное 🚀 \uFFFD \\u0000 as text' },
    });
    expect(a.status).toBe(200);
    expect(a.errors).toBeUndefined();
  });
});

describe('GET requests', () => {
  const get = async (search: string) => {
    const res = await fetch(`${app.url}/graphql?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
    const text = await res.text();
    return { status: res.status, statements: res.headers.get('x-sql-statements'), text, ...(JSON.parse(text) as { errors?: Answer['errors'] }) };
  };
  const q = encodeURIComponent('query($s: String) { claims(filter: { search: $s }) { totalCount } }');

  test('a clean GET query runs', async () => {
    const a = await get(`query=${q}&variables=${encodeURIComponent(JSON.stringify({ s: 'uranium' }))}`);
    expect(a.status).toBe(200);
    expect(a.errors).toBeUndefined();
  });

  test('NUL, lone surrogates and percent-encoded bytes that are not UTF-8 are refused the same way', async () => {
    expectRefused(await get(`query=${q}&variables=${encodeURIComponent('{"s":"a\\u0000"}')}`), 'filter.search', /NUL/);
    expectRefused(await get(`query=${q}&variables=${encodeURIComponent('{"s":"a\\udfff"}')}`), 'filter.search', /lone surrogate/);
    expectRefused(await get(`query=${q}&variables=%7B%22s%22%3A%22a%FF%22%7D`), 'filter.search', /not valid UTF-8/);
    expectRefused(await get(`query=${encodeURIComponent('{ actors(filter: { search: "x')}%C3%28${encodeURIComponent('" }) { totalCount } }')}`), 'filter.search', /not valid UTF-8/);
  });
});

describe('what the edge does not see is refused where it is decoded', () => {
  test('a forged cursor with a NUL inside its base64 is BAD_USER_INPUT, not a database error', async () => {
    const forged = (order: string) => Buffer.from(JSON.stringify([order, 'x\u0000', '00000000-0000-4000-8000-000000000000'])).toString('base64url');
    for (const target of [app, slow]) {
      const claims = await target.fails(`query($a: String) { claims(after: $a) { totalCount } }`, { a: forged('NEWEST') });
      expect(claims).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'after' } });
    }
    const actors = await app.fails(`query($a: String) { actors(after: $a) { totalCount } }`, { a: forged('NAME') }, n.tokens.editor);
    expect(actors).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'after' } });
  });
});

describe('bidirectional controls in single-line fields', () => {
  test('a name that would display reversed is refused and nothing is stored; prose keeps them', async () => {
    const [{ count: before }] = (await app.ds.query('SELECT count(*)::int AS count FROM actors')) as [{ count: number }];
    for (const name of ['\u202Eevil', 'a\u2066b', 'x\u202Ay']) {
      const e = await app.fails(`mutation($n: String!) { createActor(input: { name: $n, kind: PERSON }) { id } }`, { n: name }, n.tokens.checker);
      expect(e).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.name' } });
      expect(e.message).toMatch(/bidirectional control characters/);
    }
    const topic = await app.fails(
      `mutation($t: [String!]) { createClaim(input: { text: "A claim whose topic is reversed on screen.", topics: $t }) { id } }`,
      { t: ['\u202Eecnarf'] },
      n.tokens.checker,
    );
    expect(topic).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.topics.0' } });
    const [{ count: after }] = (await app.ds.query('SELECT count(*)::int AS count FROM actors')) as [{ count: number }];
    expect(after).toBe(before);

    // A quote may carry the marks its source used (right-to-left text pasted with its embedding).
    const quoted = await app.ok<{ createClaim: { quote: string } }>(
      `mutation($q: String) { createClaim(input: { text: "The minister quoted a right-to-left sentence.", quote: $q }) { quote } }`,
      { q: '\u202Bمرحبا\u202C' },
      n.tokens.checker,
    );
    expect(quoted.createClaim.quote).toBe('\u202Bمرحبا\u202C');
  });
});

test('a refusal at the edge is counted in /metrics with the operations refused before they were looked at', async () => {
  const count = async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('claimledger_graphql_operations_total{operation="unknown",type="unknown",outcome="BAD_USER_INPUT"}'));
    return Number(line?.split(' ').pop() ?? 0);
  };
  const before = await count();
  expectRefused(await send(app, Buffer.from(JSON.stringify({ query: '{ actors(filter: { search: "\\u0000" }) { totalCount } }' }))), 'filter.search', /NUL/);
  expect(await count()).toBe(before + 1);
});
