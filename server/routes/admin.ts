import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';

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
  router.use(
    '/admin',
    express.static(dir, {
      index: false,
      fallthrough: true,
      setHeaders: (res, file) => {
        headers(res);
        // Vite puts a content hash in every asset's name, so they never change under one URL.
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  router.get('/admin/assets/{*splat}', (_req, res) => {
    res.status(404).type('text/plain').send('Not found.\n');
  });
  router.get('/admin/{*splat}', (_req, res) => {
    headers(res);
    // The page names the current asset hashes: always revalidate it.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
