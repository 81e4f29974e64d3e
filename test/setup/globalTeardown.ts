import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import type { EmbeddedDatabase } from '../../server/db/embedded';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __claimledgerEmbedded?: EmbeddedDatabase }).__claimledgerEmbedded;
  if (embedded) {
    await embedded.stop();
    await rm(path.dirname(embedded.dataDir), { recursive: true, force: true });
    return;
  }
  // On a shared server, leave nothing behind.
  const admin = new Client({ connectionString: process.env.CLAIMLEDGER_TEST_ADMIN_URL });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
    [`claimledger\\_t\\_${process.env.CLAIMLEDGER_TEST_RUN}\\_%`, process.env.CLAIMLEDGER_TEST_TEMPLATE],
  );
  for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await admin.end();
}
