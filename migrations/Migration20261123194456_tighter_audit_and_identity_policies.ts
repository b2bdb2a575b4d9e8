import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand (policies are not diffed), from src/access/row-policies.ts:
 * - the audit trail is read by administrators only, the Département's included;
 * - an identity row can only be written for a person the acting PLIE follows.
 */
export class Migration20261123194456_tighter_audit_and_identity_policies extends Migration {

  override name = 'Migration20261123194456_tighter_audit_and_identity_policies';

  override up(): void | Promise<void> {
    this.addSql(`drop policy "audit_event_select" on "audit_event";`);
    this.addSql(`create policy "audit_event_select" on "audit_event" for select using ((select app_is_admin()) and ((select app_is_departement()) or organisation_id = (select app_org())));`);
    this.addSql(`drop policy "beneficiary_identity_insert" on "beneficiary_identity";`);
    this.addSql(`create policy "beneficiary_identity_insert" on "beneficiary_identity" for insert with check ((select app_can_write()) and followed_by_id = (select app_org()) and beneficiary_id in (select app_followed_beneficiaries()));`);
    this.addSql(`drop policy "beneficiary_identity_update" on "beneficiary_identity";`);
    this.addSql(`create policy "beneficiary_identity_update" on "beneficiary_identity" for update using ((select app_can_write()) and followed_by_id = (select app_org()) and beneficiary_id in (select app_followed_beneficiaries())) with check ((select app_can_write()) and followed_by_id = (select app_org()) and beneficiary_id in (select app_followed_beneficiaries()));`);
    this.addSql(`drop policy "beneficiary_identity_delete" on "beneficiary_identity";`);
    this.addSql(`create policy "beneficiary_identity_delete" on "beneficiary_identity" for delete using ((select app_can_write()) and followed_by_id = (select app_org()) and beneficiary_id in (select app_followed_beneficiaries()));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop policy "audit_event_select" on "audit_event";`);
    this.addSql(`create policy "audit_event_select" on "audit_event" for select using ((select app_is_departement()) or (organisation_id = (select app_org()) and (select app_is_admin())));`);
    this.addSql(`drop policy "beneficiary_identity_insert" on "beneficiary_identity";`);
    this.addSql(`create policy "beneficiary_identity_insert" on "beneficiary_identity" for insert with check ((select app_can_write()) and followed_by_id = (select app_org()));`);
    this.addSql(`drop policy "beneficiary_identity_update" on "beneficiary_identity";`);
    this.addSql(`create policy "beneficiary_identity_update" on "beneficiary_identity" for update using ((select app_can_write()) and followed_by_id = (select app_org())) with check ((select app_can_write()) and followed_by_id = (select app_org()));`);
    this.addSql(`drop policy "beneficiary_identity_delete" on "beneficiary_identity";`);
    this.addSql(`create policy "beneficiary_identity_delete" on "beneficiary_identity" for delete using ((select app_can_write()) and followed_by_id = (select app_org()));`);
  }

}
