import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import canonicalize from 'canonicalize';
import pino from 'pino';
import { ExportVerifier } from '../../server/domain/exportVerification';
import { DEMO_USERS, seedDemo } from '../../server/seed/demo';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * `npm run verify` checks an NDJSON history export offline, as a separate process that trusts
 * nothing but the file: it passes a genuine export and prints every chain's head and one digest;
 * any tampering (one character, an edited field, a deleted, repeated or reordered line, a cut tail,
 * a rewritten and re-hashed event) fails with exit status 1 and names the first bad line.
 */

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'claimledger-verify-'));
let app: TestApp;
/** The history export taken in beforeAll, line by line. */
let original: string[];
let auditorToken: string;
let checkerToken: string;

interface Event {
  chain: string;
  seq: number;
  prevHash: string | null;
  hash: string;
  userLabel: string;
  [field: string]: unknown;
}

async function exportHistory(query = ''): Promise<string[]> {
  const res = await fetch(`${app.url}/export/history.ndjson${query}`, { headers: { authorization: `Bearer ${auditorToken}` } });
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
function expectFailure(r: Run, line: number | 'end of file', reason?: string): void {
  expect({ code: r.code, where: /^FAIL \S+ (line \d+|end of file)\b/.exec(r.stdout)?.[1] }).toEqual({
    code: 1,
    where: line === 'end of file' ? line : `line ${line}`,
  });
  if (reason) expect(r.stdout).toMatch(new RegExp(`: ${reason} — `));
}

const parse = (line: string) => JSON.parse(line) as Event;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What a forger with the algorithm would write: the event re-hashed and re-serialised canonically. */
function reseal(e: Event): string {
  const { hash: _hash, ...payload } = e;
  return canonicalize({ ...payload, hash: sha256(canonicalize(payload)!) })!;
}

/** The digest per docs/export-verification.md, computed here from the database's own last events. */
async function databaseHeads(): Promise<{ heads: { chain: string; seq: number; hash: string }[]; digest: string }> {
  const heads: { chain: string; seq: number; hash: string }[] = await app.ds.query(
    `SELECT DISTINCT ON (chain) chain, seq, hash FROM history_events ORDER BY chain, seq DESC`,
  );
  heads.sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
  return { heads, digest: sha256(heads.map((h) => `${h.chain} ${h.seq} ${h.hash}\n`).join('')) };
}

/** Index (0-based) of a line whose chain has a later line in the file, and of that next line. */
function lineWithSuccessor(lines: string[], from = 0): { at: number; next: number } {
  for (let at = from; at < lines.length; at++) {
    const chain = parse(lines[at]!).chain;
    const next = lines.findIndex((l, j) => j > at && parse(l).chain === chain);
    if (next !== -1 && parse(lines[at]!).seq > 1) return { at, next };
  }
  throw new Error('no line with a successor');
}

async function login(role: string): Promise<string> {
  const user = DEMO_USERS.find((u) => u.role === role)!;
  const { login } = await app.ok<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
    e: user.email,
    p: user.password,
  });
  return login.token;
}

