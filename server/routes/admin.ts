import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import { CSP_NONCE_PLACEHOLDER } from '../../admin/src/cspNonce';

/**
 * The admin UI's Content-Security-Policy. Scripts only from our own files (the built page has no
 * inline script); styles from our files or carrying this response's nonce (MUI's emotion injects
 * <style> elements at run time, which a hash cannot name in advance and 'unsafe-inline' would
 * open to any injected style); data: images for the icon; requests only to our own origin; no
 * plugins, no <base>, no framing.
 */
export function adminContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The admin UI (admin/dist, built by Vite) at /admin on the API's own port, so the browser talks
 * to /graphql on the same origin: no CORS, and the session token never leaves the site.
 * Client-side routes (/admin/claims/…/show) all answer index.html; missing files under
 * /admin/assets answer 404 so a stale page fails loudly instead of loading HTML as script.
 */
export function adminRoutes(dir: string | undefined): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(302, '/admin/'));
  // Routing is not strict, so '/admin' also matches '/admin/': redirect only the bare form.
  router.get('/admin', (req, res, next) => (req.originalUrl.split('?')[0] === '/admin' ? res.redirect(301, '/admin/') : next()));

  const index = dir ? path.join(dir, 'index.html') : undefined;
  if (!dir || !index || !existsSync(index)) {
    router.get('/admin/{*splat}', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The admin UI is not built yet: run `npm run build:admin` (`npm start` builds it when needed).\n');
    });
    return router;
  }

  const headers = (res: Response) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'same-origin');
  };
  // Only the hashed assets are files; every other address (index.html too) is the page, with its nonce.
  router.use(
    '/admin/assets',
    express.static(path.join(dir, 'assets'), {
      index: false,
      fallthrough: true,
      setHeaders: (res) => {
        headers(res);
        // Vite puts a content hash in every asset's name, so they never change under one URL.
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  router.get('/admin/assets/{*splat}', (_req, res) => {
    res.status(404).type('text/plain').send('Not found.\n');
  });
  router.get('/admin/{*splat}', async (_req, res) => {
    // Read each time, as a static file would be: a rebuild while the server runs is served at once.
    const page = await readFile(index, 'utf8');
    headers(res);
    const nonce = randomBytes(16).toString('base64');
    res.setHeader('Content-Security-Policy', adminContentSecurityPolicy(nonce));
    // A nonce is good for one response: never store it, always ask again.
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(page.replaceAll(CSP_NONCE_PLACEHOLDER, nonce));
  });
  return router;
}
