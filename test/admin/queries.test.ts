import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NoDeprecatedCustomRule, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import * as Q from '../../admin/src/dataProvider/queries';
import { buildSchema } from '../../server/resolvers';

/**
 * Every GraphQL document the admin UI sends (all of them live in admin/src/dataProvider/queries.ts)
 * is valid against the server's schema and uses no deprecated field, argument, input field or
 * enum value: the admin is the schema's first client and must not hold a deprecation back.
 */

const schema: GraphQLSchema = buildSchema();
const ADMIN_SRC = path.join(__dirname, '..', '..', 'admin', 'src');
const QUERIES_FILE = path.join(ADMIN_SRC, 'dataProvider', 'queries.ts');

/** Each document queries.ts can produce, by the export (and argument) that produces it. */
function adminDocuments(): [string, string][] {
  const docs: [string, string][] = [];
  for (const [name, value] of Object.entries(Q)) {
    if (typeof value === 'string') docs.push([name, value]);
    else if (value === Q.transitionMutation)
      for (const t of Object.keys(Q.TRANSITIONS) as Q.Transition[]) docs.push([`transitionMutation(${t})`, Q.transitionMutation(t)]);
    else if (value !== Q.TRANSITIONS) throw new Error(`queries.ts exports ${name}, which this test does not know how to turn into documents: teach it`);
  }
  return docs;
}

/** Validation errors of `doc`: graphql-js's rules and NoDeprecatedCustomRule. */
const problems = (doc: string): string[] => validate(schema, parse(doc), [...specifiedRules, NoDeprecatedCustomRule]).map((e) => e.message);

test('every document the admin sends is valid and uses nothing deprecated', () => {
  const docs = adminDocuments();
  // All of them, the claim page as of an instant and each workflow mutation included.
  expect(docs.map(([name]) => name)).toEqual(
    expect.arrayContaining(['CLAIM', 'CLAIM_REVISION', 'CLAIMS', 'LOGIN', 'transitionMutation(SUBMIT)', 'transitionMutation(ASSIGN)']),
  );
  expect(docs.length).toBeGreaterThan(40);
  const found = docs.flatMap(([name, doc]) => problems(doc).map((p) => `${name}: ${p}`));
  expect(found).toEqual([]);
});

test('the check sees a deprecated argument, field and mutation (so the test above can fail)', () => {
  expect(problems('query($id: ID!, $at: DateTime) { claim(id: $id, asOf: $at) { id } }')).toEqual([
    expect.stringMatching(/Field "Query\.claim" argument "asOf" is deprecated/),
  ]);
  expect(problems('query($id: ID!) { claim(id: $id) { id asOf } }')).toEqual([expect.stringMatching(/Claim\.asOf is deprecated/)]);
  expect(problems('mutation($id: ID!) { submitClaim(id: $id, expectedVersion: 1) { id } }')).toEqual([
    expect.stringMatching(/Mutation\.submitClaim is deprecated/),
  ]);
});

test('no admin file but queries.ts writes a GraphQL operation (so the documents above are all of them)', () => {
  const files = (readdirSync(ADMIN_SRC, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(ADMIN_SRC, f));
  expect(files).toContain(QUERIES_FILE);
  // An operation keyword before its variables or selection, or a template literal opening on a selection.
  const operation = /\b(query|mutation|subscription)(\s+[A-Za-z_]\w*)?\s*(\(\s*\$|\{)|`\s*\{\s*\w+\s*[({]/;
  expect(operation.test(readFileSync(QUERIES_FILE, 'utf8'))).toBe(true);
  const elsewhere = files.filter((f) => f !== QUERIES_FILE && operation.test(readFileSync(f, 'utf8')));
  expect(elsewhere.map((f) => path.relative(ADMIN_SRC, f))).toEqual([]);
});
