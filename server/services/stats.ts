import type { DataSource } from 'typeorm';
import { one, rows } from '../db/sql';
import { isStaff, type Viewer } from '../domain/viewer';
import { claimTable, publishedClaim } from './visibility';

/** Dashboard counts. Public readers get counts over published claims only. */
export class StatsService {
  constructor(private readonly ds: DataSource) {}

  async claimsByStatus(viewer: Viewer) {
    return rows<{ status: string; count: number }>(
      this.ds,
      `SELECT c.review_status AS status, count(*)::int AS count FROM ${claimTable(viewer)} c
       ${isStaff(viewer) ? '' : `WHERE ${publishedClaim('c')}`} GROUP BY c.review_status ORDER BY c.review_status`,
    );
  }

  async claimsByVerdict(viewer: Viewer) {
    return rows<{ verdict: string; count: number }>(
      this.ds,
      `SELECT c.verdict, count(*)::int AS count FROM ${claimTable(viewer)} c WHERE c.verdict IS NOT NULL
       ${isStaff(viewer) ? '' : `AND ${publishedClaim('c')}`} GROUP BY c.verdict ORDER BY c.verdict`,
    );
  }

  async openDisputes(): Promise<number> {
    return (await one<{ n: number }>(this.ds, `SELECT count(*)::int AS n FROM disputes WHERE status = 'OPEN'`))!.n;
  }

  async myAssignments(userId: string): Promise<number> {
    return (await one<{ n: number }>(
      this.ds,
      `SELECT count(*)::int AS n FROM claims WHERE assignee_id = $1 AND review_status NOT IN ('PUBLISHED', 'ARCHIVED')`,
      [userId],
    ))!.n;
  }

  /** Pending approvals this user may approve: not their own proposals (four-eyes rule). */
  async pendingApproval(userId: string): Promise<number> {
    return (await one<{ n: number }>(
      this.ds,
      `SELECT count(*)::int AS n FROM claims
       WHERE review_status = 'PENDING_APPROVAL' AND proposed_by_id IS DISTINCT FROM $1`,
      [userId],
    ))!.n;
  }

  /** Claims created and first published per ISO week, the last `weeks` weeks, oldest first. */
  async weekly(viewer: Viewer, weeks = 12) {
    return rows<{ weekStart: string; created: number; published: number }>(
      this.ds,
      `WITH w AS (
         SELECT generate_series(date_trunc('week', now()) - ($1::int - 1) * interval '1 week',
                                date_trunc('week', now()), interval '1 week')::date AS week_start)
       SELECT to_char(w.week_start, 'YYYY-MM-DD') AS "weekStart",
         (SELECT count(*)::int FROM ${claimTable(viewer)} c WHERE date_trunc('week', c.created_at)::date = w.week_start
            ${isStaff(viewer) ? '' : `AND ${publishedClaim('c')}`}) AS created,
         (SELECT count(*)::int FROM ${claimTable(viewer)} c WHERE date_trunc('week', c.published_at)::date = w.week_start
            ${isStaff(viewer) ? '' : `AND ${publishedClaim('c')}`}) AS published
       FROM w ORDER BY w.week_start`,
      [weeks],
    );
  }
}
