import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { ExportVerifier } from '../domain/exportVerification';
import { recordOf } from '../domain/hashChain';
import { toStored } from '../services/history';
import { ArchiveWriter, readArchive, type ArchiveHeader, type ArchiveTable, type HistoryOutcome } from './archive';
import { HistoryEvent } from './entities';
import { selectList } from './sql';

/**
 * Backups that need no pg_dump (the embedded PostgreSQL ships none): every table of one
 * consistent snapshot through COPY into one archive (archive.ts), and back. The whole history is
 * verified on the way out and again on the way in, and the two digests must agree.
 */

export type Progress = (phase: 'history' | 'rows', done: number, total: number) => void;

/** Text-format values (timestamps, floats) written and read the same way whatever the server's defaults. */
const SESSION = `SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3`;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** One connection of the data source, as pg's client (COPY needs it) and owned until `release`. */
async function connection(ds: DataSource): Promise<{ client: PoolClient; release(): Promise<void> }> {
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  return { client, release: () => runner.release() };
}

/**
 * Writes the archive of one snapshot: a REPEATABLE READ READ ONLY transaction sees the database
 * as of its first statement while the server goes on writing, so every table and the history
 * digest describe the same instant.
 */
export async function writeBackup(ds: DataSource, out: Writable, progress: Progress = () => undefined): Promise<ArchiveHeader> {
  const { client, release } = await connection(ds);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(SESSION);
    const tables = await tablesInLoadOrder(client, migrationsTable(ds));
    for (const t of tables) t.rows = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(t.name)}`)).rows[0]!.n);
    const total = tables.reduce((sum, t) => sum + t.rows, 0);
    const events = tables.find((t) => t.name === ds.getMetadata(HistoryEvent).tableName)?.rows ?? 0;
    const header: ArchiveHeader = {
      format: 'claimledger-backup-v1',
      createdAt: new Date().toISOString(),
      postgres: (await client.query<{ v: string }>('SELECT current_setting($1) AS v', ['server_version'])).rows[0]!.v,
      database: (await client.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d,
      migrations: await appliedMigrations(client, migrationsTable(ds)),
      tables,
      history: await checkHistory(ds, client, (n) => progress('history', n, events)),
    };
    const archive = new ArchiveWriter(out);
    await archive.start(header);
    let done = 0;
    for (const t of tables) {
      const copy = client.query(copyTo(`COPY ${quote(t.name)} (${t.columns.map(quote).join(', ')}) TO STDOUT`));
      const rows = await archive.table(t.name, copy as AsyncIterable<Buffer>, (n) => progress('rows', done + n, total));
      // Inside the snapshot the count cannot change; a difference is a bug, not a race.
      if (rows !== t.rows) throw new Error(`${t.name}: copied ${rows} rows, counted ${t.rows}`);
      done += rows;
    }
    await client.query('COMMIT');
    await archive.finish();
    return header;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await release();
  }
}

/**
 * The whole history checked as an auditor's verifier checks an export (every chain, hash and
 * link; docs/export-verification.md), plus that each stored record is exactly the event its
 * columns hold. Its digest is the one `npm run verify` prints for a full history export.
 */
export async function checkHistory(ds: DataSource, client: PoolClient, onEvents: (n: number) => void = () => undefined): Promise<HistoryOutcome> {
  const columns = selectList(ds, HistoryEvent, 'h');
  const verifier = new ExportVerifier();
  let after = 0;
  for (;;) {
    // Ordered as the export is: by the global position each event was given as it was recorded.
    const { rows }: { rows: HistoryEvent[] } = await client.query<HistoryEvent>(
      `SELECT ${columns}, h.record FROM history_events h WHERE h.position > $1 ORDER BY h.position LIMIT 5000`,
      [after],
    );
    for (const row of rows) {
      if (!verifier.addLine(Buffer.from(row.record, 'utf8'), true)) break;
      if (recordOf(toStored(row)) !== row.record) {
        return { events: verifier.events, problem: `${row.chain} #${row.seq}: its stored record differs from its fields, one of them was altered` };
      }
    }
    if (verifier.problem || rows.length === 0) break;
    after = Number(rows[rows.length - 1]!.position);
    onEvents(verifier.events);
  }
  const problem = verifier.finish();
  if (problem) return { events: verifier.events, problem: `${problem.chain ?? 'history'}${problem.seq !== null ? ` #${problem.seq}` : ''}: ${problem.reason} — ${problem.message}` };
  const heads = verifier.headList();
  return { events: verifier.events, chains: heads.heads.length, digest: heads.digest };
}

/**
 * Derived state, not data: history_counter holds the last position handed out (and its time),
 * which the events themselves determine. It is not archived, does not make a database "hold
 * data", and is set from the loaded events after a load, as sequences are. The search tables
 * (migrations MultilingualSearch, SearchPostings, SearchVocabulary) are filled by triggers as the
 * claims, their public copies and the actors load.
 */
const DERIVED_TABLES = ['history_counter', 'claim_search', 'public_claim_search', 'public_claim_terms', 'search_languages', 'search_words', 'actor_names'];

async function advanceHistoryCounter(client: PoolClient): Promise<void> {
  await client.query(
    `UPDATE history_counter SET last_position = COALESCE((SELECT max(position) FROM history_events), 0),
                                last_occurred_at = (SELECT max(occurred_at) FROM history_events)`,
  );
}

