import { Migration } from '@mikro-orm/migrations';

/**
 * The whole platform's indicators without reading every hours fact (src/db/entities/facts.ts):
 * - placement_year_fact, one row per placement and calendar year worked, recomputed from monthly_hours for
 *   every placement whose hours facts a statement changes (statement-level triggers on hours_fact);
 * - in the same function, the sums the Département reads, by PLIE: hours by month (platform_hours), people
 *   and contracts worked in each year and semester (platform_people, platform_contracts: the contribution of
 *   the people and placements concerned taken off before and added back after), and each company's years
 *   (platform_company_year, recomputed): exact in the writer's transaction, as the facts are;
 * - the planned hours of each market fact, computed by the trigger that keeps it, so that the planned hours
 *   of a hundred thousand markets are summed in SQL.
 * app_planned_insertion_hours and app_contract_months are src/domain/planned-hours.ts and
 * src/indicators/contract-duration.ts in SQL (test/indicators/sql-rules.test.ts holds each pair together).
 * Functions and triggers are written by hand (routines and triggers are not diffed).
 */
export const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);

/** platform_company_year's PLIE for a company's year over every PLIE's people. */
export const ALL_PLIES = '00000000-0000-0000-0000-000000000000';

/** A year, and its semesters, as masks of months (bit m-1 for month m). */
const SPANS = `(values ('YEAR', 4095), ('S1', 63), ('S2', 4032)) s(span, mask)`;

/** Placements that train: queries/people.ts counts their people as having had access to training. */
const TRAINING = `(modality = 'TRAINING' or contract_type in ('TRAINING', 'APPRENTICESHIP', 'PROFESSIONALISATION'))`;

const PLACEMENT_YEAR_COLUMNS = `placement_id, year, followed_by_id, beneficiary_id, company_id, market_nature, modality, contract_type, placement_start,
  placement_end, headcount_band, naf_code, company_kind, sex, age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase, contract_months, worked, hours_by_month`;

const WORKED_MONTH = 'case when h.hours > 0 then 1 << (extract(month from h.month)::int - 1) else 0 end';

/** The years worked of the placements `placements` keeps (a condition on `h`), grouped from their monthly hours. */
const placementYearSource = (placements: string) => `
  select p.id, extract(year from h.month)::smallint, b.followed_by_id, p.beneficiary_id, p.company_id, m.nature, p.modality, p.contract_type,
         p.start_date, p.end_date, c.headcount_band, c.naf_code, c.kind, b.sex, b.age_at_entry, b.qpv_id, b.is_brsa, b.is_deld, b.is_rqth, b.is_ase,
         app_contract_months(p.start_date, p.end_date), bit_or(${WORKED_MONTH})::smallint,
         array[${MONTHS.map((month) => `coalesce(sum(h.hours) filter (where extract(month from h.month) = ${month}), 0)`).join(', ')}]
    from monthly_hours h join placement p on p.id = h.placement_id join market m on m.id = p.market_id
    join beneficiary b on b.id = p.beneficiary_id join company c on c.id = p.company_id
   where ${placements}
   group by p.id, 2, b.id, m.id, c.id
  having bit_or(${WORKED_MONTH}) <> 0`;

/** Calendar months from `starts` to the day after `ends`. */
const CALENDAR_MONTHS = `((date_part('year', ends + 1) - date_part('year', starts)) * 12 + date_part('month', ends + 1) - date_part('month', starts))::int`;

const yesNo = (column: string) => `case when ${column} then 'YES' else 'NO' end`;

/** The contribution of the people `people` keeps to platform_people, `direction` (1 or -1) times: platform_people's columns. */
export const peopleContribution = (direction: string, people: string) => `select y.followed_by_id, y.year, s.span, d.dimension, d.key, ${direction} * count(*)
     from (select followed_by_id, year, sex, age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase, bit_or(worked) as worked,
                  bit_or(case when ${TRAINING} then worked else 0 end) as trained
             from placement_year_fact where ${people}
            group by beneficiary_id, followed_by_id, year, sex, age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase) y
    cross join ${SPANS}
    cross join lateral (values ('total', ''), ('sex', y.sex), ('age', y.age_at_entry::text), ('qpv', coalesce(y.qpv_id::text, 'NONE')),
                               ('brsa', ${yesNo('y.is_brsa')}), ('deld', ${yesNo('y.is_deld')}), ('rqth', ${yesNo('y.is_rqth')}), ('ase', ${yesNo('y.is_ase')}),
                               ('training', ${yesNo('y.trained & s.mask <> 0')})) d(dimension, key)
    where y.worked & s.mask <> 0
    group by 1, 2, 3, 4, 5`;

