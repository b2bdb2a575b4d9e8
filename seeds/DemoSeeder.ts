/**
 * Seeds the demo data (seeds/demo/build.ts) into the database.
 * Run it as the owner role: it writes every tenant's rows.
 */
import type { EntityManager as CoreEntityManager } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import { Organisation } from '../src/db/entities/index.js';
import { buildDemoData } from './demo/build.js';

/** Key of the transaction-level advisory lock that serialises concurrent "seed if empty" calls. */
const DEMO_SEED_LOCK = 62_062_062;

export class DemoSeeder extends Seeder {
  /** Persists every demo row and flushes once: one transaction, batched inserts. */
  override async run(em: CoreEntityManager): Promise<void> {
    const data = buildDemoData();
    for (const rows of Object.values(data) as object[][]) em.persist(rows);
    await em.flush();
  }
}

/**
 * Seeds the demo data when the organisation table is empty; returns whether it did.
 * The check and the inserts run in one transaction under an advisory lock, so two processes
 * starting together cannot both seed, and a failure leaves the database as it was.
 */
export async function seedDemoIfEmpty(em: EntityManager): Promise<boolean> {
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(?)', [DEMO_SEED_LOCK]);
    if ((await tx.count(Organisation, {})) > 0) return false;
    await new DemoSeeder().run(tx);
    return true;
  });
}
