import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { claimIn, newsroom } from '../fixtures/newsroom';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * The client guide's worked example (docs/client-guide.md, "Typed clients"), run as a client
 * developer would: graphql-codegen reads /schema.graphql from a running server and types the
 * operations in docs/examples/*.graphql; the example client compiles against those types under
 * strict TypeScript and reads every published verdict, page by page.
 */
const root = path.resolve(__dirname, '../..');
const examples = path.join(root, 'docs', 'examples');
const generated = path.join(examples, 'generated', 'graphql.ts');
let app: TestApp;
const published: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ introspection: false });
  const n = await newsroom(app);
  for (const text of ['Sanctions cut oil imports by 90 per cent.', 'Ship-to-ship transfers continued in 2018.', 'The cap was breached.']) {
    published.push((await claimIn(app, n, 'PUBLISHED', text)).id);
  }
  await claimIn(app, n, 'DRAFT');
  rmSync(path.dirname(generated), { recursive: true, force: true });
});
afterAll(async () => {
  await app?.close();
});

test('graphql-codegen types the example operations from /schema.graphql (introspection off)', async () => {
  const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'docs/examples/codegen.ts'], {
    cwd: root,
    env: { ...process.env, CLAIMLEDGER_URL: app.url, NODE_ENV: 'production' },
  });
  expect(stdout).toMatch(/docs\/examples\/generated\/graphql\.ts/);
  expect(existsSync(generated)).toBe(true);
}, 120_000);

test('the example client compiles against the generated types under strict TypeScript', () => {
  const program = ts.createProgram([path.join(examples, 'client.ts')], {
    strict: true,
    noEmit: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(problems).toEqual([]);
});

test('the example client reads every published verdict, page by page', async () => {
  const { allVerdicts } = (await import('../../docs/examples/client')) as typeof import('../../docs/examples/client');
  const seen: { id: string; text: string; verdict: string | null }[] = [];
  for await (const claim of allVerdicts(app.url)) seen.push(claim);
  expect(seen.map((c) => c.id).sort()).toEqual([...published].sort());
  for (const c of seen) expect(c.verdict).toEqual(expect.any(String));
});
