import type { Logger } from 'pino';
import type { Config } from './config';
import { one } from './db/sql';
import { seedDemo } from './seed/demo';
import type { Services } from './services';

/** The first admin from ADMIN_EMAIL / ADMIN_PASSWORD, created once; an existing account is left alone. */
export async function ensureFirstAdmin(services: Services, config: Pick<Config, 'ADMIN_EMAIL' | 'ADMIN_PASSWORD'>, log: Logger) {
  if (!config.ADMIN_EMAIL || !config.ADMIN_PASSWORD) return;
  if (await services.users.byEmail(config.ADMIN_EMAIL)) return;
  await services.users.create(
    { userId: null, label: 'system (ADMIN_EMAIL)' },
    { email: config.ADMIN_EMAIL, displayName: 'Administrator', role: 'ADMIN', password: config.ADMIN_PASSWORD },
  );
  log.info({ email: config.ADMIN_EMAIL }, 'first admin created from ADMIN_EMAIL');
}

/**
 * Demo data goes into an empty embedded database automatically (SEED_DEMO=auto), never into a
 * DATABASE_URL database unless asked (SEED_DEMO=always or `npm run seed`).
 */
export async function maybeSeed(services: Services, config: Pick<Config, 'SEED_DEMO' | 'embeddedDatabase'>, log: Logger) {
  if (config.SEED_DEMO === 'never') return;
  if (config.SEED_DEMO === 'auto') {
    if (!config.embeddedDatabase) return;
    const used = await one<{ used: boolean }>(
      services.dataSource,
      'SELECT EXISTS (SELECT 1 FROM claims) OR EXISTS (SELECT 1 FROM users) AS used',
    );
    if (used?.used) return;
  }
  await seedDemo(services, log);
}
