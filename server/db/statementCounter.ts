import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as OrmLogger } from 'typeorm';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { registry } from '../metrics';

/** Per-request tally of SQL statements, so tests and metrics can prove there is no N+1. */
export interface StatementTally {
  statements: number;
}

const requestTally = new AsyncLocalStorage<StatementTally>();

const statementsTotal = new Counter({
  name: 'claimledger_sql_statements_total',
  help: 'SQL statements sent to PostgreSQL',
  registers: [registry],
});

/** Runs `fn` with its own tally; every statement TypeORM sends inside it is counted there. */
export function withStatementTally<T>(tally: StatementTally, fn: () => T): T {
  return requestTally.run(tally, fn);
}

/** Counts a statement sent around TypeORM (straight through pg), so every statement is counted. */
export function countStatement(): void {
  statementsTotal.inc();
  const tally = requestTally.getStore();
  if (tally) tally.statements += 1;
}

/**
 * TypeORM calls `logQuery` for every statement it sends, which makes the logger the one place
 * that sees all SQL. Errors and slow statements go to the structured log.
 */
export class CountingOrmLogger implements OrmLogger {
  constructor(private readonly pino: Logger) {}

  logQuery(query: string): void {
    countStatement();
    if (this.pino.isLevelEnabled('trace')) this.pino.trace({ sql: query }, 'sql');
  }

  logQueryError(error: string | Error, query: string): void {
    this.pino.debug({ err: error, sql: query }, 'sql failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.pino.warn({ ms: time, sql: query.slice(0, 2000) }, 'slow sql');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.pino.info({ migration: message }, 'migration');
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.pino.warn({ typeorm: message }, 'typeorm');
    else this.pino.debug({ typeorm: message }, 'typeorm');
  }
}
