import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { decide, QUOTA_POLICIES, windowOf, type QuotaDecision, type QuotaLimits, type QuotaSettings, type QuotaUsage } from '../domain/quotas';

const none = (): QuotaUsage => ({ requests: 0, cost: 0 });
const add = (a: QuotaUsage, b: QuotaUsage): QuotaUsage => ({ requests: a.requests + b.requests, cost: a.cost + b.cost });

/** One subject's count for the current window, as this process knows it. */
interface Count {
  window: number;
  kind: keyof Omit<QuotaLimits, 'windowSeconds'>;
  /** The window's total in the database at the last sync: every process's flushed counts, ours included. */
  shared: QuotaUsage;
  /** Admitted here and sent to the database by the sync in progress. */
  flushing: QuotaUsage;
  /** Admitted here since then. */
  pending: QuotaUsage;
  /** Asked about since the last sync: the next sync flushes it and reads the others' counts back. */
  touched: boolean;
  /** When `shared` was last read from the database (0: never). */
  syncedAt: number;
  refreshing?: Promise<void>;
}

/**
 * Per-API-key and per-address quotas, decided in memory: a request is admitted against what this
 * process has admitted plus what every process had flushed at the last sync. Every `syncSeconds`
 * (and only when requests came in) one statement adds this process's new counts to the shared
 * table `api_quota_usage` and reads the totals back; a subject whose totals are older than two
 * syncs (a client this process has not served lately) is read first, never written. So no read
 * request writes to the database, and each process decides with the others' counts at most two
 * syncs old. The only writer of that table.
 */
export class QuotaService {
  private readonly counts = new Map<string, Count>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private lastPrunedWindow = -1;
  private failing = false;

  constructor(
    private readonly ds: DataSource,
    readonly settings: QuotaSettings,
    private readonly log: Logger,
  ) {}

  /**
   * Charges a request to its subject. With `enforce`, a request that does not fit is refused and
   * charged nothing; without (a request already answered, such as one that did not validate), it is
   * counted whatever.
   */
  async charge(subject: string, kind: Count['kind'], charge: QuotaUsage, enforce = true): Promise<QuotaDecision> {
    const { windowSeconds, syncSeconds } = this.settings;
    const window = windowOf(Date.now(), windowSeconds);
    let count = this.counts.get(subject);
    if (!count || count.window !== window) {
      count = { window, kind, shared: none(), flushing: none(), pending: none(), touched: false, syncedAt: 0 };
      this.counts.set(subject, count);
    }
    if (Date.now() - count.syncedAt > 2 * syncSeconds * 1000) await this.refresh(subject, count);
    const nowMs = Date.now();
    const used = add(add(count.shared, count.flushing), count.pending);
    let decision: QuotaDecision;
    if (enforce) {
      decision = decide(used, charge, this.settings[kind], nowMs, windowSeconds);
      if (decision.admitted) count.pending = add(count.pending, charge);
    } else {
      count.pending = add(count.pending, charge);
      decision = decide(add(used, charge), none(), this.settings[kind], nowMs, windowSeconds);
    }
    count.touched = true;
    this.schedule();
    return decision;
  }

  /** Reads a subject's shared totals (a read only: nothing of ours is pending in the database). */
  private refresh(subject: string, count: Count): Promise<void> {
    // A flush under way brings fresher totals, and a read now could count its rows twice or not at all.
    if (count.flushing.requests || count.flushing.cost) return Promise.resolve();
    count.refreshing ??= this.ds
      .query('SELECT requests, cost FROM api_quota_usage WHERE subject = $1 AND window_seconds = $2 AND window_number = $3', [
        subject,
        this.settings.windowSeconds,
        count.window,
      ])
      .then((rows: { requests: string; cost: string }[]) => {
        if (count.flushing.requests || count.flushing.cost) return;
        count.shared = rows[0] ? { requests: Number(rows[0].requests), cost: Number(rows[0].cost) } : none();
      })
      .catch((err: unknown) => this.failed(err))
      .finally(() => {
        count.syncedAt = Date.now();
        count.refreshing = undefined;
      });
    return count.refreshing;
  }

  private failed(err: unknown): void {
    if (!this.failing) this.log.warn({ err }, 'quota counts could not be shared with the other processes; each process counts on its own until they can');
    this.failing = true;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sync();
    }, this.settings.syncSeconds * 1000);
    // A pending sync never keeps the process alive; stop() flushes on shutdown.
    this.timer.unref();
  }

  /** Adds this process's new counts to the shared table and reads every touched subject's totals back. */
  sync(): Promise<void> {
    this.syncing ??= this.flush().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async flush(): Promise<void> {
    const { windowSeconds } = this.settings;
    const current = windowOf(Date.now(), windowSeconds);
    const batch: [string, Count][] = [];
    for (const [subject, count] of this.counts) {
      if (count.window < current && !count.pending.requests && !count.pending.cost) {
        this.counts.delete(subject); // a past window with nothing left to flush
        continue;
      }
      if (!count.touched) continue;
      count.flushing = count.pending;
      count.pending = none();
      count.touched = false;
      batch.push([subject, count]);
    }
    if (!batch.length) return;
    try {
      const rows: { subject: string; window: string; requests: string; cost: string }[] = await this.ds.query(
        `INSERT INTO api_quota_usage (subject, window_seconds, window_number, requests, cost)
         SELECT subject, $1, window_number, requests, cost
         FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[]) AS u(subject, window_number, requests, cost)
         ON CONFLICT (subject, window_seconds, window_number) DO UPDATE
           SET requests = api_quota_usage.requests + EXCLUDED.requests, cost = api_quota_usage.cost + EXCLUDED.cost
         RETURNING subject, window_number AS window, requests, cost`,
        [
          windowSeconds,
          batch.map(([s]) => s),
          batch.map(([, c]) => c.window),
          ...QUOTA_POLICIES.map((p) => batch.map(([, c]) => c.flushing[p])),
        ],
      );
      const now = Date.now();
      for (const row of rows) {
        const count = this.counts.get(row.subject);
        if (!count || count.window !== Number(row.window)) continue;
        count.shared = { requests: Number(row.requests), cost: Number(row.cost) };
        count.flushing = none();
        count.syncedAt = now;
      }
      if (this.failing) this.log.info('quota counts reach the database again');
      this.failing = false;
      await this.prune(current);
    } catch (err) {
      // Kept for the next sync: nothing admitted is forgotten while the database is away.
      for (const [, count] of batch) {
        count.pending = add(count.pending, count.flushing);
        count.flushing = none();
        count.touched = true;
      }
      this.failed(err);
      this.schedule();
    }
  }

  /** Once a window, rows that ended before the last window go (no process asks about them again), whatever their window length. */
  private async prune(current: number): Promise<void> {
    if (this.lastPrunedWindow === current) return;
    this.lastPrunedWindow = current;
    await this.ds.query('DELETE FROM api_quota_usage WHERE (window_number + 2) * window_seconds <= $1', [(current + 1) * this.settings.windowSeconds]);
  }

  /** Flushes what is left (on shutdown) and stops the timer. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sync();
  }
}
