import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { migrations } from '../../migrations';
import { loadConfig } from '../config';
import { ArchiveError, readArchive, type ArchiveHeader } from '../db/archive';
import { databaseState, emptyDatabase, loadArchive, sameOutcome } from '../db/backup';
import { openDatabase } from '../db/connect';
import { withStartupLock } from '../db/startupLock';
import { createDataSource, migrate } from '../db/dataSource';
import { createLogger } from '../logger';
import { phaseBar, reportHistory } from './output';

/**
 * `npm run restore -- <archive> [--force] [--check]`: checks the archive whole, then loads it into
 * the configured database (DATABASE_URL, or the embedded one) at the archive's schema version,
 * applies any newer migrations, and verifies every hash chain: the digest it prints must be the
 * archive's, or nothing is kept.
 */
const HELP = `Usage: npm run restore -- <archive> [options]
  --check   only check the archive (format, row counts, checksum); no database is touched
  --force   restore into a database that already holds data: everything in its public schema is
            dropped first
Restores into DATABASE_URL when set, otherwise into the embedded database. Stop the servers
first. Exits 0 when the restored history verifies and its digest equals the archive's.`;

async function run(): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      allowPositionals: true,
      options: { force: { type: 'boolean', default: false }, check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    process.stderr.write(`restore: ${(err as Error).message}\n${HELP}\n`);
    return 2;
  }
  const file = positionals[0];
  if (values.help || !file || positionals.length > 1) {
    process.stderr.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const refuse = (why: string) => {
    process.stderr.write(`restore: ${why}\nNothing was restored.\n`);
    return 1;
  };

  // The whole archive first, before any database is touched: a cut or edited file stops here.
  const bar = phaseBar({ check: 'checking archive', rows: 'loading rows', history: 'verifying history' });
  let header: ArchiveHeader;
  try {
    let rows = 0;
    let total = 0;
    header = await readArchive(createReadStream(file), {
      header: (h) => void (total = h.tables.reduce((sum, t) => sum + t.rows, 0)),
      table: async (_t, lines) => {
        for await (const _ of lines) if (++rows % 10_000 === 0) bar.update('check', rows, total);
      },
    });
    bar.stop();
  } catch (err) {
    bar.stop();
    if (err instanceof ArchiveError) return refuse(`${file}: ${err.message}.`);
    throw err;
  }
  const rows = header.tables.reduce((sum, t) => sum + t.rows, 0);
  process.stdout.write(
    `${file}: archive intact; made ${header.createdAt} from database ${header.database} (PostgreSQL ${header.postgres}), ` +
      `${rows} rows in ${header.tables.length} tables, at migration ${header.migrations.at(-1) ?? 'none'}\n`,
  );
  if (values.check) return reportHistory(header.history);

  // The archive's schema must be one this version of ClaimLedger can reach.
  const known = migrations.map((M) => new M().name);
  const unknown = header.migrations.find((name, i) => known[i] !== name);
  if (unknown) return refuse(`the archive's schema has migration ${unknown}, which this version of ClaimLedger does not have: restore it with the version that made it.`);

  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  // One connection: any other session with our application name is another ClaimLedger process.
  const db = await openDatabase({ ...config, DB_POOL_SIZE: 1 }, log, { joinRunning: true, role: 'restore', migrate: false });
  try {
    const owner = db.embedded?.joined;
    if (owner) return refuse(`a ClaimLedger ${owner.role} (pid ${owner.pid}) runs this embedded database. Stop it first: a restore replaces what it serves.`);
    // Under the start-up lock: a server starting meanwhile waits, then finds the restored data.
    return await withStartupLock(db.url, log, async () => {
      const state = await databaseState(db.ds);
      // On DATABASE_URL only what is connected can be seen: an idle server may hold no connection.
      if (state.otherSessions > 0) {
        return refuse(`${state.otherSessions} connection(s) of a running ClaimLedger (a server, a tool) are open on this database. Stop it first: a restore replaces what it serves.`);
      }
      if (state.tablesWithRows.length && !values.force) {
        return refuse(
          `the database already holds data (${state.tablesWithRows.join(', ')}). Restore into an empty database, ` +
            `or add --force to drop everything in it first.`,
        );
      }
      const atOrBehind = state.migrations.every((name, i) => header.migrations[i] === name);
      if (state.tablesWithRows.length || (state.tables > 0 && !atOrBehind)) {
        log.warn('dropping everything in the public schema before the restore');
        await emptyDatabase(db.ds);
      }

      // The archive's schema version first: its rows fit exactly that. Newer migrations run after.
      const atArchive = createDataSource({ url: db.url, poolSize: 1, log });
      atArchive.setOptions({ migrations: migrations.slice(0, header.migrations.length) });
      await atArchive.initialize();
      try {
        await migrate(atArchive);
      } finally {
        await atArchive.destroy();
      }

      const { history } = await loadArchive(db.ds, createReadStream(file), bar.update);
      bar.stop();
      if (!sameOutcome(history, header.history)) {
        const found = 'digest' in history ? `digest ${history.digest}, ${history.events} events` : history.problem;
        const recorded = 'digest' in header.history ? `digest ${header.history.digest}, ${header.history.events} events` : header.history.problem;
        return refuse(`the restored history (${found}) is not the archive's (${recorded}); the load was rolled back.`);
      }
      const later = await migrate(db.ds);
      if (later.length) process.stdout.write(`migrations applied after the load: ${later.join(', ')}\n`);
      process.stdout.write(`restored ${rows} rows in ${header.tables.length} tables\n`);
      return reportHistory(history, " (the archive's)");
    });
  } finally {
    bar.stop();
    await db.close();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`restore: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
