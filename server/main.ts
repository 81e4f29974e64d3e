import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { openDatabase, type Database } from './db/connect';
import { DataFolderInUse } from './db/embedded';
import { ensureFirstAdmin, maybeSeed } from './bootstrap';
import { createHttpApp, type HttpApp } from './http';
import { createLogger } from './logger';
import { createServices, type Services } from './services';
import { loadOrCreateSigningKey, scheduleCheckpoints, type CheckpointSigner } from './services/checkpoints';

/** Start-up: configuration → database (and migrations) → services → HTTP. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee the configuration table in README.md.\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  let db: Database | undefined;
  let http: HttpApp | undefined;
  let checkpoints: { stop(): Promise<void> } | undefined;

  // Listening before anything starts: a signal during start-up (a quick Ctrl+C, a process
  // manager) waits for it to finish, then takes everything down in order.
  let startup: Promise<void> = Promise.resolve();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceSeconds: config.SHUTDOWN_GRACE_SECONDS }, 'shutting down: no new connections; finishing requests in flight');
    try {
      await startup.catch(() => undefined);
      await http?.close();
      await checkpoints?.stop();
      await db?.close();
      log.info('stopped cleanly');
      exit(0);
    } catch (err) {
      log.error({ err }, 'unclean shutdown');
      exit(1);
    }
  };
  // pino writes asynchronously: what shutdown said must reach stdout before the process ends.
  const exit = (code: number) => log.flush(() => process.exit(code));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  startup = (async () => {
    let services!: Services;
    const signer = checkpointSigner(config.checkpointKeyFile, log);
    // Under the start-up lock with the migrations: instances started together create the first
    // admin and the demo data once.
    db = await openDatabase(config, log, {
      prepare: async (ds) => {
        services = createServices(ds, { ...config, checkpointSigner: signer });
        const restored = await services.published.restoreMissing(services.history);
        if (restored) log.info({ restored }, 'public copies of published claims rebuilt from history');
        await ensureFirstAdmin(services, config, log);
        await maybeSeed(services, config, log);
      },
    });
    if (stopping) return;
    checkpoints = scheduleCheckpoints(services.checkpoints, config.CHECKPOINT_INTERVAL_MINUTES, log);

    // Built by `npm start` (admin/build-if-needed.mjs) or `npm run build:admin`.
    const app = await createHttpApp({
      config,
      services,
      log,
      publicFastPath: config.PUBLIC_FAST_PATH,
      adminDir: path.join(__dirname, '..', 'admin', 'dist'),
    });
    http = app;
    await new Promise<void>((resolve, reject) => {
      app.server.once('error', reject);
      app.server.listen(config.PORT, config.HOST, resolve);
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
    // Another start on the same data folder names this server when it refuses.
    await db.embedded?.announce(base);
    log.info({ graphql: `${base}/graphql`, admin: `${base}/admin`, embeddedDatabase: config.embeddedDatabase }, 'ClaimLedger is running');
    process.stdout.write(`\nClaimLedger is running\n  Admin UI:    ${base}/admin\n  GraphQL API: ${base}/graphql\n\n`);
  })();
  await startup;
}

/** The checkpoint signing key, created on first start where the configuration allows (see config.ts). */
function checkpointSigner(file: string | null, log: ReturnType<typeof createLogger>): CheckpointSigner | null {
  if (!file) {
    log.warn('signed checkpoints are off: set CHECKPOINT_KEY_FILE to a private key file (created on first start if missing) to publish them');
    return null;
  }
  const { signer, created } = loadOrCreateSigningKey(file);
  if (created) log.info({ file }, 'checkpoint signing key created: keep it safe and private, and back it up apart from the database');
  return signer;
}

main().catch((err) => {
  // Refusing because another ClaimLedger runs this data folder is an answer, not a bug: no stack.
  const detail = err instanceof DataFolderInUse ? err.message : err instanceof Error ? err.stack : String(err);
  process.stderr.write(`ClaimLedger failed to start: ${detail}\n`);
  process.exit(1);
});
