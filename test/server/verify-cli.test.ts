import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { ExportVerifier } from '../../server/domain/exportVerification';
import { rotateSigningKey } from '../../server/services/checkpoints';
import { DEMO_USERS, seedDemo } from '../../server/seed/demo';
import { withDatabase } from '../setup/globalSetup';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * `npm run verify` against a real server, as an auditor uses it: the demo data's export passes
 * and prints every chain's head and the digest the database itself holds; a later export proves
 * that history only grew; a signed checkpoint, downloaded without login with the server's public
 * key, verifies offline; a forged checkpoint and a forked log (a database restored from an old
 * copy signing a different history) fail. Each run is the real CLI in its own process. The
 * catalogue of tamperings and their exact outcomes is the test vectors' (verification-vectors.test.ts).
 */

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'claimledger-verify-'));
const keyFile = path.join(dir, 'checkpoint-key.pem');
let app: TestApp;
/** The history export taken in beforeAll, line by line. */
let original: string[];
let auditorToken: string;
let checkerToken: string;

async function exportHistory(target: TestApp = app, query = ''): Promise<string[]> {
  const res = await fetch(`${target.url}/export/history.ndjson${query}`, { headers: { authorization: `Bearer ${auditorToken}` } });
  expect(res.status).toBe(200);
  return (await res.text()).split('\n').filter((l) => l !== '');
}

let fileCount = 0;
function file(lines: string[], name = `export-${++fileCount}.ndjson`): string {
  const p = path.join(dir, name);
  writeFileSync(p, lines.map((l) => `${l}\n`).join(''));
  return p;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in its own process. */
function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}
const verify = (...args: string[]) => run(path.join(root, 'node_modules/.bin/tsx'), ['server/cli/verify.ts', ...args]);

/** Expects a failure at `line` (1-based) with `reason`. */
function expectFailure(r: Run, line: number | 'end of file', reason: string): void {
  expect({ code: r.code, where: /^FAIL \S+ (line \d+|end of file)\b/.exec(r.stdout)?.[1], reason: /: ([A-Z_]+) — /.exec(r.stdout)?.[1] }).toEqual({
    code: 1,
    where: line === 'end of file' ? line : `line ${line}`,
    reason,
  });
}

/** The digest of the database's own chain heads, as the server signs it. */
const databaseHeads = (target: TestApp = app) => target.services.history.heads();

async function login(role: string, target: TestApp = app): Promise<string> {
  const user = DEMO_USERS.find((u) => u.role === role)!;
  const { login } = await target.ok<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
    e: user.email,
    p: user.password,
  });
  return login.token;
}

const RECORD = `mutation { recordCheckpoint { seq position eventCount headsDigest hash record } }`;

/** What anyone downloads without logging in: the checkpoint log and the key that signs it. */
async function publicCheckpoints(target: TestApp, name: string): Promise<{ log: string; key: string }> {
  const log = path.join(dir, `${name}.ndjson`);
  const key = path.join(dir, `${name}-key.json`);
  const [logRes, keyRes] = await Promise.all([fetch(`${target.url}/checkpoints.ndjson`), fetch(`${target.url}/checkpoints/public-key`)]);
  expect([logRes.status, keyRes.status]).toEqual([200, 200]);
  writeFileSync(log, await logRes.text());
  writeFileSync(key, await keyRes.text());
  return { log, key };
}

