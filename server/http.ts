import { createServer, type Server } from 'node:http';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Config } from './config';
import { withStatementTally, type StatementTally } from './db/statementCounter';
import { AppError } from './domain/errors';
import { secretKind } from './domain/secrets';
import { createGraphQL } from './graphql';
import { registry } from './metrics';
import { Loaders, type Context } from './resolvers/context';
import type { PublicReadPlanner } from './resolvers/publicReads';
import { adminRoutes } from './routes/admin';
import { checkpointRoutes } from './routes/checkpoints';
import { claimReviewRoutes } from './routes/claimReview';
import { exportRoutes } from './routes/exports';
import type { Services } from './services';

export interface HttpDeps {
  config: Pick<Config, 'BODY_LIMIT' | 'introspection' | 'METRICS_ENABLED'> & Partial<Pick<Config, 'PUBLISHER_NAME' | 'publicBaseUrl'>>;
  services: Services;
  log: Logger;
  /** Adds `x-sql-statements` to GraphQL responses (tests and benchmarks). */
  exposeStatementCount?: boolean;
  /** The built admin UI (admin/dist) to serve at /admin; without it /admin says how to build it. */
  adminDir?: string;
  /** Answer public `claims` reads with one JSON-building statement (default on; tests compare both paths). */
  publicFastPath?: boolean;
}

export interface HttpApp {
  server: Server;
  /** Stops taking requests, lets the ones in flight finish, then resolves. */
  close(): Promise<void>;
}

/** The HTTP surface: /graphql, /health, /ready, /metrics, /export/…, /claimreview…. */
export async function createHttpApp(deps: HttpDeps): Promise<HttpApp> {
  const { services, log } = deps;
  const app = express();
  const server = createServer(app);
  app.disable('x-powered-by');
  // Behind a proxy the client address comes from X-Forwarded-For (used for login rate limits).
  app.set('trust proxy', 'loopback');

  // Access logs are info lines; above info they would cost every request and print nothing.
  if (log.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger: log,
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
        serializers: { req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: req.url }) },
      }),
    );
  }

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req, res) => {
    try {
      await services.dataSource.query('SELECT 1');
      res.json({ status: 'ready', database: 'reachable' });
    } catch (err) {
      log.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'not ready', database: 'unreachable' });
    }
  });

  if (deps.config.METRICS_ENABLED) {
    app.get('/metrics', async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
  }

  app.use(exportRoutes(services, log));
  app.use(checkpointRoutes(services));
  app.use(claimReviewRoutes(services, deps.config.PUBLISHER_NAME ?? 'ClaimLedger', deps.config.publicBaseUrl ?? ''));
  app.use(adminRoutes(deps.adminDir));

  const { apollo, planner } = createGraphQL({
    httpServer: server,
    introspection: deps.config.introspection,
    log,
    exposeStatementCount: deps.exposeStatementCount ?? false,
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: deps.config.BODY_LIMIT }),
    // A per-request tally needs AsyncLocalStorage, which taxes every promise: only where asked
    // for (tests). Placed after the body is read, so all that follows runs inside the tally.
    (_req, res, next) => {
      if (!deps.exposeStatementCount) return next();
      const tally: StatementTally = { statements: 0 };
      res.locals.tally = tally;
      withStatementTally(tally, next);
    },
    publicReads(planner, services, deps.publicFastPath ?? true),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context & { tally: StatementTally }> => {
        try {
          const viewer = await services.auth.viewerFor(req.headers.authorization);
          return {
            viewer,
            services,
            loaders: new Loaders(services, viewer),
            clientAddress: clientAddress(req),
            tally: res.locals.tally as StatementTally,
          };
        } catch (err) {
          if (err instanceof AppError) {
            throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: 401 } } });
          }
          throw err;
        }
      },
    }),
  );

  app.use(((err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number; limit?: number };
    if (e.type === 'entity.too.large') {
      res.status(413).json({
        errors: [{ message: `Request body too large (limit ${deps.config.BODY_LIMIT}).`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
      });
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    log.error({ err }, 'unhandled HTTP error');
    res.status(e.status && e.status < 500 ? e.status : 500).json({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  }) as ErrorRequestHandler);

  return {
    server,
    // Apollo's drain plugin closes the HTTP server and waits for requests in flight.
    close: () => apollo.stop(),
  };
}

/**
 * The public fast path (resolvers/publicReads.ts): a public reader's `claims` query answered by
 * one statement whose JSON PostgreSQL builds. Everything it cannot answer, and every error, goes
 * on to Apollo unchanged.
 */
function publicReads(planner: PublicReadPlanner, services: Services, enabled: boolean): RequestHandler {
  return async (req, res, next) => {
    if (!enabled || req.method !== 'POST') return next();
    const auth = req.headers.authorization;
    if (auth && secretKind(auth.trim().replace(/^Bearer\s+/i, '')) !== 'apiKey') return next(); // staff: the full path
    const read = planner.plan(req.body);
    if (!read) return next();
    try {
      const viewer = await services.auth.viewerFor(auth);
      if (viewer.kind !== 'public') return next();
      const body = await services.claims.listJson(viewer, read.args, read.selection);
      const tally = res.locals.tally as StatementTally | undefined;
      if (tally) res.setHeader('x-sql-statements', String(tally.statements));
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.status(200).send(`{"data":{"${read.rootKey}":${body}}}\n`);
    } catch {
      next(); // the normal path answers, with its proper error if there is one
    }
  };
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
