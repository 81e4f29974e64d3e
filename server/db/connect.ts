import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { createDataSource, migrate } from './dataSource';
import type { EmbeddedDatabase } from './embedded';
import { withStartupLock } from './startupLock';

export interface Database {
  ds: DataSource;
  /** The connection string in use (DATABASE_URL or the embedded cluster's). */
  url: string;
  embedded: EmbeddedDatabase | null;
  /** Closes the pool, then stops the embedded cluster if this process started it; bounded in time. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * The command-line tools: when a ClaimLedger server already runs the embedded cluster, connect
   * to it instead of refusing (and leave it running afterwards).
   */
  joinRunning?: boolean;
  /** What this process is, for the embedded cluster's owner record ("server", "seed" …). */
  role?: string;
  /** Apply pending migrations on open (default); restore applies them itself. */
  migrate?: boolean;
  /** Work after the migrations (first admin, demo seed), under the same start-up lock. */
  prepare?: (ds: DataSource) => Promise<void>;
  applicationName?: string;
}

/** How long closing the pool may take before the shutdown goes on without it. */
const POOL_CLOSE_MS = 10_000;

/**
 * DATABASE_URL when set, otherwise the embedded PostgreSQL; migrations run before anything else,
 * then `prepare` (first admin, demo seed), both under the start-up lock shared by all processes.
 */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'EMBEDDED_PG_DIR' | 'EMBEDDED_PG_PORT' | 'DB_POOL_SIZE'>,
  log: Logger,
  opts: OpenOptions = {},
): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    const { startEmbeddedDatabase } = await import('./embedded');
    embedded = await startEmbeddedDatabase({
      dataDir: config.EMBEDDED_PG_DIR,
      port: config.EMBEDDED_PG_PORT,
      log,
      joinRunning: opts.joinRunning,
      role: opts.role,
    });
    url = embedded.url;
  }
  const ds = createDataSource({ url, poolSize: config.DB_POOL_SIZE, log, applicationName: opts.applicationName });
  try {
    await ds.initialize();
    await withStartupLock(url, log, async () => {
      if (opts.migrate !== false) {
        const applied = await migrate(ds);
        if (applied.length) log.info({ migrations: applied }, 'migrations applied');
      }
      await opts.prepare?.(ds);
    });
  } catch (err) {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
  return {
    ds,
    url,
    embedded,
    async close() {
      // With the database gone, closing the pool could wait on a connection that never answers.
      const closed = await Promise.race([
        ds.destroy().then(
          () => true,
          (err: unknown) => {
            log.warn({ err }, 'closing the database pool failed');
            return true;
          },
        ),
        new Promise<false>((resolve) => setTimeout(resolve, POOL_CLOSE_MS, false).unref()),
      ]);
      if (!closed) log.warn({ waitedMs: POOL_CLOSE_MS }, 'database pool did not close in time; going on');
      await embedded?.stop();
    },
  };
}
