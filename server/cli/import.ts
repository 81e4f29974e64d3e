import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { parseReviewDocument } from '../domain/claimReview';
import { openDatabase } from '../db/connect';
import { createLogger } from '../logger';
import { createServices } from '../services';

/**
 * `npm run import -- reviews.jsonld` (or an https:// feed address): imports ClaimReview JSON-LD
 * into the configured database. Reports what was created, skipped (imported before) and what
 * failed and why; exits 1 when anything failed (the good reviews are imported all the same).
 */
async function run(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const origin = positionals[0];
  if (!origin) {
    process.stderr.write('Usage: npm run import -- <file.jsonld | https://feed address>\n');
    return 2;
  }
  // A feed address is read page by page, following Link: <…>; rel="next" (as /claimreview.jsonld pages).
  const pages: unknown[] = [];
  const seen = new Set<string>();
  for (let location: string | null = origin; location !== null && !seen.has(location); ) {
    seen.add(location);
    const page = await readPage(location);
    try {
      pages.push(parseReviewDocument(page.text));
    } catch {
      process.stderr.write(`import: ${location} is not valid JSON\n`);
      return 1;
    }
    location = page.next;
  }
  const document = pages.length === 1 ? pages[0] : pages;
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  // Next to a running server, on its embedded database; otherwise on a cluster of its own.
  const db = await openDatabase(config, log, { joinRunning: true, role: 'import' });
  try {
    const services = createServices(db.ds, config);
    const report = await services.claimReviews.import({ userId: null, label: `import (${origin})` }, document, origin);
    process.stdout.write(`${origin}: ${report.created} created, ${report.skipped} already imported, ${report.failed.length} failed\n`);
    for (const f of report.failed) process.stdout.write(`  item ${f.index}${f.url ? ` (${f.url})` : ''}: ${f.reason}\n`);
    return report.failed.length ? 1 : 0;
  } finally {
    await db.close();
  }
}

/** A file, or one page of a feed and the address of the next page (null on the last). */
async function readPage(location: string): Promise<{ text: string; next: string | null }> {
  if (!/^https?:\/\//.test(location)) return { text: readFileSync(location, 'utf8'), next: null };
  const res = await fetch(location);
  if (!res.ok) throw new Error(`${location} answered ${res.status} ${res.statusText}`);
  const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '');
  return { text: await res.text(), next: link ? new URL(link[1]!, location).toString() : null };
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`import: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
