#!/usr/bin/env node
// `npx claimledger <command> …`: the package's command-line entry. The commands are TypeScript,
// run through tsx's loader so no build step is needed.
const path = require('node:path');
const COMMANDS = {
  export: 'export.ts',
  verify: 'verify.ts',
  import: 'import.ts',
  seed: 'seed.ts',
  migrate: 'migrate.ts',
  backup: 'backup.ts',
  restore: 'restore.ts',
  'checkpoint-key': 'checkpointKey.ts',
};
const [command, ...rest] = process.argv.slice(2);
if (!COMMANDS[command]) {
  process.stderr.write(`Usage: claimledger <${Object.keys(COMMANDS).join('|')}> [options]\n`);
  process.exit(command === '--help' || command === '-h' ? 0 : 2);
}
require('tsx/cjs/api').register();
const script = path.join(__dirname, COMMANDS[command]);
process.argv = [process.argv[0], script, ...rest];
require(script);
