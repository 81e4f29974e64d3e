import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

/** The embedded cluster's postmaster as a process: stopping it (or an orphan), and the watchdog that stops it if we die. */

/** How long each step of a stop may take: fast shutdown, then immediate, then SIGKILL. */
const STOP_STEPS: [NodeJS.Signals, number, string][] = [
  ['SIGINT', 30_000, 'fast shutdown'],
  ['SIGQUIT', 5_000, 'immediate shutdown (crash recovery runs at the next start)'],
  ['SIGKILL', 5_000, 'killed'],
];

/**
 * A postmaster left running by a ClaimLedger that died (kill -9 of the server and its watchdog)
 * still holds the folder: stop it cleanly, then start afresh. Its owner is known to be gone here.
 */
export async function stopOrphan(dataDir: string, log: Logger): Promise<void> {
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
export function readPostmasterPid(dataDir: string): { pid: number; port: number } | null {
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
export async function stopPostmaster(postmaster: { pid: number; started: string | null }, log: Logger): Promise<string> {
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

export function startWatchdog(postmasterPid: number, dataDir: string, isRoot: boolean, log: Logger): ChildProcess | null {
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

export function releaseWatchdog(watchdog: ChildProcess | null): void {
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
export function sameProcess(p: { pid: number; started: string | null }): boolean {
  if (!processAlive(p.pid)) return false;
  const now = processStartTime(p.pid);
  return p.started === null || now === null || now === p.started;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null where there is no /proc. */
export function processStartTime(pid: number): string | null {
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
