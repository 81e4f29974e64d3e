import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { copyStatement, type ExportFormat } from '../server/services/exports';
import { watchRss } from './proc';

/**
 * Issue 5's export benchmark: every history event as CSV and as NDJSON through the HTTP export,
 * against PostgreSQL's own COPY … TO STDOUT of the same rows measured in the same run.
 */
export interface ExportRun {
  format: ExportFormat;
  rows: number;
  megabytes: number;
  seconds: number;
  rowsPerSecond: number;
  copyRowsPerSecond: number;
  ratioToCopy: number;
  serverPeakRssMb: number;
  serverRssBeforeMb: number;
}

export interface ExportFigures {
  events: number;
  runs: ExportRun[];
}

class LineCounter extends Writable {
  lines = 0;
  bytes = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.lines++;
    done();
  }
}

async function directCopy(dbUrl: string, format: ExportFormat): Promise<{ rows: number; seconds: number }> {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const counter = new LineCounter();
    const t0 = process.hrtime.bigint();
    await pipeline(db.query(copyTo(copyStatement('history', format))), counter);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { rows: counter.lines - (format === 'csv' ? 1 : 0), seconds };
  } finally {
    await db.end();
  }
}

async function httpExport(url: string, token: string, format: ExportFormat, pid: number) {
  const rssBefore = watchRss(pid).stop();
  const rss = watchRss(pid, 50);
  const counter = new LineCounter();
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${url}/export/history.${format}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) throw new Error(`export answered ${res.status}`);
  await pipeline(res.body, counter);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rows: counter.lines - (format === 'csv' ? 1 : 0), bytes: counter.bytes, seconds, peak: rss.stop(), before: rssBefore };
}

export async function exportBench(url: string, pid: number, dbUrl: string, auditorToken: string): Promise<ExportFigures> {
  const runs: ExportRun[] = [];
  for (const format of ['csv', 'ndjson'] as const) {
    // Interleaved, best of two each: the first pass also warms PostgreSQL's cache for both.
    const copies = [await directCopy(dbUrl, format)];
    const https = [await httpExport(url, auditorToken, format, pid)];
    copies.push(await directCopy(dbUrl, format));
    https.push(await httpExport(url, auditorToken, format, pid));
    const copy = copies.reduce((a, b) => (a.seconds < b.seconds ? a : b));
    const http = https.reduce((a, b) => (a.seconds < b.seconds ? a : b));
    const rowsPerSecond = http.rows / http.seconds;
    const copyRowsPerSecond = copy.rows / copy.seconds;
    runs.push({
      format,
      rows: http.rows,
      megabytes: http.bytes / 1024 / 1024,
      seconds: http.seconds,
      rowsPerSecond,
      copyRowsPerSecond,
      ratioToCopy: rowsPerSecond / copyRowsPerSecond,
      serverPeakRssMb: Math.max(...https.map((h) => h.peak)) / 1024 / 1024,
      serverRssBeforeMb: http.before / 1024 / 1024,
    });
  }
  return { events: runs[0]!.rows, runs };
}
