import { Client } from 'pg';
import type { Logger } from 'pino';

/**
 * The advisory-lock key ("ClaimLdg" in ASCII) that serializes start-up work across every process
 * on one database. Advisory locks are per database, so other databases on the cluster never wait.
 * Visible in pg_locks as locktype 'advisory'.
 */
export const STARTUP_LOCK_KEY = '4858365203459105895';

/**
 * Runs `work` (migrations, the first admin, the demo seed) while this process holds the start-up
 * lock, so instances started together do it one after the other and the later ones find it done.
 * The lock is session-level on a connection of its own: the work may use the whole pool, and if
 * this process dies PostgreSQL releases the lock with the connection.
 */
export async function withStartupLock<T>(url: string, log: Logger, work: () => Promise<T>): Promise<T> {
  const lock = new Client({ connectionString: url, application_name: 'claimledger-startup-lock' });
  lock.on('error', (err) => log.warn({ err }, 'start-up lock connection lost'));
  await lock.connect();
  try {
    const { rows } = await lock.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS got', [STARTUP_LOCK_KEY]);
    if (!rows[0]!.got) {
      log.info('another ClaimLedger is migrating or seeding this database: waiting for it to finish');
      await lock.query('SELECT pg_advisory_lock($1::bigint)', [STARTUP_LOCK_KEY]);
    }
    return await work();
  } finally {
    // Closing the session releases the lock whether or not the unlock got through.
    await lock.query('SELECT pg_advisory_unlock($1::bigint)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}
