import { Migration } from '@mikro-orm/migrations';

export class Migration20261123185019_timestamps_to_the_millisecond extends Migration {

  override name = 'Migration20261123185019_timestamps_to_the_millisecond';

  override up(): void | Promise<void> {
    this.addSql(`drop policy "audit_event_insert" on "audit_event";`);
    this.addSql(`drop policy "audit_event_select" on "audit_event";`);

    this.addSql(`drop policy "company_delete" on "company";`);
    this.addSql(`drop policy "company_insert" on "company";`);
    this.addSql(`drop policy "company_select" on "company";`);
    this.addSql(`drop policy "company_update" on "company";`);

    this.addSql(`drop policy "organisation_delete" on "organisation";`);
    this.addSql(`drop policy "organisation_insert" on "organisation";`);
    this.addSql(`drop policy "organisation_select" on "organisation";`);
    this.addSql(`drop policy "organisation_update" on "organisation";`);

    this.addSql(`drop policy "charter_delete" on "charter";`);
    this.addSql(`drop policy "charter_insert" on "charter";`);
    this.addSql(`drop policy "charter_select" on "charter";`);
    this.addSql(`drop policy "charter_update" on "charter";`);

    this.addSql(`drop policy "operation_delete" on "operation";`);
    this.addSql(`drop policy "operation_insert" on "operation";`);
    this.addSql(`drop policy "operation_select" on "operation";`);
    this.addSql(`drop policy "operation_update" on "operation";`);

    this.addSql(`drop policy "market_delete" on "market";`);
    this.addSql(`drop policy "market_insert" on "market";`);
    this.addSql(`drop policy "market_select" on "market";`);
    this.addSql(`drop policy "market_update" on "market";`);

    this.addSql(`drop policy "lot_delete" on "lot";`);
    this.addSql(`drop policy "lot_insert" on "lot";`);
    this.addSql(`drop policy "lot_select" on "lot";`);
    this.addSql(`drop policy "lot_update" on "lot";`);

    this.addSql(`drop policy "award_delete" on "award";`);
    this.addSql(`drop policy "award_insert" on "award";`);
    this.addSql(`drop policy "award_select" on "award";`);
    this.addSql(`drop policy "award_update" on "award";`);

    this.addSql(`drop policy "charter_target_delete" on "charter_target";`);
    this.addSql(`drop policy "charter_target_insert" on "charter_target";`);
    this.addSql(`drop policy "charter_target_select" on "charter_target";`);
    this.addSql(`drop policy "charter_target_update" on "charter_target";`);

    this.addSql(`drop policy "charter_signatory_delete" on "charter_signatory";`);
    this.addSql(`drop policy "charter_signatory_insert" on "charter_signatory";`);
    this.addSql(`drop policy "charter_signatory_select" on "charter_signatory";`);
    this.addSql(`drop policy "charter_signatory_update" on "charter_signatory";`);

    this.addSql(`drop policy "api_key_delete" on "api_key";`);
    this.addSql(`drop policy "api_key_insert" on "api_key";`);
    this.addSql(`drop policy "api_key_select" on "api_key";`);
    this.addSql(`drop policy "api_key_update" on "api_key";`);

    this.addSql(`drop policy "qpv_delete" on "qpv";`);
    this.addSql(`drop policy "qpv_insert" on "qpv";`);
    this.addSql(`drop policy "qpv_select" on "qpv";`);
    this.addSql(`drop policy "qpv_update" on "qpv";`);

    this.addSql(`drop policy "charter_qpv_delete" on "charter_qpv";`);
    this.addSql(`drop policy "charter_qpv_insert" on "charter_qpv";`);
    this.addSql(`drop policy "charter_qpv_select" on "charter_qpv";`);
    this.addSql(`drop policy "charter_qpv_update" on "charter_qpv";`);

    this.addSql(`drop policy "beneficiary_delete" on "beneficiary";`);
    this.addSql(`drop policy "beneficiary_insert" on "beneficiary";`);
    this.addSql(`drop policy "beneficiary_select" on "beneficiary";`);
    this.addSql(`drop policy "beneficiary_update" on "beneficiary";`);

    this.addSql(`drop policy "placement_delete" on "placement";`);
    this.addSql(`drop policy "placement_insert" on "placement";`);
    this.addSql(`drop policy "placement_select" on "placement";`);
    this.addSql(`drop policy "placement_update" on "placement";`);

    this.addSql(`drop policy "monthly_hours_delete" on "monthly_hours";`);
    this.addSql(`drop policy "monthly_hours_insert" on "monthly_hours";`);
    this.addSql(`drop policy "monthly_hours_select" on "monthly_hours";`);
    this.addSql(`drop policy "monthly_hours_update" on "monthly_hours";`);

    this.addSql(`drop policy "beneficiary_exit_delete" on "beneficiary_exit";`);
    this.addSql(`drop policy "beneficiary_exit_insert" on "beneficiary_exit";`);
    this.addSql(`drop policy "beneficiary_exit_select" on "beneficiary_exit";`);
    this.addSql(`drop policy "beneficiary_exit_update" on "beneficiary_exit";`);

    this.addSql(`drop policy "beneficiary_identity_delete" on "beneficiary_identity";`);
    this.addSql(`drop policy "beneficiary_identity_insert" on "beneficiary_identity";`);
    this.addSql(`drop policy "beneficiary_identity_select" on "beneficiary_identity";`);
    this.addSql(`drop policy "beneficiary_identity_update" on "beneficiary_identity";`);

    this.addSql(`drop policy "app_user_delete" on "app_user";`);
    this.addSql(`drop policy "app_user_insert" on "app_user";`);
    this.addSql(`drop policy "app_user_select" on "app_user";`);
    this.addSql(`drop policy "app_user_update" on "app_user";`);

    this.addSql(`drop policy "membership_delete" on "membership";`);
    this.addSql(`drop policy "membership_insert" on "membership";`);
    this.addSql(`drop policy "membership_select" on "membership";`);
    this.addSql(`drop policy "membership_update" on "membership";`);

    this.addSql(`alter table "audit_event" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "audit_event" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "audit_event_insert" on "audit_event" for insert to public with check ((((( SELECT app_user() AS app_user) IS NOT NULL) OR (( SELECT app_org() AS app_org) IS NOT NULL)) AND (NOT (organisation_id IS DISTINCT FROM ( SELECT app_org() AS app_org)))));`);
    this.addSql(`create policy "audit_event_select" on "audit_event" for select to public using ((( SELECT app_is_departement() AS app_is_departement) OR ((organisation_id = ( SELECT app_org() AS app_org)) AND ( SELECT app_is_admin() AS app_is_admin))));`);

    this.addSql(`alter table "company" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "company" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "company_delete" on "company" for delete to public using (( SELECT app_can_write() AS app_can_write));`);
    this.addSql(`create policy "company_insert" on "company" for insert to public with check (( SELECT app_can_write() AS app_can_write));`);
    this.addSql(`create policy "company_select" on "company" for select to public using (((( SELECT app_user() AS app_user) IS NOT NULL) OR (( SELECT app_org() AS app_org) IS NOT NULL)));`);
    this.addSql(`create policy "company_update" on "company" for update to public using (( SELECT app_can_write() AS app_can_write)) with check (( SELECT app_can_write() AS app_can_write));`);

    this.addSql(`alter table "organisation" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "organisation" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "organisation_delete" on "organisation" for delete to public using ((( SELECT app_is_departement() AS app_is_departement) AND ( SELECT app_is_admin() AS app_is_admin)));`);
    this.addSql(`create policy "organisation_insert" on "organisation" for insert to public with check ((( SELECT app_is_departement() AS app_is_departement) AND ( SELECT app_is_admin() AS app_is_admin)));`);
    this.addSql(`create policy "organisation_select" on "organisation" for select to public using (((( SELECT app_user() AS app_user) IS NOT NULL) OR (( SELECT app_org() AS app_org) IS NOT NULL)));`);
    this.addSql(`create policy "organisation_update" on "organisation" for update to public using ((( SELECT app_is_departement() AS app_is_departement) AND ( SELECT app_is_admin() AS app_is_admin))) with check ((( SELECT app_is_departement() AS app_is_departement) AND ( SELECT app_is_admin() AS app_is_admin)));`);

    this.addSql(`alter table "charter" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "charter" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "charter_delete" on "charter" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND ((coordinator_id = ( SELECT app_org() AS app_org)) OR ( SELECT app_is_departement() AS app_is_departement))));`);
    this.addSql(`create policy "charter_insert" on "charter" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND ((coordinator_id = ( SELECT app_org() AS app_org)) OR ( SELECT app_is_departement() AS app_is_departement))));`);
    this.addSql(`create policy "charter_select" on "charter" for select to public using ((( SELECT app_is_departement() AS app_is_departement) OR (id IN ( SELECT app_visible_charters() AS app_visible_charters))));`);
    this.addSql(`create policy "charter_update" on "charter" for update to public using ((( SELECT app_can_write() AS app_can_write) AND ((coordinator_id = ( SELECT app_org() AS app_org)) OR ( SELECT app_is_departement() AS app_is_departement)))) with check ((( SELECT app_can_write() AS app_can_write) AND ((coordinator_id = ( SELECT app_org() AS app_org)) OR ( SELECT app_is_departement() AS app_is_departement))));`);

    this.addSql(`alter table "operation" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "operation" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "operation_delete" on "operation" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (owner_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "operation_insert" on "operation" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (owner_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "operation_select" on "operation" for select to public using ((( SELECT app_is_departement() AS app_is_departement) OR (owner_id = ( SELECT app_org() AS app_org)) OR (charter_id IN ( SELECT app_visible_charters() AS app_visible_charters)) OR (id IN ( SELECT market.operation_id
   FROM market))));`);
    this.addSql(`create policy "operation_update" on "operation" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (owner_id = ( SELECT app_org() AS app_org)))) with check ((( SELECT app_can_write() AS app_can_write) AND (owner_id = ( SELECT app_org() AS app_org))));`);

    this.addSql(`alter table "market" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "market" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "market_delete" on "market" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (buyer_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "market_insert" on "market" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (buyer_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "market_select" on "market" for select to public using ((( SELECT app_is_departement() AS app_is_departement) OR (buyer_id = ( SELECT app_org() AS app_org)) OR (facilitator_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "market_update" on "market" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (buyer_id = ( SELECT app_org() AS app_org)))) with check ((( SELECT app_can_write() AS app_can_write) AND (buyer_id = ( SELECT app_org() AS app_org))));`);

    this.addSql(`alter table "lot" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "lot" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "lot_delete" on "lot" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (market_id IN ( SELECT market.id
   FROM market
  WHERE (market.buyer_id = ( SELECT app_org() AS app_org))))));`);
    this.addSql(`create policy "lot_insert" on "lot" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (market_id IN ( SELECT market.id
   FROM market
  WHERE (market.buyer_id = ( SELECT app_org() AS app_org))))));`);
    this.addSql(`create policy "lot_select" on "lot" for select to public using ((market_id IN ( SELECT market.id
   FROM market)));`);
    this.addSql(`create policy "lot_update" on "lot" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (market_id IN ( SELECT market.id
   FROM market
  WHERE (market.buyer_id = ( SELECT app_org() AS app_org)))))) with check ((( SELECT app_can_write() AS app_can_write) AND (market_id IN ( SELECT market.id
   FROM market
  WHERE (market.buyer_id = ( SELECT app_org() AS app_org))))));`);

    this.addSql(`alter table "award" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "award" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "award_delete" on "award" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (lot_id IN ( SELECT lot.id
   FROM lot
  WHERE (lot.market_id IN ( SELECT market.id
           FROM market
          WHERE (market.buyer_id = ( SELECT app_org() AS app_org))))))));`);
    this.addSql(`create policy "award_insert" on "award" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (lot_id IN ( SELECT lot.id
   FROM lot
  WHERE (lot.market_id IN ( SELECT market.id
           FROM market
          WHERE (market.buyer_id = ( SELECT app_org() AS app_org))))))));`);
    this.addSql(`create policy "award_select" on "award" for select to public using ((lot_id IN ( SELECT lot.id
   FROM lot)));`);
    this.addSql(`create policy "award_update" on "award" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (lot_id IN ( SELECT lot.id
   FROM lot
  WHERE (lot.market_id IN ( SELECT market.id
           FROM market
          WHERE (market.buyer_id = ( SELECT app_org() AS app_org)))))))) with check ((( SELECT app_can_write() AS app_can_write) AND (lot_id IN ( SELECT lot.id
   FROM lot
  WHERE (lot.market_id IN ( SELECT market.id
           FROM market
          WHERE (market.buyer_id = ( SELECT app_org() AS app_org))))))));`);

    this.addSql(`alter table "charter_target" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "charter_target" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "charter_target_delete" on "charter_target" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org))))));`);
    this.addSql(`create policy "charter_target_insert" on "charter_target" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org))))));`);
    this.addSql(`create policy "charter_target_select" on "charter_target" for select to public using ((( SELECT app_is_departement() AS app_is_departement) OR (charter_id IN ( SELECT app_visible_charters() AS app_visible_charters))));`);
    this.addSql(`create policy "charter_target_update" on "charter_target" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org)))))) with check ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org))))));`);

    this.addSql(`alter table "charter_signatory" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "charter_signatory" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "charter_signatory_delete" on "charter_signatory" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org))))));`);
    this.addSql(`create policy "charter_signatory_insert" on "charter_signatory" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org))))));`);
    this.addSql(`create policy "charter_signatory_select" on "charter_signatory" for select to public using ((( SELECT app_is_departement() AS app_is_departement) OR (charter_id IN ( SELECT app_visible_charters() AS app_visible_charters))));`);
    this.addSql(`create policy "charter_signatory_update" on "charter_signatory" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org)))))) with check ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org))))));`);

    this.addSql(`alter table "api_key" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "api_key" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "api_key_delete" on "api_key" for delete to public using ((( SELECT app_is_admin() AS app_is_admin) AND (organisation_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "api_key_insert" on "api_key" for insert to public with check ((( SELECT app_is_admin() AS app_is_admin) AND (organisation_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "api_key_select" on "api_key" for select to public using ((( SELECT app_is_admin() AS app_is_admin) AND (organisation_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "api_key_update" on "api_key" for update to public using ((( SELECT app_is_admin() AS app_is_admin) AND (organisation_id = ( SELECT app_org() AS app_org)))) with check ((( SELECT app_is_admin() AS app_is_admin) AND (organisation_id = ( SELECT app_org() AS app_org))));`);

    this.addSql(`alter table "qpv" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "qpv" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "qpv_delete" on "qpv" for delete to public using ((( SELECT app_is_departement() AS app_is_departement) AND ( SELECT app_is_admin() AS app_is_admin)));`);
    this.addSql(`create policy "qpv_insert" on "qpv" for insert to public with check ((( SELECT app_is_departement() AS app_is_departement) AND ( SELECT app_is_admin() AS app_is_admin)));`);
    this.addSql(`create policy "qpv_select" on "qpv" for select to public using (((( SELECT app_user() AS app_user) IS NOT NULL) OR (( SELECT app_org() AS app_org) IS NOT NULL)));`);
    this.addSql(`create policy "qpv_update" on "qpv" for update to public using ((( SELECT app_is_departement() AS app_is_departement) AND ( SELECT app_is_admin() AS app_is_admin))) with check ((( SELECT app_is_departement() AS app_is_departement) AND ( SELECT app_is_admin() AS app_is_admin)));`);

    this.addSql(`alter table "charter_qpv" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "charter_qpv" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "charter_qpv_delete" on "charter_qpv" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org))))));`);
    this.addSql(`create policy "charter_qpv_insert" on "charter_qpv" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org))))));`);
    this.addSql(`create policy "charter_qpv_select" on "charter_qpv" for select to public using ((( SELECT app_is_departement() AS app_is_departement) OR (charter_id IN ( SELECT app_visible_charters() AS app_visible_charters))));`);
    this.addSql(`create policy "charter_qpv_update" on "charter_qpv" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org)))))) with check ((( SELECT app_can_write() AS app_can_write) AND (charter_id IN ( SELECT charter.id
   FROM charter
  WHERE (charter.coordinator_id = ( SELECT app_org() AS app_org))))));`);

    this.addSql(`alter table "beneficiary" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "beneficiary" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "beneficiary_delete" on "beneficiary" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (followed_by_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "beneficiary_insert" on "beneficiary" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (followed_by_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "beneficiary_select" on "beneficiary" for select to public using ((( SELECT app_is_departement() AS app_is_departement) OR (followed_by_id = ( SELECT app_org() AS app_org)) OR (id IN ( SELECT placement.beneficiary_id
   FROM placement
  WHERE (placement.market_id IN ( SELECT market.id
           FROM market
          WHERE ((market.buyer_id = ( SELECT app_org() AS app_org)) OR (market.facilitator_id = ( SELECT app_org() AS app_org)))))))));`);
    this.addSql(`create policy "beneficiary_update" on "beneficiary" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (followed_by_id = ( SELECT app_org() AS app_org)))) with check ((( SELECT app_can_write() AS app_can_write) AND (followed_by_id = ( SELECT app_org() AS app_org))));`);

    this.addSql(`alter table "placement" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "placement" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "placement_delete" on "placement" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND ((beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (market_id IN ( SELECT market.id
   FROM market
  WHERE (market.facilitator_id = ( SELECT app_org() AS app_org)))))));`);
    this.addSql(`create policy "placement_insert" on "placement" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND ((beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (market_id IN ( SELECT market.id
   FROM market
  WHERE (market.facilitator_id = ( SELECT app_org() AS app_org)))))));`);
    this.addSql(`create policy "placement_select" on "placement" for select to public using ((( SELECT app_is_departement() AS app_is_departement) OR (beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (market_id IN ( SELECT market.id
   FROM market))));`);
    this.addSql(`create policy "placement_update" on "placement" for update to public using ((( SELECT app_can_write() AS app_can_write) AND ((beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (market_id IN ( SELECT market.id
   FROM market
  WHERE (market.facilitator_id = ( SELECT app_org() AS app_org))))))) with check ((( SELECT app_can_write() AS app_can_write) AND ((beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (market_id IN ( SELECT market.id
   FROM market
  WHERE (market.facilitator_id = ( SELECT app_org() AS app_org)))))));`);

    this.addSql(`alter table "monthly_hours" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "monthly_hours" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "monthly_hours_delete" on "monthly_hours" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (placement_id IN ( SELECT placement.id
   FROM placement
  WHERE ((placement.beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (placement.market_id IN ( SELECT market.id
           FROM market
          WHERE (market.facilitator_id = ( SELECT app_org() AS app_org)))))))));`);
    this.addSql(`create policy "monthly_hours_insert" on "monthly_hours" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (placement_id IN ( SELECT placement.id
   FROM placement
  WHERE ((placement.beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (placement.market_id IN ( SELECT market.id
           FROM market
          WHERE (market.facilitator_id = ( SELECT app_org() AS app_org)))))))));`);
    this.addSql(`create policy "monthly_hours_select" on "monthly_hours" for select to public using ((placement_id IN ( SELECT placement.id
   FROM placement)));`);
    this.addSql(`create policy "monthly_hours_update" on "monthly_hours" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (placement_id IN ( SELECT placement.id
   FROM placement
  WHERE ((placement.beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (placement.market_id IN ( SELECT market.id
           FROM market
          WHERE (market.facilitator_id = ( SELECT app_org() AS app_org))))))))) with check ((( SELECT app_can_write() AS app_can_write) AND (placement_id IN ( SELECT placement.id
   FROM placement
  WHERE ((placement.beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (placement.market_id IN ( SELECT market.id
           FROM market
          WHERE (market.facilitator_id = ( SELECT app_org() AS app_org)))))))));`);

    this.addSql(`alter table "beneficiary_exit" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "beneficiary_exit" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "beneficiary_exit_delete" on "beneficiary_exit" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries))));`);
    this.addSql(`create policy "beneficiary_exit_insert" on "beneficiary_exit" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries))));`);
    this.addSql(`create policy "beneficiary_exit_select" on "beneficiary_exit" for select to public using ((( SELECT app_is_departement() AS app_is_departement) OR (beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)) OR (beneficiary_id IN ( SELECT placement.beneficiary_id
   FROM placement
  WHERE (placement.market_id IN ( SELECT market.id
           FROM market
          WHERE (market.facilitator_id = ( SELECT app_org() AS app_org))))))));`);
    this.addSql(`create policy "beneficiary_exit_update" on "beneficiary_exit" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries)))) with check ((( SELECT app_can_write() AS app_can_write) AND (beneficiary_id IN ( SELECT app_followed_beneficiaries() AS app_followed_beneficiaries))));`);

    this.addSql(`alter table "beneficiary_identity" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "beneficiary_identity" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "beneficiary_identity_delete" on "beneficiary_identity" for delete to public using ((( SELECT app_can_write() AS app_can_write) AND (followed_by_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "beneficiary_identity_insert" on "beneficiary_identity" for insert to public with check ((( SELECT app_can_write() AS app_can_write) AND (followed_by_id = ( SELECT app_org() AS app_org))));`);
    this.addSql(`create policy "beneficiary_identity_select" on "beneficiary_identity" for select to public using (((followed_by_id = ( SELECT app_org() AS app_org)) OR (( SELECT app_is_departement() AS app_is_departement) AND (beneficiary_id IN ( SELECT beneficiary.id
   FROM beneficiary
  WHERE beneficiary.is_brsa)))));`);
    this.addSql(`create policy "beneficiary_identity_update" on "beneficiary_identity" for update to public using ((( SELECT app_can_write() AS app_can_write) AND (followed_by_id = ( SELECT app_org() AS app_org)))) with check ((( SELECT app_can_write() AS app_can_write) AND (followed_by_id = ( SELECT app_org() AS app_org))));`);

    this.addSql(`alter table "app_user" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "app_user" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "app_user_delete" on "app_user" for delete to public using (( SELECT app_is_admin() AS app_is_admin));`);
    this.addSql(`create policy "app_user_insert" on "app_user" for insert to public with check (( SELECT app_is_admin() AS app_is_admin));`);
    this.addSql(`create policy "app_user_select" on "app_user" for select to public using (((id = ( SELECT app_user() AS app_user)) OR (oidc_subject = app_setting('app.auth_subject'::text)) OR (email = app_setting('app.auth_email'::text)) OR ( SELECT app_is_departement() AS app_is_departement) OR (id IN ( SELECT membership.user_id
   FROM membership
  WHERE (membership.organisation_id = ( SELECT app_org() AS app_org))))));`);
    this.addSql(`create policy "app_user_update" on "app_user" for update to public using (( SELECT app_is_admin() AS app_is_admin)) with check (( SELECT app_is_admin() AS app_is_admin));`);

    this.addSql(`alter table "membership" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "membership" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
    this.addSql(`create policy "membership_delete" on "membership" for delete to public using ((( SELECT app_is_admin() AS app_is_admin) AND ((organisation_id = ( SELECT app_org() AS app_org)) OR ( SELECT app_is_departement() AS app_is_departement))));`);
    this.addSql(`create policy "membership_insert" on "membership" for insert to public with check ((( SELECT app_is_admin() AS app_is_admin) AND ((organisation_id = ( SELECT app_org() AS app_org)) OR ( SELECT app_is_departement() AS app_is_departement))));`);
    this.addSql(`create policy "membership_select" on "membership" for select to public using (((user_id = ( SELECT app_user() AS app_user)) OR (organisation_id = ( SELECT app_org() AS app_org)) OR ( SELECT app_is_departement() AS app_is_departement)));`);
    this.addSql(`create policy "membership_update" on "membership" for update to public using ((( SELECT app_is_admin() AS app_is_admin) AND ((organisation_id = ( SELECT app_org() AS app_org)) OR ( SELECT app_is_departement() AS app_is_departement)))) with check ((( SELECT app_is_admin() AS app_is_admin) AND ((organisation_id = ( SELECT app_org() AS app_org)) OR ( SELECT app_is_departement() AS app_is_departement))));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop policy "api_key_select" on "api_key";`);
    this.addSql(`drop policy "api_key_insert" on "api_key";`);
    this.addSql(`drop policy "api_key_update" on "api_key";`);
    this.addSql(`drop policy "api_key_delete" on "api_key";`);

    this.addSql(`drop policy "app_user_select" on "app_user";`);
    this.addSql(`drop policy "app_user_insert" on "app_user";`);
    this.addSql(`drop policy "app_user_update" on "app_user";`);
    this.addSql(`drop policy "app_user_delete" on "app_user";`);

    this.addSql(`drop policy "audit_event_select" on "audit_event";`);
    this.addSql(`drop policy "audit_event_insert" on "audit_event";`);

    this.addSql(`drop policy "award_select" on "award";`);
    this.addSql(`drop policy "award_insert" on "award";`);
    this.addSql(`drop policy "award_update" on "award";`);
    this.addSql(`drop policy "award_delete" on "award";`);

    this.addSql(`drop policy "beneficiary_select" on "beneficiary";`);
    this.addSql(`drop policy "beneficiary_insert" on "beneficiary";`);
    this.addSql(`drop policy "beneficiary_update" on "beneficiary";`);
    this.addSql(`drop policy "beneficiary_delete" on "beneficiary";`);

    this.addSql(`drop policy "beneficiary_exit_select" on "beneficiary_exit";`);
    this.addSql(`drop policy "beneficiary_exit_insert" on "beneficiary_exit";`);
    this.addSql(`drop policy "beneficiary_exit_update" on "beneficiary_exit";`);
    this.addSql(`drop policy "beneficiary_exit_delete" on "beneficiary_exit";`);

    this.addSql(`drop policy "beneficiary_identity_select" on "beneficiary_identity";`);
    this.addSql(`drop policy "beneficiary_identity_insert" on "beneficiary_identity";`);
    this.addSql(`drop policy "beneficiary_identity_update" on "beneficiary_identity";`);
    this.addSql(`drop policy "beneficiary_identity_delete" on "beneficiary_identity";`);

    this.addSql(`drop policy "charter_select" on "charter";`);
    this.addSql(`drop policy "charter_insert" on "charter";`);
    this.addSql(`drop policy "charter_update" on "charter";`);
    this.addSql(`drop policy "charter_delete" on "charter";`);

    this.addSql(`drop policy "charter_qpv_select" on "charter_qpv";`);
    this.addSql(`drop policy "charter_qpv_insert" on "charter_qpv";`);
    this.addSql(`drop policy "charter_qpv_update" on "charter_qpv";`);
    this.addSql(`drop policy "charter_qpv_delete" on "charter_qpv";`);

    this.addSql(`drop policy "charter_signatory_select" on "charter_signatory";`);
    this.addSql(`drop policy "charter_signatory_insert" on "charter_signatory";`);
    this.addSql(`drop policy "charter_signatory_update" on "charter_signatory";`);
    this.addSql(`drop policy "charter_signatory_delete" on "charter_signatory";`);

    this.addSql(`drop policy "charter_target_select" on "charter_target";`);
    this.addSql(`drop policy "charter_target_insert" on "charter_target";`);
    this.addSql(`drop policy "charter_target_update" on "charter_target";`);
    this.addSql(`drop policy "charter_target_delete" on "charter_target";`);

    this.addSql(`drop policy "company_select" on "company";`);
    this.addSql(`drop policy "company_insert" on "company";`);
    this.addSql(`drop policy "company_update" on "company";`);
    this.addSql(`drop policy "company_delete" on "company";`);

    this.addSql(`drop policy "lot_select" on "lot";`);
    this.addSql(`drop policy "lot_insert" on "lot";`);
    this.addSql(`drop policy "lot_update" on "lot";`);
    this.addSql(`drop policy "lot_delete" on "lot";`);

    this.addSql(`drop policy "market_select" on "market";`);
    this.addSql(`drop policy "market_insert" on "market";`);
    this.addSql(`drop policy "market_update" on "market";`);
    this.addSql(`drop policy "market_delete" on "market";`);

    this.addSql(`drop policy "membership_select" on "membership";`);
    this.addSql(`drop policy "membership_insert" on "membership";`);
    this.addSql(`drop policy "membership_update" on "membership";`);
    this.addSql(`drop policy "membership_delete" on "membership";`);

    this.addSql(`drop policy "monthly_hours_select" on "monthly_hours";`);
    this.addSql(`drop policy "monthly_hours_insert" on "monthly_hours";`);
    this.addSql(`drop policy "monthly_hours_update" on "monthly_hours";`);
    this.addSql(`drop policy "monthly_hours_delete" on "monthly_hours";`);

    this.addSql(`drop policy "operation_select" on "operation";`);
    this.addSql(`drop policy "operation_insert" on "operation";`);
    this.addSql(`drop policy "operation_update" on "operation";`);
    this.addSql(`drop policy "operation_delete" on "operation";`);

    this.addSql(`drop policy "organisation_select" on "organisation";`);
    this.addSql(`drop policy "organisation_insert" on "organisation";`);
    this.addSql(`drop policy "organisation_update" on "organisation";`);
    this.addSql(`drop policy "organisation_delete" on "organisation";`);

    this.addSql(`drop policy "placement_select" on "placement";`);
    this.addSql(`drop policy "placement_insert" on "placement";`);
    this.addSql(`drop policy "placement_update" on "placement";`);
    this.addSql(`drop policy "placement_delete" on "placement";`);

    this.addSql(`drop policy "qpv_select" on "qpv";`);
    this.addSql(`drop policy "qpv_insert" on "qpv";`);
    this.addSql(`drop policy "qpv_update" on "qpv";`);
    this.addSql(`drop policy "qpv_delete" on "qpv";`);

    this.addSql(`alter table "api_key" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "api_key" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "api_key_select" on "api_key" for select using ((select app_is_admin()) and organisation_id = (select app_org()));`);
    this.addSql(`create policy "api_key_insert" on "api_key" for insert with check ((select app_is_admin()) and organisation_id = (select app_org()));`);
    this.addSql(`create policy "api_key_update" on "api_key" for update using ((select app_is_admin()) and organisation_id = (select app_org())) with check ((select app_is_admin()) and organisation_id = (select app_org()));`);
    this.addSql(`create policy "api_key_delete" on "api_key" for delete using ((select app_is_admin()) and organisation_id = (select app_org()));`);

    this.addSql(`alter table "app_user" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "app_user" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "app_user_select" on "app_user" for select using (id = (select app_user()) or oidc_subject = app_setting('app.auth_subject') or email = app_setting('app.auth_email') or (select app_is_departement()) or id in (select user_id from membership where organisation_id = (select app_org())));`);
    this.addSql(`create policy "app_user_insert" on "app_user" for insert with check ((select app_is_admin()));`);
    this.addSql(`create policy "app_user_update" on "app_user" for update using ((select app_is_admin())) with check ((select app_is_admin()));`);
    this.addSql(`create policy "app_user_delete" on "app_user" for delete using ((select app_is_admin()));`);

    this.addSql(`alter table "audit_event" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "audit_event" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "audit_event_select" on "audit_event" for select using ((select app_is_departement()) or (organisation_id = (select app_org()) and (select app_is_admin())));`);
    this.addSql(`create policy "audit_event_insert" on "audit_event" for insert with check (((select app_user()) is not null or (select app_org()) is not null) and organisation_id is not distinct from (select app_org()));`);

    this.addSql(`alter table "award" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "award" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "award_select" on "award" for select using (lot_id in (select id from lot));`);
    this.addSql(`create policy "award_insert" on "award" for insert with check ((select app_can_write()) and lot_id in (select id from lot where market_id in (select id from market where buyer_id = (select app_org()))));`);
    this.addSql(`create policy "award_update" on "award" for update using ((select app_can_write()) and lot_id in (select id from lot where market_id in (select id from market where buyer_id = (select app_org())))) with check ((select app_can_write()) and lot_id in (select id from lot where market_id in (select id from market where buyer_id = (select app_org()))));`);
    this.addSql(`create policy "award_delete" on "award" for delete using ((select app_can_write()) and lot_id in (select id from lot where market_id in (select id from market where buyer_id = (select app_org()))));`);

    this.addSql(`alter table "beneficiary" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "beneficiary" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "beneficiary_select" on "beneficiary" for select using ((select app_is_departement()) or followed_by_id = (select app_org()) or id in (select beneficiary_id from placement where market_id in (select id from market where buyer_id = (select app_org()) or facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "beneficiary_insert" on "beneficiary" for insert with check ((select app_can_write()) and followed_by_id = (select app_org()));`);
    this.addSql(`create policy "beneficiary_update" on "beneficiary" for update using ((select app_can_write()) and followed_by_id = (select app_org())) with check ((select app_can_write()) and followed_by_id = (select app_org()));`);
    this.addSql(`create policy "beneficiary_delete" on "beneficiary" for delete using ((select app_can_write()) and followed_by_id = (select app_org()));`);

    this.addSql(`alter table "beneficiary_exit" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "beneficiary_exit" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "beneficiary_exit_select" on "beneficiary_exit" for select using ((select app_is_departement()) or beneficiary_id in (select app_followed_beneficiaries()) or beneficiary_id in (select beneficiary_id from placement where market_id in (select id from market where facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "beneficiary_exit_insert" on "beneficiary_exit" for insert with check ((select app_can_write()) and beneficiary_id in (select app_followed_beneficiaries()));`);
    this.addSql(`create policy "beneficiary_exit_update" on "beneficiary_exit" for update using ((select app_can_write()) and beneficiary_id in (select app_followed_beneficiaries())) with check ((select app_can_write()) and beneficiary_id in (select app_followed_beneficiaries()));`);
    this.addSql(`create policy "beneficiary_exit_delete" on "beneficiary_exit" for delete using ((select app_can_write()) and beneficiary_id in (select app_followed_beneficiaries()));`);

    this.addSql(`alter table "beneficiary_identity" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "beneficiary_identity" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "beneficiary_identity_select" on "beneficiary_identity" for select using (followed_by_id = (select app_org()) or ((select app_is_departement()) and beneficiary_id in (select id from beneficiary where is_brsa)));`);
    this.addSql(`create policy "beneficiary_identity_insert" on "beneficiary_identity" for insert with check ((select app_can_write()) and followed_by_id = (select app_org()));`);
    this.addSql(`create policy "beneficiary_identity_update" on "beneficiary_identity" for update using ((select app_can_write()) and followed_by_id = (select app_org())) with check ((select app_can_write()) and followed_by_id = (select app_org()));`);
    this.addSql(`create policy "beneficiary_identity_delete" on "beneficiary_identity" for delete using ((select app_can_write()) and followed_by_id = (select app_org()));`);

    this.addSql(`alter table "charter" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "charter" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "charter_select" on "charter" for select using ((select app_is_departement()) or id in (select app_visible_charters()));`);
    this.addSql(`create policy "charter_insert" on "charter" for insert with check ((select app_can_write()) and (coordinator_id = (select app_org()) or (select app_is_departement())));`);
    this.addSql(`create policy "charter_update" on "charter" for update using ((select app_can_write()) and (coordinator_id = (select app_org()) or (select app_is_departement()))) with check ((select app_can_write()) and (coordinator_id = (select app_org()) or (select app_is_departement())));`);
    this.addSql(`create policy "charter_delete" on "charter" for delete using ((select app_can_write()) and (coordinator_id = (select app_org()) or (select app_is_departement())));`);

    this.addSql(`alter table "charter_qpv" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "charter_qpv" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "charter_qpv_select" on "charter_qpv" for select using ((select app_is_departement()) or charter_id in (select app_visible_charters()));`);
    this.addSql(`create policy "charter_qpv_insert" on "charter_qpv" for insert with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_qpv_update" on "charter_qpv" for update using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org()))) with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_qpv_delete" on "charter_qpv" for delete using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);

    this.addSql(`alter table "charter_signatory" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "charter_signatory" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "charter_signatory_select" on "charter_signatory" for select using ((select app_is_departement()) or charter_id in (select app_visible_charters()));`);
    this.addSql(`create policy "charter_signatory_insert" on "charter_signatory" for insert with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_signatory_update" on "charter_signatory" for update using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org()))) with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_signatory_delete" on "charter_signatory" for delete using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);

    this.addSql(`alter table "charter_target" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "charter_target" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "charter_target_select" on "charter_target" for select using ((select app_is_departement()) or charter_id in (select app_visible_charters()));`);
    this.addSql(`create policy "charter_target_insert" on "charter_target" for insert with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_target_update" on "charter_target" for update using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org()))) with check ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);
    this.addSql(`create policy "charter_target_delete" on "charter_target" for delete using ((select app_can_write()) and charter_id in (select id from charter where coordinator_id = (select app_org())));`);

    this.addSql(`alter table "company" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "company" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "company_select" on "company" for select using (((select app_user()) is not null or (select app_org()) is not null));`);
    this.addSql(`create policy "company_insert" on "company" for insert with check ((select app_can_write()));`);
    this.addSql(`create policy "company_update" on "company" for update using ((select app_can_write())) with check ((select app_can_write()));`);
    this.addSql(`create policy "company_delete" on "company" for delete using ((select app_can_write()));`);

    this.addSql(`alter table "lot" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "lot" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "lot_select" on "lot" for select using (market_id in (select id from market));`);
    this.addSql(`create policy "lot_insert" on "lot" for insert with check ((select app_can_write()) and market_id in (select id from market where buyer_id = (select app_org())));`);
    this.addSql(`create policy "lot_update" on "lot" for update using ((select app_can_write()) and market_id in (select id from market where buyer_id = (select app_org()))) with check ((select app_can_write()) and market_id in (select id from market where buyer_id = (select app_org())));`);
    this.addSql(`create policy "lot_delete" on "lot" for delete using ((select app_can_write()) and market_id in (select id from market where buyer_id = (select app_org())));`);

    this.addSql(`alter table "market" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "market" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "market_select" on "market" for select using ((select app_is_departement()) or buyer_id = (select app_org()) or facilitator_id = (select app_org()));`);
    this.addSql(`create policy "market_insert" on "market" for insert with check ((select app_can_write()) and buyer_id = (select app_org()));`);
    this.addSql(`create policy "market_update" on "market" for update using ((select app_can_write()) and buyer_id = (select app_org())) with check ((select app_can_write()) and buyer_id = (select app_org()));`);
    this.addSql(`create policy "market_delete" on "market" for delete using ((select app_can_write()) and buyer_id = (select app_org()));`);

    this.addSql(`alter table "membership" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "membership" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "membership_select" on "membership" for select using (user_id = (select app_user()) or organisation_id = (select app_org()) or (select app_is_departement()));`);
    this.addSql(`create policy "membership_insert" on "membership" for insert with check ((select app_is_admin()) and (organisation_id = (select app_org()) or (select app_is_departement())));`);
    this.addSql(`create policy "membership_update" on "membership" for update using ((select app_is_admin()) and (organisation_id = (select app_org()) or (select app_is_departement()))) with check ((select app_is_admin()) and (organisation_id = (select app_org()) or (select app_is_departement())));`);
    this.addSql(`create policy "membership_delete" on "membership" for delete using ((select app_is_admin()) and (organisation_id = (select app_org()) or (select app_is_departement())));`);

    this.addSql(`alter table "monthly_hours" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "monthly_hours" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "monthly_hours_select" on "monthly_hours" for select using (placement_id in (select id from placement));`);
    this.addSql(`create policy "monthly_hours_insert" on "monthly_hours" for insert with check ((select app_can_write()) and placement_id in (select id from placement where beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "monthly_hours_update" on "monthly_hours" for update using ((select app_can_write()) and placement_id in (select id from placement where beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org())))) with check ((select app_can_write()) and placement_id in (select id from placement where beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "monthly_hours_delete" on "monthly_hours" for delete using ((select app_can_write()) and placement_id in (select id from placement where beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);

    this.addSql(`alter table "operation" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "operation" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "operation_select" on "operation" for select using ((select app_is_departement()) or owner_id = (select app_org()) or charter_id in (select app_visible_charters()) or id in (select operation_id from market));`);
    this.addSql(`create policy "operation_insert" on "operation" for insert with check ((select app_can_write()) and owner_id = (select app_org()));`);
    this.addSql(`create policy "operation_update" on "operation" for update using ((select app_can_write()) and owner_id = (select app_org())) with check ((select app_can_write()) and owner_id = (select app_org()));`);
    this.addSql(`create policy "operation_delete" on "operation" for delete using ((select app_can_write()) and owner_id = (select app_org()));`);

    this.addSql(`alter table "organisation" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "organisation" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "organisation_select" on "organisation" for select using (((select app_user()) is not null or (select app_org()) is not null));`);
    this.addSql(`create policy "organisation_insert" on "organisation" for insert with check ((select app_is_departement()) and (select app_is_admin()));`);
    this.addSql(`create policy "organisation_update" on "organisation" for update using ((select app_is_departement()) and (select app_is_admin())) with check ((select app_is_departement()) and (select app_is_admin()));`);
    this.addSql(`create policy "organisation_delete" on "organisation" for delete using ((select app_is_departement()) and (select app_is_admin()));`);

    this.addSql(`alter table "placement" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "placement" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "placement_select" on "placement" for select using ((select app_is_departement()) or beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market));`);
    this.addSql(`create policy "placement_insert" on "placement" for insert with check ((select app_can_write()) and (beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "placement_update" on "placement" for update using ((select app_can_write()) and (beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org())))) with check ((select app_can_write()) and (beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);
    this.addSql(`create policy "placement_delete" on "placement" for delete using ((select app_can_write()) and (beneficiary_id in (select app_followed_beneficiaries()) or market_id in (select id from market where facilitator_id = (select app_org()))));`);

    this.addSql(`alter table "qpv" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "qpv" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
    this.addSql(`create policy "qpv_select" on "qpv" for select using (((select app_user()) is not null or (select app_org()) is not null));`);
    this.addSql(`create policy "qpv_insert" on "qpv" for insert with check ((select app_is_departement()) and (select app_is_admin()));`);
    this.addSql(`create policy "qpv_update" on "qpv" for update using ((select app_is_departement()) and (select app_is_admin())) with check ((select app_is_departement()) and (select app_is_admin()));`);
    this.addSql(`create policy "qpv_delete" on "qpv" for delete using ((select app_is_departement()) and (select app_is_admin()));`);

    this.addSql(`create or replace function "app_authenticate_api_key"("key_prefix" text, "key_hash" text) returns TABLE(id uuid, organisation_id uuid, organisation_kind text, role text, name text, prefix text, created_at timestamp with time zone) security definer volatile language sql as \$\$ update api_key k set last_used_at = now()
             where k.prefix = key_prefix and k.secret_hash = key_hash and k.revoked_at is null
         returning k.id, k.organisation_id, (select o.kind from organisation o where o.id = k.organisation_id), k.role,
                   k.name, k.prefix, k.created_at \$\$;`);

    this.addSql(`create or replace function "app_can_write"() returns boolean security invoker language sql as \$\$ select coalesce(app_role() in ('ADMIN', 'EDITOR') and app_org() is not null, false) \$\$;`);

    this.addSql(`create or replace function "app_followed_beneficiaries"() returns SETOF uuid security definer language sql as \$\$ select id from beneficiary where followed_by_id = app_org() \$\$;`);

    this.addSql(`create or replace function "app_is_admin"() returns boolean security invoker language sql as \$\$ select coalesce(app_role() = 'ADMIN' and app_org() is not null, false) \$\$;`);

    this.addSql(`create or replace function "app_is_departement"() returns boolean security invoker language sql as \$\$ select coalesce(app_kind() = 'DEPARTEMENT' and app_org() is not null, false) \$\$;`);

    this.addSql(`create or replace function "app_kind"() returns text security invoker language sql as \$\$ select app_setting('app.org_kind') \$\$;`);

    this.addSql(`create or replace function "app_org"() returns uuid security invoker language sql as \$\$ select app_setting('app.org_id')::uuid \$\$;`);

    this.addSql(`create or replace function "app_role"() returns text security invoker language sql as \$\$ select app_setting('app.role') \$\$;`);

    this.addSql(`create or replace function "app_setting"("name" text) returns text security invoker language sql as \$\$ select nullif(current_setting(name, true), '') \$\$;`);

    this.addSql(`create or replace function "app_user"() returns uuid security invoker language sql as \$\$ select app_setting('app.user_id')::uuid \$\$;`);

    this.addSql(`create or replace function "app_user_for_invitation"("invited_email" text, "invited_name" text) returns uuid security definer volatile language plpgsql as \$\$ begin declare account uuid;       begin
        if not app_is_admin() then
          raise exception 'only administrators invite members' using errcode = '42501';         end if;         select id into account from app_user where email = lower(invited_email);         if account is null then
          insert into app_user (id, email, display_name) values (gen_random_uuid(), lower(invited_email), invited_name)
          returning id into account;         end if;         return account;       end; end \$\$;`);

    this.addSql(`create or replace function "app_visible_charters"() returns SETOF uuid security definer language sql as \$\$ select id from charter where coordinator_id = app_org()
            union select charter_id from charter_signatory where organisation_id = app_org() \$\$;`);
  }

}
