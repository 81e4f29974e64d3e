import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The pg Pool behind a data source. TypeORM offers no supported handle to it: its PostgreSQL
 * driver keeps it as `master` (typed `any`, undocumented). This is the one place that reaches
 * for it, so a TypeORM upgrade that moves it breaks here and nowhere else. Undefined before
 * `initialize()` and after `destroy()`.
 */
export function pgPool(ds: DataSource): Pool | undefined {
  return (ds.driver as unknown as { master?: Pool }).master;
}

export interface PoolStats {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Requests queued for a connection. */
  waiting: number;
  max: number;
}

/** What an operator graphs about the pool, from pg-pool's public counters. */
export function poolStats(ds: DataSource): PoolStats | undefined {
  const pool = pgPool(ds);
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
}
