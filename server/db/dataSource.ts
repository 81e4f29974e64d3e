import 'reflect-metadata';
import { types } from 'pg';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { migrations } from '../../migrations';
import { entities } from './entities';
import { CountingOrmLogger } from './statementCounter';

// A calendar date (date claimed, published on) is a day, not an instant: keep it as 'YYYY-MM-DD'
// instead of letting pg turn it into a midnight in the server's time zone.
types.setTypeParser(types.builtins.DATE, (v) => v);
// count(*) and bigint ids: exact as strings by default; counts are small enough for numbers.
types.setTypeParser(types.builtins.INT8, (v) => (v.length < 16 ? Number(v) : v));

interface DataSourceOptions {
  url: string;
  poolSize: number;
  log: Logger;
  applicationName?: string;
}

export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    // The schema comes only from migrations/.
    synchronize: false,
    migrationsRun: false,
    logging: ['query', 'error', 'warn', 'migration'],
    logger: new CountingOrmLogger(opts.log),
    maxQueryExecutionTime: 1000,
    applicationName: opts.applicationName ?? 'claimledger',
    // An idle connection that dies (the database restarted) is dropped by the pool and replaced on
    // demand; the requests that meet the outage report it (db/outage.ts), once.
    poolErrorHandler: (err: unknown) => opts.log.debug({ err }, 'idle database connection lost'),
    extra: {
      max: opts.poolSize,
      // Fail fast instead of queueing forever when the database is gone.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
    },
  });
}

/** Runs pending migrations; each in its own transaction so a failure leaves the schema as it was. */
export async function migrate(ds: DataSource): Promise<string[]> {
  const done = await ds.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}
