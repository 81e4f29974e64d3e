import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { DatabaseOutage } from '../db/outage';
import { AppError } from '../domain/errors';
import { permits } from '../domain/permissions';
import type { Services } from '../services';
import { ExportService, parseExportFilter, type ExportFormat, type ExportKind } from '../services/exports';

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
  const exports = new ExportService(services.dataSource);
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
      opened = await exports.open(kind, format, filter);
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