beforeAll(async () => {
  app = await startTestApp({ checkpointKeyFile: keyFile });
  // The demo data, and its auditor with the password the README lists.
  await seedDemo(app.services, pino({ level: 'silent' }));
  auditorToken = await login('AUDITOR');
  checkerToken = await login('FACT_CHECKER');
  original = await exportHistory();
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a genuine export', () => {
  test('the acceptance run: the demo data exported by an auditor passes `npm run verify`, which prints every head and the digest the database holds', async () => {
    const r = await run('npm', ['run', '--silent', 'verify', '--', file(original, 'h.ndjson')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { heads, digest, position } = await databaseHeads();
    expect(original).toHaveLength(position);
    expect(r.stdout).toContain(`OK ${path.join(dir, 'h.ndjson')}: ${original.length} events in ${heads.length} chains verified`);
    for (const h of heads) expect(r.stdout).toContain(`${h.chain} #${h.seq} ${h.hash}\n`);
    expect(r.stdout).toMatch(new RegExp(`\ndigest ${digest}\n$`));
    expect(heads.filter((h) => h.chain.startsWith('claim:')).length).toBeGreaterThan(10);
  });

  test('the export is in commit order: line n holds the event at global position n', () => {
    expect(original.map((l) => (JSON.parse(l) as { position: number }).position)).toEqual(original.map((_, i) => i + 1));
  });

  test('the acceptance run: changing one character of one demo line makes verify fail and name that line', async () => {
    const at = Math.floor(original.length / 2);
    const lines = [...original];
    const i = lines[at]!.indexOf('"userLabel":"') + '"userLabel":"'.length;
    lines[at] = `${lines[at]!.slice(0, i)}X${lines[at]!.slice(i + 1)}`;
    expect(lines[at]).toHaveLength(original[at]!.length);
    expectFailure(await run('npm', ['run', '--silent', 'verify', '--', file(lines)]), at + 1, 'HASH_MISMATCH');
  });

  test('every single-character change at every position of a line is caught at that line (the verifier, in-process, exhaustively)', () => {
    // Chains are checked independently, so the file is cut down to one chain (a filtered export):
    // its events up to and including the successor of the line under test.
    // The shortest such line, to keep this quick.
    const candidates = original
      .map((l, i) => ({ l, i }))
      .filter(({ l, i }) => JSON.parse(l).seq > 1 && original.slice(i + 1).some((m) => JSON.parse(m).chain === JSON.parse(l).chain));
    const at = candidates.reduce((a, b) => (b.l.length < a.l.length ? b : a)).i;
    const chain = JSON.parse(original[at]!).chain as string;
    const successor = original.findIndex((m, j) => j > at && JSON.parse(m).chain === chain);
    const lines = original.slice(0, successor + 1).filter((l) => JSON.parse(l).chain === chain);
    const target = lines.indexOf(original[at]!);
    const line = lines[target]!;
    let checked = 0;
    for (let i = 0; i < line.length; i++) {
      for (const to of ['a', '"', '\r']) {
        if (line[i] === to) continue;
        const verifier = new ExportVerifier({ filtered: true });
        const tampered = line.slice(0, i) + to + line.slice(i + 1);
        for (const [j, l] of lines.entries()) if (!verifier.addLine(Buffer.from(j === target ? tampered : l), true)) break;
        const problem = verifier.finish();
        if (problem?.line !== target + 1) throw new Error(`position ${i} changed to ${JSON.stringify(to)}: ${JSON.stringify(problem)}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(line.length * 2);
  });
});

describe('proving that history only grew', () => {
  let heads1: string;
  let digest1: string;

  beforeAll(async () => {
    heads1 = path.join(dir, 'heads-1.json');
    const r = await verify(file(original, 'first.ndjson'), '--heads-out', heads1, '--quiet');
    expect(r.code).toBe(0);
    digest1 = /\ndigest ([0-9a-f]{64})\n$/.exec(r.stdout)![1]!;
  });

  test('--heads-out writes every chain’s head and the digest, equal to what the database holds', async () => {
    const saved = JSON.parse(readFileSync(heads1, 'utf8')) as { format: string; digest: string; heads: unknown[] };
    const { heads, digest } = await databaseHeads();
    expect(saved).toEqual({ format: 'claimledger-heads-v1', digest, heads: [...heads].sort((a, b) => (a.chain < b.chain ? -1 : 1)) });
    expect(saved.digest).toBe(digest1);
  });

  test('a later export passes --since the earlier heads and --since-export the earlier file; the earlier export is a prefix of the later', async () => {
    const { createClaim } = await app.ok<{ createClaim: { id: string } }>(
      `mutation { createClaim(input: { text: "A claim recorded after the first export was taken." }) { id } }`,
      {},
      checkerToken,
    );
    await app.ok(`mutation($id: ID!) { submitClaim(id: $id, expectedVersion: 1) { id } }`, { id: createClaim.id }, checkerToken);
    const later = await exportHistory();
    expect(later.slice(0, original.length)).toEqual(original);
    const laterFile = file(later);
    const [byHeads, byExport] = await Promise.all([
      verify(laterFile, '--since', heads1, '--expect-digest', digest1, '--quiet'),
      verify(laterFile, '--since-export', path.join(dir, 'first.ndjson'), '--expect-digest', digest1, '--quiet'),
    ]);
    for (const r of [byHeads, byExport]) {
      expect(r.stdout).toMatch(/history only grew/);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(/\ndigest ([0-9a-f]{64})\n$/.exec(r.stdout)![1]).toBe((await databaseHeads()).digest);
    }
  });

  test('--since without --expect-digest still runs, but warns that it proves nothing', async () => {
    const r = await verify(file(original), '--since', heads1, '--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^WARNING SINCE_WITHOUT_DIGEST: without --expect-digest this proves nothing/);
  });
});

test('a filtered export starts chains mid-way and skips positions: it fails as unfiltered, passes with --filtered', async () => {
  // From an event recorded later than the one before it on its chain: that chain starts mid-way.
  const events = original.map((l) => JSON.parse(l) as { chain: string; seq: number; occurredAt: string });
  const cut = events.find((e, i) => i > events.length / 2 && e.seq > 1 && events.find((p) => p.chain === e.chain && p.seq === e.seq - 1)!.occurredAt < e.occurredAt)!;
  const f = file(await exportHistory(app, `?from=${cut.occurredAt}`));
  expectFailure(await verify(f), 1, 'POSITION_MISMATCH');
  const r = await verify(f, '--filtered', '--quiet');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/chains start mid-way/);
});

describe('signed checkpoints', () => {
  test('an auditor records one; anyone downloads it and the key without logging in; the export verifies against it offline', async () => {
    const { recordCheckpoint: cp } = await app.ok<{ recordCheckpoint: { seq: number; position: number; eventCount: number; headsDigest: string; record: string } }>(
      RECORD,
      {},
      auditorToken,
    );
    const held = await databaseHeads();
    expect(cp).toMatchObject({ position: held.position, eventCount: held.position, headsDigest: held.digest });
    const { log, key } = await publicCheckpoints(app, 'log-a');
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean).pop()).toBe(cp.record);
    const r = await verify(file(await exportHistory()), '--checkpoint', log, '--public-key', key, '--quiet');
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`it matches checkpoint(s #1 to)? #${cp.seq}, signed by key [0-9a-f]{64}\n`));
  });

  test('a checkpoint whose signature was tampered with fails with BAD_SIGNATURE at its line', async () => {
    const { log, key } = await publicCheckpoints(app, 'log-forged');
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const last = lines.length - 1;
    lines[last] = lines[last]!.replace(/"signature":"([0-9a-f])/, (_m, c: string) => `"signature":"${c === 'a' ? 'b' : 'a'}`);
    writeFileSync(log, lines.map((l) => `${l}\n`).join(''));
    expectFailure(await verify('--checkpoints', log, '--public-key', key), last + 1, 'BAD_SIGNATURE');
  });

  test('a database restored from an old copy signs a different history: an auditor holding both logs sees a FORK', async () => {
    await app.ok(RECORD, {}, auditorToken);
    const before = await publicCheckpoints(app, 'log-before-copy');
    // A copy of the database as it is now, served by a second server with the same key (a restored backup).
    const adminUrl = process.env.CLAIMLEDGER_TEST_ADMIN_URL!;
    const source = new URL(app.databaseUrl).pathname.slice(1);
    const copy = `${source}_restored`;
    const databaseUrl = app.databaseUrl;
    await app.close();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${source}`);
    await admin.end();
    app = await startTestApp({ databaseUrl, checkpointKeyFile: keyFile });
    const restored = await startTestApp({ databaseUrl: withDatabase(adminUrl, copy), checkpointKeyFile: keyFile });
    try {
      // Each goes on with its own history and signs it.
      await app.ok(`mutation { createClaim(input: { text: "Only on the live server." }) { id } }`, {}, checkerToken);
      const restoredChecker = await login('FACT_CHECKER', restored);
      await restored.ok(`mutation { createClaim(input: { text: "Only on the restored copy." }) { id } }`, {}, restoredChecker);
      await app.ok(RECORD, {}, auditorToken);
      await restored.ok(RECORD, {}, await login('AUDITOR', restored));
      const live = await publicCheckpoints(app, 'log-live');
      const other = await publicCheckpoints(restored, 'log-restored');
      // Each log alone is a valid, signed log that extends what was published before the copy.
      for (const l of [live, other]) expect((await verify('--checkpoints', before.log, l.log, '--public-key', before.key)).code).toBe(0);
      const forkAt = readFileSync(live.log, 'utf8').split('\n').filter(Boolean).length;
      expectFailure(await verify('--checkpoints', live.log, other.log, '--public-key', before.key), forkAt, 'FORK');
    } finally {
      await restored.close();
    }
  });

  test('after the operator rotates the key, the auditor who kept only the first key verifies the later log and export, with our verifier and the Python one alike', async () => {
    await app.ok(RECORD, {}, auditorToken);
    const before = await publicCheckpoints(app, 'log-before-rotation');
    const rotation = await rotateSigningKey(app.services.checkpoints, keyFile);
    await app.ok(`mutation { createClaim(input: { text: "Recorded after the key changed." }) { id } }`, {}, checkerToken);
    await app.ok(RECORD, {}, auditorToken);
    const after = await publicCheckpoints(app, 'log-after-rotation');
    expect(JSON.parse(readFileSync(after.key, 'utf8'))).toEqual(rotation.to);
    const exported = file(await exportHistory());
    const python = (...args: string[]) => run('python3', ['docs/verifier/verify.py', ...args]);
    for (const args of [
      ['--checkpoints', before.log, after.log, '--public-key', before.key],
      [exported, '--checkpoint', after.log, '--public-key', before.key, '--quiet'],
    ]) {
      const [ours, theirs] = await Promise.all([verify(...args), python(...args)]);
      expect({ code: ours.code, stderr: ours.stderr }).toEqual({ code: 0, stderr: '' });
      expect(ours.stdout).toContain(`signed by key ${rotation.from.keyId} (#1 to #${rotation.rotation!.seq}), then ${rotation.to.keyId} (#${rotation.first!.seq} to #`);
      expect(theirs).toEqual(ours);
    }
    // The new key, fetched after the change, vouches only from its own first checkpoint on.
    const [ours, theirs] = await Promise.all([verify('--checkpoints', after.log, '--public-key', after.key), python('--checkpoints', after.log, '--public-key', after.key)]);
    expectFailure(ours, 1, 'UNKNOWN_KEY');
    expect(theirs.code).toBe(1);
    expect(theirs.stdout).toMatch(/^FAIL \S+ line 1 \(checkpoint #1\): UNKNOWN_KEY — /);
  });
});
