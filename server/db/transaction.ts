import type { EventEmitter } from 'node:events';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../domain/errors';

/**
 * The connection broke in the middle of a transaction; `cause` is what pg reported. Without this,
 * TypeORM answers the transaction's next statement with "query runner already released" (it frees
 * the runner on the connection's 'error' event) and the outage would look like a bug.
 */
export class ConnectionLostError extends Error {
  constructor(cause: unknown) {
    super('The database connection broke during the transaction.', { cause });
    this.name = 'ConnectionLostError';
  }
}

/**
 * Runs `work` in one transaction on one pooled connection. If the connection reports an error
 * while the transaction is open, a failure other than the product's own refusal (an AppError) is
 * that loss, and is thrown as such: an outage (503), not a bug.
 */
export async function transaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  let lost: unknown;
  const noteLoss = (err: unknown) => {
    lost ??= err;
  };
  let connection: EventEmitter | undefined;
  try {
    connection = (await runner.connect()) as EventEmitter;
    connection.on('error', noteLoss);
    return await runner.manager.transaction(work);
  } catch (err) {
    throw lost === undefined || err instanceof AppError ? err : new ConnectionLostError(lost);
  } finally {
    connection?.removeListener('error', noteLoss);
    await runner.release();
  }
}
