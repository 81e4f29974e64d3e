import v8 from 'node:v8';
import vm from 'node:vm';
import { TEST_POOL_SIZE } from '../helpers/app';
import { insertBulkHistory } from '../fixtures/bulkHistory';
import { useNewsroom } from '../helpers/useApp';

/**
 * Exports stream: 200,000 history events go out through COPY while the server's retained memory
 * stays flat, and a download cut off half-way leaves no COPY running and no connection lost.
 * The events are bulk-generated (they need not hash-verify here); about 140 MB of NDJSON.
 */

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const EVENTS = 200_000;
const MB = 1024 * 1024;

// 140 MB through a real socket: on a busy 2-core machine that alone can take a minute. A bound
// against hanging, not a speed assertion.
jest.setTimeout(180_000);

const { app, n } = useNewsroom();

beforeAll(async () => {
  await insertBulkHistory(app.ds, EVENTS, 'bulk:memory-test');
});

const auth = () => ({ authorization: `Bearer ${n.tokens.auditor}` });

/** Retained memory of this process (the server runs in it), after a full collection: JS heap, and heap plus buffers. */
function retained(): { heap: number; all: number } {
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, all: m.heapUsed + m.external };
}

/** COPY statements the database is running for this test's database right now. */
async function runningCopies(): Promise<number> {
  const [row] = await app.ds.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND state <> 'idle' AND query ILIKE 'COPY%' AND pid <> pg_backend_pid()`,
  );
  return row.n as number;
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting until ${what}`);
}

interface Measured {
  bytes: number;
  lines: number;
  /** Largest growth of the retained JS heap over its baseline while the export streamed. */
  heapGrowth: number;
  /** The same for heap plus buffers (external memory). */
  allGrowth: number;
}

/**
 * Downloads the whole history export, sampling retained memory every 4 MB. `keep` is the control:
 * it holds on to every line as text, as a server that buffered the export before sending would.
 */
async function measuredExport(keep = false): Promise<Measured> {
  const kept: string[] = [];
  const decoder = new TextDecoder();
  const baseline = retained();
  const res = await fetch(`${app.url}/export/history.ndjson`, { headers: auth() });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const m: Measured = { bytes: 0, lines: 0, heapGrowth: 0, allGrowth: 0 };
  const sample = () => {
    const now = retained();
    m.heapGrowth = Math.max(m.heapGrowth, now.heap - baseline.heap);
    m.allGrowth = Math.max(m.allGrowth, now.all - baseline.all);
  };
  let nextSample = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    m.bytes += value.byteLength;
    for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) m.lines++;
    if (keep) kept.push(decoder.decode(value, { stream: true }));
    if (m.bytes >= nextSample) {
      sample();
      nextSample += 4 * MB;
    }
  }
  sample();
  kept.length = 0;
  return m;
}

test('exporting 200,000 history events keeps the server’s memory flat: growth stays a small fraction of the bytes sent', async () => {
  const expectedLines = Number((await app.ds.query('SELECT count(*)::int AS n FROM history_events'))[0].n);
  expect(expectedLines).toBeGreaterThan(EVENTS);

  const streamed = await measuredExport();
  expect(streamed.lines).toBe(expectedLines);
  // Large enough that holding the export in memory could not hide under the bound below.
  expect(streamed.bytes).toBeGreaterThan(120 * MB);
  expect(streamed.heapGrowth).toBeLessThan(streamed.bytes / 16);
  // Buffers in flight (sockets, stream queues) come and go; they never approach the export's size.
  expect(streamed.allGrowth).toBeLessThan(streamed.bytes / 2);

  // The control: the same measurement, holding the export in memory, sees all of it.
  const buffered = await measuredExport(true);
  expect(buffered.bytes).toBe(streamed.bytes);
  expect(buffered.heapGrowth).toBeGreaterThan(buffered.bytes * 0.8);
});

test('an interrupted download leaves no COPY running, loses no connection, and the server keeps answering', async () => {
  const controller = new AbortController();
  const res = await fetch(`${app.url}/export/history.csv`, { headers: auth(), signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let received = 0;
  while (received < 1 * MB) received += (await reader.read()).value!.byteLength;
  // Mid-stream: the export's COPY is running (and waiting for us to read on).
  expect(await runningCopies()).toBe(1);
  controller.abort();
  await until(async () => (await runningCopies()) === 0, 'the interrupted COPY ended');

  // More interrupted downloads than the server's pool has connections: none may be lost.
  for (let i = 0; i < 30; i++) {
    const c = new AbortController();
    const r = await fetch(`${app.url}/export/history.ndjson`, { headers: auth(), signal: c.signal });
    await r.body!.getReader().read();
    c.abort();
  }
  await until(async () => (await runningCopies()) === 0, 'every interrupted COPY ended');
  const [{ n: backends }] = await app.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`);
  expect(backends).toBeLessThanOrEqual(TEST_POOL_SIZE);

  expect((await fetch(`${app.url}/health`)).status).toBe(200);
  const { claims } = await app.ok<{ claims: { totalCount: number } }>(`{ claims { totalCount } }`, {}, n.tokens.auditor);
  expect(claims.totalCount).toBe(0);
  const complete = await fetch(`${app.url}/export/history.ndjson?from=2000-01-01`, { headers: auth() });
  const text = await complete.text();
  expect(text.split('\n').filter(Boolean)).toHaveLength(Number(complete.headers.get('x-total-count')));
  expect(Number(complete.headers.get('x-total-count'))).toBeGreaterThan(EVENTS);
});
