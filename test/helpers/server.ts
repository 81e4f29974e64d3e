import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { embeddedDataDir, type DataFolderOwner } from '../../server/db/embedded';
import type { HeadList } from '../../server/domain/exportRecord';
import { ExportVerifier } from '../../server/domain/exportVerification';

/**
 * The real server process as `npm start` runs it (node --import tsx server/main.ts) on an embedded
 * PostgreSQL in a folder of the test's own, and the command-line tools next to it.
 */
export const root = path.resolve(__dirname, '../..');

/**
 * How package.json runs a TypeScript entry point: node with tsx's loader. (The tsx command would
 * relay signals to a child and SIGKILL it when it does not answer within 30 ms, cutting a drain.)
 */
export function nodeTs(script: string, args: string[] = []): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', script, ...args]];
}

export interface Running {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
  stderr: () => string;
  stdout: () => string;
}

/** The environment of a server or tool on the embedded database in `pgDir`, any port. */
export function embeddedEnv(pgDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', EMBEDDED_PG_PORT: '0', EMBEDDED_PG_DIR: pgDir, LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  return env;
}

/** Spawns the server; resolves once it prints its address, rejects if it exits first. */
export function startServer(pgDir: string, extraEnv: Record<string, string> = {}): Promise<Running> {
  // Its own process group, so a Ctrl+C can be sent to the server and its PostgreSQL together.
  const child = spawn(...nodeTs('server/main.ts'), { cwd: root, env: embeddedEnv(pgDir, extraEnv), detached: true });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /GraphQL API: (http:\/\/[^/\s]+)\/graphql/.exec(out);
      if (m) resolve({ child, base: m[1]!, exited, stderr: () => err, stdout: () => out });
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before starting:\n${err}`)));
  });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command-line tool (`server/cli/<name>.ts`) to its end. */
export function cli(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(...nodeTs(`server/cli/${name}.ts`, args), { cwd: root, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

export async function gql<T>(base: string, query: string, token?: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

export const DEMO = {
  checker: ['checker@claimledger.example', 'demo-checker-2018'],
  editor: ['editor@claimledger.example', 'demo-editor-2018'],
  auditor: ['auditor@claimledger.example', 'demo-auditor-2018'],
} as const;

export async function login(base: string, [email, password]: readonly [string, string]): Promise<string> {
  const { login: l } = await gql<{ login: { token: string } }>(
    base,
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    undefined,
    { e: email, p: password },
  );
  return l.token;
}

/** Who holds the data folder, as the server recorded it. */
export function ownerOf(pgDir: string): DataFolderOwner {
  return JSON.parse(readFileSync(path.join(embeddedDataDir(pgDir), 'claimledger-owner.json'), 'utf8')) as DataFolderOwner;
}

/** Removes a test's embedded cluster, wherever it lives (as root, under /var/lib/claimledger). */
export async function removeEmbedded(pgDir: string): Promise<void> {
  const real = embeddedDataDir(pgDir);
  await rm(real === path.resolve(pgDir) ? pgDir : path.dirname(real), { recursive: true, force: true });
  await rm(pgDir, { recursive: true, force: true });
}

/** The process runs (a zombie waiting for its parent to reap it does not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true;
  }
}

export async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Every chain of the server's whole history export checked by the offline verifier, as an
 * auditor would: its heads and digest, or the first problem.
 */
export async function verifiedHistory(base: string, auditorToken: string): Promise<HeadList & { events: number }> {
  const res = await fetch(`${base}/export/history.ndjson`, { headers: { authorization: `Bearer ${auditorToken}` } });
  if (!res.ok) throw new Error(`history export answered ${res.status}`);
  const verifier = new ExportVerifier();
  const text = await res.text();
  // Lines as the spec frames them: each ends in LF, the file included.
  for (const line of text.split('\n').slice(0, -1)) verifier.addLine(Buffer.from(line, 'utf8'), true);
  const problem = verifier.finish();
  if (problem) throw new Error(`history does not verify: ${JSON.stringify(problem)}`);
  return { ...verifier.headList(), events: verifier.events };
}

/** Creates claims as fast as the server acknowledges them until `stop()`; `acknowledged` lists those answered. */
export function writeLoad(base: string, token: string, label: string, parallel = 4) {
  const acknowledged: string[] = [];
  let running = true;
  let n = 0;
  const worker = async () => {
    while (running) {
      const text = `${label} claim ${n++}: the figure doubled within a year.`;
      try {
        const r = await gql<{ createClaim: { id: string } }>(base, 'mutation($t: String!) { createClaim(input: { text: $t }) { id } }', token, { t: text });
        acknowledged.push(r.createClaim.id);
      } catch {
        // The server went away mid-request (the point of some tests): this write was never acknowledged.
        if (running) await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const workers = Array.from({ length: parallel }, worker);
  return {
    acknowledged,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}
