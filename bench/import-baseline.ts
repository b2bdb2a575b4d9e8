/**
 * The import benchmark's baseline: the same people, placements and hours as a file, written with bare
 * multi-row INSERTs as the database owner, in batches of as many hour lines as the import's, the hours
 * with ON CONFLICT as the import does. No file to read, no checks, no audit trail, no row-level
 * security: the floor of what loading those rows costs. Rolled back, so that the import then creates
 * them itself, and the tables vacuumed so that it does not pay for the dead rows.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ageOn } from '../src/domain/age.js';
import { withClient } from '../src/db/roles.js';
import { BATCH_ROWS } from '../src/imports/spreadsheet/import-file.js';
import { BENCH_QPV, type PlannedPlacement } from './follow-up-file.js';
import type { ImportFixture } from './import-fixture.js';

type Rows = Record<string, unknown>[];

/** Rows given as one array per column, expanded by unnest: one statement, one round trip. */
async function insertRows(client: pg.Client, table: string, types: Record<string, string>, rows: Rows, conflict = ''): Promise<void> {
  const columns = Object.keys(types);
  await client.query(
    `insert into ${table} (${columns.join(', ')}) select * from unnest(${columns.map((column, index) => `$${index + 1}::${types[column]}[]`).join(', ')}) ${conflict}`,
    columns.map((column) => rows.map((row) => row[column])),
  );
}

async function writeBatch(client: pg.Client, fixture: ImportFixture, companyIds: Map<string, string>, qpvId: string, batch: PlannedPlacement[]): Promise<void> {
  const people: Rows = [];
  const identities: Rows = [];
  const placements: Rows = [];
  const hours: Rows = [];
  for (const { person, ...placement } of batch) {
    const beneficiaryId = randomUUID();
    const placementId = randomUUID();
    people.push({
      id: beneficiaryId, followed_by_id: fixture.organisationId, sex: person.sex, entry_date: person.entryDate, age_at_entry: ageOn(person.birthDate, person.entryDate),
      residence_commune: person.residenceCommune, qpv_id: person.qpv ? qpvId : null, is_brsa: person.isBrsa, is_deld: person.isDeld, is_ase: person.isAse, is_rqth: person.isRqth,
      qualification_level: person.qualificationLevel,
    });
    identities.push({ beneficiary_id: beneficiaryId, followed_by_id: fixture.organisationId, last_name: person.lastName, first_name: person.firstName, birth_date: person.birthDate });
    placements.push({
      id: placementId, beneficiary_id: beneficiaryId, company_id: companyIds.get(placement.employerSiret), market_id: fixture.market.id,
      contract_type: placement.contractType, modality: placement.modality, start_date: placement.startDate, end_date: placement.endDate, weekly_hours: placement.weeklyHours,
    });
    for (const line of placement.hours) hours.push({ id: randomUUID(), placement_id: placementId, month: line.month, hours: line.hours });
  }
  await insertRows(client, 'beneficiary', {
    id: 'uuid', followed_by_id: 'uuid', sex: 'text', entry_date: 'date', age_at_entry: 'int', residence_commune: 'text', qpv_id: 'uuid',
    is_brsa: 'boolean', is_deld: 'boolean', is_ase: 'boolean', is_rqth: 'boolean', qualification_level: 'text',
  }, people);
  await insertRows(client, 'beneficiary_identity', { beneficiary_id: 'uuid', followed_by_id: 'uuid', last_name: 'text', first_name: 'text', birth_date: 'date' }, identities);
  await insertRows(client, 'placement', {
    id: 'uuid', beneficiary_id: 'uuid', company_id: 'uuid', market_id: 'uuid', contract_type: 'text', modality: 'text',
    start_date: 'date', end_date: 'date', weekly_hours: 'numeric',
  }, placements);
  await insertRows(client, 'monthly_hours', { id: 'uuid', placement_id: 'uuid', month: 'date', hours: 'numeric' }, hours,
    'on conflict (placement_id, month) do update set hours = excluded.hours, version = monthly_hours.version + 1, updated_at = now()');
}

/** Loads the placements inside `measure`, which times the load and reads the hour lines it wrote; then rolls back. */
export async function loadWithRawSql(ownerUrl: string, fixture: ImportFixture, placements: Iterable<PlannedPlacement>,
  measure: (load: () => Promise<number>) => Promise<void>): Promise<void> {
  await withClient(ownerUrl, async (client) => {
    const companies = await client.query<{ siret: string; id: string }>('select siret, id from company where siret = any($1::text[])', [fixture.employerSirets]);
    const companyIds = new Map(companies.rows.map((row) => [row.siret, row.id]));
    const { rows: [qpv] } = await client.query<{ id: string }>('select id from qpv where name = $1 and commune = $2', [BENCH_QPV.name, BENCH_QPV.commune]);
    await client.query('begin');
    try {
      await measure(async () => {
        let lines = 0;
        let batch: PlannedPlacement[] = [];
        let batchLines = 0;
        for (const placement of placements) {
          batch.push(placement);
          batchLines += placement.hours.length;
          if (batchLines < BATCH_ROWS) continue;
          await writeBatch(client, fixture, companyIds, qpv!.id, batch);
          lines += batchLines;
          [batch, batchLines] = [[], 0];
        }
        if (batch.length) await writeBatch(client, fixture, companyIds, qpv!.id, batch);
        return lines + batchLines;
      });
    } finally {
      await client.query('rollback');
    }
    await client.query('vacuum analyze beneficiary, beneficiary_identity, placement, monthly_hours');
  });
}
