import { Migration } from '@mikro-orm/migrations';
import { companyYears, COUNT_PLATFORM, countPlatform, PLACEMENT_YEAR_COLUMNS, placementYearSource, REFRESH_BY_RECOUNT } from './sql/platform-sums.js';

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
/** Calendar months from `starts` to the day after `ends`. */
const CALENDAR_MONTHS = `((date_part('year', ends + 1) - date_part('year', starts)) * 12 + date_part('month', ends + 1) - date_part('month', starts))::int`;

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
    this.addSql(`create function app_refresh_placement_years(placement_ids uuid[]) returns void language plpgsql security definer set search_path = public, pg_temp as $$${REFRESH_BY_RECOUNT}`);
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
