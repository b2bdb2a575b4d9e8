import { Migration } from '@mikro-orm/migrations';

/** Written by `npm run policies` from the access model (src/access/model/rules.ts): do not edit by hand. */
export class Migration20261202182408_access_policies extends Migration {

  override name = 'Migration20261202182408_access_policies';

  override up(): void | Promise<void> {
    this.addSql("create policy \"identity_read_insert\" on public.\"identity_read\" for insert with check (((( SELECT app_kind() AS app_kind) = ANY (ARRAY['DEPARTEMENT'::text, 'PLIE'::text, 'BAILLEUR'::text, 'VILLE'::text, 'EPCI'::text, 'REGION'::text, 'ETAT'::text])) AND ((organisation_id = ( SELECT app_org() AS app_org)) AND ((user_id = ( SELECT app_user() AS app_user)) OR (api_key_id = ( SELECT app_api_key() AS app_api_key))))));");
    this.addSql("create policy \"identity_read_select\" on public.\"identity_read\" for select using ((((( SELECT app_kind() AS app_kind) = 'DEPARTEMENT'::text) AND ((( SELECT app_role() AS app_role) = 'ADMIN'::text) AND (( SELECT app_user() AS app_user) IS NOT NULL))) OR ((( SELECT app_kind() AS app_kind) = 'PLIE'::text) AND ((( SELECT app_role() AS app_role) = 'ADMIN'::text) AND (( SELECT app_user() AS app_user) IS NOT NULL) AND (followed_by_id = ( SELECT app_org() AS app_org))))));");
  }

  override down(): void | Promise<void> {
    this.addSql("drop policy \"identity_read_insert\" on public.\"identity_read\";");
    this.addSql("drop policy \"identity_read_select\" on public.\"identity_read\";");
  }

}
