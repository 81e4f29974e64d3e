import { accessSync, constants, createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CheckpointLogChecker, extensionProblem } from '../domain/checkpoint';
import { nodeCheckpointCrypto, readPublishedKey, type PublishedKey } from '../domain/checkpointCrypto';
import { headListProblem, type Head, type HeadList } from '../domain/exportRecord';
import { ExportVerifier, type EarlierLine, type ExportProblem, type VerifyOptions } from '../domain/exportVerification';

/**
 * `npm run verify`: checks a history export, head lists and checkpoint logs offline, trusting
 * nothing but the files and docs/history-verification.md, which specifies every check, what is
 * printed and the exit status (0 verified, 1 a check failed, 2 a usage error or unreadable file).
 * A function of its arguments so the test vectors run through exactly this code.
 */
export const HELP = `Usage: npm run verify -- <history.ndjson> [options]
       npm run verify -- --checkpoints <log.ndjson> [<later-log.ndjson>] --public-key <key.json>
  --filtered               the export was filtered (?from, ?claim …): chains may start mid-way
  --since FILE             heads of an earlier export (from --heads-out): prove history only grew
  --since-export FILE      the earlier export itself: the same proof, naming the first changed event
  --expect-digest HEX      the digest you recorded for that earlier export (without it, --since proves nothing)
  --checkpoint FILE        signed checkpoints (lines of /checkpoints.ndjson) the export must match
  --public-key FILE        the key you trust that signed the log's first checkpoint, as /checkpoints/public-key
                           serves it (later keys are followed through the log's rotation checkpoints)
  --checkpoints            check checkpoint logs instead of an export; with two, that the second extends the first
  --heads-out FILE         write this export's heads and digest, for the next comparison
  --quiet                  print only the summary, not each chain's head`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends Error {}

/** A failed check: the line printed and exit status 1. */
class Failure extends Error {}

interface Line {
  bytes: Uint8Array;
  terminated: boolean;
}

