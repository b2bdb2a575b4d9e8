import { seedDemoIfEmpty } from '../../seeds/DemoSeeder.js';
import type { Logger } from '../logging/logger.js';
import { initOrm } from './orm.js';

/** Seeds the demo data, as the owner role, into a database that has no organisation yet. */
export async function seedDemoData(ownerUrl: string, logger: Logger): Promise<void> {
  const orm = await initOrm({ clientUrl: ownerUrl, logger });
  try {
    const started = Date.now();
    if (await seedDemoIfEmpty(orm.em.fork())) logger.info({ ms: Date.now() - started }, 'demo data seeded');
  } finally {
    await orm.close();
  }
}