/** The contribution of the placements `placements` keeps to platform_contracts, `direction` times: its columns. */
export const contractsContribution = (direction: string, placements: string) => `select y.followed_by_id, y.year, s.span, y.contract_type, y.modality, coalesce(y.contract_months, -1), ${direction} * count(*)
     from placement_year_fact y cross join ${SPANS}
    where (${placements}) and y.worked & s.mask <> 0
    group by 1, 2, 3, 4, 5, 6`;

export const MONTH_COLUMNS = MONTHS.map((month) => `m${month}`);

/** The contribution of the placements `placements` keeps to platform_hours, `direction` times: its columns. */
export const hoursContribution = (direction: string, placements: string) => `select followed_by_id, year, market_nature, modality, contract_type, ${MONTHS.map((month) => `${direction} * sum(hours_by_month[${month}])`).join(', ')}
     from placement_year_fact y where ${placements}
    group by 1, 2, 3, 4, 5`;

/**
 * Statements adding `direction` (1 or -1) times the contribution of placement years to the platform sums:
 * those of the people `people` keeps and of the placements `placements` keeps (conditions on placement_year_fact).
 */
const countPlatform = (direction: string, people: string, placements: string) => [
  `insert into platform_people (followed_by_id, year, span, dimension, key, people)
   ${peopleContribution(direction, people)}
   on conflict (followed_by_id, year, span, dimension, key) do update set people = platform_people.people + excluded.people`,
  `insert into platform_contracts (followed_by_id, year, span, contract_type, modality, months, contracts)
   ${contractsContribution(direction, placements)}
   on conflict (followed_by_id, year, span, contract_type, modality, months) do update set contracts = platform_contracts.contracts + excluded.contracts`,
  `insert into platform_hours (followed_by_id, year, market_nature, modality, contract_type, ${MONTH_COLUMNS.join(', ')})
   ${hoursContribution(direction, placements)}
   on conflict (followed_by_id, year, market_nature, modality, contract_type) do update
      set ${MONTHS.map((month) => `m${month} = platform_hours.m${month} + excluded.m${month}`).join(', ')}`,
];

/** app_count_platform: adds or takes off the contribution of people and placements (by recount, before and after). */
export const COUNT_PLATFORM = `create function app_count_platform(direction int, person_ids uuid[], placement_ids uuid[]) returns void language sql security definer
      set search_path = public, pg_temp as $$
        ${countPlatform('direction', 'beneficiary_id = any(person_ids)', 'placement_id = any(placement_ids)').join(';\n')};
      $$;`;

/** The people and the companies of the placements `placement_ids` (a plpgsql declaration), before and after. */
export const CONCERNED = `person_ids uuid[] := array(select beneficiary_id from placement where id = any(placement_ids)
                               union select beneficiary_id from placement_year_fact where placement_id = any(placement_ids));
        company_ids uuid[] := array(select company_id from placement where id = any(placement_ids)
                                  union select company_id from placement_year_fact where placement_id = any(placement_ids));`;

/** Recomputes the placement years of `placement_ids` (a plpgsql statement). */
export const REPLACE_PLACEMENT_YEARS = `delete from placement_year_fact where placement_id = any(placement_ids);
        insert into placement_year_fact (${PLACEMENT_YEAR_COLUMNS}) ${placementYearSource('h.placement_id = any(placement_ids)')};`;

/** Each company's years, by PLIE and over all of them, from the placement years of the companies `companies` keeps. */
export const companyYears = (companies: string) => `insert into platform_company_year (company_id, year, followed_by_id, worked, headcount_band, naf_code, company_kind)
  select company_id, year, coalesce(followed_by_id, '${ALL_PLIES}'), bit_or(worked), min(headcount_band), min(naf_code), min(company_kind)
    from placement_year_fact where ${companies}
   group by grouping sets ((company_id, year, followed_by_id), (company_id, year))`;

const MARKET_COLUMNS = ['id', 'charter_id', 'operation_id', 'buyer_id', 'facilitator_id', 'nature', 'clause_mechanism', 'status', 'start_date', 'end_date',
  'amount_ht', 'labour_rate', 'insertion_rate', 'hourly_cost', 'stated_hours'];
