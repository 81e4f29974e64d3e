import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { AppError } from '../domain/errors';
import { PUBLIC_PATHS } from '../publicPages/addresses';
import { atomFeed } from '../publicPages/atom';
import { claimPage, problemPage, type Site } from '../publicPages/claimPage';
import { indexPage } from '../publicPages/indexPage';
import { PUBLIC_PAGE_CSP } from '../publicPages/layout';
import { FEED_SIZE, PublicReads } from '../publicPages/reads';
import type { Services } from '../services';

const HTML = 'text/html; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';

/**
 * The public, server-rendered pages: /claims/<id> (one fact check; 410 with a tombstone when it
 * was withdrawn, 404 when there is no published claim), /claims (index and search) and
 * /claims/feed.atom (Atom feed). Same for every reader, so any cache may keep them for
 * PUBLIC_CACHE_MAX_AGE_SECONDS and then revalidate with the strong ETag (304 when unchanged).
 */
export function publicPageRoutes(services: Services, cacheMaxAgeSeconds: number): Router {
  const reads = new PublicReads(services);
  const site: Site = { name: services.claimReviews.publisher.name, baseUrl: services.claimReviews.publicBaseUrl };
  const router = Router();

  router.get(PUBLIC_PATHS.feed, async (req, res) => {
    const list = await reads.list(null, null, FEED_SIZE);
    sendCached(req, res, { status: 200, type: ATOM, body: atomFeed(site, list.claims), cacheMaxAgeSeconds });
  });

  router.get(PUBLIC_PATHS.index, async (req, res) => {
    const search = optionalParam(req, 'q');
    const after = optionalParam(req, 'after');
    if (search === undefined || after === undefined) return sendProblem(res, site, 400, 'q and after may each be given once.');
    try {
      const list = await reads.list(search?.trim() || null, after || null);
      sendCached(req, res, { status: 200, type: HTML, body: indexPage(site, search?.trim() || null, after || null, list).text, cacheMaxAgeSeconds });
    } catch (err) {
      // A search too long, a cursor that is not ours: said on the page, as the API says it.
      if (err instanceof AppError && err.code === 'BAD_USER_INPUT') return sendProblem(res, site, 400, err.message);
      throw err;
    }
  });

  router.get(PUBLIC_PATHS.claim(':id'), async (req, res) => {
    const found = await reads.claim(String(req.params.id));
    // Never published (a draft, an unknown id, not an id at all): one answer, so drafts do not show.
    if (!found) return sendProblem(res, site, 404, 'There is no published fact check at this address.');
    const status = found.claim.withdrawnAt ? 410 : 200;
    // The published version names the ETag; the body's hash makes it strong (also catches a changed claimant name).
    const tag = `v${found.claim.version}${found.claim.correctionInProgress ? 'c' : ''}${status === 410 ? 'w' : ''}`;
    sendCached(req, res, { status, type: HTML, body: claimPage(site, found).text, cacheMaxAgeSeconds, tag });
  });

  return router;
}

/** A query parameter given at most once: its text, null when absent, undefined when repeated or not text. */
function optionalParam(req: Request, name: string): string | null | undefined {
  const v = req.query[name];
  if (v === undefined) return null;
  return typeof v === 'string' ? v : undefined;
}

function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', PUBLIC_PAGE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
}

interface Cached {
  status: 200 | 410;
  type: string;
  body: string;
  cacheMaxAgeSeconds: number;
  /** What the ETag starts with (the published version), before the body's hash. */
  tag?: string;
}

/**
 * Sends a public page with a strong ETag (byte-identical bodies share it) and Cache-Control
 * public; answers 304 without a body when the client's If-None-Match names it.
 */
function sendCached(req: Request, res: Response, c: Cached): void {
  const hash = createHash('sha256').update(c.body).digest('base64url').slice(0, 22);
  const etag = `"${c.tag ? `${c.tag}-` : ''}${hash}"`;
  securityHeaders(res);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${c.cacheMaxAgeSeconds}`);
  if (matches(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.status(c.status).type(c.type).send(c.body);
}

/** If-None-Match (RFC 9110 §13.1.2): `*` or a list of tags, compared weakly (W/"x" matches "x"). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** A 404 or 400 page; not cached (a claim published a moment later must show at once). */
function sendProblem(res: Response, site: Site, status: 404 | 400, message: string): void {
  securityHeaders(res);
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).type(HTML).send(problemPage(site, status, message).text);
}
