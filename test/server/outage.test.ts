import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createDataSource, migrate } from '../../server/db/dataSource';
import { claimIn, newsroom, PASSWORD, type Newsroom } from '../fixtures/newsroom';
import { startTestApp, TEST_POOL_SIZE, type TestApp } from '../helpers/app';
import { startCluster, type Cluster } from '../helpers/cluster';
import { htmlProblems } from '../helpers/publicPages';

/**
 * A database outage under load. The test runs its own PostgreSQL cluster, kills its postmaster
 * (SIGKILL, as a crash or the OOM killer would) while clients keep calling every path, and starts
 * it again: meanwhile each path answers 503 with Retry-After — SERVICE_UNAVAILABLE for the API,
 * an HTML page for the public pages, plain text for the Atom feed — and never
 * INTERNAL_SERVER_ERROR, the outage is logged once, and the server recovers by itself.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'claimledger-outage-'));
const dataDir = path.join(dir, 'pg');
const quiet = pino({ level: 'silent' });

/** Every line the server logs, parsed. */
const logged: { level: number; msg: string; downForSeconds?: number }[] = [];
const log = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line));
      done();
    },
  }),
);

let cluster: Cluster;
let app: TestApp;
let n: Newsroom;
/** A published claim, whose public page readers keep opening. */
let published: string;

