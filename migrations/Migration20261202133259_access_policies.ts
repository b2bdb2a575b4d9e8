import { Migration } from '@mikro-orm/migrations';

/** Written by `npm run policies` from the access model (src/access/model/rules.ts): do not edit by hand. */
export class Migration20261202133259_access_policies extends Migration {

  override name = 'Migration20261202133259_access_policies';

  override up(): void | Promise<void> {
    this.addSql("create policy \"import_file_chunk_delete\" on public.\"import_file_chunk\" for delete using (((( SELECT app_kind() AS app_kind) = ANY (ARRAY['DEPARTEMENT'::text, 'PLIE'::text])) AND ((( SELECT app_role() AS app_role) = ANY (ARRAY['EDITOR'::text, 'ADMIN'::text])) AND (import_job_id IN ( SELECT import_job.id\n   FROM import_job\n  WHERE (import_job.organisation_id = ( SELECT app_org() AS app_org)))))));");
    this.addSql("create policy \"import_file_chunk_insert\" on public.\"import_file_chunk\" for insert with check (((( SELECT app_kind() AS app_kind) = ANY (ARRAY['DEPARTEMENT'::text, 'PLIE'::text])) AND ((( SELECT app_role() AS app_role) = ANY (ARRAY['EDITOR'::text, 'ADMIN'::text])) AND (import_job_id IN ( SELECT import_job.id\n   FROM import_job\n  WHERE (import_job.organisation_id = ( SELECT app_org() AS app_org)))))));");
    this.addSql("create policy \"import_file_chunk_select\" on public.\"import_file_chunk\" for select using (((( SELECT app_kind() AS app_kind) = ANY (ARRAY['DEPARTEMENT'::text, 'PLIE'::text, 'BAILLEUR'::text, 'VILLE'::text, 'EPCI'::text, 'REGION'::text, 'ETAT'::text])) AND (import_job_id IN ( SELECT j.id\n   FROM import_job j))));");
  }

  override down(): void | Promise<void> {
    this.addSql("drop policy \"import_file_chunk_delete\" on public.\"import_file_chunk\";");
    this.addSql("drop policy \"import_file_chunk_insert\" on public.\"import_file_chunk\";");
    this.addSql("drop policy \"import_file_chunk_select\" on public.\"import_file_chunk\";");
  }

}
