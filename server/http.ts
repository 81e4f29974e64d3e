import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Request } from 'express';
import { GraphQLError } from 'graphql';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Config } from './config';
import { DatabaseOutage } from './db/outage';
import { poolStats } from './db/pool';
import { withStatementTally, type StatementTally } from './db/statementCounter';
import { AppError, RETRY_AFTER_SECONDS } from './domain/errors';
import { answerClientError } from './edge/clientErrors';
import { graphqlBody, refuseHostileInput } from './edge/graphqlInput';
import { createGraphQL, LIMITS } from './graphql';
import { publicFastPath } from './fastPath/middleware';
import { httpRequestDuration, httpRequestsInFlight, methodLabel, observeDatabase, registry, routeLabel } from './metrics';
import { Loaders, type Context } from './resolvers/context';
import { cors } from './publicApi/cors';
import { PublicApiPolicy, type Admission } from './publicApi/policy';
import { schemaRoutes } from './publicApi/schemaRoutes';
import { adminRoutes } from './routes/admin';
import { checkpointRoutes } from './routes/checkpoints';
import { claimReviewRoutes } from './routes/claimReview';
import { exportRoutes, sendError } from './routes/exports';
import { publicPageRoutes } from './routes/publicPages';
import type { Services } from './services';
import { QuotaService } from './services/quotas';

export interface HttpDeps {
  config: Pick<Config, 'BODY_LIMIT' | 'introspection' | 'METRICS_ENABLED' | 'SHUTDOWN_GRACE_SECONDS'> &
    Partial<Pick<Config, 'PUBLISHER_NAME' | 'publicBaseUrl' | 'quotas' | 'explorer' | 'PUBLIC_CACHE_MAX_AGE_SECONDS'>>;
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
  /**
   * Drains: stops accepting connections at once, lets the requests in flight (exports included)
   * finish for up to SHUTDOWN_GRACE_SECONDS, then closes what remains, says so in the log, and resolves.
   */
  close(): Promise<void>;
}

