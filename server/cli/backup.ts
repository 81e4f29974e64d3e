import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { writeBackup } from '../db/backup';
import { openDatabase } from '../db/connect';
import { createLogger } from '../logger';
import { phaseBar, reportHistory } from './output';

/**
 * `npm run backup -- [--out FILE]`: one consistent snapshot of the configured database into one
 * archive (server/db/archive.ts): the embedded database (next to a running server, or started
 * for the occasion) or DATABASE_URL. The server keeps serving meanwhile.
 */
const HELP = `Usage: npm run backup -- [--out FILE]
  --out FILE   the archive to write; default claimledger-<UTC date and time>.backup.gz here
Backs up DATABASE_URL when set, otherwise the embedded database (a running server's, or its own).
Exits 0 when the archive is written and the history in it verifies.`;

async function run(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`backup: ${(err as Error).message}\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stderr.write(`${HELP}\n`);
    return 0;
  }
  const file = values.out ?? `claimledger-${new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d+Z$/, 'Z')}.backup.gz`;
  // Written aside and renamed when complete: a failed backup never leaves a file that looks whole.
  const partial = `${file}.partial`;
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const db = await openDatabase({ ...config, DB_POOL_SIZE: 1 }, log, { joinRunning: true, role: 'backup', migrate: false });
  const bar = phaseBar({ history: 'verifying history', rows: 'copying rows' });
  try {
    const out = createWriteStream(partial, { flags: 'wx' });
    const header = await writeBackup(db.ds, out, bar.update);
    bar.stop();
    const handle = await fs.open(partial, 'r+');
    await handle.sync();
    await handle.close();
    await fs.rename(partial, file);
    const rows = header.tables.reduce((sum, t) => sum + t.rows, 0);
    const { size } = await fs.stat(file);
    process.stdout.write(
      `${file}: database ${header.database} (PostgreSQL ${header.postgres}) at migration ${header.migrations.at(-1) ?? 'none'}, ` +
        `${rows} rows in ${header.tables.length} tables, ${(size / 1e6).toFixed(1)} MB\n`,
    );
    return reportHistory(header.history);
  } catch (err) {
    bar.stop();
    await fs.rm(partial, { force: true });
    throw err;
  } finally {
    await db.close();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`backup: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
