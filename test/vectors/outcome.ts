import path from 'node:path';
import { verifyCommand } from '../../server/cli/verifyCommand';

/**
 * A test vector and how its outcome is read from a verifier's output, exactly as
 * docs/verification-vectors/run.py reads it (docs/verification-vectors/README.md).
 */
export type Expect =
  | { exit: 0; digest: string; warnings?: string[] }
  | { exit: 0; checkpoint: { seq: number; hash: string } }
  | { exit: 1; code: string; file: string; line: number | null; subject?: string }
  | { exit: 2 };

export interface Vector {
  name: string;
  about: string;
  args: string[];
  expect: Expect;
}

export type Outcome = Record<string, unknown> & { exit: number };

/** What a verifier's exit status, standard output and standard error say. */
export function outcomeOf(exit: number, stdout: string, stderr: string): Outcome {
  if (exit !== 0 && exit !== 1) return { exit };
  const warnings = [...stderr.matchAll(/^WARNING ([A-Z_]+):/gm)].map((m) => m[1]!);
  if (exit === 1) {
    const m = /^FAIL (\S+)(?: (?:line (\d+)|end of file))?(?: \((.*)\))?: ([A-Z_]+) — /m.exec(stdout);
    if (!m) return { exit, unreadable: stdout };
    return { exit, code: m[4], file: m[1], line: m[2] ? Number(m[2]) : null, subject: m[3] ?? null };
  }
  const checkpoint = /^checkpoint (\d+) ([0-9a-f]{64})$/m.exec(stdout);
  if (checkpoint) return { exit, checkpoint: { seq: Number(checkpoint[1]), hash: checkpoint[2] } };
  return { exit, digest: /^digest ([0-9a-f]{64})$/m.exec(stdout)?.[1] ?? null, warnings };
}

/** The differences between what a vector expects and what happened ([] when it matches). */
export function mismatches(expect: Expect, outcome: Outcome): string[] {
  const want: Record<string, unknown> = { ...expect };
  if (expect.exit === 0 && 'digest' in expect) want.warnings = expect.warnings ?? [];
  return Object.entries(want)
    .filter(([k, v]) => JSON.stringify(outcome[k]) !== JSON.stringify(v))
    .map(([k, v]) => `${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(outcome[k])}`);
}

/** Runs a vector through `npm run verify`'s own code; file arguments are in `dir`, named in the output as given. */
export async function runVector(v: Vector, dir: string): Promise<Outcome> {
  let out = '';
  let err = '';
  const args = v.args.map((a) => (/\.(ndjson|json)$/.test(a) ? path.join(dir, a) : a));
  const exit = await verifyCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return outcomeOf(exit, out.split(dir + path.sep).join(''), err);
}
