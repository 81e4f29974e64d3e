import { isNonNullType, isObjectType } from 'graphql';
import { buildSchema, mustBeNullable } from '../../server/resolvers';
import { startTestApp, type TestApp } from '../helpers/app';
import { claimIn, newsroom, type Newsroom } from '../fixtures/newsroom';

/**
 * The schema's conventions for client apps (issue 12, §2 and §4): a refused field answers null
 * at its own path without erasing its parents.
 */

let app: TestApp;
let n: Newsroom;
let apiKey: string;

beforeAll(async () => {
  app = await startTestApp();
  n = await newsroom(app);
  await claimIn(app, n, 'PUBLISHED');
  ({ createApiKey: { secret: apiKey } } = await app.ok<{ createApiKey: { secret: string } }>(
    `mutation { createApiKey(name: "Partner widget") { secret } }`,
    {},
    n.tokens.admin,
  ));
});
afterAll(() => app?.close());

describe('a field the reader may not see', () => {
  it('answers null with one error at its own path; the claims around it stay', async () => {
    const query = `{ claims(first: 1) { edges { node { id nextActions history { seq } } } } }`;
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [apiKey, 'FORBIDDEN'],
    ] as const) {
      const res = await app.gql<{ claims: { edges: { node: { id: string; nextActions: string[]; history: null } }[] } }>(query, {}, token);
      expect(res.data!.claims.edges).toEqual([{ node: { id: expect.any(String), nextActions: [], history: null } }]);
      expect(res.errors!.map((e) => [e.path, e.extensions.code])).toEqual([[['claims', 'edges', 0, 'node', 'history'], code]]);
    }
  });

  it('a staff fragment shared with the public: the public part answers, each staff field is null with its error', async () => {
    const res = await app.gql<{ claim: Record<string, unknown> }>(
      `query($id: ID!) { claim(id: $id) { ...Public ...Newsroom } }
       fragment Public on Claim { id text verdict }
       fragment Newsroom on Claim { disputes { id } history { seq } internalNote assignee { id } }`,
      { id: (await app.ok<{ claims: { nodes: { id: string }[] } }>(`{ claims(first: 1) { nodes { id } } }`)).claims.nodes[0]!.id },
      apiKey,
    );
    expect(res.data!.claim).toMatchObject({ text: expect.any(String), verdict: expect.any(String), disputes: null, history: null, internalNote: null, assignee: null });
    expect(res.errors!.map((e) => e.path!.at(-1)).sort()).toEqual(['assignee', 'disputes', 'history', 'internalNote']);
  });

  it('a staff-only root field next to a public one leaves the public one', async () => {
    const res = await app.gql<{ claims: { totalCount: number }; disputes: null }>(`{ claims { totalCount } disputes { totalCount } }`);
    expect(res.data).toEqual({ claims: { totalCount: 1 }, disputes: null });
    expect(res.errors!.map((e) => [e.path, e.extensions.code])).toEqual([[['disputes'], 'UNAUTHENTICATED']]);
  });

  it('every field some readers of its parent may not see is nullable (checked when the schema is built)', () => {
    const schema = buildSchema();
    const restricted: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!mustBeNullable(schema, type.name, field.name)) continue;
        restricted.push(`${type.name}.${field.name}`);
        expect(isNonNullType(field.type)).toBe(false);
      }
    }
    expect(restricted).toEqual(expect.arrayContaining(['Claim.disputes', 'Claim.history', 'Query.disputes', 'Query.auditLog', 'Evidence.note', 'User.email']));
  });
});
