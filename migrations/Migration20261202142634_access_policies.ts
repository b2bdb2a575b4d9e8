import { Migration } from '@mikro-orm/migrations';

/** Written by `npm run policies` from the access model (src/access/model/rules.ts): do not edit by hand. */
export class Migration20261202142634_access_policies extends Migration {

  override name = 'Migration20261202142634_access_policies';

  override up(): void | Promise<void> {
    this.addSql("drop policy \"audit_event_select\" on public.\"audit_event\";");
    this.addSql("create policy \"audit_event_select\" on public.\"audit_event\" for select using ((((( SELECT app_kind() AS app_kind) = 'DEPARTEMENT'::text) AND ((((( SELECT app_role() AS app_role) = 'ADMIN'::text) AND (( SELECT app_user() AS app_user) IS NOT NULL)) OR (((user_id = ( SELECT app_user() AS app_user)) OR (api_key_id = ( SELECT app_api_key() AS app_api_key))) AND (organisation_id = ( SELECT app_org() AS app_org)))) AND (((entity <> 'BeneficiaryIdentity'::text) OR (entity_id IN ( SELECT i.beneficiary_id\n   FROM beneficiary_identity i))) AND ((entity <> 'ImportJob'::text) OR (entity_id IN ( SELECT j.id\n   FROM import_job j)))))) OR ((( SELECT app_kind() AS app_kind) = ANY (ARRAY['PLIE'::text, 'BAILLEUR'::text, 'VILLE'::text, 'EPCI'::text, 'REGION'::text, 'ETAT'::text])) AND ((((( SELECT app_role() AS app_role) = 'ADMIN'::text) AND (( SELECT app_user() AS app_user) IS NOT NULL) AND (organisation_id = ( SELECT app_org() AS app_org))) OR (((user_id = ( SELECT app_user() AS app_user)) OR (api_key_id = ( SELECT app_api_key() AS app_api_key))) AND (organisation_id = ( SELECT app_org() AS app_org)))) AND (((entity <> 'BeneficiaryIdentity'::text) OR (entity_id IN ( SELECT i.beneficiary_id\n   FROM beneficiary_identity i))) AND ((entity <> 'ImportJob'::text) OR (entity_id IN ( SELECT j.id\n   FROM import_job j))))))));");
  }

  override down(): void | Promise<void> {
    this.addSql("drop policy \"audit_event_select\" on public.\"audit_event\";");
    this.addSql("create policy \"audit_event_select\" on public.\"audit_event\" for select using ((((( SELECT app_kind() AS app_kind) = 'DEPARTEMENT'::text) AND ((( SELECT app_role() AS app_role) = 'ADMIN'::text) AND (( SELECT app_user() AS app_user) IS NOT NULL) AND (((entity <> 'BeneficiaryIdentity'::text) OR (entity_id IN ( SELECT i.beneficiary_id\n   FROM beneficiary_identity i))) AND ((entity <> 'ImportJob'::text) OR (entity_id IN ( SELECT j.id\n   FROM import_job j)))))) OR ((( SELECT app_kind() AS app_kind) = ANY (ARRAY['PLIE'::text, 'BAILLEUR'::text, 'VILLE'::text, 'EPCI'::text, 'REGION'::text, 'ETAT'::text])) AND ((( SELECT app_role() AS app_role) = 'ADMIN'::text) AND (( SELECT app_user() AS app_user) IS NOT NULL) AND (organisation_id = ( SELECT app_org() AS app_org)) AND (((entity <> 'BeneficiaryIdentity'::text) OR (entity_id IN ( SELECT i.beneficiary_id\n   FROM beneficiary_identity i))) AND ((entity <> 'ImportJob'::text) OR (entity_id IN ( SELECT j.id\n   FROM import_job j))))))));");
  }

}
