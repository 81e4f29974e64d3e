import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { Client } from 'pg';
import pino from 'pino';
import { createDataSource, migrate } from '../../server/db/dataSource';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/db/embedded';

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL when set, else a throw-away embedded
 * cluster. Migrations run once into a template database; every test file then gets its own
 * database copied from it (CREATE DATABASE … TEMPLATE), so files are isolated and start fast.
 */
export default async function globalSetup(): Promise<void> {
  const log = pino({ level: 'warn' });
  let adminUrl = process.env.TEST_DATABASE_URL;
  let embedded: EmbeddedDatabase | undefined;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claimledger-test-'));
    embedded = await startEmbeddedDatabase({
      dataDir: path.join(dir, 'pg'),
      port: 0,
      log,
      // Disposable data: durability settings off for speed.
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    });
    adminUrl = embedded.url;
  }
  const template = `claimledger_tpl_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  const ds = createDataSource({ url: withDatabase(adminUrl, template), poolSize: 2, log });
  await ds.initialize();
  await migrate(ds);
  await ds.destroy();

  process.env.CLAIMLEDGER_TEST_ADMIN_URL = adminUrl;
  process.env.CLAIMLEDGER_TEST_TEMPLATE = template;
  process.env.CLAIMLEDGER_TEST_RUN = String(process.pid);
  (globalThis as { __claimledgerEmbedded?: EmbeddedDatabase }).__claimledgerEmbedded = embedded;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
