/**
 * npm run retention (issue 15, point 3), on a throw-away embedded PostgreSQL with the demo data: the shared test
 * database keeps its identities. After RETENTION_UNTIL each PLIE's follow-up is returned whole, then its identities
 * destroyed, indicators unchanged; a run again does nothing; before it, only people inactive for too long go.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { loadConfig } from '../../src/config/config.js';
import { findFreePort } from '../../src/config/free-port.js';
import { provisionDatabase, type ProvisionedDatabase } from '../../src/db/provision.js';
import { withClient } from '../../src/db/roles.js';
import { seedDemoData } from '../../src/db/seed.js';
import { createLogger } from '../../src/logging/logger.js';
import { applyRetention, type RetentionOptions } from '../../src/personal-data/retention.js';

let dataDir: string;
let database: ProvisionedDatabase;
let options: RetentionOptions;

const query = <T extends object>(sql: string, params: unknown[] = []): Promise<T[]> =>
  withClient(database.ownerUrl, async (client) => (await client.query<T>(sql, params)).rows);

/** What must not change: the people, their placements and hours, and the indicator facts. */
const kept = () => query(`select (select count(*) from beneficiary) as people, (select count(*) from placement) as placements,
  (select sum(hours) from monthly_hours) as hours, (select sum(hours) from hours_fact) as fact_hours, (select count(*) from exit_fact) as exits`);
const identitiesByPlie = () => query<{ name: string; people: number }>(
  'select o.name, count(*)::int as people from beneficiary_identity i join organisation o on o.id = i.followed_by_id group by o.name order by o.name');

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-retention-'));
  const config = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, SEED_DEMO: 'true' }), embeddedPostgresPort: await findFreePort() };
  const logger = createLogger('warn');
  database = await provisionDatabase(config, logger, (ownerUrl) => seedDemoData(ownerUrl, logger));
  options = { today: '2026-12-02', retentionUntil: '2032-12-31', inactiveMonths: null, dryRun: false, folder: path.join(dataDir, 'rendu') };
}, 180_000);

afterAll(async () => {
  await database?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the retention command', () => {
  it('does nothing before the date unless an inactivity delay is set; then only the people inactive for longer lose their identity', async () => {
    const before = await identitiesByPlie();
    expect(await applyRetention(database.ownerUrl, options)).toEqual({ expired: false, returned: [], inactiveAnonymised: 0, uploadsRemoved: 0, reportsCleared: 0 });
    expect(await identitiesByPlie()).toEqual(before);

    // Independent of the command's query: each person's last date of entry, placement, hours or exit.
    const [{ inactive }] = (await query<{ inactive: number }>(`select count(*)::int as inactive from (
        select b.id, max(d) as last from beneficiary b join beneficiary_identity i on i.beneficiary_id = b.id,
          lateral (select b.entry_date as d union all select coalesce(p.end_date, p.start_date) from placement p where p.beneficiary_id = b.id
                   union all select h.month from monthly_hours h join placement p on p.id = h.placement_id where p.beneficiary_id = b.id
                   union all select e.exit_date from beneficiary_exit e where e.beneficiary_id = b.id) dates
        group by b.id) people where last < date '2024-12-02'`)) as [{ inactive: number }];
    expect(inactive).toBeGreaterThan(0);
    const facts = await kept();
    const trial = await applyRetention(database.ownerUrl, { ...options, inactiveMonths: 24, dryRun: true });
    expect(trial.inactiveAnonymised).toBe(inactive);
    expect(await identitiesByPlie()).toEqual(before);
    expect((await applyRetention(database.ownerUrl, { ...options, inactiveMonths: 24 })).inactiveAnonymised).toBe(inactive);
    const after = await identitiesByPlie();
    expect(after.reduce((sum, plie) => sum + plie.people, 0)).toBe(before.reduce((sum, plie) => sum + plie.people, 0) - inactive);
    expect(await kept()).toEqual(facts);
  });

  it('after the date, returns each PLIE its complete follow-up, then destroys the identities; indicators unchanged; a run again does nothing', async () => {
    const expired = { ...options, today: '2033-01-01' };
    const plies = await identitiesByPlie();
    const facts = await kept();
    const trial = await applyRetention(database.ownerUrl, { ...expired, dryRun: true });
    expect(trial.returned).toEqual(plies.map(({ name, people }) => ({ plie: name, people, file: null })));
    expect(await identitiesByPlie()).toEqual(plies);

    const outcome = await applyRetention(database.ownerUrl, expired);
    expect(outcome.returned.map(({ plie, people }) => ({ name: plie, people }))).toEqual(plies);
    expect((await readdir(expired.folder)).sort()).toEqual(outcome.returned.map((returned) => path.basename(returned.file!)).sort());
    for (const [index, returned] of outcome.returned.entries()) {
      const workbook = await new ExcelJS.Workbook().xlsx.readFile(returned.file!);
      expect(workbook.getWorksheet('Participants')!.actualRowCount - 1).toBe(plies[index]!.people);
    }
    expect(await identitiesByPlie()).toEqual([]);
    expect(await query('select 1 from beneficiary where erased_at is null and id in (select beneficiary_id from placement)')).toEqual([]);
    expect(await kept()).toEqual(facts);

    expect(await applyRetention(database.ownerUrl, expired)).toEqual({ expired: true, returned: [], inactiveAnonymised: 0, uploadsRemoved: 0, reportsCleared: 0 });
  });
});
