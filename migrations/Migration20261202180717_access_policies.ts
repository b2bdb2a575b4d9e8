import { Migration } from '@mikro-orm/migrations';

/** Written by `npm run policies` from the access model (src/access/model/rules.ts): do not edit by hand. */
export class Migration20261202180717_access_policies extends Migration {

  override name = 'Migration20261202180717_access_policies';

  override up(): void | Promise<void> {
    this.addSql("create policy \"beneficiary_identity_delete\" on public.\"beneficiary_identity\" for delete using (((( SELECT app_kind() AS app_kind) = 'PLIE'::text) AND ((( SELECT app_role() AS app_role) = 'ADMIN'::text) AND (( SELECT app_user() AS app_user) IS NOT NULL) AND (followed_by_id = ( SELECT app_org() AS app_org)))));");
  }

  override down(): void | Promise<void> {
    this.addSql("drop policy \"beneficiary_identity_delete\" on public.\"beneficiary_identity\";");
  }

}
