import { Migration } from '@mikro-orm/migrations';

/**
 * The facts the indicators are computed from (src/db/entities/facts.ts), and the triggers that keep them
 * exact, written by hand: statement-level triggers with transition tables, so that a batch of thousands of
 * hours refreshes its facts with one set-based statement, in the writer's transaction. The functions run
 * as the owner (security definer): the application role reads facts and never writes them.
 */
const HOURS_FACT_COLUMNS = `id, month, hours, placement_id, beneficiary_id, market_id, company_id, charter_id, operation_id, buyer_id,
  facilitator_id, followed_by_id, market_nature, modality, contract_type, placement_start, placement_end, headcount_band, naf_code,
  company_kind, sex, age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase`;

/** The facts of hours rows `h` of `hours` (the table, or a trigger's transition table). */
const hoursFactSource = (hours: string) => `select h.id, h.month, h.hours, p.id, p.beneficiary_id, m.id, p.company_id, m.charter_id, m.operation_id,
    m.buyer_id, m.facilitator_id, b.followed_by_id, m.nature, p.modality, p.contract_type, p.start_date, p.end_date, c.headcount_band,
    c.naf_code, c.kind, b.sex, b.age_at_entry, b.qpv_id, b.is_brsa, b.is_deld, b.is_rqth, b.is_ase
  from ${hours} h join placement p on p.id = h.placement_id join market m on m.id = p.market_id
  join beneficiary b on b.id = p.beneficiary_id join company c on c.id = p.company_id`;

const UPDATED_COLUMNS = HOURS_FACT_COLUMNS.split(',').map((column) => column.trim()).filter((column) => column !== 'id');

/** Triggers on each source table: which monthly_hours rows its changed rows feed. */
const SOURCES: { table: string; hours: string }[] = [
  { table: 'placement', hours: 'select h.id from monthly_hours h join changed on h.placement_id = changed.id' },
  { table: 'beneficiary', hours: 'select h.id from monthly_hours h join placement p on p.id = h.placement_id join changed on p.beneficiary_id = changed.id' },
  { table: 'market', hours: 'select h.id from monthly_hours h join placement p on p.id = h.placement_id join changed on p.market_id = changed.id' },
  { table: 'company', hours: 'select h.id from monthly_hours h join placement p on p.id = h.placement_id join changed on p.company_id = changed.id' },
];

export class Migration20261130185732_indicator_facts extends Migration {

  override name = 'Migration20261130185732_indicator_facts';

