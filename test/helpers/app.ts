import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import pino, { type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../server/config';
import { createDataSource } from '../../server/db/dataSource';
import type { QuotaSettings } from '../../server/domain/quotas';
import { createHttpApp, type HttpApp } from '../../server/http';
import { createServices, type ServiceConfig, type Services } from '../../server/services';
import { loadOrCreateSigningKey } from '../../server/services/checkpoints';
import { withDatabase } from '../setup/globalSetup';

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions: Record<string, unknown> & { code: string } }[];
  /** SQL statements the server sent for this request. */
  statements: number;
}

export interface TestApp {
  url: string;
  databaseUrl: string;
  ds: DataSource;
  services: Services;
  /** POSTs a GraphQL operation, as `token` when given. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse<T>>;
  /** Like gql, but fails the test on any error and returns `data`. */
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** Like gql, expects exactly one error and returns its code (and the response). */
  fails(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ code: string; message: string; extensions: Record<string, unknown> }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  maxPageSize?: number;
  bodyLimit?: string;
  introspection?: boolean;
  loginMaxFailures?: number;
  /** The other failed-login limits (LOGIN_* settings); their defaults otherwise. */
  loginLimits?: Partial<Pick<ServiceConfig, 'LOGIN_LOCK_MINUTES' | 'LOGIN_ADDRESS_MAX_FAILURES' | 'LOGIN_ACCOUNT_MAX_FAILURES'>>;
  /** Serve the built admin UI (admin/dist) at /admin, as `npm start` does. */
  serveAdmin?: boolean;
  /** The public fast path for claims reads (on by default, as in production). */
  publicFastPath?: boolean;
  /** Reuse another app's database instead of a fresh copy (to compare two servers on the same data). */
  databaseUrl?: string;
  /** The server's logger (silent by default, or TEST_LOG_LEVEL), for tests that read what it logs. */
  log?: Logger;
  /** Sign checkpoints with the Ed25519 key in this file (created when missing), as the server does. */
  checkpointKeyFile?: string;
  /** Public API quotas (off unless given: most tests send many anonymous requests from one address). */
  quotas?: QuotaSettings;
  /** The GraphiQL explorer at /graphql for browsers (off unless asked for, as in production). */
  explorer?: boolean;
}

/**
 * Connections per test server. Two jest workers, some files with two servers, and the CLI tests'
 * own processes must fit a stock PostgreSQL's 100 connections (the CI's second run).
 */
export const TEST_POOL_SIZE = 10;

const configDefaults = loadConfig({});

async function freshDatabase(): Promise<string> {
  const adminUrl = process.env.CLAIMLEDGER_TEST_ADMIN_URL!;
  const name = `claimledger_t_${process.env.CLAIMLEDGER_TEST_RUN}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${process.env.CLAIMLEDGER_TEST_TEMPLATE}`);
  await admin.end();
  return withDatabase(adminUrl, name);
}

/** A real server on a random port over this test file's own database (a copy of the migrated template). */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = opts.databaseUrl ?? (await freshDatabase());
  const log = opts.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const ds = createDataSource({ url: databaseUrl, poolSize: TEST_POOL_SIZE, log });
  await ds.initialize();
  const services = createServices(ds, {
    MAX_PAGE_SIZE: opts.maxPageSize ?? 100,
    SESSION_TTL_HOURS: 1,
    LOGIN_MAX_FAILURES: opts.loginMaxFailures ?? 5,
    LOGIN_LOCK_MINUTES: 15,
    LOGIN_ADDRESS_MAX_FAILURES: configDefaults.LOGIN_ADDRESS_MAX_FAILURES,
    LOGIN_ACCOUNT_MAX_FAILURES: configDefaults.LOGIN_ACCOUNT_MAX_FAILURES,
    ...opts.loginLimits,
    checkpointSigner: opts.checkpointKeyFile ? loadOrCreateSigningKey(opts.checkpointKeyFile).signer : null,
  });
  const http: HttpApp = await createHttpApp({
    config: {
      BODY_LIMIT: opts.bodyLimit ?? '100kb',
      introspection: opts.introspection ?? true,
      METRICS_ENABLED: true,
      SHUTDOWN_GRACE_SECONDS: loadConfig({}).SHUTDOWN_GRACE_SECONDS,
      PUBLIC_CACHE_MAX_AGE_SECONDS: configDefaults.PUBLIC_CACHE_MAX_AGE_SECONDS,
      quotas: opts.quotas ?? null,
      explorer: opts.explorer ?? false,
    },
    services,
    log,
    exposeStatementCount: true,
    publicFastPath: opts.publicFastPath ?? true,
    adminDir: opts.serveAdmin ? path.join(__dirname, '..', '..', 'admin', 'dist') : undefined,
  });
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;

  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse<T>> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T | null; errors?: GqlResponse<T>['errors'] };
    return {
      status: res.status,
      headers: res.headers,
      data: body.data ?? null,
      errors: body.errors,
      statements: Number(res.headers.get('x-sql-statements') ?? NaN),
    };
  };

  return {
    url,
    databaseUrl,
    ds,
    services,
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>, token?: string) {
      const res = await gql<T>(query, variables, token);
      if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
      return res.data as T;
    },
    async fails(query: string, variables?: Record<string, unknown>, token?: string) {
      const res = await gql(query, variables, token);
      if (!res.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.data)}`);
      const [first] = res.errors;
      return { code: first!.extensions.code, message: first!.message, extensions: first!.extensions };
    },
    async close() {
      await http.close();
      await ds.destroy();
    },
  };
}
