import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { DatabaseOutage } from '../db/outage';
import { AppError, badInput } from '../domain/errors';
import { permits } from '../domain/permissions';
import { uuid } from '../domain/validation';
import { REVIEW_STATUSES, type ReviewStatus } from '../domain/vocabulary';
import type { Services } from '../services';
import type { ExportFilter, ExportFormat, ExportKind } from '../services/exports';

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, SERVICE_UNAVAILABLE: 503 };

/** Sends a coded error in the same shape as GraphQL errors, so clients handle both alike. */
export function sendError(res: Response, err: AppError): void {
  if (typeof err.details.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(err.details.retryAfterSeconds));
  res.status(STATUS[err.code] ?? 400).json({ errors: [{ message: err.message, extensions: { code: err.code, ...err.details } }] });
}

/**
 * GET /export/{claims,history}.{csv,ndjson}?from=&to=&claim=&actor=&status= — auditors and admins.
 * Streamed straight from COPY; an interrupted download destroys its connection and leaves nothing.
 */
export function exportRoutes(services: Services, log: Logger, outage: DatabaseOutage): Router {
  const router = Router();
  router.get('/export/:kind.:format', async (req: Request, res: Response) => {
    const kind = req.params.kind as ExportKind;
    const format = req.params.format as ExportFormat;
    if (!['claims', 'history'].includes(kind) || !['csv', 'ndjson'].includes(format)) {
      res.status(404).json({ errors: [{ message: 'Exports: /export/claims.csv, claims.ndjson, history.csv, history.ndjson.', extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    let opened;
    try {
      const viewer = await services.auth.viewerFor(req.headers.authorization);
      if (viewer.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Exports need an auditor or admin: send Authorization: Bearer <token>.');
      if (!permits('AUDIT', viewer)) throw new AppError('FORBIDDEN', `Your role (${viewer.role}) may not export; auditors and admins may.`);
      const filter = parseExportFilter(req.query as Record<string, unknown>);
      opened = await services.exports.open(kind, format, filter);
    } catch (err) {
      if (err instanceof AppError) return sendError(res, err);
      throw err;
    }
    const day = new Date().toISOString().slice(0, 10);
    res.status(200);
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="claimledger-${kind}-${day}.${format}"`);
    res.setHeader('X-Total-Count', String(opened.rows));
    res.setHeader('Cache-Control', 'no-store');
    try {
      await pipeline(opened.stream, res);
      opened.release(false);
    } catch (err) {
      opened.release(true);
      // A client that goes away mid-download is normal, a database outage is reported once;
      // anything else is worth a look. The status line is sent: the cut is all a client can see.
      if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE' && !outage.unavailable(err)) {
        log.error({ err, kind, format }, 'export failed');
      }
      res.destroy();
    }
  });
  return router;
}

/** Reads export filters from query-string values; anything malformed is BAD_USER_INPUT naming the parameter. */
export function parseExportFilter(query: Record<string, unknown>): ExportFilter {
  const all = (name: string): string[] => {
    const v = query[name];
    const values = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return values.flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean);
  };
  const instant = (name: string): Date | undefined => {
    const [v, ...more] = all(name);
    if (more.length) throw badInput(name, 'give it once.');
    if (v === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(v)) {
      throw badInput(name, 'must be a date (2018-09-27) or an instant (2018-09-27T14:00:00Z).');
    }
    const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
    // JavaScript rolls 2018-02-30 over to 2018-03-02: the calendar day must exist as written.
    const [y, m, dd] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
    const day = new Date(Date.UTC(y, m - 1, dd));
    if (Number.isNaN(d.getTime()) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== dd) throw badInput(name, `${v} is not a real date.`);
    return d;
  };
  const ids = (name: string) =>
    all(name).map((id) => {
      if (!uuid.safeParse(id).success) throw badInput(name, `${id} is not a valid id.`);
      return id.toLowerCase();
    });
  const filter: ExportFilter = { from: instant('from'), to: instant('to') };
  const claimIds = ids('claim');
  if (claimIds.length > 1000) throw badInput('claim', 'at most 1000 claims per export.');
  if (claimIds.length) filter.claimIds = claimIds;
  const [actorId, extraActor] = ids('actor');
  if (extraActor) throw badInput('actor', 'give one actor.');
  if (actorId) filter.actorId = actorId;
  const status = all('status').map((s) => s.toUpperCase());
  for (const s of status) {
    if (!(REVIEW_STATUSES as readonly string[]).includes(s)) throw badInput('status', `${s} is not one of ${REVIEW_STATUSES.join(', ')}.`);
  }
  if (status.length) filter.status = status as ReviewStatus[];
  if (filter.from && filter.to && filter.from >= filter.to) throw badInput('to', 'must be after from.');
  return filter;
}
