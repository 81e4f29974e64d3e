import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry for the process: default Node metrics plus ClaimLedger's own. Every label takes
 * values from a fixed, small set (routes, methods, statuses, error codes, bounded operation
 * names), so a client cannot grow the series without limit.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'claimledger_' });

/** The routes an operator graphs; every other path (a typo, a scanner) is `other`. */
const ROUTES: [RegExp, string][] = [
  [/^\/graphql\/?$/, '/graphql'],
  [/^\/schema\.graphql$/, '/schema.graphql'],
  [/^\/explorer\//, '/explorer'],
  [/^\/export\//, '/export/:kind'],
  [/^\/claimreview\.jsonld$/, '/claimreview.jsonld'],
  [/^\/claimreview\//, '/claimreview/:id'],
  [/^\/claims\/feed\.atom$/, '/claims/feed.atom'],
  [/^\/claims\/?$/, '/claims'],
  [/^\/claims\//, '/claims/:id'],
  [/^\/admin(\/|$)/, '/admin'],
  [/^\/health$/, '/health'],
  [/^\/ready$/, '/ready'],
  [/^\/metrics$/, '/metrics'],
];

export function routeLabel(path: string): string {
  return ROUTES.find(([pattern]) => pattern.test(path))?.[1] ?? 'other';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);
export const methodLabel = (method: string): string => (METHODS.has(method) ? method : 'other');

export const httpRequestDuration = new Histogram({
  name: 'claimledger_http_request_duration_seconds',
  help: 'HTTP requests by route, method and status, and how long they took (to the last byte sent)',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});

export const httpRequestsInFlight = new Gauge({
  name: 'claimledger_http_requests_in_flight',
  help: 'HTTP requests received and not yet answered in full (exports included)',
  registers: [registry],
});

export const graphqlOperations = new Counter({
  name: 'claimledger_graphql_operations_total',
  help: 'GraphQL operations by operation name, type and outcome (ok, or the first error code)',
  labelNames: ['operation', 'type', 'outcome'] as const,
  registers: [registry],
});

/** Distinct operation names kept as labels; later new names count as `other`. */
const MAX_OPERATION_NAMES = 200;
const operationNames = new Set<string>();

/**
 * The label for an operation name: `anonymous` for an unnamed operation, `unknown` when the
 * request never resolved to one (it did not parse or validate), `other` past the cap or for an
 * overlong name. Names come from the parsed document, never from the request as sent.
 */
export function operationLabel(name: string | null | undefined, resolved = true): string {
  if (!resolved) return 'unknown';
  if (!name) return 'anonymous';
  if (name.length > 64) return 'other';
  if (operationNames.has(name)) return name;
  if (operationNames.size >= MAX_OPERATION_NAMES) return 'other';
  operationNames.add(name);
  return name;
}

export const databaseOutages = new Counter({
  name: 'claimledger_database_outages_total',
  help: 'Times the database became unreachable (each outage once, however many requests it failed)',
  registers: [registry],
});

/** A database the server uses, read when metrics are scraped. */
export interface ObservedDatabase {
  pool(): { total: number; idle: number; waiting: number; max: number } | undefined;
  reachable(): boolean;
}

const databases = new Set<ObservedDatabase>();

/** Reports a database's pool and reachability at /metrics until the returned function is called. */
export function observeDatabase(db: ObservedDatabase): () => void {
  databases.add(db);
  return () => databases.delete(db);
}

const pools = () => [...databases].map((d) => d.pool()).filter((p) => p !== undefined);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

new Gauge({
  name: 'claimledger_database_pool_connections',
  help: 'Database connections open in the pool, in use (by a request or an export) or idle',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    const all = pools();
    this.set({ state: 'in_use' }, sum(all.map((p) => p.total - p.idle)));
    this.set({ state: 'idle' }, sum(all.map((p) => p.idle)));
  },
});

new Gauge({
  name: 'claimledger_database_pool_waiting_requests',
  help: 'Requests waiting for a database connection because all are in use',
  registers: [registry],
  collect() {
    this.set(sum(pools().map((p) => p.waiting)));
  },
});

new Gauge({
  name: 'claimledger_database_pool_max_connections',
  help: 'The pool size (DB_POOL_SIZE)',
  registers: [registry],
  collect() {
    this.set(sum(pools().map((p) => p.max)));
  },
});

new Gauge({
  name: 'claimledger_database_reachable',
  help: '1 while the database answers, 0 during an outage (requests then get 503 SERVICE_UNAVAILABLE)',
  registers: [registry],
  collect() {
    this.set([...databases].every((d) => d.reachable()) ? 1 : 0);
  },
});

/** Why a request the public fast path had taken went to the normal path instead. */
export type FastPathFallback = 'arguments' | 'viewer' | 'quota' | 'error';

export const fastPathFallbacks = new Counter<'reason'>({
  name: 'claimledger_fast_path_fallbacks_total',
  help: 'Public claims reads the fast path planned but left to the normal path, by reason (arguments, viewer, quota, error)',
  labelNames: ['reason'] as const,
  registers: [registry],
});