const MARKET_FACT_COLUMNS = [...MARKET_COLUMNS, 'planned_hours', 'planned_basis'];
const PLANNED = `app_planned_insertion_hours(stated_hours, amount_ht, labour_rate, insertion_rate, hourly_cost),
  app_planned_hours_basis(stated_hours, amount_ht, labour_rate, insertion_rate, hourly_cost)`;

const marketFactsWritten = (columns: string[], values: string) => `create or replace function app_market_facts_written() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
  begin
    insert into market_fact (${columns.join(', ')}) select ${values} from changed
    on conflict (id) do update set (${columns.slice(1).join(', ')}) = (${columns.slice(1).map((column) => `excluded.${column}`).join(', ')});
    return null;
  end $$;`;

const TRIGGERS = [
  { name: 'placement_years_inserted', event: 'insert', transition: 'new table as changed', changed: 'select placement_id from changed' },
  { name: 'placement_years_updated', event: 'update', transition: 'old table as removed new table as changed', changed: 'select placement_id from changed union select placement_id from removed' },
  { name: 'placement_years_deleted', event: 'delete', transition: 'old table as changed', changed: 'select placement_id from changed' },
];

export class Migration20261130212621_placement_year_facts extends Migration {

  override name = 'Migration20261130212621_placement_year_facts';

  override up(): void | Promise<void> {
    this.addSql(`create table "placement_year_fact" ("placement_id" uuid not null, "year" smallint not null, "followed_by_id" uuid not null, "beneficiary_id" uuid not null, "company_id" uuid not null, "market_nature" text not null, "modality" text not null, "contract_type" text not null, "placement_start" date not null, "placement_end" date null, "headcount_band" text null, "naf_code" text null, "company_kind" text not null, "sex" text not null, "age_at_entry" smallint not null, "qpv_id" uuid null, "is_brsa" boolean not null, "is_deld" boolean not null, "is_rqth" boolean not null, "is_ase" boolean not null, "contract_months" smallint null, "worked" smallint not null, "hours_by_month" numeric[] not null, primary key ("placement_id", "year"));`);
    this.addSql(`create index "placement_year_fact_year_index" on "placement_year_fact" ("year");`);
    this.addSql(`create index "placement_year_fact_beneficiary_id_index" on "placement_year_fact" ("beneficiary_id");`);
    this.addSql(`create index "placement_year_fact_company_id_index" on "placement_year_fact" ("company_id");`);
    this.addSql(`create table "platform_company_year" ("company_id" uuid not null, "year" smallint not null, "followed_by_id" uuid not null, "worked" smallint not null, "headcount_band" text null, "naf_code" text null, "company_kind" text not null, primary key ("company_id", "year", "followed_by_id"));`);
    this.addSql(`create index "platform_company_year_year_followed_by_id_index" on "platform_company_year" ("year", "followed_by_id");`);
    this.addSql(`create table "platform_contracts" ("followed_by_id" uuid not null, "year" smallint not null, "span" text not null, "contract_type" text not null, "modality" text not null, "months" smallint not null, "contracts" int not null, primary key ("followed_by_id", "year", "span", "contract_type", "modality", "months"));`);
    this.addSql(`create index "platform_contracts_year_span_index" on "platform_contracts" ("year", "span");`);
    this.addSql(`create table "platform_hours" ("followed_by_id" uuid not null, "year" smallint not null, "market_nature" text not null, "modality" text not null, "contract_type" text not null, "m1" numeric(14,2) not null default 0, "m2" numeric(14,2) not null default 0, "m3" numeric(14,2) not null default 0, "m4" numeric(14,2) not null default 0, "m5" numeric(14,2) not null default 0, "m6" numeric(14,2) not null default 0, "m7" numeric(14,2) not null default 0, "m8" numeric(14,2) not null default 0, "m9" numeric(14,2) not null default 0, "m10" numeric(14,2) not null default 0, "m11" numeric(14,2) not null default 0, "m12" numeric(14,2) not null default 0, primary key ("followed_by_id", "year", "market_nature", "modality", "contract_type"));`);
    this.addSql(`create index "platform_hours_year_index" on "platform_hours" ("year");`);
    this.addSql(`create table "platform_people" ("followed_by_id" uuid not null, "year" smallint not null, "span" text not null, "dimension" text not null, "key" text not null, "people" int not null, primary key ("followed_by_id", "year", "span", "dimension", "key"));`);
    this.addSql(`create index "platform_people_year_span_index" on "platform_people" ("year", "span");`);
    // Read by the Département only (src/access/row-policies.ts).
    for (const table of ['placement_year_fact', 'platform_company_year', 'platform_contracts', 'platform_hours', 'platform_people']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`alter table "${table}" force row level security;`);
      this.addSql(`create policy "${table}_select" on "${table}" for select using ((select app_is_departement()));`);
    }