beforeAll(async () => {
  cluster = await startCluster(dataDir);
  const ds = createDataSource({ url: cluster.url, poolSize: 2, log: quiet });
  await ds.initialize();
  await migrate(ds);
  await ds.destroy();
  app = await startTestApp({ databaseUrl: cluster.url, log });
  n = await newsroom(app);
  published = (await claimIn(app, n, 'PUBLISHED')).id;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Outcome {
  status: number;
  code?: string;
  retryAfter: string | null;
  /** The body ended early (only possible for a download the kill cut after its headers). */
  cut?: boolean;
  /** Content-Type and Cache-Control of an error that is not the API's JSON, and a page's heading. */
  type?: string | null;
  cache?: string | null;
  heading?: string;
}

/** The public pages, read by people: an outage is a page for them, not JSON. */
const PAGES = new Set(['public page', 'public index']);
const UNAVAILABLE_HEADING = 'The fact checks are unavailable for a moment';
/** The first 503 page seen, validated once the load is over. */
let unavailablePage: string | undefined;

/** One request per path a client may take; each returns what the client saw. */
function paths(): Record<string, () => Promise<Outcome>> {
  const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) => async (): Promise<Outcome> => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: { extensions: { code: string } }[] };
    return { status: res.status, code: body.errors?.[0]?.extensions.code, retryAfter: res.headers.get('retry-after') };
  };
  const get = (url: string, token?: string) => async (): Promise<Outcome> => {
    const res = await fetch(`${app.url}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    let text: string;
    try {
      text = await res.text();
    } catch {
      return { status: res.status, retryAfter: res.headers.get('retry-after'), cut: true };
    }
    const retryAfter = res.headers.get('retry-after');
    if (res.status >= 400 && !text.startsWith('{')) {
      const heading = /<h1>([^<]*)<\/h1>/.exec(text)?.[1];
      if (res.status === 503 && heading) unavailablePage ??= text;
      return { status: res.status, retryAfter, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), ...(heading ? { heading } : {}) };
    }
    const code = res.status >= 400 && text.startsWith('{"errors"') ? (JSON.parse(text) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code : undefined;
    return { status: res.status, code, retryAfter };
  };
  return {
    // Answered by the public fast path (one JSON-building statement).
    'anonymous claims (fast path)': gql(`query PublicClaims { claims(first: 5) { totalCount edges { node { id text verdict } } } }`),
    'anonymous read (resolvers)': gql(`{ actors(first: 5) { totalCount edges { node { name } } } }`),
    'staff read': gql(`{ claims(first: 5) { totalCount edges { node { id reviewStatus } } } }`, {}, n.tokens.editor),
    login: gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: 'auditor@newsroom.test', p: PASSWORD }),
    mutation: gql(`mutation { createClaim(input: { text: "Written while the database may be down." }) { id } }`, {}, n.tokens.checker),
    export: get('/export/history.ndjson', n.tokens.auditor),
    'ClaimReview feed': get('/claimreview.jsonld'),
    'ClaimReview document': get('/claimreview/7d4f1c52-9a8e-4c3b-8f7e-0d9a6b5c4e21.jsonld'),
    'public page': get(`/claims/${published}`),
    'public index': get('/claims?q=claim'),
    'Atom feed': get('/claims/feed.atom'),
    ready: get('/ready'),
  };
}

// A GraphQL error answered with 200 is no success.
const succeeded = (o: Outcome) => (o.status === 200 && o.code === undefined) || (o.status === 404 && o.code === 'NOT_FOUND');
const unavailable = (o: Outcome, name: string) =>
  o.status === 503 &&
  o.retryAfter === '5' &&
  (name === 'ready' ||
    (PAGES.has(name)
      ? o.type === 'text/html; charset=utf-8' && o.cache === 'no-store' && o.heading === UNAVAILABLE_HEADING
      : name === 'Atom feed'
        ? o.type === 'text/plain; charset=utf-8' && o.cache === 'no-store'
        : o.code === 'SERVICE_UNAVAILABLE'));

interface Seen {
  path: string;
  outcome: Outcome;
  /** When the call was made and when its answer was complete. */
  started: number;
  at: number;
}

/** How often each path gave each answer (for failure messages). */
function tally(seen: Seen[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const s of seen) {
    const key = JSON.stringify(s.outcome);
    (out[s.path] ??= {})[key] = (out[s.path]![key] ?? 0) + 1;
  }
  return out;
}

/**
 * Clients calling every path in turn, a few at once, with a short pause between calls (bounded:
 * at most `limit` calls each) until `stop()`; what each path answered is kept, in order.
 */
function load(clients = 3, limit = 4000) {
  const seen: Seen[] = [];
  let running = true;
  const all = Object.entries(paths());
  const done = Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; running && i < limit; i++) {
        const [name, call] = all[(i + c * 3) % all.length]!;
        const started = Date.now();
        seen.push({ path: name, outcome: await call(), started, at: Date.now() });
        await new Promise((r) => setTimeout(r, 5));
      }
    }),
  );
  return {
    seen,
    async stop() {
      running = false;
      await done;
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting until ${what}`);
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

test('with the postmaster killed under load every path answers 503 with Retry-After (SERVICE_UNAVAILABLE, or a page for readers), and the server recovers by itself', async () => {
  const names = Object.keys(paths());
  const traffic = load();
  try {
    await until(() => names.every((name) => traffic.seen.some((s) => s.path === name)), 'every path was called');
    const before = traffic.seen.length;
    expect(traffic.seen.filter((s) => !succeeded(s.outcome))).toEqual([]);
    expect(await metric('claimledger_database_reachable')).toBe(1);

    const killedAt = Date.now();
    cluster.killPostmaster();
    await until(
      () => names.every((name) => traffic.seen.some((s) => s.path === name && s.at > killedAt && unavailable(s.outcome, name))),
      'every path answered 503',
    ).catch((e: Error) => {
      throw new Error(`${e.message}; answers since the kill: ${JSON.stringify(tally(traffic.seen.filter((s) => s.at > killedAt)))}`);
    });
    expect(await metric('claimledger_database_reachable')).toBe(0);
    expect(await metric('claimledger_database_outages_total')).toBe(1);

    await cluster.stop();
    cluster = await startCluster(dataDir, cluster.port);
    // No restart of the server: the pool opens new connections as requests ask for them.
    await until(async () => (await fetch(`${app.url}/ready`)).status === 200, '/ready says the database is back');
    const recoveredAt = Date.now();
    await until(
      () => names.every((name) => traffic.seen.some((s) => s.path === name && s.at > recoveredAt && succeeded(s.outcome))),
      'every path succeeded again',
    );
    await traffic.stop();

    // Throughout: the outage answered as an outage, never as a bug.
    const during = traffic.seen.slice(before);
    const wrong = during.filter((s) => !succeeded(s.outcome) && !unavailable(s.outcome, s.path) && !(s.path === 'export' && s.outcome.cut));
    expect(wrong).toEqual([]);
    expect(during.filter((s) => s.outcome.code === 'INTERNAL_SERVER_ERROR' || s.outcome.status === 500)).toEqual([]);
    // Once the database is back, nothing fails (no dead pooled connection is handed out).
    expect(during.filter((s) => s.started > recoveredAt && !succeeded(s.outcome))).toEqual([]);
    // A reader's browser got a page in the site's frame, not JSON.
    expect(unavailablePage).toMatch(/^<!DOCTYPE html>\n<html lang="en" dir="ltr">[\s\S]*<meta name="robots" content="noindex">/);
    expect(unavailablePage).not.toMatch(/<script/);
    expect(await htmlProblems(unavailablePage!)).toEqual([]);
  } finally {
    await traffic.stop();
  }

  // More requests at once than the pool has connections: all served on fresh connections.
  const staff = paths()['staff read']!;
  const burst = await Promise.all(Array.from({ length: TEST_POOL_SIZE * 2 }, () => staff()));
  expect(burst.filter((o) => !succeeded(o))).toEqual([]);

  await until(async () => (await metric('claimledger_database_reachable')) === 1, 'the metric shows the database reachable');
  // Logged once per outage, not once per request, and never as an error.
  const warnings = logged.filter((l) => l.level === 40).map((l) => l.msg);
  expect(warnings.filter((m) => m.startsWith('database unreachable'))).toHaveLength(1);
  expect(warnings.filter((m) => m === 'database reachable again')).toHaveLength(1);
  expect(logged.find((l) => l.msg === 'database reachable again')!.downForSeconds).toBeGreaterThan(0);
  expect(logged.filter((l) => l.level >= 50)).toEqual([]);
  expect(logged.filter((l) => l.msg === 'database still unreachable').length).toBeGreaterThan(0);
}, 120_000);