/** The HTTP surface: /graphql, /health, /ready, /metrics, /export/…, /claimreview…, the public pages under /claims. */
export async function createHttpApp(deps: HttpDeps): Promise<HttpApp> {
  const { services, log } = deps;
  const app = express();
  const server = createServer(app);
  app.disable('x-powered-by');
  // Behind a proxy the client address comes from X-Forwarded-For (used for login rate limits).
  app.set('trust proxy', 'loopback');

  const outage = new DatabaseOutage(() => services.dataSource.query('SELECT 1'), log);
  const unobserve = observeDatabase({ pool: () => poolStats(services.dataSource), reachable: () => outage.reachable });

  // Every request is timed by route and status, and known while in flight so a drain can wait
  // for it (and name it if it has to be cut).
  const inFlight = new Map<Request, { route: string; started: number }>();
  let draining = false;
  app.use((req, res, next) => {
    const route = routeLabel(req.path);
    const started = performance.now();
    inFlight.set(req, { route, started });
    httpRequestsInFlight.inc();
    // While draining, no connection is kept open for another request.
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight.delete(req);
      httpRequestsInFlight.dec();
      httpRequestDuration.observe({ route, method: methodLabel(req.method), status: String(res.statusCode) }, (performance.now() - started) / 1000);
      if (draining) server.closeIdleConnections();
    });
    next();
  });

  // Access logs are info lines; above info they would cost every request and print nothing.
  if (log.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger: log,
        // 503 is an outage, reported once by DatabaseOutage; per request it is routine.
        customLogLevel: (_req, res, err) => (err || (res.statusCode >= 500 && res.statusCode !== 503) ? 'error' : 'info'),
        serializers: { req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: req.url }) },
      }),
    );
  }

  // Before every route: preflights are answered here, before Apollo's CSRF check.
  app.use(cors());

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req, res) => {
    if (draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      await services.dataSource.query('SELECT 1');
      res.json({ status: 'ready', database: 'reachable' });
    } catch (err) {
      const unavailable = outage.unavailable(err);
      if (!unavailable) log.warn({ err }, 'readiness check failed');
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(503).json({ status: 'not ready', database: 'unreachable' });
    }
  });

  if (deps.config.METRICS_ENABLED) {
    app.get('/metrics', async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
  }

  const cacheMaxAgeSeconds = deps.config.PUBLIC_CACHE_MAX_AGE_SECONDS ?? 60;
  app.use(exportRoutes(services, log, outage));
  app.use(checkpointRoutes(services));
  app.use(claimReviewRoutes(services, deps.config.PUBLISHER_NAME ?? 'ClaimLedger', deps.config.publicBaseUrl ?? '', cacheMaxAgeSeconds));
  app.use(publicPageRoutes(services, { cacheMaxAgeSeconds, outage, log, bodyLimit: deps.config.BODY_LIMIT }));
  app.use(adminRoutes(deps.adminDir));

  const quotas = deps.config.quotas ? new QuotaService(services.dataSource, deps.config.quotas, log) : null;
  const policy = new PublicApiPolicy({ quotas, cacheMaxAgeSeconds });
  const { apollo, validationRules, schema } = createGraphQL({
    introspection: deps.config.introspection,
    log,
    outage,
    exposeStatementCount: deps.exposeStatementCount ?? false,
    policy,
  });
  await apollo.start();
  // The SDL at /schema.graphql whatever the introspection setting, and the explorer for browsers.
  app.use(schemaRoutes(schema, { explorer: deps.config.explorer ?? false }));

  app.use(
    '/graphql',
    graphqlBody(deps.config.BODY_LIMIT),
    // A per-request tally needs AsyncLocalStorage, which taxes every promise: only where asked
    // for (tests). Placed after the body is read, so all that follows runs inside the tally.
    (_req, res, next) => {
      if (!deps.exposeStatementCount) return next();
      const tally: StatementTally = { statements: 0 };
      res.locals.tally = tally;
      withStatementTally(tally, next);
    },
    // Hostile bytes stop here, before the fast path and Apollo, for both.
    refuseHostileInput(LIMITS.maxTokens, schema),
    ...(deps.publicFastPath ?? true ? [publicFastPath({ services, schema, validationRules, policy, outage, log, clientAddress })] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context & { tally: StatementTally; admission?: Admission }> => {
        try {
          const viewer = await services.auth.viewerFor(req.headers.authorization);
          return {
            viewer,
            services,
            loaders: new Loaders(services, viewer),
            clientAddress: clientAddress(req),
            tally: res.locals.tally as StatementTally,
            // Charged by the fast path before it left the request to Apollo: not charged twice.
            admission: res.locals.admission as Admission | undefined,
          };
        } catch (err) {
          if (err instanceof AppError) {
            throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: 401 } } });
          }
          // Apollo's plugins do not see a failed context: the 503 and Retry-After go with the error.
          const unavailable = outage.unavailable(err);
          if (unavailable) {
            const headers = new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]);
            throw new GraphQLError(unavailable.message, { originalError: unavailable, extensions: { code: unavailable.code, http: { status: 503, headers } } });
          }
          throw err;
        }
      },
    }),
  );

  app.use(((err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: number };
    const client = answerClientError(err, deps.config.BODY_LIMIT);
    if (client) {
      res.status(client.status).json(client.body);
      return;
    }
    const unavailable = outage.unavailable(err);
    if (unavailable) return sendError(res, unavailable);
    log.error({ err }, 'unhandled HTTP error');
    res.status(e.status && e.status < 500 ? e.status : 500).json({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  }) as ErrorRequestHandler);

  const graceSeconds = deps.config.SHUTDOWN_GRACE_SECONDS;
  let closing: Promise<void> | undefined;
  const drain = async () => {
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight.size) log.info({ requests: inFlight.size, graceSeconds }, 'draining: waiting for the requests in flight');
    let timer: NodeJS.Timeout | undefined;
    const expired = await Promise.race([
      closed.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceSeconds * 1000))),
    ]);
    clearTimeout(timer);
    if (expired) {
      const now = performance.now();
      const cut = [...inFlight.values()].map((r) => ({ route: r.route, seconds: Math.round((now - r.started) / 100) / 10 }));
      log.warn({ requests: cut, graceSeconds }, `shutdown grace of ${graceSeconds} s is over: closing ${cut.length} request(s) still in flight`);
      server.closeAllConnections();
      await closed;
    }
    await apollo.stop();
    await quotas?.stop();
    outage.stop();
    unobserve();
  };
  return {
    server,
    close: () => (closing ??= drain()),
  };
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
