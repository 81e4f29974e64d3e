import type { DataSource } from 'typeorm';

/** The part of a pg Pool that rate-limiter-flexible's PostgreSQL store uses. */
export interface LimiterStoreClient {
  query(q: { text: string; values?: unknown[] }): Promise<{ rows: unknown[]; rowCount: number }>;
}

/**
 * A pg-Pool-shaped client for rate-limiter-flexible over TypeORM's own pool, so its statements
 * are pooled, logged and counted like every other (its "typeorm" mode reads a private field).
 * Its statement names are dropped: TypeORM has no way to pass them, and the shapes are few.
 */
export function limiterStoreClient(ds: DataSource): LimiterStoreClient {
  return {
    async query(q) {
      const runner = ds.createQueryRunner();
      try {
        const result = await runner.query(q.text, q.values, true);
        const rows = (result.records ?? []) as unknown[];
        return { rows, rowCount: result.affected ?? rows.length };
      } finally {
        await runner.release();
      }
    },
  };
}