    // Whole calendar months from start to the day after the end, as contractMonths() counts them: the calendar
    // difference, less one when adding it to the start (PostgreSQL clamps to the month's end, like addMonths) overshoots.
    // One expression without FROM, so that PostgreSQL inlines it into the statements that call it.
    this.addSql(`create function app_contract_months(starts date, ends date) returns int language sql immutable as $$
      select case when ends is null then null
                  else ${CALENDAR_MONTHS} - case when starts + make_interval(months => ${CALENDAR_MONTHS}) > ends + 1 then 1 else 0 end end
    $$;`);
    this.addSql(COUNT_PLATFORM);
    this.addSql(`create function app_refresh_placement_years(placement_ids uuid[]) returns void language plpgsql security definer set search_path = public, pg_temp as $$
      declare
        ${CONCERNED}
      begin
        perform app_count_platform(-1, person_ids, placement_ids);
        ${REPLACE_PLACEMENT_YEARS}
        perform app_count_platform(1, person_ids, placement_ids);
        delete from platform_company_year where company_id = any(company_ids);
        ${companyYears('company_id = any(company_ids)')};
      end $$;`);
    for (const { name, event, transition, changed } of TRIGGERS) {
      this.addSql(`create function app_${name}() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
        begin perform app_refresh_placement_years(array(${changed})); return null; end $$;`);
      this.addSql(`create trigger ${name} after ${event} on hours_fact referencing ${transition} for each statement execute function app_${name}();`);
    }
    this.addSql(`insert into placement_year_fact (${PLACEMENT_YEAR_COLUMNS}) ${placementYearSource('true')} order by 2;`);
    for (const statement of countPlatform('1', 'true', 'true')) this.addSql(`${statement};`);
    this.addSql(`${companyYears('true')};`);

    // Rounded to 12 significant digits, then to the hour, halves up: Math.round(Number(exact.toPrecision(12))).
    this.addSql(`create function app_planned_insertion_hours(stated numeric, amount numeric, labour numeric, insertion numeric, cost numeric) returns numeric
      language sql immutable as $$
        select case when stated is not null then stated
                    when amount is null or labour is null or insertion is null or cost is null then null
                    else (select case when exact = 0 then 0 else round(round(exact, 11 - floor(log(exact))::int)) end
                            from (select amount * labour * insertion / cost as exact) formula) end
      $$;`);
    this.addSql(`create function app_planned_hours_basis(stated numeric, amount numeric, labour numeric, insertion numeric, cost numeric) returns text
      language sql immutable as $$
        select case when stated is not null then 'STATED'
                    when amount is null or labour is null or insertion is null or cost is null then 'UNKNOWN' else 'COMPUTED' end
      $$;`);
    this.addSql(`alter table "market_fact" add "planned_hours" numeric(12,2) null, add "planned_basis" text not null default 'UNKNOWN';`);
    this.addSql(`update market_fact set (planned_hours, planned_basis) = (select ${PLANNED});`);
    this.addSql(`alter table "market_fact" alter column "planned_basis" drop default;`);
    this.addSql(marketFactsWritten(MARKET_FACT_COLUMNS, `${MARKET_COLUMNS.join(', ')}, ${PLANNED}`));
  }

  override down(): void | Promise<void> {
    this.addSql(marketFactsWritten(MARKET_COLUMNS, MARKET_COLUMNS.join(', ')));
    this.addSql(`alter table "market_fact" drop column "planned_hours", drop column "planned_basis";`);
    this.addSql('drop function app_planned_insertion_hours(numeric, numeric, numeric, numeric, numeric);');
    this.addSql('drop function app_planned_hours_basis(numeric, numeric, numeric, numeric, numeric);');
    for (const { name } of TRIGGERS) {
      this.addSql(`drop trigger ${name} on hours_fact;`);
      this.addSql(`drop function app_${name}();`);
    }
    this.addSql('drop function app_refresh_placement_years(uuid[]);');
    this.addSql('drop function app_count_platform(int, uuid[], uuid[]);');
    this.addSql('drop function app_contract_months(date, date);');
    for (const table of ['platform_people', 'platform_contracts', 'platform_hours', 'platform_company_year', 'placement_year_fact']) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
  }

}
