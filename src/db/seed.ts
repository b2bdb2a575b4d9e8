import type { Logger } from '../logging/logger.js';
import { initOrm } from './orm.js';
import { withClient } from './roles.js';

/** Whether the database has an organisation: then it is not seeded, and the ORM need not start to see it. */
async function hasOrganisations(ownerUrl: string): Promise<boolean> {
  return withClient(ownerUrl, async (client) => (await client.query('select from organisation limit 1')).rowCount !== 0);
}

/** Seeds the demo data, as the owner role, into a database that has no organisation yet. */
export async function seedDemoData(ownerUrl: string, logger: Logger): Promise<void> {
  if (await hasOrganisations(ownerUrl)) return;
  const { seedDemoIfEmpty } = await import('../../seeds/DemoSeeder.js');
  const orm = await initOrm({ clientUrl: ownerUrl, logger });
  try {
    const started = Date.now();
    if (await seedDemoIfEmpty(orm.em.fork())) logger.info({ ms: Date.now() - started }, 'demo data seeded');
  } finally {
    await orm.close();
  }
}