/** The lines of a file as bytes, split at LF only; the last one may lack its LF. */
async function* linesOf(file: string): AsyncGenerator<Line> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let lf: number;
    while ((lf = data.indexOf(0x0a)) !== -1) {
      yield { bytes: data.subarray(0, lf), terminated: true };
      data = data.subarray(lf + 1);
    }
    rest = Buffer.from(data);
  }
  if (rest.length) yield { bytes: rest, terminated: false };
}

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${option}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Fails with a usage error when a file cannot be read, before any check runs. */
function readable(file: string, option: string): string {
  try {
    accessSync(file, constants.R_OK);
    if (!statSync(file).isFile()) throw Object.assign(new Error(), { code: 'not a file' });
  } catch (err) {
    throw new UsageError(`${option}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return file;
}

function failLine(file: string, line: number | null, subject: string | null, reason: string, message: string): string {
  const where = line === null ? ' end of file' : ` line ${line}`;
  return `FAIL ${file}${where}${subject ? ` (${subject})` : ''}: ${reason} — ${message}\n`;
}

const exportSubject = (p: ExportProblem) => (p.chain ? `${p.chain}${p.seq !== null ? ` #${p.seq}` : ''}` : null);

export async function verifyCommand(argv: string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof Failure) {
      io.out(err.message);
      return 1;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`verify: ${(err as Error).message}\n${HELP}\n`);
      return 2;
    }
    throw err;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      since: { type: 'string' },
      'since-export': { type: 'string' },
      'expect-digest': { type: 'string' },
      checkpoint: { type: 'string' },
      checkpoints: { type: 'boolean', default: false },
      'public-key': { type: 'string' },
      'heads-out': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      filtered: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(`${HELP}\n`);
    return 0;
  }
  const key = values['public-key'] ? loadKey(values['public-key']) : null;

  if (values.checkpoints) {
    const others = ['since', 'since-export', 'expect-digest', 'checkpoint', 'heads-out'] as const;
    if (others.some((o) => values[o] !== undefined) || values.filtered) throw new UsageError('--checkpoints takes only log files and --public-key');
    if (positionals.length < 1 || positionals.length > 2) throw new UsageError('--checkpoints takes one log, or an earlier and a later log');
    if (!key) throw new UsageError('--checkpoints needs --public-key: a signature proves nothing without the key you trust');
    return verifyLogs(positionals.map((f) => readable(f, 'log')), key, io);
  }

  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give one export file' : 'give the export file to verify');
  const file = readable(positionals[0]!, 'export');
  const expected = values['expect-digest'];
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) throw new UsageError('--expect-digest: a digest is 64 lowercase hexadecimal digits');
  if (values.since && values['since-export']) throw new UsageError('give --since or --since-export, not both');
  if (expected !== undefined && !values.since && !values['since-export']) throw new UsageError('--expect-digest checks the earlier export given with --since or --since-export');
  if (values.filtered && (values.since || values['since-export'] || values.checkpoint)) {
    throw new UsageError('--since, --since-export and --checkpoint need an unfiltered export: a filtered one cannot prove that nothing is missing');
  }
  if (values.checkpoint && !key) throw new UsageError('--checkpoint needs --public-key: a signature proves nothing without the key you trust');
  if (key && !values.checkpoint) throw new UsageError('--public-key goes with --checkpoint or --checkpoints');

  const opts: VerifyOptions = { filtered: values.filtered };
  let checkpointNote = '';
  if (values.checkpoint) {
    const log = await checkLog(readable(values.checkpoint, '--checkpoint'), key!);
    opts.checkpoints = log.checkpoints;
    const [first, last] = [log.checkpoints[0]!, log.checkpoints[log.checkpoints.length - 1]!];
    checkpointNote = `; it matches checkpoint${first === last ? ` #${first.seq}` : `s #${first.seq} to #${last.seq}`}, ${signedBy(log)}`;
  }
  let earlierFile: string | null = null;
  if (values.since) {
    opts.since = loadHeads(values.since, expected);
  } else if (values['since-export']) {
    earlierFile = readable(values['since-export'], '--since-export');
    const earlier = await verifyExport(earlierFile, {}, null);
    if (expected !== undefined && earlier.headList().digest !== expected) {
      throw new Failure(`FAIL ${earlierFile}: DIGEST_MISMATCH — its digest is ${earlier.headList().digest}, not the expected ${expected}\n`);
    }
  }
  if ((values.since || values['since-export']) && expected === undefined) {
    io.err(
      'WARNING SINCE_WITHOUT_DIGEST: without --expect-digest this proves nothing: whoever can edit the earlier file can make any export pass. Give the digest you recorded elsewhere.\n',
    );
  }

  const verifier = await verifyExport(file, opts, earlierFile);
  const list = verifier.headList();
  if (!values.quiet) for (const h of list.heads) io.out(`${h.chain} #${h.seq} ${h.hash}\n`);
  if (values['heads-out']) writeFileSync(values['heads-out'], `${JSON.stringify(list, null, 2)}\n`);
  const notes = [
    verifier.partialChains.size ? `${verifier.partialChains.size} chains start mid-way, as filtered exports do; their earlier events were not checked` : '',
    verifier.legacyEvents ? `the first ${verifier.legacyEvents} events predate global positions: their order across chains is not covered by their hashes` : '',
    values.since || values['since-export'] ? 'every event of the earlier export is still there, unchanged: history only grew' : '',
  ].filter(Boolean);
  io.out(`OK ${file}: ${verifier.events} events in ${list.heads.length} chains verified${notes.map((n) => `; ${n}`).join('')}${checkpointNote}\ndigest ${list.digest}\n`);
  return 0;
}

function loadKey(file: string): PublishedKey {
  const text = readText(file, '--public-key');
  try {
    return readPublishedKey(JSON.parse(text));
  } catch (err) {
    throw new UsageError(`--public-key: ${file}: ${(err as Error).message}`);
  }
}

/** A head list the auditor kept: it must be intact, and the one whose digest they recorded. */
function loadHeads(file: string, expected: string | undefined): Head[] {
  let value: unknown;
  try {
    value = JSON.parse(readText(file, '--since'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new Failure(`FAIL ${file}: HEADS_INVALID — not valid JSON\n`);
  }
  const problem = headListProblem(value);
  if (problem) throw new Failure(`FAIL ${file}: HEADS_INVALID — ${problem}\n`);
  const list = value as HeadList;
  if (expected !== undefined && list.digest !== expected) throw new Failure(`FAIL ${file}: DIGEST_MISMATCH — its digest is ${list.digest}, not the expected ${expected}\n`);
  return list.heads;
}

/** Verifies an export; with `earlierFile`, line by line against that earlier (already verified) export. */
async function verifyExport(file: string, opts: VerifyOptions, earlierFile: string | null): Promise<ExportVerifier> {
  const verifier = new ExportVerifier(opts);
  const earlier = earlierFile ? linesOf(earlierFile) : null;
  let earlierLine = 0;
  let left: EarlierLine | null = null;
  for await (const line of linesOf(file)) {
    let before;
    if (earlier) {
      const next = await earlier.next();
      if (!next.done) {
        earlierLine++;
        const e = JSON.parse(Buffer.from(next.value.bytes).toString('utf8')) as { chain: string; seq: number };
        before = { bytes: next.value.bytes, chain: e.chain, seq: e.seq };
      }
    }
    if (!verifier.addLine(line.bytes, line.terminated, before)) break;
  }
  if (earlier && !verifier.problem) {
    const next = await earlier.next();
    if (!next.done) {
      const e = JSON.parse(Buffer.from(next.value.bytes).toString('utf8')) as { chain: string; seq: number };
      left = { line: earlierLine + 1, chain: e.chain, seq: e.seq };
    }
  }
  await earlier?.return(undefined);
  const problem = verifier.finish(left);
  if (problem) throw new Failure(failLine(file, problem.line, exportSubject(problem), problem.reason, problem.message));
  return verifier;
}

/** Which keys signed a checked log: one, or each in turn, every one introduced by the one before. */
function signedBy(log: CheckpointLogChecker): string {
  const signing = log.keys.filter((k) => k.firstSeq !== null);
  const handedOver = log.keys.length > signing.length ? `; the last checkpoint hands over to key ${log.keys[log.keys.length - 1]!.keyId}` : '';
  if (signing.length === 1) return `signed by key ${signing[0]!.keyId}${handedOver}`;
  const each = signing.map((k) => `${k.keyId} (#${k.firstSeq} to #${k.lastSeq})`).join(', then ');
  return `signed by key ${each}, each introduced by the key before it${handedOver}`;
}

async function checkLog(file: string, key: PublishedKey): Promise<CheckpointLogChecker> {
  const checker = new CheckpointLogChecker(nodeCheckpointCrypto(), key.publicKey);
  for await (const line of linesOf(file)) if (!(await checker.addLine(line.bytes, line.terminated))) break;
  const problem = checker.finish();
  if (problem) throw new Failure(failLine(file, problem.line, problem.seq !== null ? `checkpoint #${problem.seq}` : null, problem.reason, problem.message));
  return checker;
}

async function verifyLogs(files: string[], key: PublishedKey, io: Io): Promise<number> {
  const logs = [];
  for (const f of files) logs.push(await checkLog(f, key));
  const [earlier, later] = logs;
  const last = (later ?? earlier)!.checkpoints[(later ?? earlier)!.checkpoints.length - 1]!;
  if (later) {
    const problem = extensionProblem(earlier!, later);
    if (problem) throw new Failure(failLine(files[1]!, problem.line, problem.seq !== null ? `checkpoint #${problem.seq}` : null, problem.reason, problem.message));
  }
  const shown = later ?? earlier!;
  io.out(
    `OK ${files[files.length - 1]}: checkpoints #${shown.checkpoints[0]!.seq} to #${last.seq} verified, ${signedBy(shown)}` +
      (later ? `; it extends ${files[0]}: one history, no fork` : '') +
      `\ncheckpoint ${last.seq} ${last.hash}\n`,
  );
  return 0;
}
