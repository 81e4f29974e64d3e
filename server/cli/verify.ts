import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ExportVerifier, parseHeadList, type Head } from '../domain/exportVerification';

/**
 * `npm run verify -- history.ndjson [--since heads.json] [--expect-digest HEX] [--heads-out FILE]`
 * Checks an NDJSON history export offline, trusting nothing but the file and the published
 * algorithm (docs/export-verification.md). Exits 0 when every check passes, 1 otherwise.
 */
const HELP = `Usage: npm run verify -- <history.ndjson> [options]
  --since FILE           heads of an earlier export (from --heads-out): prove history only grew
  --expect-digest HEX    the digest recorded for that earlier export (checks the --since file)
  --heads-out FILE       write this export's heads and digest, for the next comparison
  --filtered             the export was filtered (?from, ?claim …): chains may start mid-way
  --quiet                print only the summary, not each chain's head`;

async function run(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      since: { type: 'string' },
      'expect-digest': { type: 'string' },
      'heads-out': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      filtered: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const file = positionals[0];
  if (values.help || !file) {
    process.stderr.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  let since: Head[] | undefined;
  if (values.since) {
    const earlier = parseHeadList(readFileSync(values.since, 'utf8'));
    if (values['expect-digest'] && values['expect-digest'] !== earlier.digest) {
      process.stdout.write(`FAIL ${values.since}: its digest is ${earlier.digest}, not the expected ${values['expect-digest']}\n`);
      return 1;
    }
    since = earlier.heads;
  } else if (values['expect-digest']) {
    process.stderr.write('verify: --expect-digest checks the head list given with --since\n');
    return 2;
  }

  const verifier = new ExportVerifier(since, values.filtered);
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!verifier.addLine(line)) break;
  }
  lines.close();
  const problem = verifier.finish();
  if (problem) {
    const where = problem.line !== null ? `line ${problem.line}` : 'end of file';
    const what = problem.chain ? ` (${problem.chain}${problem.seq !== null ? ` #${problem.seq}` : ''})` : '';
    process.stdout.write(`FAIL ${file} ${where}${what}: ${problem.reason} — ${problem.message}\n`);
    return 1;
  }
  const list = verifier.headList();
  if (!values.quiet) {
    for (const h of list.heads) process.stdout.write(`${h.chain} #${h.seq} ${h.hash}\n`);
  }
  if (values['heads-out']) writeFileSync(values['heads-out'], `${JSON.stringify(list, null, 2)}\n`);
  const partial = verifier.partialChains.size
    ? ` (${verifier.partialChains.size} chains start mid-way, as filtered exports do; their earlier events were not checked)`
    : '';
  process.stdout.write(
    `OK ${file}: ${verifier.events} events in ${list.heads.length} chains verified${partial}` +
      (since ? `; every chain of the earlier export is still there, unchanged: history only grew` : '') +
      `\ndigest ${list.digest}\n`,
  );
  return 0;
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`verify: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
