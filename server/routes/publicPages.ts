import { createHash } from 'node:crypto';
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { DatabaseOutage } from '../db/outage';
import { AppError, RETRY_AFTER_SECONDS } from '../domain/errors';
import { hostileText } from '../domain/hostileText';
import { answerClientError } from '../edge/clientErrors';
import { queryParameters } from '../edge/queryString';
import { PUBLIC_PATHS } from '../publicPages/addresses';
import { atomFeed } from '../publicPages/atom';
import { claimPage, problemPage, type ProblemStatus, type Site } from '../publicPages/claimPage';
import { indexPage } from '../publicPages/indexPage';
import { PUBLIC_PAGE_CSP } from '../publicPages/layout';
import { FEED_SIZE, PublicReads } from '../publicPages/reads';
import type { Services } from '../services';

const HTML = 'text/html; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';

export interface PublicPageOptions {
  cacheMaxAgeSeconds: number;
  outage: DatabaseOutage;
  log: Logger;
  /** BODY_LIMIT, for the wording of a client error (answerClientError). */
  bodyLimit: string;
}

/**
 * The public, server-rendered pages: /claims/<id> (one fact check; 410 with a tombstone when it
 * was withdrawn, 404 when there is no published claim), /claims (index and search) and
 * /claims/feed.atom (Atom feed). Same for every reader, so any cache may keep them for
 * PUBLIC_CACHE_MAX_AGE_SECONDS and then revalidate with the strong ETag (304 when unchanged).
 * Whatever goes wrong is answered for a reader too: an HTML page (the feed: plain text), never
 * the API's JSON — 400 for a bad address, 503 with Retry-After in a database outage, 500 with no
 * detail for a failure of ours.
 */
export function publicPageRoutes(services: Services, opts: PublicPageOptions): Router {
  const { cacheMaxAgeSeconds, outage, log } = opts;
  const reads = new PublicReads(services);
  const site: Site = { name: services.claimReviews.publisher.name, baseUrl: services.claimReviews.publicBaseUrl };
  const router = Router();

  router.get(PUBLIC_PATHS.feed, async (req, res) => {
    const list = await reads.list(null, null, FEED_SIZE);
    sendCached(req, res, { status: 200, type: ATOM, body: atomFeed(site, list.claims), cacheMaxAgeSeconds });
  });

  router.get(PUBLIC_PATHS.index, async (req, res) => {
    const params = pageParameters(req, ['q', 'after']);
    if (typeof params === 'string') return sendProblem(res, site, 400, params);
    const search = params.q?.trim() || null;
    const after = params.after || null;
    // A search too long, a cursor that is not ours: BAD_USER_INPUT, said on the page (below).
    const list = await reads.list(search, after);
    sendCached(req, res, { status: 200, type: HTML, body: indexPage(site, search, after, list).text, cacheMaxAgeSeconds });
  });

  router.get(PUBLIC_PATHS.claim(':id'), async (req, res) => {
    // Decoded by the router (an escape that is not UTF-8 is a client error, answered below).
    const why = hostileText(String(req.params.id), 'line');
    if (why) return sendProblem(res, site, 400, `The address ${why}.`);
    const found = await reads.claim(String(req.params.id));
    // Never published (a draft, an unknown id, not an id at all): one answer, so drafts do not show.
    if (!found) return sendProblem(res, site, 404, 'There is no published fact check at this address.');
    const status = found.claim.withdrawnAt ? 410 : 200;
    // The published version names the ETag; the body's hash makes it strong (also catches a changed claimant name).
    const tag = `v${found.claim.version}${found.claim.correctionInProgress ? 'c' : ''}${status === 410 ? 'w' : ''}`;
    sendCached(req, res, { status, type: HTML, body: claimPage(site, found).text, cacheMaxAgeSeconds, tag });
  });

  // Only for the pages' own addresses: an error of another route never becomes a page.
  router.use(PUBLIC_PATHS.index, ((err, req, res, next) => {
    if (res.headersSent) return next(err);
    const feed = req.originalUrl.split('?')[0] === PUBLIC_PATHS.feed;
    const unavailable = outage.unavailable(err);
    let status: ProblemStatus;
    let message: string;
    if (unavailable) {
      [status, message] = [503, unavailable.message];
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    } else if (err instanceof AppError && err.code === 'BAD_USER_INPUT') {
      [status, message] = [400, err.message];
    } else if (answerClientError(err, opts.bodyLimit)) {
      // The only client error before a page runs: an address whose %-escapes are not UTF-8.
      [status, message] = [400, 'The address is not valid: its %-escapes must encode UTF-8 text.'];
    } else {
      log.error({ err }, 'public page failed');
      [status, message] = [500, 'The page could not be made. The failure has been logged; try again later.'];
    }
    if (!feed) return sendProblem(res, site, status, message);
    // A feed reader shows no page: plain text, and the status and Retry-After it acts on.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.status(status).type(TEXT).send(`${message}\n`);
  }) as ErrorRequestHandler);

  return router;
}

/**
 * The page's query parameters `names`, each at most once and held to the rules of a line of
 * text (domain/hostileText.ts: what a search or a cursor of the API may not hold either): their
 * values (absent: undefined), or why the request is refused. Other parameters are not read.
 */
function pageParameters<N extends string>(req: Request, names: readonly N[]): Partial<Record<N, string>> | string {
  const all = queryParameters(req.originalUrl);
  const values: Partial<Record<N, string>> = {};
  for (const name of names) {
    const given = all.get(name);
    if (!given) continue;
    if (given.length > 1) return `${names.join(' and ')} may each be given once.`;
    const why = hostileText(given[0]!, 'line', { escapedBytes: true });
    if (why) return `${name}: ${why}.`;
    values[name] = given[0]!;
  }
  return values;
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

/** A problem page; not cached (a claim published a moment later, a database back, must show at once). */
function sendProblem(res: Response, site: Site, status: ProblemStatus, message: string): void {
  securityHeaders(res);
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).type(HTML).send(problemPage(site, status, message).text);
}
