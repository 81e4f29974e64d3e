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
 */
export async function createEmptyDatabase(tag: string): Promise<EmptyDatabase> {
  const name = `claimledger_t_${process.env.CLAIMLEDGER_TEST_RUN}_${tag}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    url: withDatabase(process.env.CLAIMLEDGER_TEST_ADMIN_URL!, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
