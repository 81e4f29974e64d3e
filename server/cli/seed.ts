import { loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { createLogger } from '../logger';
import { seedDemo } from '../seed/demo';
import { createServices } from '../services';

/** `npm run seed`: loads the demo data into the configured database (idempotent). */
async function run() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config, log);
  try {
    const summary = await seedDemo(createServices(db.ds, config), log);
    process.stdout.write(`Demo data: added ${summary.users} users, ${summary.actors} actors, ${summary.sources} sources, ${summary.claims} claims.\n`);
  } finally {
    await db.close();
  }
}

run().catch((err) => {
  process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
