import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import { printSchema, type GraphQLSchema } from 'graphql';

const EXPLORER_DIR = path.join(__dirname, '..', '..', 'explorer', 'dist');

/** How long a client may keep the SDL before asking again (it changes only with a new release). */
const SDL_MAX_AGE_SECONDS = 300;

/**
 * The published schema and its explorer:
 * - GET /schema.graphql: the SDL of the schema this server runs, descriptions included, whatever
 *   the introspection setting (codegen and linters read it; so does the explorer).
 * - GET /graphql from a browser (Accept: text/html, no query): GraphiQL, bundled from npm into
 *   explorer/dist and served from /explorer/, when the explorer is enabled.
 */
export function schemaRoutes(schema: GraphQLSchema, opts: { explorer: boolean }): Router {
  const router = Router();
  const sdl = printSchema(schema);
  const etag = `"${createHash('sha256').update(sdl).digest('base64url').slice(0, 27)}"`;
  router.get('/schema.graphql', (req, res) => {
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', `public, max-age=${SDL_MAX_AGE_SECONDS}`);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('text/plain; charset=utf-8').send(sdl);
  });

  if (!opts.explorer) return router;
  const index = path.join(EXPLORER_DIR, 'index.html');
  const headers = (res: Response) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    // Everything from this origin: the page loads no script, style or font from anywhere else.
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  };
  router.get('/graphql', (req, res, next) => {
    // A browser opening the address; GET queries (?query=, persisted queries) go on to Apollo.
    if (req.query.query !== undefined || req.query.extensions !== undefined || req.accepts(['application/json', 'text/html']) !== 'text/html') {
      return next();
    }
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The GraphQL explorer is not built yet: run `npm run build:admin` (`npm start` builds it when needed).\n');
      return;
    }
    headers(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  router.use(
    '/explorer',
    express.static(EXPLORER_DIR, {
      index: false,
      setHeaders: (res) => {
        headers(res);
        // Vite puts a content hash in every file's name.
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  return router;
}