/** Tables of the public schema (but the migrations' own and derived state), parents before the tables referring to them. */
async function tablesInLoadOrder(client: PoolClient, migrations: string): Promise<ArchiveTable[]> {
  const { rows: tables } = await client.query<{ name: string; columns: string[] }>(
    `SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> $1 AND c.relname <> ALL($2::text[])
     GROUP BY c.relname`,
    [migrations, DERIVED_TABLES],
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
     FROM pg_constraint k
     JOIN pg_class ch ON ch.oid = k.conrelid
     JOIN pg_class pa ON pa.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND ch.oid <> pa.oid`,
  );
  const waitingFor = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const r of references) waitingFor.get(r.child)?.add(r.parent);
  const ordered: ArchiveTable[] = [];
  const pending = [...tables].sort((a, b) => (a.name < b.name ? -1 : 1));
  while (pending.length) {
    const next = pending.findIndex((t) => [...waitingFor.get(t.name)!].every((p) => ordered.some((o) => o.name === p)));
    if (next === -1) throw new Error(`the foreign keys of ${pending.map((t) => t.name).join(', ')} form a cycle: no load order`);
    const [t] = pending.splice(next, 1);
    ordered.push({ name: t!.name, columns: t!.columns, rows: 0 });
  }
  return ordered;
}

const migrationsTable = (ds: DataSource) => ds.options.migrationsTableName ?? 'migrations';

async function appliedMigrations(client: PoolClient, table: string): Promise<string[]> {
  const exists = (await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table])).rows[0]!.t;
  if (!exists) return [];
  return (await client.query<{ name: string }>(`SELECT name FROM ${quote(table)} ORDER BY id`)).rows.map((r) => r.name);
}

/** What a database holds before a restore: applied migrations and the tables that have rows. */
export async function databaseState(ds: DataSource): Promise<{ migrations: string[]; tablesWithRows: string[]; tables: number; otherSessions: number }> {
  const { client, release } = await connection(ds);
  try {
    const tables = await tablesInLoadOrder(client, migrationsTable(ds));
    const tablesWithRows: string[] = [];
    for (const t of tables) {
      if ((await client.query(`SELECT 1 FROM ${quote(t.name)} LIMIT 1`)).rowCount) tablesWithRows.push(t.name);
    }
    // Other processes of this program (servers, tools) carry the same application_name.
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = current_setting('application_name') AND pid <> pg_backend_pid()`,
    );
    return { migrations: await appliedMigrations(client, migrationsTable(ds)), tablesWithRows, tables: tables.length, otherSessions: Number(rows[0]!.n) };
  } finally {
    await release();
  }
}

/** Drops everything in the public schema: a --force restore starts from nothing. */
export async function emptyDatabase(ds: DataSource): Promise<void> {
  await ds.query('DROP SCHEMA public CASCADE');
  await ds.query('CREATE SCHEMA public');
}

/**
 * Loads an archive into a database whose schema is at the archive's migrations and whose tables
 * are empty, in one transaction: rows by COPY in the archive's order, identity sequences moved
 * past the loaded ids, then the whole history verified. It commits only when the archive read
 * to its checksum and the history verifies as it did when the archive was made.
 */
export async function loadArchive(
  ds: DataSource,
  input: Readable,
  progress: Progress = () => undefined,
): Promise<{ header: ArchiveHeader; history: HistoryOutcome }> {
  const { client, release } = await connection(ds);
  try {
    await client.query('BEGIN');
    await client.query(SESSION);
    let done = 0;
    let total = 0;
    const header = await readArchive(input, {
      header: (h) => {
        total = h.tables.reduce((sum, t) => sum + t.rows, 0);
      },
      table: async (t, rows) => {
        const copy = client.query(copyFrom(`COPY ${quote(t.name)} (${t.columns.map(quote).join(', ')}) FROM STDIN`));
        const finished = new Promise<void>((resolve, reject) => {
          copy.on('finish', resolve);
          copy.on('error', reject);
        });
        finished.catch(() => undefined); // awaited below; a refusal mid-way must not go unhandled meanwhile
        let batch: Buffer[] = [];
        let size = 0;
        const flush = async () => {
          if (!copy.write(Buffer.concat(batch, size))) await Promise.race([once(copy, 'drain'), finished]);
          batch = [];
          size = 0;
          progress('rows', done, total);
        };
        for await (const row of rows) {
          batch.push(row);
          size += row.length;
          done++;
          if (size >= 1 << 16) await flush();
        }
        if (size) await flush();
        copy.end();
        await finished;
      },
    });
    await advanceSequences(client);
    await advanceHistoryCounter(client);
    const events = header.tables.find((t) => t.name === ds.getMetadata(HistoryEvent).tableName)?.rows ?? 0;
    const history = await checkHistory(ds, client, (n) => progress('history', n, events));
    if (!sameOutcome(history, header.history)) {
      await client.query('ROLLBACK');
      return { header, history };
    }
    await client.query('COMMIT');
    return { header, history };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await release();
  }
}

export function sameOutcome(a: HistoryOutcome, b: HistoryOutcome): boolean {
  return 'digest' in a && 'digest' in b ? a.digest === b.digest && a.events === b.events : 'problem' in a && 'problem' in b && a.problem === b.problem;
}

/** Identity and serial columns continue after the highest loaded value, as pg_dump's setval does. */
async function advanceSequences(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ tbl: string; col: string; seq: string }>(
    `SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(format('%I', c.relname), a.attname) AS seq
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_get_serial_sequence(format('%I', c.relname), a.attname) IS NOT NULL`,
  );
  for (const r of rows) {
    await client.query(`SELECT setval($1, COALESCE(max(${quote(r.col)}), 1), max(${quote(r.col)}) IS NOT NULL) FROM ${quote(r.tbl)}`, [r.seq]);
  }
}
