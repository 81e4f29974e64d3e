import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { Client } from 'pg';
import pino from 'pino';
import { createDataSource, migrate } from '../server/db/dataSource';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../server/db/embedded';
import { benchSessions, generate, sizes } from './data';
import { exportBench, type ExportFigures } from './exportBench';
import type { LoadPlan, LoadResult, RequestKind } from './load';
import { cpuMs, freePort, median, root, startNode, watchRss, type Started } from './proc';
import { writeReport, type GrowthFigures, type Report, type ScenarioFigures } from './report';
import { QUERIES } from './scenarios';
import { ENGLISH_SEARCHES, OTHER_SEARCHES, SEARCH_TERMS } from './vocabulary';

/**
 * `npm run bench` (about 10 minutes on 2 cores) and `npm run bench -- --quick` (about a minute):
 * generates the data, starts ClaimLedger and the raw-SQL limit server on the same database, drives
 * both from a separate load process, and writes BENCHMARKS.md.
 */
const run = promisify(execFile);

interface Options {
  quick: boolean;
  scale: number;
  rounds: number;
  duration: number;
  warmup: number;
  connections: number;
  growth: boolean;
  exports: boolean;
  only: string[] | null;
  /** Writes a V8 CPU profile of the ClaimLedger server to .data/bench/profiles/. */
  profile: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      scale: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string', default: '16' },
      growth: { type: 'boolean', default: false },
      'no-export': { type: 'boolean', default: false },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick!;
  return {
    quick,
    scale: Number(values.scale ?? (quick ? 0.1 : 1)),
    rounds: Number(values.rounds ?? (quick ? 1 : 3)),
    duration: Number(values.duration ?? (quick ? 3 : 10)),
    warmup: quick ? 1 : 5,
    connections: Number(values.connections),
    growth: values.growth!,
    exports: !values['no-export'],
    only: values.only ? values.only.split(',') : null,
    profile: values.profile!,
  };
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/** A bench database: generated once per scale and reused (.data/bench/), or BENCH_DATABASE_URL. */
async function database(scale: number): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  let url = process.env.BENCH_DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  if (!url) {
    embedded = await startEmbeddedDatabase({
      // The generator's version is in the folder name: a changed generator makes a new database.
      dataDir: path.join(root, '.data', 'bench', `v4-scale-${scale}`),
      port: 0,
      log: pino({ level: 'warn' }),
      postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB'],
    });
    url = embedded.url;
  }
  const ds = createDataSource({ url, poolSize: 2, log: pino({ level: 'warn' }) });
  await ds.initialize();
  const applied = await migrate(ds);
  const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM claims`)) as [{ n: number }];
  if (applied.length && n > 0) {
    // A migration that rebuilt tables over existing data (search postings) leaves their
    // visibility map unset; autovacuum would get to it mid-measurement, as the generator's own
    // VACUUM would have before it.
    log(`applied ${applied.join(', ')} to existing data: VACUUM ANALYZE`);
    await ds.query('VACUUM ANALYZE');
  }
  await ds.destroy();
  if (n === 0) {
    const t0 = Date.now();
    log(`generating data at scale ${scale} (once; kept for the next run)`);
    await generate(url, scale, (m) => log(`  ${m}`));
    log(`generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  return { url, embedded };
}

async function load(plan: LoadPlan): Promise<LoadResult> {
  const file = path.join(os.tmpdir(), `claimledger-load-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(plan));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'load.ts'), file], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(`bench query failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}

async function statementsTotal(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^claimledger_sql_statements_total (\d+)/m.exec(text)?.[1] ?? NaN);
}

