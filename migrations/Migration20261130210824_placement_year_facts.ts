import { Migration } from '@mikro-orm/migrations';

/**
 * The whole platform's indicators without reading every hours fact (src/db/entities/facts.ts):
 * - placement_year_fact, one row per placement and year worked, recomputed from monthly_hours for every
 *   placement whose hours facts a statement changes (statement-level triggers on hours_fact, in the
 *   writer's transaction), so that it is exact after every write as the facts are;
 * - the planned hours of each market fact, computed by the trigger that keeps it, so that the planned
 *   hours of a hundred thousand markets are summed in SQL. app_planned_insertion_hours is the formula
 *   of src/domain/planned-hours.ts, rounding included (test/indicators/planned-hours-sql.test.ts holds
 *   the two together).
 * Functions and triggers are written by hand (routines and triggers are not diffed).
 */
const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);

const PLACEMENT_YEAR_COLUMNS = `placement_id, year, followed_by_id, beneficiary_id, company_id, market_nature, modality, contract_type, placement_start,
  placement_end, headcount_band, naf_code, company_kind, sex, age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase, worked, hours_by_month`;

/** The years worked of the placements `placements` keeps (a condition on `h`), grouped from their monthly hours. */
const placementYearSource = (placements: string) => `
  select p.id, extract(year from h.month)::smallint, b.followed_by_id, p.beneficiary_id, p.company_id, m.nature, p.modality, p.contract_type,
         p.start_date, p.end_date, c.headcount_band, c.naf_code, c.kind, b.sex, b.age_at_entry, b.qpv_id, b.is_brsa, b.is_deld, b.is_rqth, b.is_ase,
         bit_or(case when h.hours > 0 then 1 << (extract(month from h.month)::int - 1) else 0 end)::smallint,
         array[${MONTHS.map((month) => `coalesce(sum(h.hours) filter (where extract(month from h.month) = ${month}), 0)`).join(', ')}]::numeric[]
    from monthly_hours h join placement p on p.id = h.placement_id join market m on m.id = p.market_id
    join beneficiary b on b.id = p.beneficiary_id join company c on c.id = p.company_id
   where ${placements}
   group by p.id, 2, b.id, m.id, c.id
  having bit_or(case when h.hours > 0 then 1 << (extract(month from h.month)::int - 1) else 0 end) <> 0`;

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

export class Migration20261130210824_placement_year_facts extends Migration {

  override name = 'Migration20261130210824_placement_year_facts';

  override up(): void | Promise<void> {
    this.addSql(`create table "placement_year_fact" ("placement_id" uuid not null, "year" smallint not null, "followed_by_id" uuid not null, "beneficiary_id" uuid not null, "company_id" uuid not null, "market_nature" text not null, "modality" text not null, "contract_type" text not null, "placement_start" date not null, "placement_end" date null, "headcount_band" text null, "naf_code" text null, "company_kind" text not null, "sex" text not null, "age_at_entry" smallint not null, "qpv_id" uuid null, "is_brsa" boolean not null, "is_deld" boolean not null, "is_rqth" boolean not null, "is_ase" boolean not null, "worked" smallint not null, "hours_by_month" numeric[] not null, primary key ("placement_id", "year"));`);
    this.addSql(`create index "placement_year_fact_year_index" on "placement_year_fact" ("year");`);
    this.addSql(`create index "placement_year_fact_beneficiary_id_index" on "placement_year_fact" ("beneficiary_id");`);

    this.addSql(`alter table "placement_year_fact" enable row level security;`);
    this.addSql(`alter table "placement_year_fact" force row level security;`);
    this.addSql(`create policy "placement_year_fact_select" on "placement_year_fact" for select using ((select app_is_departement()));`);

    this.addSql(`create function app_refresh_placement_years(placement_ids uuid[]) returns void language sql security definer set search_path = public, pg_temp as $$
      delete from placement_year_fact where placement_id = any(placement_ids);
      insert into placement_year_fact (${PLACEMENT_YEAR_COLUMNS}) ${placementYearSource('h.placement_id = any(placement_ids)')};
    $$;`);
    for (const { name, event, transition, changed } of TRIGGERS) {
      this.addSql(`create function app_${name}() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
        begin perform app_refresh_placement_years(array(${changed})); return null; end $$;`);
      this.addSql(`create trigger ${name} after ${event} on hours_fact referencing ${transition} for each statement execute function app_${name}();`);
    }
    this.addSql(`insert into placement_year_fact (${PLACEMENT_YEAR_COLUMNS}) ${placementYearSource('true')} order by 2;`);

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
    this.addSql(`drop table if exists "placement_year_fact" cascade;`);
  }

}
