import { loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { createLogger } from '../logger';

/** `npm run migrate`: applies pending migrations (the server also does this at start). */
async function run() {
  const config = loadConfig();
  const db = await openDatabase(config, createLogger(config.LOG_LEVEL), { joinRunning: true, role: 'migrate' });
  await db.close();
  process.stdout.write('Database schema is up to date.\n');
}

run().catch((err) => {
  process.stderr.write(`migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
