import { createReadStream, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { readArchive } from '../../server/db/archive';
import { embeddedDataDir } from '../../server/db/embedded';
import { seedDemo } from '../../server/seed/demo';
import { startTestApp, type TestApp } from '../helpers/app';
import {
  cli,
  DEMO,
  embeddedEnv,
  login,
  removeEmbedded,
  startServer,
  until,
  verifiedHistory,
  writeLoad,
  type Running,
} from '../helpers/server';
import { withDatabase } from '../setup/globalSetup';

/**
 * `npm run backup` and `npm run restore`: a consistent snapshot taken while the server writes,
 * restored into a fresh embedded database with every chain verified and the digest equal; cut and
 * edited archives refused; the same on DATABASE_URL, where a non-empty target needs --force.
 */
const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'claimledger-backup-'));
const digestOf = (stdout: string) => /^digest ([0-9a-f]{64})/m.exec(stdout)?.[1];

afterAll(async () => {
  for (const dir of ['source', 'restored', 'untouched']) await removeEmbedded(path.join(dataRoot, dir));
  await rm(dataRoot, { recursive: true, force: true });
});

/** The archive taken under write load, and its digest (restored again into DATABASE_URL below). */
const archive = path.join(dataRoot, 'under-load.backup.gz');
let backupDigest: string;

