import { verifyCommand } from './verifyCommand';

/**
 * `npm run verify -- history.ndjson [--since heads.json --expect-digest HEX] [--checkpoint … --public-key …]`
 * Checks a history export (or checkpoint logs) offline: see verifyCommand.ts and docs/history-verification.md.
 */
verifyCommand(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`verify: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
