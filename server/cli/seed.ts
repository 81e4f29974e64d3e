import { loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { createLogger } from '../logger';
import { seedDemo } from '../seed/demo';
import { createServices } from '../services';

/** `npm run seed`: loads the demo data into the configured database (idempotent). */
async function run() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  let summary!: Awaited<ReturnType<typeof seedDemo>>;
  // Under the start-up lock, so a server starting at the same moment never seeds alongside.
  // Next to a running server, on its embedded database; otherwise on a cluster of its own.
  const db = await openDatabase(config, log, {
    joinRunning: true,
    role: 'seed',
    prepare: async (ds) => {
      summary = await seedDemo(createServices(ds, config), log);
    },
  });
  await db.close();
  process.stdout.write(`Demo data: added ${summary.users} users, ${summary.actors} actors, ${summary.sources} sources, ${summary.claims} claims.\n`);
}

run().catch((err) => {
  process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
