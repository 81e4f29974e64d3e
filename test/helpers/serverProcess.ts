import { spawn, type ChildProcess } from 'node:child_process';
import { nodeTs, root } from './server';

/**
 * A server process on a database of the test's own (DATABASE_URL), as an operator runs several
 * (node --import tsx server/main.ts), and the address it printed.
 */
export interface ServerProcess {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
}

/** Every process started and not yet exited, for a test file's afterAll to kill (killAll). */
const running = new Set<ChildProcess>();

/** Starts the server with `env` over the test's environment (NODE_ENV removed) and waits until it listens. */
export function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const full: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env };
  if (!('NODE_ENV' in env)) delete full.NODE_ENV;
  // Its own process group: a failed test takes the server and its children down together.
  const child = spawn(...nodeTs('server/main.ts'), { cwd: root, env: full, detached: true });
  running.add(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /GraphQL API: (http:\/\/[^/\s]+)\/graphql/.exec(out);
      if (m) resolve({ child, base: m[1]!, exited });
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before starting:\n${err}`)));
  });
}

/** Kills every process still running (a test that failed half-way) and waits for them to exit. */
export async function killAll(): Promise<void> {
  for (const child of running) process.kill(-child.pid!, 'SIGKILL');
  await Promise.all([...running].map((child) => new Promise((resolve) => child.once('exit', resolve))));
}
