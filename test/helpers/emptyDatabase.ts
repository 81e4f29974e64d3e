import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase } from '../setup/globalSetup';

export interface EmptyDatabase {
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: process.env.CLAIMLEDGER_TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * A brand-new, empty database on the test run's PostgreSQL (not a copy of the migrated template),
 * named like the harness's per-file databases so the global teardown removes it even after a crash.
 * `locale` (e.g. 'C') gives it that collation and character classification instead of the cluster's.
 */
export async function createEmptyDatabase(tag: string, locale?: string): Promise<EmptyDatabase> {
  const name = `claimledger_t_${process.env.CLAIMLEDGER_TEST_RUN}_${tag}_${randomBytes(4).toString('hex')}`;
  // Another locale than the cluster's needs template0 (template1 may hold locale-dependent indexes).
  await adminQuery(`CREATE DATABASE ${name}${locale ? ` TEMPLATE template0 ENCODING 'UTF8' LOCALE '${locale}'` : ''}`);
  return {
    url: withDatabase(process.env.CLAIMLEDGER_TEST_ADMIN_URL!, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