/** Everything a scenario sends, prepared from the data (ids, cursors, tokens). */
async function prepare(url: string, dbUrl: string, connections: number) {
  const tokens = await benchSessions(dbUrl);
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  const claimIds = (
    await db.query<{ id: string }>(`SELECT claim_id AS id FROM disputes UNION SELECT id FROM claims WHERE review_status = 'IN_REVIEW' LIMIT 200`)
  ).rows.map((r) => r.id);
  const actors = (await db.query<{ id: string }>(`SELECT id FROM actors ORDER BY name LIMIT 40`)).rows.map((r) => r.id);
  const writable = (
    await db.query<{ id: string; version: number }>(
      `SELECT id, version FROM claims WHERE review_status IN ('DRAFT', 'IN_REVIEW') ORDER BY created_at DESC LIMIT ${connections * 25}`,
    )
  ).rows;
  await db.end();

  // Deep pages: walk each claimant's pages and keep the cursor of the last one.
  const s4: string[] = [];
  for (const a of actors) {
    let after: string | null = null;
    let cursor: string | null = null;
    for (;;) {
      const page: { claims: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await gql(url, QUERIES.s4, { a, after });
      if (!page.claims.pageInfo.hasNextPage) break;
      cursor = after = page.claims.pageInfo.endCursor;
    }
    s4.push(JSON.stringify({ query: QUERIES.s4, variables: { a, after: cursor } }));
  }
  const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
  const matches = async (q: string) =>
    (await gql<{ claims: { totalCount: number } }>(url, `query($q: String!) { claims(filter: { search: $q }) { totalCount } }`, { q })).claims.totalCount;
  let english = 0;
  for (const q of ENGLISH_SEARCHES) english += await matches(q);
  log(`English searches match ${Math.round(english / ENGLISH_SEARCHES.length)} published claims on average`);
  // Each of the others on its own: what a schema finds for them (accents, unspaced Chinese, misspellings) shows here.
  const others: string[] = [];
  for (const q of OTHER_SEARCHES) others.push(`${q}: ${await matches(q)}`);
  log(`other searches match: ${others.join(', ')}`);
  return {
    tokens,
    writable,
    bodies: {
      s1: [body(QUERIES.s1)],
      s2: claimIds.map((id) => body(QUERIES.s2, { id })),
      s3: SEARCH_TERMS.map((q) => body(QUERIES.s3, { q })),
      s4,
    } as Partial<Record<RequestKind, string[]>>,
  };
}

/** The next write scenario starts from the versions the last one left. */
async function refreshVersions(dbUrl: string, claims: { id: string; version: number }[]): Promise<void> {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  const { rows } = await db.query<{ id: string; version: number }>(`SELECT id, version FROM claims WHERE id = ANY($1::uuid[])`, [
    claims.map((c) => c.id),
  ]);
  await db.end();
  const byId = new Map(rows.map((r) => [r.id, r.version]));
  for (const c of claims) c.version = byId.get(c.id) ?? c.version;
}

const SCENARIOS: { id: string; name: string; mix: { kind: RequestKind; weight: number }[] }[] = [
  { id: 's1', name: '1 first page, anonymous', mix: [{ kind: 's1', weight: 100 }] },
  { id: 's2', name: '2 claim by id, editor', mix: [{ kind: 's2', weight: 100 }] },
  { id: 's3', name: '3 full-text search', mix: [{ kind: 's3', weight: 100 }] },
  { id: 's4', name: '4 claimant + verdict, deep cursor', mix: [{ kind: 's4', weight: 100 }] },
  { id: 's5', name: '5 updateClaim, many editors', mix: [{ kind: 's5', weight: 100 }] },
  {
    id: 's6',
    name: '6 mix (70/10/10/5/5)',
    mix: [
      { kind: 's1', weight: 70 },
      { kind: 's2', weight: 10 },
      { kind: 's3', weight: 10 },
      { kind: 's4', weight: 5 },
      { kind: 's5', weight: 5 },
    ],
  },
];

async function main() {
  const opts = options();
  mkdirSync(path.join(root, '.data', 'bench'), { recursive: true });
  const result = await measure(opts, opts.scale);
  // Written now and again with the growth figures: a long run never loses what it measured.
  writeReport({ ...result, growth: null });
  let growth: GrowthFigures | null = null;
  if (opts.growth) {
    // The same two reads on ten times the data: their p50 should stay within 1.5x.
    const bigger = await measure({ ...opts, only: ['s1', 's3'], exports: false }, opts.scale * 10);
    growth = { scale: opts.scale * 10, base: result.figures, bigger: bigger.figures };
    writeReport({ ...result, growth });
  }
}

/** One complete measurement at one data size: its own database, servers and rounds. */
async function measure(opts: Options, scale: number): Promise<Omit<Report, 'growth'>> {
  const db = await database(scale);
  const started: Started[] = [];
  try {
    const clPort = await freePort();
    const rawPort = await freePort();
    const cl = await startNode(
      'server/main.ts',
      {
        DATABASE_URL: db.url,
        PORT: String(clPort),
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'never',
        NODE_ENV: 'production',
        METRICS_ENABLED: 'true',
        // The load comes from one address: quotas stay on (their bookkeeping is measured) but high
        // enough never to refuse it.
        QUOTA_ANONYMOUS_REQUESTS: '1000000000',
        QUOTA_ANONYMOUS_COST: '1000000000000',
      },
      `http://127.0.0.1:${clPort}/ready`,
      opts.profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(root, '.data', 'bench', 'profiles')] : [],
    );
    started.push(cl);
    const raw = await startNode('bench/rawServer.ts', { DATABASE_URL: db.url, PORT: String(rawPort) }, `http://127.0.0.1:${rawPort}/`);
    started.push(raw);
    const clUrl = `http://127.0.0.1:${clPort}`;
    const rawUrl = `http://127.0.0.1:${rawPort}/graphql`;
    const clGraphql = `${clUrl}/graphql`;
    log('preparing requests');
    const prep = await prepare(clUrl, db.url, opts.connections);
    const plan = (mix: LoadPlan['mix'], url: string, seconds: number): LoadPlan => ({
      url,
      connections: opts.connections,
      durationSeconds: seconds,
      mix,
      bodies: prep.bodies,
      tokens: { s2: prep.tokens.editors, s5: prep.tokens.editors },
      writeClaims: prep.writable,
    });

    // SQL statements per request, measured one request at a time so nothing else is counted.
    const statements: Record<string, number> = {};
    for (const kind of ['s1', 's2', 's3', 's4'] as const) {
      const bodies = prep.bodies[kind]!;
      const before = await statementsTotal(clUrl);
      // Every search once (those in other languages, and a fallback's, count too); 20 of the others.
      const count = kind === 's3' ? bodies.length : 20;
      for (let i = 0; i < count; i++) {
        const res = await fetch(`${clUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(kind === 's2' ? { authorization: `Bearer ${prep.tokens.editors[0]}` } : {}) },
          body: bodies[i % bodies.length],
        });
        const json = (await res.json()) as { errors?: unknown };
        if (json.errors) throw new Error(`${kind} answered errors: ${JSON.stringify(json.errors).slice(0, 300)}`);
      }
      statements[kind] = ((await statementsTotal(clUrl)) - before) / count;
    }
    {
      const before = await statementsTotal(clUrl);
      const w = prep.writable[0]!;
      const r = await gql<{ updateClaim: { version: number } }>(
        clUrl,
        `mutation($id: ID!, $v: Int!, $c: String!) { updateClaim(id: $id, expectedVersion: $v, input: { context: $c }) { version } }`,
        // A new value each run: a save that changes nothing is not written, and would count fewer statements.
        { id: w.id, v: w.version, c: `statement count ${Date.now()}` },
        prep.tokens.editors[0],
      );
      w.version = r.updateClaim.version;
      statements.s5 = (await statementsTotal(clUrl)) - before;
      statements.s6 = 0.7 * statements.s1! + 0.1 * statements.s2! + 0.1 * statements.s3! + 0.05 * statements.s4! + 0.05 * statements.s5;
    }

    const chosen = SCENARIOS.filter((s) => !opts.only || opts.only.includes(s.id));
    log(`warm-up ${opts.warmup} s per scenario`);
    await load(plan([{ kind: 's1', weight: 100 }], rawUrl, opts.warmup));
    for (const s of chosen) await load(plan(s.mix, clGraphql, opts.warmup));
    await refreshVersions(db.url, prep.writable);

    const rawRounds: LoadResult[] = [];
    const rawCpuPerRequest: number[] = [];
    const rounds: Record<string, { load: LoadResult; cpuPerRequest: number; peakRss: number; limitRps: number; limitP99: number }[]> = {};
    const touched = new Set<string>();
    for (let r = 1; r <= opts.rounds; r++) {
      log(`round ${r}/${opts.rounds}: raw-SQL limit`);
      const rawCpu0 = cpuMs(raw.pid);
      const limit = await load(plan([{ kind: 's1', weight: 100 }], rawUrl, opts.duration));
      rawCpuPerRequest.push((cpuMs(raw.pid) - rawCpu0) / Math.max(limit.requests, 1));
      rawRounds.push(limit);
      for (const s of chosen) {
        log(`round ${r}/${opts.rounds}: ${s.name}`);
        const cpu0 = cpuMs(cl.pid);
        const rss = watchRss(cl.pid);
        const result = await load(plan(s.mix, clGraphql, opts.duration));
        const peakRss = rss.stop();
        const cpuPerRequest = (cpuMs(cl.pid) - cpu0) / Math.max(result.requests, 1);
        result.touchedClaims.forEach((id) => touched.add(id));
        (rounds[s.id] ??= []).push({ load: result, cpuPerRequest, peakRss, limitRps: limit.rps, limitP99: limit.p99 });
        await refreshVersions(db.url, prep.writable);
      }
    }

    // After the writes: every touched claim's chain must still verify.
    let verified = 0;
    for (const id of touched) {
      const v = await gql<{ verifyHistory: { valid: boolean } }>(clUrl, `query($id: ID!) { verifyHistory(claimId: $id) { valid } }`, { id }, prep.tokens.auditor);
      if (v.verifyHistory.valid) verified++;
    }

    const figures: ScenarioFigures[] = chosen.map((s) => {
      const rs = rounds[s.id]!;
      const rps = median(rs.map((x) => x.load.rps));
      return {
        id: s.id,
        name: s.name,
        rps,
        p50: median(rs.map((x) => x.load.p50)),
        p99: median(rs.map((x) => x.load.p99)),
        ratioRps: median(rs.map((x) => x.load.rps / x.limitRps)),
        ratioP99: median(rs.map((x) => x.load.p99 / x.limitP99)),
        statements: statements[s.id]!,
        cpuMsPerRequest: median(rs.map((x) => x.cpuPerRequest)),
        peakRssMb: Math.max(...rs.map((x) => x.peakRss)) / 1024 / 1024,
        errors: rs.reduce((n, x) => n + x.load.errors + x.load.non2xx, 0),
        acceptedWrites: rs.reduce((n, x) => n + x.load.acceptedWrites, 0),
        refusedWrites: rs.reduce((n, x) => n + x.load.refusedWrites, 0),
        writesPerSecond: median(rs.map((x) => x.load.acceptedWrites / x.load.seconds)),
      };
    });
    const limit = {
      rps: median(rawRounds.map((x) => x.rps)),
      p50: median(rawRounds.map((x) => x.p50)),
      p99: median(rawRounds.map((x) => x.p99)),
      cpuMsPerRequest: median(rawCpuPerRequest),
    };

    let exportFigures: ExportFigures | null = null;
    if (opts.exports) {
      log('export benchmark');
      exportFigures = await exportBench(clUrl, cl.pid, db.url, prep.tokens.auditor);
    }
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const pgVersion = (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    await pg.end();
    return { opts, sizes: sizes(scale), limit, figures, verified, touched: touched.size, exports: exportFigures, pgVersion };
  } finally {
    for (const s of started.reverse()) await s.stop();
    await db.embedded?.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
