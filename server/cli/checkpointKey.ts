import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { AppError } from '../domain/errors';
import { createLogger } from '../logger';
import { HistoryService } from '../services/history';
import { CheckpointService, loadOrCreateSigningKey, rotateSigningKey } from '../services/checkpoints';

/**
 * `npm run checkpoint-key -- rotate [--new-key-file FILE]` and `… -- list`: the operator's
 * commands for the key that signs checkpoints (docs/history-verification.md, section 8). Rotating
 * records, in the checkpoint log, a checkpoint signed by the key in CHECKPOINT_KEY_FILE that names
 * the new key, then one signed by the new key, and puts the new key in that file; every server
 * process sharing the file picks it up at its next checkpoint.
 */
const HELP = `Usage: npm run checkpoint-key -- rotate [--new-key-file FILE]
       npm run checkpoint-key -- list
  rotate                 hand the checkpoint log over to a new signing key: a checkpoint signed by the
                         key in CHECKPOINT_KEY_FILE names the new key, the new key signs the next one,
                         and the new key replaces the old one in CHECKPOINT_KEY_FILE (run it again to
                         finish a rotation that was interrupted)
  --new-key-file FILE    the new Ed25519 private key (PKCS #8 PEM), created there if missing;
                         without it a new key is generated
  list                   every key of the log and the checkpoints it signed, oldest first
Uses DATABASE_URL when set, otherwise the embedded database (a running server's, or its own).`;

async function run(): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({ allowPositionals: true, options: { 'new-key-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`checkpoint-key: ${(err as Error).message}\n${HELP}\n`);
    return 2;
  }
  const command = positionals[0];
  if (values.help || positionals.length !== 1 || (command !== 'rotate' && command !== 'list') || (command === 'list' && values['new-key-file'])) {
    process.stderr.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const keyFile = config.checkpointKeyFile;
  if (!keyFile) {
    process.stderr.write('checkpoint-key: set CHECKPOINT_KEY_FILE to the file every server process signs checkpoints with\n');
    return 2;
  }
  // Never created here: rotating away from a key nobody has would prove nothing.
  if (!existsSync(keyFile)) {
    process.stderr.write(`checkpoint-key: no signing key at ${keyFile} (CHECKPOINT_KEY_FILE): the server creates it on first start\n`);
    return 2;
  }
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const db = await openDatabase({ ...config, DB_POOL_SIZE: 1 }, log, { joinRunning: true, role: 'checkpoint-key', migrate: false });
  try {
    const service = new CheckpointService(db.ds, new HistoryService(db.ds), loadOrCreateSigningKey(keyFile).signer);
    if (command === 'list') {
      for (const k of (await service.keys())!) {
        const range = `#${k.fromSeq} to ${k.toSeq === null ? 'now' : `#${k.toSeq}`}`;
        process.stdout.write(`${k.keyId} ${k.publicKey ?? '(public key unknown)'} checkpoints ${range}${k.from ? `, from ${k.from}` : ''}${k.to ? ` to ${k.to}` : ''}\n`);
      }
      return 0;
    }
    const r = await rotateSigningKey(service, keyFile, values['new-key-file']);
    process.stdout.write(
      (r.rotation && r.first
        ? `Checkpoint #${r.rotation.seq}, signed by key ${r.from.keyId}, hands the log over to key ${r.to.keyId}; checkpoint #${r.first.seq} is the first the new key signed.\n`
        : `The log was already handed over to key ${r.to.keyId}: the rotation is finished.\n`) +
        `${keyFile} now holds the new key; running servers sharing it use it from their next checkpoint.\n` +
        'Back the new key up apart from the database, and destroy every copy of the old one: it must sign nothing more.\n',
    );
    return 0;
  } finally {
    await db.close();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    // A refusal (a wrong key, a key used before) is an answer: its message, without a stack.
    process.stderr.write(`checkpoint-key: ${err instanceof AppError ? `${err.code}: ` : ''}${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
