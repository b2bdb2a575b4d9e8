import { Migration } from '@mikro-orm/migrations';

export class Migration20261123183258_row_level_security_and_api_keys extends Migration {

  override name = 'Migration20261123183258_row_level_security_and_api_keys';

  override up(): void | Promise<void> {
    this.addSql(`create table "api_key" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "organisation_id" uuid not null, "role" text not null, "name" text not null, "prefix" text not null, "secret_hash" text not null, "created_by" uuid not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "api_key_organisation_id_index" on "api_key" ("organisation_id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);
    this.addSql(`create index "api_key_created_by_index" on "api_key" ("created_by");`);

    this.addSql(`alter table "audit_event" enable row level security;`);
    this.addSql(`alter table "audit_event" force row level security;`);
    this.addSql(`create policy "audit_event_select" on "audit_event" for select using ((select app_is_departement()) or (organisation_id = (select app_org()) and (select app_is_admin())));`);
    this.addSql(`create policy "audit_event_insert" on "audit_event" for insert with check (((select app_user()) is not null or (select app_org()) is not null) and organisation_id is not distinct from (select app_org()));`);

    this.addSql(`alter table "company" enable row level security;`);
    this.addSql(`alter table "company" force row level security;`);
    this.addSql(`create policy "company_select" on "company" for select using (((select app_user()) is not null or (select app_org()) is not null));`);
    this.addSql(`create policy "company_insert" on "company" for insert with check ((select app_can_write()));`);
    this.addSql(`create policy "company_update" on "company" for update using ((select app_can_write())) with check ((select app_can_write()));`);
    this.addSql(`create policy "company_delete" on "company" for delete using ((select app_can_write()));`);

    this.addSql(`alter table "organisation" enable row level security;`);
    this.addSql(`alter table "organisation" force row level security;`);
    this.addSql(`create policy "organisation_select" on "organisation" for select using (((select app_user()) is not null or (select app_org()) is not null));`);
    this.addSql(`create policy "organisation_insert" on "organisation" for insert with check ((select app_is_departement()) and (select app_is_admin()));`);
    this.addSql(`create policy "organisation_update" on "organisation" for update using ((select app_is_departement()) and (select app_is_admin())) with check ((select app_is_departement()) and (select app_is_admin()));`);
    this.addSql(`create policy "organisation_delete" on "organisation" for delete using ((select app_is_departement()) and (select app_is_admin()));`);

    this.addSql(`alter table "charter" enable row level security;`);
    this.addSql(`alter table "charter" force row level security;`);
    this.addSql(`create policy "charter_select" on "charter" for select using ((select app_is_departement()) or id in (select app_visible_charters()));`);
    this.addSql(`create policy "charter_insert" on "charter" for insert with check ((select app_can_write()) and (coordinator_id = (select app_org()) or (select app_is_departement())));`);
    this.addSql(`create policy "charter_update" on "charter" for update using ((select app_can_write()) and (coordinator_id = (select app_org()) or (select app_is_departement()))) with check ((select app_can_write()) and (coordinator_id = (select app_org()) or (select app_is_departement())));`);
    this.addSql(`create policy "charter_delete" on "charter" for delete using ((select app_can_write()) and (coordinator_id = (select app_org()) or (select app_is_departement())));`);

    this.addSql(`alter table "operation" enable row level security;`);
    this.addSql(`alter table "operation" force row level security;`);
    this.addSql(`create policy "operation_select" on "operation" for select using ((select app_is_departement()) or owner_id = (select app_org()) or charter_id in (select app_visible_charters()) or id in (select operation_id from market));`);
    this.addSql(`create policy "operation_insert" on "operation" for insert with check ((select app_can_write()) and owner_id = (select app_org()));`);
    this.addSql(`create policy "operation_update" on "operation" for update using ((select app_can_write()) and owner_id = (select app_org())) with check ((select app_can_write()) and owner_id = (select app_org()));`);
    this.addSql(`create policy "operation_delete" on "operation" for delete using ((select app_can_write()) and owner_id = (select app_org()));`);

    this.addSql(`alter table "market" enable row level security;`);
    this.addSql(`alter table "market" force row level security;`);
    this.addSql(`create policy "market_select" on "market" for select using ((select app_is_departement()) or buyer_id = (select app_org()) or facilitator_id = (select app_org()));`);
    this.addSql(`create policy "market_insert" on "market" for insert with check ((select app_can_write()) and buyer_id = (select app_org()));`);
    this.addSql(`create policy "market_update" on "market" for update using ((select app_can_write()) and buyer_id = (select app_org())) with check ((select app_can_write()) and buyer_id = (select app_org()));`);
    this.addSql(`create policy "market_delete" on "market" for delete using ((select app_can_write()) and buyer_id = (select app_org()));`);

    this.addSql(`alter table "lot" enable row level security;`);
    this.addSql(`alter table "lot" force row level security;`);
    this.addSql(`create policy "lot_select" on "lot" for select using (market_id in (select id from market));`);
    this.addSql(`create policy "lot_insert" on "lot" for insert with check ((select app_can_write()) and market_id in (select id from market where buyer_id = (select app_org())));`);
    this.addSql(`create policy "lot_update" on "lot" for update using ((select app_can_write()) and market_id in (select id from market where buyer_id = (select app_org()))) with check ((select app_can_write()) and market_id in (select id from market where buyer_id = (select app_org())));`);
    this.addSql(`create policy "lot_delete" on "lot" for delete using ((select app_can_write()) and market_id in (select id from market where buyer_id = (select app_org())));`);

    this.addSql(`alter table "award" enable row level security;`);
    this.addSql(`alter table "award" force row level security;`);
    this.addSql(`create policy "award_select" on "award" for select using (lot_id in (select id from lot));`);
    this.addSql(`create policy "award_insert" on "award" for insert with check ((select app_can_write()) and lot_id in (select id from lot where market_id in (select id from market where buyer_id = (select app_org()))));`);
    this.addSql(`create policy "award_update" on "award" for update using ((select app_can_write()) and lot_id in (select id from lot where market_id in (select id from market where buyer_id = (select app_org())))) with check ((select app_can_write()) and lot_id in (select id from lot where market_id in (select id from market where buyer_id = (select app_org()))));`);
    this.addSql(`create policy "award_delete" on "award" for delete using ((select app_can_write()) and lot_id in (select id from lot where market_id in (select id from market where buyer_id = (select app_org()))));`);

    this.addSql(`alter table "charter_target" enable row level security;`);
    this.addSql(`alter table "charter_target" force row level security;`);
    this.addSql(`create policy "charter_target_select" on "charter_target" for select using ((select app_is_departement()) or charter_id in (select app_visible_charters()));`);
    this.addSql(`create policy "charter_target_insert" on "charter_target" for insert with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_target_update" on "charter_target" for update using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org()))) with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_target_delete" on "charter_target" for delete using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);

    this.addSql(`alter table "charter_signatory" enable row level security;`);
    this.addSql(`alter table "charter_signatory" force row level security;`);
    this.addSql(`create policy "charter_signatory_select" on "charter_signatory" for select using ((select app_is_departement()) or charter_id in (select app_visible_charters()));`);
    this.addSql(`create policy "charter_signatory_insert" on "charter_signatory" for insert with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_signatory_update" on "charter_signatory" for update using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org()))) with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_signatory_delete" on "charter_signatory" for delete using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);

    this.addSql(`alter table "qpv" enable row level security;`);
    this.addSql(`alter table "qpv" force row level security;`);
    this.addSql(`create policy "qpv_select" on "qpv" for select using (((select app_user()) is not null or (select app_org()) is not null));`);
    this.addSql(`create policy "qpv_insert" on "qpv" for insert with check ((select app_is_departement()) and (select app_is_admin()));`);
    this.addSql(`create policy "qpv_update" on "qpv" for update using ((select app_is_departement()) and (select app_is_admin())) with check ((select app_is_departement()) and (select app_is_admin()));`);
    this.addSql(`create policy "qpv_delete" on "qpv" for delete using ((select app_is_departement()) and (select app_is_admin()));`);

    this.addSql(`alter table "charter_qpv" enable row level security;`);
    this.addSql(`alter table "charter_qpv" force row level security;`);
    this.addSql(`create policy "charter_qpv_select" on "charter_qpv" for select using ((select app_is_departement()) or charter_id in (select app_visible_charters()));`);
    this.addSql(`create policy "charter_qpv_insert" on "charter_qpv" for insert with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_qpv_update" on "charter_qpv" for update using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org()))) with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_qpv_delete" on "charter_qpv" for delete using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);

    this.addSql(`alter table "beneficiary" enable row level security;`);
    this.addSql(`alter table "beneficiary" force row level security;`);
    this.addSql(`create policy "beneficiary_select" on "beneficiary" for select using ((select app_is_departement()) or followed_by_id = (select app_org()) or id in (select beneficiary_id from placement where market_id in (select id from market where buyer_id = (select app_org()) or facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "beneficiary_insert" on "beneficiary" for insert with check ((select app_can_write()) and followed_by_id = (select app_org()));`);
    this.addSql(`create policy "beneficiary_update" on "beneficiary" for update using ((select app_can_write()) and followed_by_id = (select app_org())) with check ((select app_can_write()) and followed_by_id = (select app_org()));`);
    this.addSql(`create policy "beneficiary_delete" on "beneficiary" for delete using ((select app_can_write()) and followed_by_id = (select app_org()));`);

    this.addSql(`alter table "placement" enable row level security;`);
    this.addSql(`alter table "placement" force row level security;`);
    this.addSql(`create policy "placement_select" on "placement" for select using ((select app_is_departement()) or beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market));`);
    this.addSql(`create policy "placement_insert" on "placement" for insert with check ((select app_can_write()) and (beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "placement_update" on "placement" for update using ((select app_can_write()) and (beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org())))) with check ((select app_can_write()) and (beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "placement_delete" on "placement" for delete using ((select app_can_write()) and (beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);

    this.addSql(`alter table "monthly_hours" enable row level security;`);
    this.addSql(`alter table "monthly_hours" force row level security;`);
    this.addSql(`create policy "monthly_hours_select" on "monthly_hours" for select using (placement_id in (select id from placement));`);
    this.addSql(`create policy "monthly_hours_insert" on "monthly_hours" for insert with check ((select app_can_write()) and placement_id in (select id from placement where beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "monthly_hours_update" on "monthly_hours" for update using ((select app_can_write()) and placement_id in (select id from placement where beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org())))) with check ((select app_can_write()) and placement_id in (select id from placement where beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "monthly_hours_delete" on "monthly_hours" for delete using ((select app_can_write()) and placement_id in (select id from placement where beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);

    this.addSql(`alter table "beneficiary_exit" enable row level security;`);
    this.addSql(`alter table "beneficiary_exit" force row level security;`);
    this.addSql(`create policy "beneficiary_exit_select" on "beneficiary_exit" for select using ((select app_is_departement()) or beneficiary_id in (select app_followed_beneficiaries()) or beneficiary_id in (select beneficiary_id from placement where market_id in (select id from market where facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "beneficiary_exit_insert" on "beneficiary_exit" for insert with check ((select app_can_write()) and beneficiary_id in (select app_followed_beneficiaries()));`);
    this.addSql(`create policy "beneficiary_exit_update" on "beneficiary_exit" for update using ((select app_can_write()) and beneficiary_id in (select app_followed_beneficiaries())) with check ((select app_can_write()) and beneficiary_id in (select app_followed_beneficiaries()));`);
    this.addSql(`create policy "beneficiary_exit_delete" on "beneficiary_exit" for delete using ((select app_can_write()) and beneficiary_id in (select app_followed_beneficiaries()));`);

    this.addSql(`alter table "beneficiary_identity" enable row level security;`);
    this.addSql(`alter table "beneficiary_identity" force row level security;`);
    this.addSql(`create policy "beneficiary_identity_select" on "beneficiary_identity" for select using (followed_by_id = (select app_org()) or ((select app_is_departement()) and beneficiary_id in (select id from beneficiary where is_brsa)));`);
    this.addSql(`create policy "beneficiary_identity_insert" on "beneficiary_identity" for insert with check ((select app_can_write()) and followed_by_id = (select app_org()));`);
    this.addSql(`create policy "beneficiary_identity_update" on "beneficiary_identity" for update using ((select app_can_write()) and followed_by_id = (select app_org())) with check ((select app_can_write()) and followed_by_id = (select app_org()));`);
    this.addSql(`create policy "beneficiary_identity_delete" on "beneficiary_identity" for delete using ((select app_can_write()) and followed_by_id = (select app_org()));`);

    this.addSql(`alter table "app_user" enable row level security;`);
    this.addSql(`alter table "app_user" force row level security;`);
    this.addSql(`create policy "app_user_select" on "app_user" for select using (id = (select app_user()) or oidc_subject = app_setting('app.auth_subject') or email = app_setting('app.auth_email') or (select app_is_departement()) or id in (select user_id from membership where organisation_id = (select app_org())));`);
    this.addSql(`create policy "app_user_insert" on "app_user" for insert with check ((select app_is_admin()));`);
    this.addSql(`create policy "app_user_update" on "app_user" for update using ((select app_is_admin())) with check ((select app_is_admin()));`);
    this.addSql(`create policy "app_user_delete" on "app_user" for delete using ((select app_is_admin()));`);

    this.addSql(`alter table "membership" enable row level security;`);
    this.addSql(`alter table "membership" force row level security;`);
    this.addSql(`create policy "membership_select" on "membership" for select using (user_id = (select app_user()) or organisation_id = (select app_org()) or (select app_is_departement()));`);
    this.addSql(`create policy "membership_insert" on "membership" for insert with check ((select app_is_admin()) and (organisation_id = (select app_org()) or (select app_is_departement())));`);
    this.addSql(`create policy "membership_update" on "membership" for update using ((select app_is_admin()) and (organisation_id = (select app_org()) or (select app_is_departement()))) with check ((select app_is_admin()) and (organisation_id = (select app_org()) or (select app_is_departement())));`);
    this.addSql(`create policy "membership_delete" on "membership" for delete using ((select app_is_admin()) and (organisation_id = (select app_org()) or (select app_is_departement())));`);

    this.addSql(`alter table "api_key" add constraint "api_key_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_role_check" check ("role" in ('ADMIN', 'EDITOR', 'VIEWER'));`);
    this.addSql(`alter table "api_key" enable row level security;`);
    this.addSql(`alter table "api_key" force row level security;`);
    this.addSql(`create policy "api_key_select" on "api_key" for select using ((select app_is_admin()) and organisation_id = (select app_org()));`);
    this.addSql(`create policy "api_key_insert" on "api_key" for insert with check ((select app_is_admin()) and organisation_id = (select app_org()));`);
    this.addSql(`create policy "api_key_update" on "api_key" for update using ((select app_is_admin()) and organisation_id = (select app_org())) with check ((select app_is_admin()) and organisation_id = (select app_org()));`);
    this.addSql(`create policy "api_key_delete" on "api_key" for delete using ((select app_is_admin()) and organisation_id = (select app_org()));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "api_key" cascade;`);
    for (const table of ['app_user', 'audit_event', 'award', 'beneficiary', 'beneficiary_exit', 'beneficiary_identity', 'charter',
      'charter_qpv', 'charter_signatory', 'charter_target', 'company', 'lot', 'market', 'membership', 'monthly_hours', 'operation',
      'organisation', 'placement', 'qpv']) {
      this.addSql(`alter table "${table}" no force row level security;`);
      this.addSql(`alter table "${table}" disable row level security;`);
    }
    this.addSql(`do $$ declare p record; begin
      for p in select policyname, tablename from pg_policies where schemaname = 'public' loop
        execute format('drop policy %I on %I', p.policyname, p.tablename);
      end loop; end $$;`);
  }

}