describe('on the embedded database, next to a running server', () => {
  test('a backup under write load restores into a fresh embedded database with every earlier write and the same digest', async () => {
    const sourceDir = path.join(dataRoot, 'source');
    let server: Running = await startServer(sourceDir);
    const checker = await login(server.base, DEMO.checker);
    const load = writeLoad(server.base, checker, 'backup');
    let before: string[];
    let backup;
    let underServer;
    try {
      await until('writes under way', () => load.acknowledged.length >= 10);
      before = [...load.acknowledged];
      backup = await cli('backup', ['--out', archive], embeddedEnv(sourceDir));
      // The load went on while the snapshot was read.
      await until('writes after the backup', () => load.acknowledged.length > before.length + 5);
      underServer = await cli('restore', ['--force', archive], embeddedEnv(sourceDir));
    } finally {
      await load.stop();
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(/history: \d+ events in \d+ chains verified/);
    backupDigest = digestOf(backup.stdout)!;
    // Restoring under the running server is refused, naming it, even forced.
    expect(underServer.code).toBe(1);
    expect(underServer.stderr).toMatch(/a ClaimLedger server \(pid \d+\) runs this embedded database\. Stop it first/);
    expect(backupDigest).toMatch(/^[0-9a-f]{64}$/);

    const restoredDir = path.join(dataRoot, 'restored');
    const restore = await cli('restore', [archive], embeddedEnv(restoredDir));
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(restore.stdout).toContain('archive intact');
    expect(digestOf(restore.stdout)).toBe(backupDigest);

    server = await startServer(restoredDir);
    try {
      const auditor = await login(server.base, DEMO.auditor);
      // An auditor's own check of the restored server agrees with the archive, chain by chain.
      const history = await verifiedHistory(server.base, auditor);
      expect(history.digest).toBe(backupDigest);
      const chains = new Set(history.heads.map((h) => h.chain));
      expect(before.filter((id) => !chains.has(`claim:${id}`))).toEqual([]);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 240_000);

  /** The archive's text, changed by `edit`, packed again. */
  const edited = (name: string, edit: (text: string) => string) => {
    const file = path.join(dataRoot, name);
    writeFileSync(file, gzipSync(edit(gunzipSync(readFileSync(archive)).toString('utf8'))));
    return file;
  };

  test('a cut or edited archive is refused before any database is touched', async () => {
    const bytes = readFileSync(archive);
    const cut = path.join(dataRoot, 'cut.backup.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const cutText = edited('cut-text.backup.gz', (t) => t.slice(0, Math.floor(t.length * 0.7)));
    const oneRowEdited = edited('one-row.backup.gz', (t) => t.replace('the figure doubled within a year', 'the figure tripled within a year'));
    const rowDropped = edited('row-dropped.backup.gz', (t) => t.replace(/\ntable claims\n[^\n]*\n/, '\ntable claims\n'));
    const refusal = (file: string) => readArchive(createReadStream(file)).then(() => 'accepted', (err: Error) => err.message);
    expect(await refusal(cut)).toMatch(/^the archive is cut short or damaged/);
    expect(await refusal(cutText)).toMatch(/^the archive is cut short/);
    expect(await refusal(oneRowEdited)).toBe('the archive was altered: its content does not match its checksum');
    expect(await refusal(rowDropped)).toMatch(/^the archive is damaged: claims has \d+ rows, its header says \d+$/);

    // The command refuses before it opens any database; --check passes the intact archive alone.
    const untouched = path.join(dataRoot, 'untouched');
    const [refused, intact] = await Promise.all([
      cli('restore', [oneRowEdited], embeddedEnv(untouched)),
      cli('restore', ['--check', archive], embeddedEnv(untouched)),
    ]);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toBe(`restore: ${oneRowEdited}: the archive was altered: its content does not match its checksum.\nNothing was restored.\n`);
    expect(existsSync(embeddedDataDir(untouched))).toBe(false);
    expect(intact.code).toBe(0);
    expect(digestOf(intact.stdout)).toBe(backupDigest);
  }, 120_000);
});

describe('on DATABASE_URL', () => {
  let source: TestApp;
  const adminUrl = process.env.CLAIMLEDGER_TEST_ADMIN_URL!;
  const urlArchive = path.join(dataRoot, 'database-url.backup.gz');
  const env = (url: string) => ({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' });

  async function emptyDatabase(): Promise<string> {
    const name = `claimledger_t_${process.env.CLAIMLEDGER_TEST_RUN}_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return withDatabase(adminUrl, name);
  }

  /** Every table's rows, as one fingerprint per table. */
  async function contents(url: string): Promise<Record<string, string>> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ t: string }>(
        `SELECT relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'public' AND relkind = 'r' ORDER BY 1`,
      );
      const out: Record<string, string> = {};
      for (const { t } of tables) {
        const { rows } = await client.query<{ f: string }>(`SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS f FROM "${t}" x`);
        out[t] = rows[0]!.f;
      }
      return out;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    source = await startTestApp();
    await seedDemo(source.services, pino({ level: 'silent' }));
  });
  afterAll(() => source?.close());

  test('backup, restore into an empty database: every table equal, chains verified, digests equal, writes go on', async () => {
    const backup = await cli('backup', ['--out', urlArchive], env(source.databaseUrl));
    expect(backup).toMatchObject({ code: 0, stderr: '' });

    const target = await emptyDatabase();
    const restore = await cli('restore', [urlArchive], env(target));
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(digestOf(restore.stdout)).toBe(digestOf(backup.stdout));
    expect(await contents(target)).toEqual(await contents(source.databaseUrl));

    // Identity sequences continue after the restored rows: the restored newsroom takes new writes.
    const restored = await startTestApp({ databaseUrl: target });
    try {
      const [{ id }] = await restored.ds.query(`SELECT id FROM users WHERE email = 'editor@claimledger.example'`);
      const before = Number((await restored.ds.query('SELECT max(id) AS m FROM history_events'))[0].m);
      const editor = { kind: 'user', userId: id, role: 'EDITOR', displayName: 'Desk Editor', sessionId: null } as const;
      await restored.services.claims.create(editor, { text: 'Written after the restore.' });
      expect(Number((await restored.ds.query('SELECT max(id) AS m FROM history_events'))[0].m)).toBeGreaterThan(before);
    } finally {
      await restored.close();
    }
  }, 120_000);

  test('an archive of the embedded database restores into DATABASE_URL: the way from the embedded database to your own PostgreSQL', async () => {
    const target = await emptyDatabase();
    const restore = await cli('restore', [archive], env(target));
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(digestOf(restore.stdout)).toBe(backupDigest);
  }, 120_000);

  test('a database that holds data is refused unless --force, and a running server on it always', async () => {
    const target = await emptyDatabase();
    expect((await cli('restore', [urlArchive], env(target))).code).toBe(0);
    const refused = await cli('restore', [urlArchive], env(target));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds data \(.*claims.*\)\. Restore into an empty database, or add --force/);

    const forced = await cli('restore', [urlArchive, '--force'], env(target));
    expect(forced).toMatchObject({ code: 0, stderr: '' });
    expect(await contents(target)).toEqual(await contents(source.databaseUrl));

    // A server at work on the source holds a connection: a restore under it is refused, even forced.
    const working = source.ds.createQueryRunner();
    await working.connect();
    try {
      const underServer = await cli('restore', [urlArchive, '--force'], env(source.databaseUrl));
      expect(underServer.code).toBe(1);
      expect(underServer.stderr).toMatch(/connection\(s\) of a running ClaimLedger/);
    } finally {
      await working.release();
    }
    expect(await contents(source.databaseUrl)).toEqual(await contents(target));
  }, 120_000);

  test('history edited in the archive with its checksum recomputed: the chains catch it and the load is rolled back', async () => {
    const text = gunzipSync(readFileSync(urlArchive)).toString('utf8');
    // A verdict rewritten inside one stored history record, as someone covering their tracks would.
    const original = text.slice(0, text.lastIndexOf('sha256 '));
    const body = original.replace(/"verdict":"TRUE"/, '"verdict":"FALSE"');
    expect(body).not.toBe(original);
    const forged = path.join(dataRoot, 'forged.backup.gz');
    writeFileSync(forged, gzipSync(`${body}sha256 ${createHash('sha256').update(body).digest('hex')}\n`));

    const target = await emptyDatabase();
    const r = await cli('restore', [forged], env(target));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the restored history \(.*\) is not the archive's .*rolled back/);
    const client = new Client({ connectionString: target });
    await client.connect();
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM history_events');
    await client.end();
    expect(rows[0]!.n).toBe(0);
  }, 120_000);
});
