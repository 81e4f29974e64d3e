import type { Logger } from 'pino';
import { AppError, serviceUnavailable } from '../domain/errors';
import { databaseOutages } from '../metrics';
import { ConnectionLostError } from './transaction';

/** Socket-level failures: nothing listens, the connection broke, or the host is unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL's SQLSTATEs for "not now": 57P01 admin shutdown (pg_ctl stop, pg_terminate_backend),
 * 57P02 crash shutdown (another backend crashed), 57P03 cannot connect now (starting up, in
 * recovery), 53300 too many connections. Class 08 (connection exception) is matched as a class.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** pg and pg-pool raise these without a code when a connection dies or cannot be had in time. */
const DRIVER_MESSAGES = [
  /^timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /connection error and is not queryable/i,
];

/**
 * Is this error the database being unreachable (down, restarting, refusing connections) rather
 * than a bug? Looks through TypeORM's wrapper (`driverError`), `cause`, graphql-js's wrapper of a
 * thrown value that is no Error of its realm (`thrownValue`), and the several attempts of an
 * AggregateError (Node tries each address of a host name).
 */
export function isDatabaseUnreachable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  if (err instanceof ConnectionLostError) return true;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; thrownValue?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) {
    return true;
  }
  if (typeof e.message === 'string' && DRIVER_MESSAGES.some((m) => m.test(e.message as string))) return true;
  const inner = [e.driverError, e.cause, e.thrownValue, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => i !== err && isDatabaseUnreachable(i, depth + 1));
}

/**
 * Tracks one database's outages so they are reported once, not once per request: the first
 * failure logs a warning and starts a probe; failures meanwhile log at debug; the probe's first
 * success logs the recovery and how long it took. The pg pool needs no help to recover: it drops
 * connections that broke and opens new ones on demand.
 */
export class DatabaseOutage {
  private downSince: number | null = null;
  private probing: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    /** One cheap round trip through the same pool the requests use. */
    private readonly probe: () => Promise<unknown>,
    private readonly log: Logger,
    private readonly probeEveryMs = 1000,
  ) {}

  get reachable(): boolean {
    return this.downSince === null;
  }

  /**
   * SERVICE_UNAVAILABLE when `err` means the database is unreachable (and notes the outage), or
   * null when it is something else, which the caller handles as before.
   */
  unavailable(err: unknown): AppError | null {
    if (err instanceof AppError) return err.code === 'SERVICE_UNAVAILABLE' ? err : null;
    if (!isDatabaseUnreachable(err)) return null;
    if (this.downSince === null) {
      this.downSince = Date.now();
      databaseOutages.inc();
      this.log.warn({ err }, 'database unreachable: answering 503 SERVICE_UNAVAILABLE until it is back');
      this.scheduleProbe();
    } else {
      this.log.debug({ err }, 'database still unreachable');
    }
    return serviceUnavailable();
  }

  /** Ends probing (the server is stopping). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.probing);
  }

  private scheduleProbe(): void {
    if (this.stopped) return;
    this.probing = setTimeout(() => {
      this.probe().then(
        () => {
          const downForSeconds = (Date.now() - this.downSince!) / 1000;
          this.downSince = null;
          this.log.warn({ downForSeconds }, 'database reachable again');
        },
        () => this.scheduleProbe(),
      );
    }, this.probeEveryMs);
    // A probe must never keep a stopping process alive.
    this.probing.unref();
  }
}
