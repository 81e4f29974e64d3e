import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { printSchema } from 'graphql';
import { buildSchema } from '../../server/resolvers';

/**
 * Relay's own compiler accepts our schema's conventions (issue 12, §4): a `@refetchable` fragment
 * (which needs `interface Node` and `Query.node(id:)`) with a paginated `@connection`, compiled
 * against the SDL /schema.graphql serves.
 */

const run = promisify(execFile);
const CLI = require.resolve('relay-compiler/cli.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'claimledger-relay-'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'schema.graphql'), printSchema(buildSchema()));
  writeFileSync(path.join(dir, 'relay.config.json'), JSON.stringify({ src: './src', schema: './schema.graphql', language: 'typescript' }));
  writeFileSync(
    path.join(dir, 'src', 'ActorCard.ts'),
    `import { graphql } from 'relay-runtime';
export const fragment = graphql\`
  fragment ActorCard_actor on Actor
  @refetchable(queryName: "ActorCardRefetchQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 3 }, cursor: { type: "String" }) {
    id
    name
    claims(first: $count, after: $cursor) @connection(key: "ActorCard_claims") {
      edges { node { id text verdict } }
    }
  }
\`;
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('relay-compiler accepts a @refetchable, paginated fragment on Actor and refetches it through node(id:)', async () => {
  const { stdout } = await run(process.execPath, [CLI], { cwd: dir, timeout: 60_000 }).catch((e: { stdout: string; stderr: string }) => {
    throw new Error(`relay-compiler refused the schema or the fragment:\n${e.stdout}\n${e.stderr}`);
  });
  expect(stdout).toMatch(/Created|Compil/i);
  const query = readFileSync(path.join(dir, 'src', '__generated__', 'ActorCardRefetchQuery.graphql.ts'), 'utf8');
  expect(query).toContain('node(id: $id)');
  expect(query).toContain('...ActorCard_actor');
});
