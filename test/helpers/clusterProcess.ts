import pino from 'pino';
import { startEmbeddedDatabase } from '../../server/db/embedded';

/**
 * `node --import tsx test/helpers/clusterProcess.ts <dataDir> <port>`: an embedded PostgreSQL cluster in a
 * process of its own (see cluster.ts). Prints its URL and data folder as one JSON line; SIGTERM stops it.
 */
async function run() {
  const [dataDir, port] = process.argv.slice(2);
  const log = pino({ level: 'silent' });
  const db = await startEmbeddedDatabase({
    dataDir: dataDir!,
    port: Number(port),
    log,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  process.on('SIGTERM', () => {
    void db.stop().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ url: db.url, dataDir: db.dataDir })}\n`);
}

run().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
