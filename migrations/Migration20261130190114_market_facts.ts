import { Migration } from '@mikro-orm/migrations';

/**
 * Markets as the indicators read them (src/db/entities/facts.ts): the clause of every market of a charter,
 * for its planned hours, readable by the charter's signatories; kept by triggers, written by hand.
 */
const COLUMNS = ['id', 'charter_id', 'operation_id', 'buyer_id', 'facilitator_id', 'nature', 'clause_mechanism', 'status', 'start_date', 'end_date',
  'amount_ht', 'labour_rate', 'insertion_rate', 'hourly_cost', 'stated_hours'];

export class Migration20261130190114_market_facts extends Migration {

  override name = 'Migration20261130190114_market_facts';

  override up(): void | Promise<void> {
    this.addSql(`create table "market_fact" ("id" uuid not null, "charter_id" uuid null, "operation_id" uuid null, "buyer_id" uuid not null, "facilitator_id" uuid null, "nature" text not null, "clause_mechanism" text not null, "status" text not null, "start_date" date null, "end_date" date null, "amount_ht" numeric(14,2) null, "labour_rate" numeric(5,4) null, "insertion_rate" numeric(5,4) null, "hourly_cost" numeric(8,2) null, "stated_hours" numeric(10,2) null, primary key ("id"));`);
    this.addSql(`create index "market_fact_charter_id_index" on "market_fact" ("charter_id");`);
    this.addSql(`create index "market_fact_operation_id_index" on "market_fact" ("operation_id");`);
    this.addSql(`create index "market_fact_buyer_id_index" on "market_fact" ("buyer_id");`);
    this.addSql(`create index "market_fact_facilitator_id_index" on "market_fact" ("facilitator_id");`);

    this.addSql(`alter table "market_fact" enable row level security;`);
    this.addSql(`alter table "market_fact" force row level security;`);
    this.addSql(`create policy "market_fact_select" on "market_fact" for select using ((select app_is_departement()) or charter_id in (select app_visible_charters()) or buyer_id = (select app_org()) or facilitator_id = (select app_org()));`);

    this.addSql(`create function app_market_facts_written() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        insert into market_fact (${COLUMNS.join(', ')}) select ${COLUMNS.join(', ')} from changed
        on conflict (id) do update set (${COLUMNS.slice(1).join(', ')}) = (${COLUMNS.slice(1).map((column) => `excluded.${column}`).join(', ')});
        return null;
      end $$;`);
    this.addSql(`create function app_market_facts_deleted() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin delete from market_fact where id in (select id from changed); return null; end $$;`);
    this.addSql(`create trigger market_facts_inserted after insert on market referencing new table as changed for each statement execute function app_market_facts_written();`);
    this.addSql(`create trigger market_facts_written after update on market referencing new table as changed for each statement execute function app_market_facts_written();`);
    this.addSql(`create trigger market_facts_deleted after delete on market referencing old table as changed for each statement execute function app_market_facts_deleted();`);
    this.addSql(`insert into market_fact (${COLUMNS.join(', ')}) select ${COLUMNS.join(', ')} from market;`);
  }

  override down(): void | Promise<void> {
    for (const trigger of ['market_facts_inserted', 'market_facts_written', 'market_facts_deleted']) this.addSql(`drop trigger ${trigger} on market;`);
    this.addSql('drop function app_market_facts_written();');
    this.addSql('drop function app_market_facts_deleted();');
    this.addSql(`drop table if exists "market_fact" cascade;`);
  }

}