  override up(): void | Promise<void> {
    this.addSql(`create table "exit_fact" ("id" uuid not null, "beneficiary_id" uuid not null, "followed_by_id" uuid not null, "exit_date" date not null, "category" text not null, primary key ("id"));`);
    this.addSql(`create index "exit_fact_beneficiary_id_index" on "exit_fact" ("beneficiary_id");`);
    this.addSql(`create index "exit_fact_exit_date_index" on "exit_fact" ("exit_date");`);
    this.addSql(`create index "exit_fact_followed_by_id_exit_date_index" on "exit_fact" ("followed_by_id", "exit_date");`);

    this.addSql(`create table "hours_fact" ("id" uuid not null, "month" date not null, "hours" numeric(6,2) not null, "placement_id" uuid not null, "beneficiary_id" uuid not null, "market_id" uuid not null, "company_id" uuid not null, "charter_id" uuid null, "operation_id" uuid null, "buyer_id" uuid not null, "facilitator_id" uuid null, "followed_by_id" uuid not null, "market_nature" text not null, "modality" text not null, "contract_type" text not null, "placement_start" date not null, "placement_end" date null, "headcount_band" text null, "naf_code" text null, "company_kind" text not null, "sex" text not null, "age_at_entry" smallint not null, "qpv_id" uuid null, "is_brsa" boolean not null, "is_deld" boolean not null, "is_rqth" boolean not null, "is_ase" boolean not null, primary key ("id"));`);
    this.addSql(`create index "hours_fact_month_index" on "hours_fact" ("month");`);
    this.addSql(`create index "hours_fact_market_id_month_index" on "hours_fact" ("market_id", "month");`);
    this.addSql(`create index "hours_fact_operation_id_month_index" on "hours_fact" ("operation_id", "month");`);
    this.addSql(`create index "hours_fact_followed_by_id_month_index" on "hours_fact" ("followed_by_id", "month");`);
    this.addSql(`create index "hours_fact_facilitator_id_month_index" on "hours_fact" ("facilitator_id", "month");`);
    this.addSql(`create index "hours_fact_buyer_id_month_index" on "hours_fact" ("buyer_id", "month");`);
    this.addSql(`create index "hours_fact_charter_id_month_index" on "hours_fact" ("charter_id", "month");`);

    this.addSql(`alter table "exit_fact" enable row level security;`);
    this.addSql(`alter table "exit_fact" force row level security;`);
    this.addSql(`create policy "exit_fact_select" on "exit_fact" for select using ((select app_is_departement()) or followed_by_id = (select app_org()) or beneficiary_id in (select beneficiary_id from hours_fact));`);

    this.addSql(`alter table "hours_fact" enable row level security;`);
    this.addSql(`alter table "hours_fact" force row level security;`);
    this.addSql(`create policy "hours_fact_select" on "hours_fact" for select using ((select app_is_departement()) or charter_id in (select app_visible_charters()) or buyer_id = (select app_org()) or facilitator_id = (select app_org()) or followed_by_id = (select app_org()));`);

    const upsert = (hours: string) => `insert into hours_fact (${HOURS_FACT_COLUMNS}) ${hoursFactSource(hours)}
      on conflict (id) do update set (${UPDATED_COLUMNS.join(', ')}) = (${UPDATED_COLUMNS.map((column) => `excluded.${column}`).join(', ')})`;
    this.addSql(`create function app_refresh_hours_facts(hours_ids uuid[]) returns void language sql security definer set search_path = public, pg_temp as $$
      ${upsert('(select * from monthly_hours where id = any(hours_ids))')};
    $$;`);
    // Hours written: their facts straight from the transition table, without reading the rows again.
    this.addSql(`create function app_hours_facts_written() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin ${upsert('changed')}; return null; end $$;`);
    this.addSql(`create function app_hours_facts_deleted() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin delete from hours_fact where id in (select id from changed); return null; end $$;`);
    this.addSql(`create trigger hours_facts_inserted after insert on monthly_hours referencing new table as changed for each statement execute function app_hours_facts_written();`);
    this.addSql(`create trigger hours_facts_updated after update on monthly_hours referencing new table as changed for each statement execute function app_hours_facts_written();`);
    this.addSql(`create trigger hours_facts_deleted after delete on monthly_hours referencing old table as changed for each statement execute function app_hours_facts_deleted();`);
    for (const { table, hours } of SOURCES) {
      this.addSql(`create function app_${table}_facts_updated() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
        begin perform app_refresh_hours_facts(array(${hours})); return null; end $$;`);
      this.addSql(`create trigger ${table}_facts_updated after update on ${table} referencing new table as changed for each statement execute function app_${table}_facts_updated();`);
    }

    this.addSql(`create function app_exit_facts_written() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        insert into exit_fact (id, beneficiary_id, followed_by_id, exit_date, category)
        select e.id, e.beneficiary_id, b.followed_by_id, e.exit_date, e.category from changed e join beneficiary b on b.id = e.beneficiary_id
        on conflict (id) do update set (beneficiary_id, followed_by_id, exit_date, category) = (excluded.beneficiary_id, excluded.followed_by_id, excluded.exit_date, excluded.category);
        return null;
      end $$;`);
    this.addSql(`create function app_exit_facts_deleted() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin delete from exit_fact where id in (select id from changed); return null; end $$;`);
    this.addSql(`create trigger exit_facts_inserted after insert on beneficiary_exit referencing new table as changed for each statement execute function app_exit_facts_written();`);
    this.addSql(`create trigger exit_facts_updated after update on beneficiary_exit referencing new table as changed for each statement execute function app_exit_facts_written();`);
    this.addSql(`create trigger exit_facts_deleted after delete on beneficiary_exit referencing old table as changed for each statement execute function app_exit_facts_deleted();`);
    this.addSql(`create function app_beneficiary_exit_facts_updated() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin update exit_fact f set followed_by_id = changed.followed_by_id from changed where f.beneficiary_id = changed.id and f.followed_by_id <> changed.followed_by_id; return null; end $$;`);
    this.addSql(`create trigger beneficiary_exit_facts_updated after update on beneficiary referencing new table as changed for each statement execute function app_beneficiary_exit_facts_updated();`);

    this.addSql(`insert into hours_fact (${HOURS_FACT_COLUMNS}) ${hoursFactSource('monthly_hours')};`);
    this.addSql(`insert into exit_fact (id, beneficiary_id, followed_by_id, exit_date, category)
      select e.id, e.beneficiary_id, b.followed_by_id, e.exit_date, e.category from beneficiary_exit e join beneficiary b on b.id = e.beneficiary_id;`);
  }

  override down(): void | Promise<void> {
    for (const trigger of ['exit_facts_inserted on beneficiary_exit', 'exit_facts_updated on beneficiary_exit', 'exit_facts_deleted on beneficiary_exit',
      'beneficiary_exit_facts_updated on beneficiary', 'hours_facts_inserted on monthly_hours', 'hours_facts_updated on monthly_hours',
      'hours_facts_deleted on monthly_hours', ...SOURCES.map(({ table }) => `${table}_facts_updated on ${table}`)]) {
      this.addSql(`drop trigger ${trigger};`);
    }
    for (const name of ['app_exit_facts_written', 'app_exit_facts_deleted', 'app_beneficiary_exit_facts_updated', 'app_hours_facts_written',
      'app_hours_facts_deleted', ...SOURCES.map(({ table }) => `app_${table}_facts_updated`)]) {
      this.addSql(`drop function ${name}();`);
    }
    this.addSql('drop function app_refresh_hours_facts(uuid[]);');
    this.addSql(`drop table if exists "exit_fact" cascade;`);
    this.addSql(`drop table if exists "hours_fact" cascade;`);
  }

}
