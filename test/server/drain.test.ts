import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { insertBulkHistory } from '../fixtures/bulkHistory';
import { newsroom, type Newsroom } from '../fixtures/newsroom';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Shutdown drains honestly: no new connections from the first moment, requests in flight (a
 * slowly read export above all) finish as long as SHUTDOWN_GRACE_SECONDS allows, and what is
 * still running then is closed and named in the log.
 */

const root = path.resolve(__dirname, '../..');
let base: TestApp;
let n: Newsroom;

beforeAll(async () => {
  base = await startTestApp();
  n = await newsroom(base);
  // About 20 MB of NDJSON: more than socket buffers hold, so a paused reader keeps it in flight.
  await insertBulkHistory(base.ds, 30_000);
});
afterAll(() => base?.close());

interface Download {
  /** X-Total-Count: the lines the file has. */
  expected: number;
  /** Reads the rest: the lines received, and whether the response ended properly. */
  finish(): Promise<{ lines: number; complete: boolean }>;
}

/** Starts the history export and stops reading right after the headers, as a slow client does. */
function pausedExport(baseUrl: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}/export/history.ndjson`, { headers: { authorization: `Bearer ${n.tokens.auditor}` }, agent: false }, (res) => {
      expect(res.statusCode).toBe(200);
      res.pause();
      let newlines = 0;
      res.on('data', (chunk: Buffer) => {
        for (const byte of chunk) if (byte === 10) newlines++;
      });
      const ended = new Promise<boolean>((done) => {
        res.once('end', () => done(!res.aborted));
        res.once('error', () => done(false));
        res.once('aborted', () => done(false));
      });
      resolve({
        expected: Number(res.headers['x-total-count']),
        async finish() {
          res.resume();
          const complete = await ended;
          return { lines: newlines, complete };
        },
      });
    });
    req.on('error', reject);
  });
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting until ${what}`);
}

test('a drain refuses new connections at once, lets the export and the upload in flight finish, and answers /ready "draining" meanwhile', async () => {
  const app = await startTestApp({ databaseUrl: base.databaseUrl });
  const download = await pausedExport(app.url);

  // A second client is half-way through sending a GraphQL request (its body is not all there).
  const body = JSON.stringify({ query: '{ claims(first: 1) { totalCount } }' });
  const socket = net.connect(Number(new URL(app.url).port), '127.0.0.1');
  let answers = '';
  socket.on('data', (d) => (answers += d));
  const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
  socket.write(body.slice(0, 10));
  const inFlight = async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    return Number(/^claimledger_http_requests_in_flight (\d+)/m.exec(text)![1]);
  };
  // The export, the half-sent request and this scrape.
  await until(async () => (await inFlight()) >= 3, 'the half-sent request is in flight');

  const closing = app.close();
  await until(() => refused(`${app.url}/health`), 'new connections are refused');

  // The rest of the body, and a readiness check sent on the same connection right behind it.
  socket.write(`${body.slice(10)}GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  await socketClosed;
  expect(answers).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*"totalCount":/);
  const ready = answers.slice(answers.indexOf('HTTP/1.1 503'));
  expect(ready).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
  expect(ready).toMatch(/\r\nConnection: close\r\n/i);
  expect(ready).toMatch(/\{"status":"draining"\}$/);

  const { lines, complete } = await download.finish();
  expect(complete).toBe(true);
  expect(lines).toBe(download.expected);
  await closing;
});

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
  stdout: () => string;
}

/**
 * The real server on this file's database, logging JSON lines at info. Run by node itself: the
 * tsx wrapper relays a signal to its child and SIGKILLs it when no acknowledgement comes within
 * 30 ms, which a loaded machine can miss, and that is not what is tested here.
 */
function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: base.databaseUrl, PORT: '0', LOG_LEVEL: 'info', ...env },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  // 'close', not 'exit': the last log lines may still be in the pipe when the process exits.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /GraphQL API: (http:\/\/[^/\s]+)\/graphql/.exec(out);
      if (m) resolve({ child, base: m[1]!, exited, stdout: () => out });
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before starting:\n${err}`)));
  });
}

const logLines = (s: Server) =>
  s
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string; requests?: { route: string }[] });

test('on SIGTERM a slowly read export finishes in full within SHUTDOWN_GRACE_SECONDS, longer than the old fixed 10 s', async () => {
  const server = await startServer({ SHUTDOWN_GRACE_SECONDS: '60' });
  const download = await pausedExport(server.base);
  let exited = false;
  void server.exited.then(() => (exited = true));

  server.child.kill('SIGTERM');
  await until(() => refused(`${server.base}/health`), 'new connections are refused');
  // The reader stalls past the grace the server used to give.
  await new Promise((r) => setTimeout(r, 11_000));
  expect(exited).toBe(false);

  const { lines, complete } = await download.finish();
  expect(complete).toBe(true);
  expect(lines).toBe(download.expected);
  expect(await server.exited).toBe(0);
  const logged = logLines(server);
  expect(logged.some((l) => l.msg.startsWith('shutting down'))).toBe(true);
  expect(logged.some((l) => l.msg.startsWith('shutdown grace'))).toBe(false);
  expect(logged.some((l) => l.msg === 'stopped cleanly')).toBe(true);
}, 60_000);

test('past SHUTDOWN_GRACE_SECONDS what is still in flight is closed, and the log says what', async () => {
  const server = await startServer({ SHUTDOWN_GRACE_SECONDS: '1' });
  const download = await pausedExport(server.base);

  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);

  const { lines, complete } = await download.finish();
  expect(complete).toBe(false);
  expect(lines).toBeLessThan(download.expected);
  const cut = logLines(server).find((l) => l.msg.startsWith('shutdown grace'))!;
  expect(cut.level).toBe(40);
  expect(cut.msg).toBe('shutdown grace of 1 s is over: closing 1 request(s) still in flight');
  expect(cut.requests).toEqual([expect.objectContaining({ route: '/export/:kind' })]);
}, 60_000);
