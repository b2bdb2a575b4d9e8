import { Migration } from '@mikro-orm/migrations';
import {
  ALL_PLIES, companyYears, CONCERNED, contractsContribution, COUNT_PLATFORM, hoursContribution, MONTH_COLUMNS, peopleContribution, REFRESH_BY_RECOUNT, REPLACE_PLACEMENT_YEARS,
} from './sql/platform-sums.js';

/**
 * The platform's sums follow a write by its difference alone. app_refresh_placement_years took the
 * contribution of the people and placements concerned off the sums, recomputed their placement years, added
 * it back, and rewrote every year of every company concerned: each row of the sums they touch was written
 * twice, and each company year once, even where nothing changed (more hours in a month already worked change
 * no count of people). Now the contributions before and after are computed, and only their non-zero
 * difference is written; a company year is written only when it changed, deleted only when no placement year
 * is left for it. Same figures (test/indicators/facts.test.ts). Functions written by hand.
 */
const PEOPLE = 'beneficiary_id = any(person_ids)';
const PLACEMENTS = 'placement_id = any(placement_ids)';

/**
 * The contribution now, as rows of the sum's own type, to keep in a variable until the placement years change.
 * The rows are built, and read back from unnest(), in the table's column order: PostgreSQL does not check a
 * function body again when a table changes, so a column added to a platform_* table needs this function
 * rewritten in the same migration, or every hours write fails.
 */
const rowsOf = (table: string, columns: string[], contribution: string) =>
  `select row(${columns.map((column) => `c.${column}`).join(', ')})::${table} from (${contribution}) c(${columns.join(', ')})`;

/** Adds to `table` the contribution now less the one kept in the variable `before`, for the keys where they differ. */
function addDifference(table: string, keys: string[], values: string[], contribution: string, before: string): string {
  const columns = [...keys, ...values];
  return `insert into ${table} (${columns.join(', ')})
      select ${keys.join(', ')}, ${values.map((value) => `sum(${value})`).join(', ')}
        from (${contribution} union all select ${keys.join(', ')}, ${values.map((value) => `-${value}`).join(', ')} from unnest(${before})) d(${columns.join(', ')})
       group by ${keys.map((_, index) => index + 1).join(', ')}
      having not (${values.map((value) => `sum(${value}) = 0`).join(' and ')})
      on conflict (${keys.join(', ')}) do update set ${values.map((value) => `${value} = ${table}.${value} + excluded.${value}`).join(', ')};`;
}

const SUMS = [
  { table: 'platform_people', keys: ['followed_by_id', 'year', 'span', 'dimension', 'key'], values: ['people'], contribution: peopleContribution('1', PEOPLE) },
  { table: 'platform_contracts', keys: ['followed_by_id', 'year', 'span', 'contract_type', 'modality', 'months'], values: ['contracts'], contribution: contractsContribution('1', PLACEMENTS) },
  { table: 'platform_hours', keys: ['followed_by_id', 'year', 'market_nature', 'modality', 'contract_type'], values: MONTH_COLUMNS, contribution: hoursContribution('1', PLACEMENTS) },
];

const COMPANY_YEAR_VALUES = ['worked', 'headcount_band', 'naf_code', 'company_kind'];

const REFRESH_BY_DIFFERENCE = `create or replace function app_refresh_placement_years(placement_ids uuid[]) returns void language plpgsql security definer
      set search_path = public, pg_temp as $$
      declare
        ${CONCERNED}
        ${SUMS.map(({ table, keys, values, contribution }) => `${table}_before ${table}[] := array(${rowsOf(table, [...keys, ...values], contribution)});`).join('\n        ')}
      begin
        ${REPLACE_PLACEMENT_YEARS}
        ${SUMS.map(({ table, keys, values, contribution }) => addDifference(table, keys, values, contribution, `${table}_before`)).join('\n        ')}
        ${companyYears('company_id = any(company_ids)')}
        on conflict (company_id, year, followed_by_id) do update set (${COMPANY_YEAR_VALUES.join(', ')}) = (${COMPANY_YEAR_VALUES.map((column) => `excluded.${column}`).join(', ')})
        where (${COMPANY_YEAR_VALUES.map((column) => `platform_company_year.${column}`).join(', ')}) is distinct from (${COMPANY_YEAR_VALUES.map((column) => `excluded.${column}`).join(', ')});
        delete from platform_company_year c
         where c.company_id = any(company_ids)
           and not exists (select from placement_year_fact y
                            where y.company_id = c.company_id and y.year = c.year and (c.followed_by_id = '${ALL_PLIES}' or y.followed_by_id = c.followed_by_id));
      end $$;`;

export class Migration20261201003000_platform_sums_by_difference extends Migration {

  override name = 'Migration20261201003000_platform_sums_by_difference';

  override up(): void | Promise<void> {
    this.addSql(REFRESH_BY_DIFFERENCE);
    this.addSql('drop function app_count_platform(int, uuid[], uuid[]);');
  }

  override down(): void | Promise<void> {
    this.addSql(COUNT_PLATFORM);
    this.addSql(`create or replace function app_refresh_placement_years(placement_ids uuid[]) returns void language plpgsql security definer set search_path = public, pg_temp as $$${REFRESH_BY_RECOUNT}`);
  }

}
