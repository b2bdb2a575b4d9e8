import { Migration } from '@mikro-orm/migrations';

/**
 * The whole platform's markets and exits by span (a calendar year or one of its semesters), by PLIE: the
 * Département's indicators sum a few thousand rows instead of reading every market and exit
 * (src/db/entities/facts.ts). Kept by statement-level triggers on market_fact and exit_fact: each statement's
 * old rows taken off and new rows added, in the writer's transaction. Written by hand (triggers are not diffed).
 */

/** platform_markets' PLIE of the markets no PLIE facilitates. */
const NO_PLIE = '00000000-0000-0000-0000-000000000000';

/** A year and its semesters, as months from the year's start: [from, to). */
const SPANS = `(values ('YEAR', 0, 12), ('S1', 0, 6), ('S2', 6, 12)) s(span, from_month, to_month)`;

/** Upsert of `direction` (1 or -1) times what the market facts `rows` add, for each span they run in. */
const countMarkets = (rows: string, direction: number) => `insert into platform_markets (facilitator_id, year, span, nature, clause_mechanism, planned_basis, markets, planned_hours)
  select coalesce(m.facilitator_id, '${NO_PLIE}'), y.year, s.span, m.nature, m.clause_mechanism, m.planned_basis, ${direction} * count(*), ${direction} * coalesce(sum(m.planned_hours), 0)
    from ${rows} m
    cross join lateral generate_series(extract(year from m.start_date)::int, extract(year from m.end_date)::int) y(year)
    cross join ${SPANS}
   where m.status <> 'DRAFT' and m.start_date is not null and m.end_date is not null
     and m.start_date < make_date(y.year, 1, 1) + make_interval(months => s.to_month)
     and m.end_date >= make_date(y.year, 1, 1) + make_interval(months => s.from_month)
   group by 1, 2, 3, 4, 5, 6
  on conflict (facilitator_id, year, span, nature, clause_mechanism, planned_basis) do update
     set markets = platform_markets.markets + excluded.markets, planned_hours = platform_markets.planned_hours + excluded.planned_hours`;

/** Upsert of `direction` times what the exit facts `rows` add. */
const countExits = (rows: string, direction: number) => `insert into platform_exits (followed_by_id, year, span, category, exits)
  select e.followed_by_id, extract(year from e.exit_date)::int, s.span, e.category, ${direction} * count(*)
    from ${rows} e cross join ${SPANS}
   where extract(month from e.exit_date) > s.from_month and extract(month from e.exit_date) <= s.to_month
   group by 1, 2, 3, 4
  on conflict (followed_by_id, year, span, category) do update set exits = platform_exits.exits + excluded.exits`;

const FACTS = [{ table: 'market_fact', count: countMarkets }, { table: 'exit_fact', count: countExits }];

const TRIGGERS = [
  { event: 'insert', transition: 'new table as changed', counts: [['changed', 1]] },
  { event: 'update', transition: 'old table as removed new table as changed', counts: [['removed', -1], ['changed', 1]] },
  { event: 'delete', transition: 'old table as changed', counts: [['changed', -1]] },
] as const;

export class NAME extends Migration {

  override name = 'NAME';

  override up(): void | Promise<void> {
    this.addSql(`create table "platform_exits" ("followed_by_id" uuid not null, "year" smallint not null, "span" text not null, "category" text not null, "exits" int not null, primary key ("followed_by_id", "year", "span", "category"));`);
    this.addSql(`create index "platform_exits_year_span_index" on "platform_exits" ("year", "span");`);
    this.addSql(`create table "platform_markets" ("facilitator_id" uuid not null, "year" smallint not null, "span" text not null, "nature" text not null, "clause_mechanism" text not null, "planned_basis" text not null, "markets" int not null, "planned_hours" numeric(14,2) not null, primary key ("facilitator_id", "year", "span", "nature", "clause_mechanism", "planned_basis"));`);
    this.addSql(`create index "platform_markets_year_span_index" on "platform_markets" ("year", "span");`);
    // Read by the Département only (src/access/row-policies.ts).
    for (const table of ['platform_exits', 'platform_markets']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`alter table "${table}" force row level security;`);
      this.addSql(`create policy "${table}_select" on "${table}" for select using ((select app_is_departement()));`);
    }
    // Markets without a start or an end date are few, and counted from market_fact itself: found by these indexes.
    this.addSql(`create index "market_fact_start_date_index" on "market_fact" ("start_date");`);
    this.addSql(`create index "market_fact_end_date_index" on "market_fact" ("end_date");`);
    for (const { table, count } of FACTS) {
      for (const { event, transition, counts } of TRIGGERS) {
        this.addSql(`create function app_platform_${table}_${event}() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
          begin ${counts.map(([rows, direction]) => `${count(rows, direction)};`).join('\n')} return null; end $$;`);
        this.addSql(`create trigger platform_${table}_${event} after ${event} on ${table} referencing ${transition} for each statement execute function app_platform_${table}_${event}();`);
      }
      this.addSql(`${count(table, 1)};`);
    }
  }

  override down(): void | Promise<void> {
    for (const { table } of FACTS) {
      for (const { event } of TRIGGERS) {
        this.addSql(`drop trigger platform_${table}_${event} on ${table};`);
        this.addSql(`drop function app_platform_${table}_${event}();`);
      }
    }
    this.addSql('drop index "market_fact_start_date_index";');
    this.addSql('drop index "market_fact_end_date_index";');
    this.addSql('drop table if exists "platform_exits" cascade;');
    this.addSql('drop table if exists "platform_markets" cascade;');
  }

}