beforeAll(async () => {
  app = await startTestApp();
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
  test('the acceptance run: the demo data exported by an auditor passes `npm run verify`, which prints every head and the digest', async () => {
    const r = await run('npm', ['run', '--silent', 'verify', '--', file(original, 'h.ndjson')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { heads, digest } = await databaseHeads();
    expect(r.stdout).toContain(`OK ${path.join(dir, 'h.ndjson')}: ${original.length} events in ${heads.length} chains verified`);
    for (const h of heads) expect(r.stdout).toContain(`${h.chain} #${h.seq} ${h.hash}\n`);
    expect(r.stdout).toMatch(new RegExp(`\ndigest ${digest}\n$`));
    expect(heads.filter((h) => h.chain.startsWith('claim:')).length).toBeGreaterThan(10);
  });

  test('the acceptance run: changing one character of one demo line makes verify fail and name that line', async () => {
    const at = Math.floor(original.length / 2);
    const lines = [...original];
    const i = lines[at]!.indexOf('"userLabel":"') + '"userLabel":"'.length;
    lines[at] = `${lines[at]!.slice(0, i)}X${lines[at]!.slice(i + 1)}`;
    expect(lines[at]).toHaveLength(original[at]!.length);
    const r = await run('npm', ['run', '--silent', 'verify', '--', file(lines)]);
    expectFailure(r, at + 1, 'HASH_MISMATCH');
  });
});

describe('tampering', () => {
  test('changing ONE character anywhere in a line — a key, a value, a number, a hash, punctuation — fails and names that line', async () => {
    const { at } = lineWithSuccessor(original, Math.floor(original.length / 3));
    const line = original[at]!;
    const change = (index: number, to: string) => {
      expect(index).toBeGreaterThanOrEqual(0);
      expect(line[index]).not.toBe(to);
      return line.slice(0, index) + to + line.slice(index + 1);
    };
    const after = (marker: string, offset = 0) => line.indexOf(marker) + marker.length + offset;
    const cases: [string, string, string][] = [
      ['a top-level key ("action" → "bction")', change(line.indexOf('"action"') + 1, 'b'), 'MISSING_FIELD'],
      ['a key inside the state', change(after('"state":{"') + 1, 'Z'), ''],
      ['a string value (the user label)', change(after('"userLabel":"'), '_'), 'HASH_MISMATCH'],
      ['the chain name', change(after('"chain":"') + 2, 'x'), 'SEQUENCE_GAP'],
      ['a digit of seq', change(after('"seq":'), line[after('"seq":')] === '9' ? '8' : String(Number(line[after('"seq":')]) + 1)), 'SEQUENCE_GAP'],
      ['a digit of the timestamp', change(after('"occurredAt":"2'), line[after('"occurredAt":"2')] === '1' ? '2' : '1'), 'HASH_MISMATCH'],
      ['a hex digit of its own hash', change(after('"hash":"') + 10, line[after('"hash":"') + 10] === 'a' ? 'b' : 'a'), 'HASH_MISMATCH'],
      ['a hex digit of prevHash', change(after('"prevHash":"') + 63, line[after('"prevHash":"') + 63] === 'a' ? 'b' : 'a'), 'PREVIOUS_HASH_MISMATCH'],
      ['a colon', change(line.indexOf(':'), ';'), 'NOT_JSON'],
      ['a comma', change(line.indexOf(','), ' '), 'NOT_JSON'],
      ['a quote', change(line.indexOf('"', 5), "'"), 'NOT_JSON'],
      ['the opening brace', change(0, '['), 'NOT_JSON'],
      ['the closing brace', change(line.length - 1, ' '), 'NOT_JSON'],
      ['a character made a carriage return (a line reader splits there)', change(after('"userLabel":"'), '\r'), 'NOT_JSON'],
      ['a letter to upper case in a hash (same hex value to a lax reader)', change(after('"hash":"') + line.slice(after('"hash":"')).search(/[a-f]/), line[after('"hash":"') + line.slice(after('"hash":"')).search(/[a-f]/)]!.toUpperCase()), 'HASH_MISMATCH'],
    ];
    const results = await Promise.all(
      cases.map(async ([what, tampered, reason]) => {
        const lines = [...original];
        lines[at] = tampered;
        return { what, reason, r: await verify(file(lines)) };
      }),
    );
    for (const { what, reason, r } of results) {
      // The case name shows in a failure.
      expect({ what, line: /^FAIL \S+ line (\d+)/.exec(r.stdout)?.[1], code: r.code }).toEqual({ what, line: String(at + 1), code: 1 });
      if (reason) expect({ what, reason: /: ([A-Z_]+) — /.exec(r.stdout)?.[1] }).toEqual({ what, reason });
    }
  });

  test('every single-character change at every position of a line is caught at that line (the verifier, in-process, exhaustively)', () => {
    // Chains are checked independently, so the file is cut down to one chain: its events up to
    // and including the successor of the line under test (an event with a predecessor too).
    const { at, next } = lineWithSuccessor(original);
    const chain = parse(original[at]!).chain;
    const lines = original.slice(0, next + 1).filter((l) => parse(l).chain === chain);
    const target = lines.indexOf(original[at]!);
    const line = lines[target]!;
    let checked = 0;
    for (let i = 0; i < line.length; i++) {
      for (const to of ['a', '0', '"', ' ']) {
        if (line[i] === to) continue;
        const verifier = new ExportVerifier();
        const tampered = line.slice(0, i) + to + line.slice(i + 1);
        for (const [j, l] of lines.entries()) if (!verifier.addLine(j === target ? tampered : l)) break;
        const problem = verifier.finish();
        if (problem?.line !== target + 1) throw new Error(`position ${i} changed to ${JSON.stringify(to)}: ${JSON.stringify(problem)}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(line.length * 3);
  });

  test('an edited field, kept canonical, fails its hash at that line', async () => {
    const { at } = lineWithSuccessor(original, 3);
    const lines = [...original];
    lines[at] = canonicalize({ ...parse(lines[at]!), userLabel: 'Someone Else' })!;
    expectFailure(await verify(file(lines)), at + 1, 'HASH_MISMATCH');
  });

  test('an edited and re-hashed event breaks the link from the next event of its chain, at that line', async () => {
    const { at, next } = lineWithSuccessor(original, 3);
    const lines = [...original];
    lines[at] = reseal({ ...parse(lines[at]!), note: 'nothing to see here' });
    expectFailure(await verify(file(lines)), next + 1, 'PREVIOUS_HASH_MISMATCH');
  });

  test('a deleted line shows as a sequence gap where its chain continues', async () => {
    const { at, next } = lineWithSuccessor(original, 5);
    const lines = original.filter((_, i) => i !== at);
    // The next event of the chain has moved up one line.
    expectFailure(await verify(file(lines)), next, 'SEQUENCE_GAP');
  });

  test('deleting a chain’s first event fails at the line where that chain now starts', async () => {
    const first = original.findIndex((l, i) => parse(l).seq === 1 && original.some((m, j) => j > i && parse(m).chain === parse(l).chain));
    const chain = parse(original[first]!).chain;
    const lines = original.filter((_, i) => i !== first);
    const starts = lines.findIndex((l) => parse(l).chain === chain);
    expectFailure(await verify(file(lines)), starts + 1, 'SEQUENCE_GAP');
  });

  test('two events of one chain swapped fail at the first of the two lines', async () => {
    const { at, next } = lineWithSuccessor(original, 4);
    const lines = [...original];
    [lines[at], lines[next]] = [lines[next]!, lines[at]!];
    expectFailure(await verify(file(lines)), at + 1, 'SEQUENCE_GAP');
  });

  test('a repeated line fails at the repetition', async () => {
    const { at } = lineWithSuccessor(original, 2);
    const lines = [...original.slice(0, at + 1), original[at]!, ...original.slice(at + 1)];
    expectFailure(await verify(file(lines)), at + 2, 'SEQUENCE_GAP');
  });

  test('a download cut off in the middle of a line fails at that line', async () => {
    const lines = [...original];
    lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, 100);
    expectFailure(await verify(file(lines)), lines.length, 'NOT_JSON');
  });
});

describe('heads, digests and proving that history only grew', () => {
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
    expect(saved).toEqual({ format: 'claimledger-heads-v1', ...(await databaseHeads()) });
    expect(saved.digest).toBe(digest1);
  });

  test('a truncated tail is a valid file on its own, but fails against the earlier heads and digest with CUT', async () => {
    const kept = original.slice(0, original.length - 3);
    const cut = file(kept);
    expect((await verify(cut)).code).toBe(0);
    // The first chain (in head order) that lost its tail is named.
    const lostChains = original.slice(-3).map((l) => parse(l).chain);
    const named = [...new Set(lostChains)].sort()[0]!;
    const r = await verify(cut, '--since', heads1, '--expect-digest', digest1);
    expectFailure(r, 'end of file', 'CUT');
    expect(r.stdout).toContain(`(${named} #`);
  });

  test('a chain removed whole (its only event) fails against the earlier heads with CUT: missing here', async () => {
    const only = original.findIndex((l) => original.filter((m) => parse(m).chain === parse(l).chain).length === 1);
    const chain = parse(original[only]!).chain;
    const without = file(original.filter((_, i) => i !== only));
    const r = await verify(without, '--since', heads1, '--expect-digest', digest1);
    expectFailure(r, 'end of file', 'CUT');
    expect(r.stdout).toContain(`${chain} is missing here`);
  });

  test('a later export passes --since the earlier heads: history only grew, and the digest moved on', async () => {
    const { createClaim } = await app.ok<{ createClaim: { id: string; version: number } }>(
      `mutation { createClaim(input: { text: "A claim recorded after the first export was taken." }) { id version } }`,
      {},
      checkerToken,
    );
    await app.ok(`mutation($id: ID!) { submitClaim(id: $id, expectedVersion: 1) { id } }`, { id: createClaim.id }, checkerToken);
    const [actor] = await app.ds.query(`SELECT id, version FROM actors WHERE name = 'Wang Yi'`);
    await app.ok(
      `mutation($id: ID!, $v: Int!) { updateActor(id: $id, expectedVersion: $v, input: { title: "Foreign Minister of the People's Republic of China" }) { id } }`,
      { id: actor.id, v: actor.version },
      checkerToken,
    );
    const later = await exportHistory();
    expect(later.length).toBeGreaterThan(original.length);
    const r = await verify(file(later), '--since', heads1, '--expect-digest', digest1, '--quiet');
    expect(r.stdout).toMatch(/history only grew/);
    expect(r.code).toBe(0);
    const digest2 = /\ndigest ([0-9a-f]{64})\n$/.exec(r.stdout)![1];
    expect(digest2).toBe((await databaseHeads()).digest);
    expect(digest2).not.toBe(digest1);
  });

  test('an event rewritten since, with its whole chain re-hashed so the file checks out alone, fails --since with REWRITTEN at the earlier head’s line', async () => {
    const later = await exportHistory();
    const saved = JSON.parse(readFileSync(heads1, 'utf8')) as { heads: { chain: string; seq: number }[] };
    // A chain of the earlier export with at least two events: rewrite its first event and re-chain the rest.
    const target = saved.heads.find((h) => h.seq >= 2 && h.chain.startsWith('claim:'))!;
    const lines = [...later];
    let prevHash: string | null = null;
    let headLine = -1;
    lines.forEach((l, i) => {
      const e = parse(l);
      if (e.chain !== target.chain) return;
      const edited = e.seq === 1 ? { ...e, userLabel: 'Someone Else' } : { ...e, prevHash };
      lines[i] = reseal(edited);
      prevHash = parse(lines[i]!).hash;
      if (e.seq === target.seq) headLine = i + 1;
    });
    const forged = file(lines);
    expect((await verify(forged)).code).toBe(0);
    const r = await verify(forged, '--since', heads1, '--expect-digest', digest1);
    expectFailure(r, headLine, 'REWRITTEN');
    expect(r.stdout).toContain(`(${target.chain} #${target.seq})`);
  });

  test('a head list that does not match the digest the auditor kept is refused', async () => {
    const r = await verify(file(original), '--since', heads1, '--expect-digest', 'f'.repeat(64));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL .*heads-1\.json: its digest is [0-9a-f]{64}, not the expected f{64}/);
  });

  test('a head list edited after it was written is refused', async () => {
    const saved = JSON.parse(readFileSync(heads1, 'utf8')) as { heads: { seq: number }[] };
    saved.heads[0]!.seq -= 1;
    const edited = path.join(dir, 'heads-edited.json');
    writeFileSync(edited, JSON.stringify(saved));
    const r = await verify(file(original), '--since', edited);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/does not match its own digest/);
  });
});

test('a filtered export starts chains mid-way: it fails as a gap unless verified with --filtered', async () => {
  const middle = parse(original[Math.floor(original.length / 2)]!) as Event & { occurredAt: string };
  const filtered = await exportHistory(`?from=${middle.occurredAt}`);
  const f = file(filtered);
  expectFailure(await verify(f), 1, 'SEQUENCE_GAP');
  const r = await verify(f, '--filtered', '--quiet');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/chains start mid-way/);
});
