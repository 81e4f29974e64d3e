import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';

/**
 * `npm run export -- history --format ndjson --out h.ndjson [--from 2026-01-01] [--claim <id>] …`
 * Downloads an export from a running server (as an auditor or admin). A progress bar (rows, rate,
 * ETA) shows on a terminal; piped or redirected, it stays quiet.
 */
const HELP = `Usage: npm run export -- <claims|history> [options]
  --format csv|ndjson      default ndjson
  --out FILE               default: standard output
  --url URL                server, default http://localhost:4000 (or CLAIMLEDGER_URL)
  --token TOKEN            session token or CLAIMLEDGER_TOKEN; or --email and --password to log in
  --from DATE --to DATE    claims created / events that occurred in [from, to)
  --claim ID               repeatable; --actor ID; --status STATUS (repeatable)`;

async function run() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'ndjson' },
      out: { type: 'string' },
      url: { type: 'string', default: process.env.CLAIMLEDGER_URL ?? 'http://localhost:4000' },
      token: { type: 'string', default: process.env.CLAIMLEDGER_TOKEN },
      email: { type: 'string' },
      password: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      claim: { type: 'string', multiple: true },
      actor: { type: 'string' },
      status: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const kind = positionals[0];
  if (values.help || (kind !== 'claims' && kind !== 'history') || !['csv', 'ndjson'].includes(values.format!)) {
    process.stderr.write(`${HELP}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const base = values.url!.replace(/\/$/, '');
  const token = values.token ?? (values.email && values.password ? await login(base, values.email, values.password) : undefined);
  if (!token) fail('give --token (or CLAIMLEDGER_TOKEN), or --email and --password of an auditor or admin');

  const query = new URLSearchParams();
  for (const key of ['from', 'to', 'actor'] as const) if (values[key]) query.append(key, values[key]!);
  for (const id of values.claim ?? []) query.append('claim', id);
  for (const s of values.status ?? []) query.append('status', s);
  const res = await fetch(`${base}/export/${kind}.${values.format}?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { errors?: { message: string }[] } | null;
    fail(`${res.status}: ${body?.errors?.[0]?.message ?? res.statusText}`);
  }
  const total = Number(res.headers.get('x-total-count') ?? 0);
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  // A bar only for a person watching: when stderr is a terminal and the data goes elsewhere.
  const bar =
    process.stderr.isTTY && (values.out || !process.stdout.isTTY)
      ? new SingleBar({ format: '{bar} {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}', etaBuffer: 50 })
      : null;
  let rows = values.format === 'csv' ? -1 : 0; // the CSV header is not a row
  const started = Date.now();
  bar?.start(total, 0, { rate: 0 });
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
      bar?.update(Math.min(rows, total), { rate: Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001)) });
      done(null, chunk);
    },
  });
  await pipeline(res.body, counter, out);
  bar?.update(total);
  bar?.stop();
  if (values.out) process.stderr.write(`${values.out}: ${kind} export, ${total} rows\n`);
}

async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: email, p: password } }),
  });
  const body = (await res.json()) as { data?: { login: { token: string } }; errors?: { message: string }[] };
  if (!body.data) fail(`login failed: ${body.errors?.[0]?.message ?? res.status}`);
  return body.data.login.token;
}

function fail(message: string): never {
  process.stderr.write(`export: ${message}\n`);
  process.exit(1);
}

run().catch((err) => fail(err instanceof Error ? err.message : String(err)));
