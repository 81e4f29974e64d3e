import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sizes } from './data';
import type { ExportFigures } from './exportBench';
import { root } from './proc';

export interface ScenarioFigures {
  id: string;
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ratioRps: number;
  ratioP99: number;
  statements: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  errors: number;
  acceptedWrites: number;
  refusedWrites: number;
  writesPerSecond: number;
}

export interface GrowthFigures {
  scale: number;
  base: ScenarioFigures[];
  bigger: ScenarioFigures[];
}

export interface Report {
  opts: { quick: boolean; scale: number; rounds: number; duration: number; connections: number };
  sizes: Sizes;
  limit: { rps: number; p50: number; p99: number; cpuMsPerRequest: number };
  figures: ScenarioFigures[];
  verified: number;
  touched: number;
  exports: ExportFigures | null;
  pgVersion: string;
  growth: GrowthFigures | null;
}

const sizes10 = (s: Sizes, factor: number) => s.claims * factor;
const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

/** Prints the table and writes the measured section of BENCHMARKS.md (the prose around it is kept). */
export function writeReport(r: Report): void {
  const lines: string[] = [];
  const cpu = os.cpus();
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu.length} × ${cpu[0]?.model.trim()}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${r.pgVersion} (embedded), ` +
      `scale ${r.opts.scale}: ${f0(r.sizes.claims)} claims, ${f0(r.sizes.actors)} actors, ${f0(r.sizes.sources)} sources, ` +
      `${f0(r.sizes.claims * r.sizes.evidencePerClaim)} evidence, ${f0(r.sizes.claims * r.sizes.eventsPerClaim)} history events. ` +
      `${r.opts.connections} connections, ${r.opts.rounds} interleaved round(s) of ${r.opts.duration} s, medians. ` +
      `Command: \`npm run bench${r.opts.quick ? ' -- --quick' : ''}\`.`,
    '',
    `Raw-SQL limit (scenario 1, one hand-written statement, bare Node HTTP): **${f0(r.limit.rps)} requests/s**, p50 ${f1(r.limit.p50)} ms, p99 ${f1(r.limit.p99)} ms, server CPU ${f2(r.limit.cpuMsPerRequest)} ms/request.`,
    '',
    '| scenario | requests/s | × limit | p50 ms | p99 ms | p99 × limit | SQL/request | server CPU ms/request | server peak RSS MB | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const s of r.figures) {
    lines.push(
      `| ${s.name} | ${f0(s.rps)} | ${f2(s.ratioRps)} | ${f1(s.p50)} | ${f1(s.p99)} | ${f2(s.ratioP99)} | ${f2(s.statements)} | ${f2(s.cpuMsPerRequest)} | ${f0(s.peakRssMb)} | ${s.errors} |`,
    );
  }
  const writes = r.figures.find((s) => s.id === 's5');
  if (writes) {
    lines.push(
      '',
      `Writes (scenario 5): ${f0(writes.writesPerSecond)} accepted updates/s, ${f0(writes.acceptedWrites)} accepted and ` +
        `${f0(writes.refusedWrites)} refused over all rounds; afterwards verifyHistory passed on ${r.verified} of ${r.touched} touched claims.`,
    );
  }
  if (r.exports) {
    lines.push(
      '',
      `Export of all ${f0(r.exports.events)} history events through \`/export/history.*\` against \`COPY … TO STDOUT\` of the same rows:`,
      '',
      '| format | rows/s | COPY rows/s | × COPY | MB | server RSS before → peak MB |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const e of r.exports.runs) {
      lines.push(`| ${e.format} | ${f0(e.rowsPerSecond)} | ${f0(e.copyRowsPerSecond)} | ${f2(e.ratioToCopy)} | ${f0(e.megabytes)} | ${f0(e.serverRssBeforeMb)} → ${f0(e.serverPeakRssMb)} |`);
    }
  }
  if (r.growth) {
    const g = r.growth;
    lines.push(
      '',
      `Growth: the same reads on ${g.scale / r.opts.scale} × the data (${f0(sizes10(r.sizes, g.scale / r.opts.scale))} claims):`,
      '',
      '| scenario | p50 ms | p50 ms at 10 × | ratio | requests/s | requests/s at 10 × |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const big of g.bigger) {
      const base = g.base.find((b) => b.id === big.id);
      if (!base) continue;
      lines.push(`| ${big.name} | ${f1(base.p50)} | ${f1(big.p50)} | ${f2(big.p50 / base.p50)} | ${f0(base.rps)} | ${f0(big.rps)} |`);
    }
  }
  const table = lines.join('\n');
  process.stdout.write(`\n${table}\n`);

  const file = path.join(root, 'BENCHMARKS.md');
  const section = r.opts.quick ? 'QUICK' : 'FULL';
  let doc: string;
  try {
    doc = readFileSync(file, 'utf8');
  } catch {
    doc = `# Benchmarks\n\n<!-- FULL:BEGIN -->\n<!-- FULL:END -->\n\n<!-- QUICK:BEGIN -->\n<!-- QUICK:END -->\n`;
  }
  const begin = `<!-- ${section}:BEGIN -->`;
  const end = `<!-- ${section}:END -->`;
  if (doc.includes(begin) && doc.includes(end)) {
    doc = doc.slice(0, doc.indexOf(begin) + begin.length) + `\n${table}\n` + doc.slice(doc.indexOf(end));
    writeFileSync(file, doc);
  }
}
