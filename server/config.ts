import path from 'node:path';
import { z } from 'zod';
import { LIMITS } from './domain/queryLimits';
import type { QuotaSettings } from './domain/quotas';

/** Project root: the folder holding package.json (server/ sits directly below it). */
const projectRoot = path.resolve(__dirname, '..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const port = z.coerce.number().int().min(0).max(65535);

const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://');

/**
 * Every setting the server reads, with its default. Kept in one table so the README's
 * configuration section and the validation can never disagree.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  DATABASE_URL: postgresUrl.optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_PG_DIR: z.string().min(1).default(path.join(projectRoot, '.data', 'postgres')),
  EMBEDDED_PG_PORT: port.default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  GRAPHQL_INTROSPECTION: bool.optional(),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('100kb'),
  SESSION_TTL_HOURS: z.coerce.number().min(0.01).max(24 * 90).default(12),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().min(0.01).max(24 * 60).default(15),
  LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).max(100000).default(100),
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).max(100000).default(50),
  PUBLISHER_NAME: z.string().min(1).default('ClaimLedger Fact Check'),
  PUBLISHER_URL: z.string().url().optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  CLAIMREVIEW_RATING_MAP: z.string().min(1).optional(),
  CLAIMREVIEW_VERDICT_LABELS: z.string().min(1).optional(),
  CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
  CHECKPOINT_INTERVAL_MINUTES: z.coerce.number().min(0).max(7 * 24 * 60).default(60),
  METRICS_ENABLED: bool.default(true),
  PUBLIC_FAST_PATH: bool.default(true),
  // On SIGTERM, how long requests in flight (a slowly read export) may take before they are cut.
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  GRAPHQL_EXPLORER: bool.optional(),
  // Public API quotas per API key and per address without one (domain/quotas.ts). A cost quota
  // must leave room for one query of the largest cost.
  QUOTAS_ENABLED: bool.default(true),
  QUOTA_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
  QUOTA_API_KEY_REQUESTS: z.coerce.number().int().min(1).default(3000),
  QUOTA_API_KEY_COST: z.coerce.number().int().min(LIMITS.maxCost, `must be at least ${LIMITS.maxCost}, the cost limit of one query`).default(1_500_000),
  QUOTA_ANONYMOUS_REQUESTS: z.coerce.number().int().min(1).default(300),
  QUOTA_ANONYMOUS_COST: z.coerce.number().int().min(LIMITS.maxCost, `must be at least ${LIMITS.maxCost}, the cost limit of one query`).default(150_000),
  QUOTA_SYNC_SECONDS: z.coerce.number().min(0.05).max(60).default(1),
  PUBLIC_CACHE_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86400).default(60),
});

export type Config = z.infer<typeof schema> & {
  /** True when no DATABASE_URL is set and the server runs its own PostgreSQL. */
  embeddedDatabase: boolean;
  introspection: boolean;
  /** The GraphiQL explorer at /graphql for browsers: GRAPHQL_EXPLORER, else on outside production. */
  explorer: boolean;
  /** null when QUOTAS_ENABLED is false. */
  quotas: QuotaSettings | null;
  publicBaseUrl: string;
  /** The newsroom's address, ClaimReview's author.url: PUBLISHER_URL, else the public address. */
  publisherUrl: string;
  /**
   * The checkpoint signing key's file: CHECKPOINT_KEY_FILE, else next to the embedded database's
   * data (created on first start); null with DATABASE_URL and no CHECKPOINT_KEY_FILE (no checkpoints).
   */
  checkpointKeyFile: string | null;
};

export class ConfigError extends Error {}

/** Reads and validates the environment once; every problem is reported together, by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if ((c.ADMIN_EMAIL === undefined) !== (c.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  const publicBaseUrl = (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return {
    ...c,
    embeddedDatabase: c.DATABASE_URL === undefined,
    introspection: c.GRAPHQL_INTROSPECTION ?? c.NODE_ENV !== 'production',
    explorer: c.GRAPHQL_EXPLORER ?? c.NODE_ENV !== 'production',
    quotas: c.QUOTAS_ENABLED
      ? {
          windowSeconds: c.QUOTA_WINDOW_SECONDS,
          syncSeconds: c.QUOTA_SYNC_SECONDS,
          apiKey: { requests: c.QUOTA_API_KEY_REQUESTS, cost: c.QUOTA_API_KEY_COST },
          anonymous: { requests: c.QUOTA_ANONYMOUS_REQUESTS, cost: c.QUOTA_ANONYMOUS_COST },
        }
      : null,
    publicBaseUrl,
    publisherUrl: c.PUBLISHER_URL ?? publicBaseUrl,
    checkpointKeyFile: c.CHECKPOINT_KEY_FILE ?? (c.DATABASE_URL === undefined ? path.join(path.dirname(c.EMBEDDED_PG_DIR), 'checkpoint-key.pem') : null),
  };
}
