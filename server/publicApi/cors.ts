import type { RequestHandler } from 'express';

/**
 * CORS for the public API: pages and extensions on any origin may call it. Authentication is a
 * bearer header only (no cookies), so a foreign page holds no credentials of ours to misuse:
 * every origin is allowed and credentials never are (no Access-Control-Allow-Credentials, so a
 * browser refuses a credentialed answer). Exports and /admin are not listed: browsers keep them
 * to their own origin.
 */
interface CorsRoute {
  path: RegExp;
  methods: string;
}

export const CORS_ROUTES: readonly CorsRoute[] = [
  { path: /^\/graphql\/?$/, methods: 'GET, POST' },
  { path: /^\/schema\.graphql$/, methods: 'GET' },
  { path: /^\/claimreview(\.jsonld$|\/[^/]+\.jsonld$)/, methods: 'GET' },
];

/** What GraphQL clients send: JSON bodies, a bearer token, Apollo's CSRF-prevention headers. */
export const ALLOWED_REQUEST_HEADERS = ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'];

/** Response headers a page may read besides the always-readable ones (Cache-Control, Content-Type …). */
const EXPOSED_RESPONSE_HEADERS = ['ETag', 'Link', 'RateLimit', 'RateLimit-Policy', 'Retry-After'];

/** How long a browser may reuse a preflight's answer (Chromium keeps at most 2 hours). */
const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/**
 * Answers preflights itself, before Apollo (whose CSRF check would refuse an OPTIONS request), and
 * marks every other response on those routes readable from any origin. Simple requests still meet
 * Apollo's CSRF prevention: a cross-origin form post stays refused.
 */
export function cors(): RequestHandler {
  return (req, res, next) => {
    const route = CORS_ROUTES.find((r) => r.path.test(req.path));
    if (!route) return next();
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', route.methods);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS.join(', '));
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
      res.status(204).end();
      return;
    }
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_RESPONSE_HEADERS.join(', '));
    next();
  };
}
