import { Migration } from '@mikro-orm/migrations';

/** Written by `npm run policies` from the access model (src/access/model/rules.ts): do not edit by hand. */
export class Migration20261204195856_access_policies extends Migration {

  override name = 'Migration20261204195856_access_policies';

  override up(): void | Promise<void> {
    this.addSql("create or replace function app_organisations_of_its_memberships() returns setof uuid language sql stable security definer set search_path = public, pg_temp as $$ select organisation_id from membership where user_id = app_user() $$;");
    this.addSql("create or replace function app_organisations_that_invited_it() returns setof uuid language sql stable security definer set search_path = public, pg_temp as $$ select organisation_id from invitation where email = (select email from app_user where id = app_user()) $$;");
    this.addSql("drop policy \"organisation_select\" on public.\"organisation\";");
    this.addSql("create policy \"organisation_select\" on public.\"organisation\" for select using (((( SELECT app_kind() AS app_kind) = ANY (ARRAY['DEPARTEMENT'::text, 'PLIE'::text, 'BAILLEUR'::text, 'VILLE'::text, 'EPCI'::text, 'REGION'::text, 'ETAT'::text])) OR ((( SELECT app_org() AS app_org) IS NULL) AND ((id IN ( SELECT app_organisations_of_its_memberships() AS app_organisations_of_its_memberships)) OR (id IN ( SELECT app_organisations_that_invited_it() AS app_organisations_that_invited_it))))));");
  }

  override down(): void | Promise<void> {
    this.addSql("drop policy \"organisation_select\" on public.\"organisation\";");
    this.addSql("create policy \"organisation_select\" on public.\"organisation\" for select using (((( SELECT app_kind() AS app_kind) = ANY (ARRAY['DEPARTEMENT'::text, 'PLIE'::text, 'BAILLEUR'::text, 'VILLE'::text, 'EPCI'::text, 'REGION'::text, 'ETAT'::text])) OR ((( SELECT app_org() AS app_org) IS NULL) AND ((id IN ( SELECT membership.organisation_id\n   FROM membership\n  WHERE (membership.user_id = ( SELECT app_user() AS app_user)))) OR (id IN ( SELECT invitation.organisation_id\n   FROM invitation\n  WHERE (invitation.email = ( SELECT app_user.email\n           FROM app_user\n          WHERE (app_user.id = ( SELECT app_user() AS app_user))))))))));");
    this.addSql("drop function app_organisations_of_its_memberships();");
    this.addSql("drop function app_organisations_that_invited_it();");
  }

}
