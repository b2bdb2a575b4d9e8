import { Migration } from '@mikro-orm/migrations';

/** Written by `npm run policies` from the access model (src/access/model/rules.ts): do not edit by hand. */
export class Migration20261204201528_access_policies extends Migration {

  override name = 'Migration20261204201528_access_policies';

  override up(): void | Promise<void> {
    this.addSql("create or replace function app_people_on_bought_markets() returns setof uuid language sql stable security definer set search_path = public, pg_temp as $$ select beneficiary_id from placement where market_id in (select id from market where buyer_id = app_org()) $$;");
    this.addSql("drop policy \"beneficiary_select\" on public.\"beneficiary\";");
    this.addSql("create policy \"beneficiary_select\" on public.\"beneficiary\" for select using (((( SELECT app_kind() AS app_kind) = 'DEPARTEMENT'::text) OR ((( SELECT app_kind() AS app_kind) = 'PLIE'::text) AND ((followed_by_id = ( SELECT app_org() AS app_org)) OR (id IN ( SELECT app_people_on_facilitated_markets() AS app_people_on_facilitated_markets)))) OR ((( SELECT app_kind() AS app_kind) = ANY (ARRAY['BAILLEUR'::text, 'VILLE'::text, 'EPCI'::text, 'REGION'::text])) AND (id IN ( SELECT app_people_on_bought_markets() AS app_people_on_bought_markets)))));");
    this.addSql("drop policy \"beneficiary_exit_select\" on public.\"beneficiary_exit\";");
    this.addSql("create policy \"beneficiary_exit_select\" on public.\"beneficiary_exit\" for select using (((( SELECT app_kind() AS app_kind) = 'DEPARTEMENT'::text) OR ((( SELECT app_kind() AS app_kind) = 'PLIE'::text) AND ((beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (beneficiary_id IN ( SELECT app_people_on_facilitated_markets() AS app_people_on_facilitated_markets))))));");
  }

  override down(): void | Promise<void> {
    this.addSql("drop policy \"beneficiary_select\" on public.\"beneficiary\";");
    this.addSql("create policy \"beneficiary_select\" on public.\"beneficiary\" for select using (((( SELECT app_kind() AS app_kind) = 'DEPARTEMENT'::text) OR ((( SELECT app_kind() AS app_kind) = 'PLIE'::text) AND ((followed_by_id = ( SELECT app_org() AS app_org)) OR (id IN ( SELECT placement.beneficiary_id\n   FROM placement\n  WHERE (placement.market_id IN ( SELECT market.id\n           FROM market\n          WHERE (market.facilitator_id = ( SELECT app_org() AS app_org)))))))) OR ((( SELECT app_kind() AS app_kind) = ANY (ARRAY['BAILLEUR'::text, 'VILLE'::text, 'EPCI'::text, 'REGION'::text])) AND (id IN ( SELECT placement.beneficiary_id\n   FROM placement\n  WHERE (placement.market_id IN ( SELECT market.id\n           FROM market\n          WHERE (market.buyer_id = ( SELECT app_org() AS app_org)))))))));");
    this.addSql("drop policy \"beneficiary_exit_select\" on public.\"beneficiary_exit\";");
    this.addSql("create policy \"beneficiary_exit_select\" on public.\"beneficiary_exit\" for select using (((( SELECT app_kind() AS app_kind) = 'DEPARTEMENT'::text) OR ((( SELECT app_kind() AS app_kind) = 'PLIE'::text) AND ((beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (beneficiary_id IN ( SELECT placement.beneficiary_id\n   FROM placement\n  WHERE (placement.market_id IN ( SELECT market.id\n           FROM market\n          WHERE (market.facilitator_id = ( SELECT app_org() AS app_org))))))))));");
    this.addSql("drop function app_people_on_bought_markets();");
  }

}
