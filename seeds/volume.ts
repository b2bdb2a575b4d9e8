import { withClient } from '../src/db/roles.js';

export const VOLUME_BUYER_NAME = 'Bailleur de test (volumétrie)';
export const VOLUME_MARKET_COUNT = 220;

/**
 * Markets of one extra buyer, for tests and benchmarks that need pages of 200: the demo data has about 40.
 * Each has a facilitator and an operation, so that a page loads every relation.
 */
export async function addVolumeMarkets(ownerUrl: string, count = VOLUME_MARKET_COUNT): Promise<void> {
  await withClient(ownerUrl, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into organisation (id, kind, name, territory, departement_code)
       values (gen_random_uuid(), 'BAILLEUR', $1, 'Pas-de-Calais', '62') returning id`,
      [VOLUME_BUYER_NAME],
    );
    await client.query(
      `insert into market (id, buyer_id, facilitator_id, operation_id, reference, object, nature, clause_mechanism,
                           amount_ht, labour_rate, insertion_rate, hourly_cost)
       select gen_random_uuid(), $1,
              (select id from organisation where kind = 'PLIE' order by name offset (i % 3) limit 1),
              (select id from operation order by name offset (i % 2) limit 1),
              'VOL-' || lpad(i::text, 4, '0'), 'Marché de volumétrie ' || i, 'WORKS', 'EXECUTION_CONDITION',
              100000 + i, 0.35, 0.05, 25
         from generate_series(1, $2::int) as i`,
      [rows[0]!.id, count],
    );
  });
}
