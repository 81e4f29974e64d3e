import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { createDataSource, migrate } from './dataSource';
import type { EmbeddedDatabase } from './embedded';
import { withStartupLock } from './startupLock';

export interface Database {
  ds: DataSource;
  embedded: EmbeddedDatabase | null;
  /** Closes the pool, then stops the embedded cluster if this process started it. */
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set, otherwise the embedded PostgreSQL; migrations run before anything else,
 * then `prepare` (first admin, demo seed), both under the start-up lock shared by all processes.
 */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'EMBEDDED_PG_DIR' | 'EMBEDDED_PG_PORT' | 'DB_POOL_SIZE'>,
  log: Logger,
  prepare?: (ds: DataSource) => Promise<void>,
): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    const { startEmbeddedDatabase } = await import('./embedded');
    embedded = await startEmbeddedDatabase({ dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, log });
    url = embedded.url;
  }
  const ds = createDataSource({ url, poolSize: config.DB_POOL_SIZE, log });
  try {
    await ds.initialize();
    await withStartupLock(url, log, async () => {
      const applied = await migrate(ds);
      if (applied.length) log.info({ migrations: applied }, 'migrations applied');
      await prepare?.(ds);
    });
  } catch (err) {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
  return {
    ds,
    embedded,
    async close() {
      await ds.destroy();
      await embedded?.stop();
    },
  };
}
