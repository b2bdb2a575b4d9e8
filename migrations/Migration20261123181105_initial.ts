import { Migration } from '@mikro-orm/migrations';

export class Migration20261123181105_initial extends Migration {

  override name = 'Migration20261123181105_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_event" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "user_id" uuid null, "api_key_id" uuid null, "organisation_id" uuid null, "entity" text not null, "entity_id" uuid not null, "action" text not null, "changes" jsonb not null, "request_id" text null, primary key ("id"));`);
    this.addSql(`create index "audit_event_user_id_index" on "audit_event" ("user_id");`);
    this.addSql(`create index "audit_event_organisation_id_index" on "audit_event" ("organisation_id");`);
    this.addSql(`create index "audit_event_entity_entity_id_index" on "audit_event" ("entity", "entity_id");`);

    this.addSql(`create table "company" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "siret" text not null, "name" text not null, "headcount_band" text not null, "naf_code" text not null, "kind" text not null, primary key ("id"));`);
    this.addSql(`alter table "company" add constraint "company_siret_unique" unique ("siret");`);
    this.addSql(`create index "company_naf_code_index" on "company" ("naf_code");`);
    this.addSql(`create index "company_kind_index" on "company" ("kind");`);

    this.addSql(`create table "organisation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "kind" text not null, "name" text not null, "siret" text null, "territory" text not null, "departement_code" text not null, primary key ("id"));`);
    this.addSql(`create index "organisation_kind_index" on "organisation" ("kind");`);
    this.addSql(`alter table "organisation" add constraint "organisation_name_unique" unique ("name");`);
    this.addSql(`alter table "organisation" add constraint "organisation_siret_unique" unique ("siret");`);
    this.addSql(`create index "organisation_departement_code_index" on "organisation" ("departement_code");`);

    this.addSql(`create table "charter" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "name" text not null, "coordinator_id" uuid not null, "start_date" date not null, "end_date" date not null, primary key ("id"));`);
    this.addSql(`alter table "charter" add constraint "charter_name_unique" unique ("name");`);
    this.addSql(`create index "charter_coordinator_id_index" on "charter" ("coordinator_id");`);

    this.addSql(`create table "operation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "name" text not null, "programme" text not null, "owner_id" uuid not null, "charter_id" uuid null, "territory" text not null, primary key ("id"));`);
    this.addSql(`create index "operation_programme_index" on "operation" ("programme");`);
    this.addSql(`create index "operation_owner_id_index" on "operation" ("owner_id");`);
    this.addSql(`create index "operation_charter_id_index" on "operation" ("charter_id");`);
    this.addSql(`alter table "operation" add constraint "operation_name_owner_id_unique" unique ("name", "owner_id");`);

    this.addSql(`create table "market" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "buyer_id" uuid not null, "facilitator_id" uuid null, "operation_id" uuid null, "charter_id" uuid null, "reference" text not null, "object" text not null, "nature" text not null, "status" text not null default 'ACTIVE', "cpv_code" text null, "notification_date" date null, "start_date" date null, "end_date" date null, "duration_months" smallint null, "amount_ht" numeric(14,2) null, "clause_mechanism" text not null, "labour_rate" numeric(5,4) null, "insertion_rate" numeric(5,4) null, "hourly_cost" numeric(8,2) null, "stated_hours" numeric(10,2) null, "decp_id" text null, primary key ("id"));`);
    this.addSql(`create index "market_buyer_id_index" on "market" ("buyer_id");`);
    this.addSql(`create index "market_facilitator_id_index" on "market" ("facilitator_id");`);
    this.addSql(`create index "market_operation_id_index" on "market" ("operation_id");`);
    this.addSql(`create index "market_charter_id_index" on "market" ("charter_id");`);
    this.addSql(`create index "market_nature_index" on "market" ("nature");`);
    this.addSql(`create index "market_notification_date_index" on "market" ("notification_date");`);
    this.addSql(`alter table "market" add constraint "market_buyer_id_decp_id_unique" unique ("buyer_id", "decp_id");`);
    this.addSql(`alter table "market" add constraint "market_buyer_id_reference_unique" unique ("buyer_id", "reference");`);

    this.addSql(`create table "lot" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "market_id" uuid not null, "number" smallint not null, "title" text not null, primary key ("id"));`);
    this.addSql(`create index "lot_market_id_index" on "lot" ("market_id");`);
    this.addSql(`alter table "lot" add constraint "lot_market_id_number_unique" unique ("market_id", "number");`);

    this.addSql(`create table "award" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "lot_id" uuid not null, "company_id" uuid not null, "amount_ht" numeric(14,2) null, primary key ("id"));`);
    this.addSql(`create index "award_lot_id_index" on "award" ("lot_id");`);
    this.addSql(`create index "award_company_id_index" on "award" ("company_id");`);
    this.addSql(`alter table "award" add constraint "award_lot_id_company_id_unique" unique ("lot_id", "company_id");`);

    this.addSql(`create table "charter_target" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "charter_id" uuid not null, "kind" text not null, "value" numeric(5,4) not null, "age_threshold" smallint null, primary key ("id"));`);
    this.addSql(`create index "charter_target_charter_id_index" on "charter_target" ("charter_id");`);
    this.addSql(`alter table "charter_target" add constraint "charter_target_charter_id_kind_unique" unique ("charter_id", "kind");`);

    this.addSql(`create table "charter_signatory" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "charter_id" uuid not null, "organisation_id" uuid not null, "signed_on" date null, primary key ("id"));`);
    this.addSql(`create index "charter_signatory_charter_id_index" on "charter_signatory" ("charter_id");`);
    this.addSql(`create index "charter_signatory_organisation_id_index" on "charter_signatory" ("organisation_id");`);
    this.addSql(`alter table "charter_signatory" add constraint "charter_signatory_charter_id_organisation_id_unique" unique ("charter_id", "organisation_id");`);

    this.addSql(`create table "qpv" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "name" text not null, "commune" text not null, "code" text null, primary key ("id"));`);
    this.addSql(`alter table "qpv" add constraint "qpv_code_unique" unique ("code");`);
    this.addSql(`alter table "qpv" add constraint "qpv_commune_name_unique" unique ("commune", "name");`);

    this.addSql(`create table "charter_qpv" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "charter_id" uuid not null, "qpv_id" uuid not null, primary key ("id"));`);
    this.addSql(`create index "charter_qpv_charter_id_index" on "charter_qpv" ("charter_id");`);
    this.addSql(`create index "charter_qpv_qpv_id_index" on "charter_qpv" ("qpv_id");`);
    this.addSql(`alter table "charter_qpv" add constraint "charter_qpv_charter_id_qpv_id_unique" unique ("charter_id", "qpv_id");`);

    this.addSql(`create table "beneficiary" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "followed_by_id" uuid not null, "sex" text not null, "entry_date" date not null, "age_at_entry" smallint not null, "residence_commune" text not null, "qpv_id" uuid null, "is_brsa" boolean not null default false, "is_deld" boolean not null default false, "is_ase" boolean not null default false, "is_rqth" boolean not null default false, "qualification_level" text not null, primary key ("id"));`);
    this.addSql(`create index "beneficiary_followed_by_id_index" on "beneficiary" ("followed_by_id");`);
    this.addSql(`create index "beneficiary_qpv_id_index" on "beneficiary" ("qpv_id");`);

    this.addSql(`create table "placement" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "beneficiary_id" uuid not null, "company_id" uuid not null, "market_id" uuid not null, "lot_id" uuid null, "contract_type" text not null, "modality" text not null, "start_date" date not null, "end_date" date null, "weekly_hours" numeric(5,2) not null, primary key ("id"));`);
    this.addSql(`create index "placement_beneficiary_id_index" on "placement" ("beneficiary_id");`);
    this.addSql(`create index "placement_company_id_index" on "placement" ("company_id");`);
    this.addSql(`create index "placement_market_id_index" on "placement" ("market_id");`);
    this.addSql(`create index "placement_lot_id_index" on "placement" ("lot_id");`);
    this.addSql(`create index "placement_start_date_index" on "placement" ("start_date");`);
    this.addSql(`alter table "placement" add constraint "placement_natural_key" unique ("beneficiary_id", "company_id", "market_id", "start_date");`);

    this.addSql(`create table "monthly_hours" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "placement_id" uuid not null, "month" date not null, "hours" numeric(6,2) not null, primary key ("id"));`);
    this.addSql(`create index "monthly_hours_placement_id_index" on "monthly_hours" ("placement_id");`);
    this.addSql(`create index "monthly_hours_month_index" on "monthly_hours" ("month");`);
    this.addSql(`alter table "monthly_hours" add constraint "monthly_hours_natural_key" unique ("placement_id", "month");`);

    this.addSql(`create table "beneficiary_exit" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "beneficiary_id" uuid not null, "exit_date" date not null, "outcome" text not null, "subsidy" text not null default 'NONE', "contract_start" date null, "contract_end" date null, "category" text not null, "rule" text not null, primary key ("id"));`);
    this.addSql(`create index "beneficiary_exit_beneficiary_id_index" on "beneficiary_exit" ("beneficiary_id");`);
    this.addSql(`create index "beneficiary_exit_category_index" on "beneficiary_exit" ("category");`);
    this.addSql(`alter table "beneficiary_exit" add constraint "beneficiary_exit_beneficiary_id_exit_date_unique" unique ("beneficiary_id", "exit_date");`);

    this.addSql(`create table "beneficiary_identity" ("beneficiary_id" uuid not null, "followed_by_id" uuid not null, "last_name" text not null, "first_name" text not null, "birth_date" date not null, "email" text null, "phone" text null, "address" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, primary key ("beneficiary_id"));`);
    this.addSql(`create index "beneficiary_identity_followed_by_id_index" on "beneficiary_identity" ("followed_by_id");`);
    this.addSql(`create unique index beneficiary_identity_natural_key on beneficiary_identity (followed_by_id, lower(last_name), lower(first_name), birth_date);`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "email" text not null, "display_name" text not null, "oidc_subject" text null, primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);
    this.addSql(`alter table "app_user" add constraint "app_user_oidc_subject_unique" unique ("oidc_subject");`);

    this.addSql(`create table "membership" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "user_id" uuid not null, "organisation_id" uuid not null, "role" text not null, "active" boolean not null default true, primary key ("id"));`);
    this.addSql(`create index "membership_user_id_index" on "membership" ("user_id");`);
    this.addSql(`create index "membership_organisation_id_index" on "membership" ("organisation_id");`);
    this.addSql(`alter table "membership" add constraint "membership_user_id_organisation_id_unique" unique ("user_id", "organisation_id");`);

    this.addSql(`alter table "company" add constraint "company_naf_format" check (naf_code ~ '^[0-9]{2}\\.[0-9]{2}[A-Z]\$');`);
    this.addSql(`alter table "company" add constraint "company_siret_format" check (siret ~ '^[0-9]{14}\$');`);
    this.addSql(`alter table "company" add constraint "company_headcount_band_check" check ("headcount_band" in ('NONE', 'FROM_1_TO_9', 'FROM_10_TO_49', 'FROM_50_TO_249', 'FROM_250'));`);
    this.addSql(`alter table "company" add constraint "company_kind_check" check ("kind" in ('ORDINARY', 'SIAE_ACI', 'SIAE_EI', 'SIAE_ETTI', 'SIAE_AI', 'GEIQ', 'ADAPTED', 'TEMPORARY_WORK_AGENCY'));`);

    this.addSql(`alter table "organisation" add constraint "organisation_siret_format" check (siret is null or siret ~ '^[0-9]{14}\$');`);
    this.addSql(`alter table "organisation" add constraint "organisation_kind_check" check ("kind" in ('DEPARTEMENT', 'PLIE', 'BAILLEUR', 'VILLE', 'EPCI', 'REGION', 'ETAT', 'ENTREPRISE', 'SIAE'));`);

    this.addSql(`alter table "charter" add constraint "charter_coordinator_id_foreign" foreign key ("coordinator_id") references "organisation" ("id");`);
    this.addSql(`alter table "charter" add constraint "charter_period" check (end_date >= start_date);`);

    this.addSql(`alter table "operation" add constraint "operation_owner_id_foreign" foreign key ("owner_id") references "organisation" ("id");`);
    this.addSql(`alter table "operation" add constraint "operation_charter_id_foreign" foreign key ("charter_id") references "charter" ("id") on delete set null;`);
    this.addSql(`alter table "operation" add constraint "operation_programme_check" check ("programme" in ('NPNRU', 'ERBM', 'CSNE', 'GUP', 'DEPARTEMENT', 'OTHER'));`);

    this.addSql(`alter table "market" add constraint "market_buyer_id_foreign" foreign key ("buyer_id") references "organisation" ("id");`);
    this.addSql(`alter table "market" add constraint "market_facilitator_id_foreign" foreign key ("facilitator_id") references "organisation" ("id") on delete set null;`);
    this.addSql(`alter table "market" add constraint "market_operation_id_foreign" foreign key ("operation_id") references "operation" ("id") on delete set null;`);
    this.addSql(`alter table "market" add constraint "market_charter_id_foreign" foreign key ("charter_id") references "charter" ("id") on delete set null;`);
    this.addSql(`alter table "market" add constraint "market_cpv_format" check (cpv_code is null or cpv_code ~ '^[0-9]{8}(-[0-9])?\$');`);
    this.addSql(`alter table "market" add constraint "market_dates" check (end_date is null or start_date is null or end_date >= start_date);`);
    this.addSql(`alter table "market" add constraint "market_amounts" check ((amount_ht is null or amount_ht >= 0) and (hourly_cost is null or hourly_cost > 0) and (stated_hours is null or stated_hours >= 0));`);
    this.addSql(`alter table "market" add constraint "market_rates" check ((labour_rate is null or (labour_rate >= 0 and labour_rate <= 1)) and (insertion_rate is null or (insertion_rate >= 0 and insertion_rate <= 1)));`);
    this.addSql(`alter table "market" add constraint "market_nature_check" check ("nature" in ('WORKS', 'ENGINEERING', 'SERVICES', 'GUP'));`);
    this.addSql(`alter table "market" add constraint "market_status_check" check ("status" in ('DRAFT', 'ACTIVE', 'CLOSED', 'ARCHIVED'));`);
    this.addSql(`alter table "market" add constraint "market_clause_mechanism_check" check ("clause_mechanism" in ('EXECUTION_CONDITION', 'AWARD_CRITERION', 'RESERVED_MARKET', 'INSERTION_OBJECT'));`);

    this.addSql(`alter table "lot" add constraint "lot_market_id_foreign" foreign key ("market_id") references "market" ("id");`);

    this.addSql(`alter table "award" add constraint "award_lot_id_foreign" foreign key ("lot_id") references "lot" ("id");`);
    this.addSql(`alter table "award" add constraint "award_company_id_foreign" foreign key ("company_id") references "company" ("id");`);
    this.addSql(`alter table "award" add constraint "award_amount" check (amount_ht is null or amount_ht >= 0);`);

    this.addSql(`alter table "charter_target" add constraint "charter_target_charter_id_foreign" foreign key ("charter_id") references "charter" ("id");`);
    this.addSql(`alter table "charter_target" add constraint "charter_target_rate" check (value >= 0 and value <= 1);`);
    this.addSql(`alter table "charter_target" add constraint "charter_target_kind_check" check ("kind" in ('WORKS_HOURS_RATE', 'GUP_HOURS_RATE', 'YOUNG_BENEFICIARIES_SHARE', 'TRAINING_ACCESS_SHARE', 'WOMEN_BENEFICIARIES_SHARE'));`);

    this.addSql(`alter table "charter_signatory" add constraint "charter_signatory_charter_id_foreign" foreign key ("charter_id") references "charter" ("id");`);
    this.addSql(`alter table "charter_signatory" add constraint "charter_signatory_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);

    this.addSql(`alter table "charter_qpv" add constraint "charter_qpv_charter_id_foreign" foreign key ("charter_id") references "charter" ("id");`);
    this.addSql(`alter table "charter_qpv" add constraint "charter_qpv_qpv_id_foreign" foreign key ("qpv_id") references "qpv" ("id");`);

    this.addSql(`alter table "beneficiary" add constraint "beneficiary_followed_by_id_foreign" foreign key ("followed_by_id") references "organisation" ("id");`);
    this.addSql(`alter table "beneficiary" add constraint "beneficiary_qpv_id_foreign" foreign key ("qpv_id") references "qpv" ("id") on delete set null;`);
    this.addSql(`alter table "beneficiary" add constraint "beneficiary_age_at_entry" check (age_at_entry >= 14 and age_at_entry <= 99);`);
    this.addSql(`alter table "beneficiary" add constraint "beneficiary_sex_check" check ("sex" in ('FEMALE', 'MALE'));`);
    this.addSql(`alter table "beneficiary" add constraint "beneficiary_qualification_level_check" check ("qualification_level" in ('NONE', 'LEVEL_3', 'LEVEL_4', 'LEVEL_5', 'LEVEL_6_PLUS'));`);

    this.addSql(`alter table "placement" add constraint "placement_beneficiary_id_foreign" foreign key ("beneficiary_id") references "beneficiary" ("id");`);
    this.addSql(`alter table "placement" add constraint "placement_company_id_foreign" foreign key ("company_id") references "company" ("id");`);
    this.addSql(`alter table "placement" add constraint "placement_market_id_foreign" foreign key ("market_id") references "market" ("id");`);
    this.addSql(`alter table "placement" add constraint "placement_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on delete set null;`);
    this.addSql(`alter table "placement" add constraint "placement_weekly_hours" check (weekly_hours > 0 and weekly_hours <= 48);`);
    this.addSql(`alter table "placement" add constraint "placement_dates" check (end_date is null or end_date >= start_date);`);
    this.addSql(`alter table "placement" add constraint "placement_contract_type_check" check ("contract_type" in ('CDI', 'CDD', 'CDDI', 'TEMPORARY_MISSION', 'APPRENTICESHIP', 'PROFESSIONALISATION', 'CUI_CIE', 'EMPLOI_FRANC', 'TRAINING'));`);
    this.addSql(`alter table "placement" add constraint "placement_modality_check" check ("modality" in ('DIRECT_HIRE', 'TEMPORARY_WORK', 'GEIQ', 'SIAE_SUBCONTRACTING', 'TRAINING'));`);

    this.addSql(`alter table "monthly_hours" add constraint "monthly_hours_placement_id_foreign" foreign key ("placement_id") references "placement" ("id");`);
    this.addSql(`alter table "monthly_hours" add constraint "monthly_hours_range" check (hours >= 0 and hours <= 744);`);
    this.addSql(`alter table "monthly_hours" add constraint "monthly_hours_first_of_month" check (extract(day from month) = 1);`);

    this.addSql(`alter table "beneficiary_exit" add constraint "beneficiary_exit_beneficiary_id_foreign" foreign key ("beneficiary_id") references "beneficiary" ("id");`);
    this.addSql(`alter table "beneficiary_exit" add constraint "exit_contract_dates" check (contract_end is null or contract_start is null or contract_end >= contract_start);`);
    this.addSql(`alter table "beneficiary_exit" add constraint "beneficiary_exit_outcome_check" check ("outcome" in ('CDI', 'CDD', 'TEMPORARY_MISSION', 'PROFESSIONALISATION', 'APPRENTICESHIP', 'CIVIL_SERVICE', 'QUALIFYING_TRAINING', 'SIAE_INSERTION_JOB', 'OTHER_TRAINING', 'NO_EMPLOYMENT', 'OTHER'));`);
    this.addSql(`alter table "beneficiary_exit" add constraint "beneficiary_exit_subsidy_check" check ("subsidy" in ('NONE', 'CUI_CIE', 'EMPLOI_FRANC'));`);
    this.addSql(`alter table "beneficiary_exit" add constraint "beneficiary_exit_category_check" check ("category" in ('DURABLE_JOB', 'TRANSITION_JOB', 'POSITIVE_EXIT', 'OTHER'));`);

    this.addSql(`alter table "beneficiary_identity" add constraint "beneficiary_identity_beneficiary_id_foreign" foreign key ("beneficiary_id") references "beneficiary" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "beneficiary_identity" add constraint "beneficiary_identity_followed_by_id_foreign" foreign key ("followed_by_id") references "organisation" ("id");`);

    this.addSql(`alter table "app_user" add constraint "app_user_email_lowercase" check (email = lower(email));`);

    this.addSql(`alter table "membership" add constraint "membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);
    this.addSql(`alter table "membership" add constraint "membership_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "membership" add constraint "membership_role_check" check ("role" in ('ADMIN', 'EDITOR', 'VIEWER'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "award" drop constraint "award_company_id_foreign";`);
    this.addSql(`alter table "placement" drop constraint "placement_company_id_foreign";`);
    this.addSql(`alter table "charter" drop constraint "charter_coordinator_id_foreign";`);
    this.addSql(`alter table "operation" drop constraint "operation_owner_id_foreign";`);
    this.addSql(`alter table "market" drop constraint "market_buyer_id_foreign";`);
    this.addSql(`alter table "market" drop constraint "market_facilitator_id_foreign";`);
    this.addSql(`alter table "charter_signatory" drop constraint "charter_signatory_organisation_id_foreign";`);
    this.addSql(`alter table "beneficiary" drop constraint "beneficiary_followed_by_id_foreign";`);
    this.addSql(`alter table "beneficiary_identity" drop constraint "beneficiary_identity_followed_by_id_foreign";`);
    this.addSql(`alter table "membership" drop constraint "membership_organisation_id_foreign";`);
    this.addSql(`alter table "operation" drop constraint "operation_charter_id_foreign";`);
    this.addSql(`alter table "market" drop constraint "market_charter_id_foreign";`);
    this.addSql(`alter table "charter_target" drop constraint "charter_target_charter_id_foreign";`);
    this.addSql(`alter table "charter_signatory" drop constraint "charter_signatory_charter_id_foreign";`);
    this.addSql(`alter table "charter_qpv" drop constraint "charter_qpv_charter_id_foreign";`);
    this.addSql(`alter table "market" drop constraint "market_operation_id_foreign";`);
    this.addSql(`alter table "lot" drop constraint "lot_market_id_foreign";`);
    this.addSql(`alter table "placement" drop constraint "placement_market_id_foreign";`);
    this.addSql(`alter table "award" drop constraint "award_lot_id_foreign";`);
    this.addSql(`alter table "placement" drop constraint "placement_lot_id_foreign";`);
    this.addSql(`alter table "charter_qpv" drop constraint "charter_qpv_qpv_id_foreign";`);
    this.addSql(`alter table "beneficiary" drop constraint "beneficiary_qpv_id_foreign";`);
    this.addSql(`alter table "placement" drop constraint "placement_beneficiary_id_foreign";`);
    this.addSql(`alter table "beneficiary_exit" drop constraint "beneficiary_exit_beneficiary_id_foreign";`);
    this.addSql(`alter table "beneficiary_identity" drop constraint "beneficiary_identity_beneficiary_id_foreign";`);
    this.addSql(`alter table "monthly_hours" drop constraint "monthly_hours_placement_id_foreign";`);
    this.addSql(`alter table "membership" drop constraint "membership_user_id_foreign";`);

    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop table if exists "company" cascade;`);
    this.addSql(`drop table if exists "organisation" cascade;`);
    this.addSql(`drop table if exists "charter" cascade;`);
    this.addSql(`drop table if exists "operation" cascade;`);
    this.addSql(`drop table if exists "market" cascade;`);
    this.addSql(`drop table if exists "lot" cascade;`);
    this.addSql(`drop table if exists "award" cascade;`);
    this.addSql(`drop table if exists "charter_target" cascade;`);
    this.addSql(`drop table if exists "charter_signatory" cascade;`);
    this.addSql(`drop table if exists "qpv" cascade;`);
    this.addSql(`drop table if exists "charter_qpv" cascade;`);
    this.addSql(`drop table if exists "beneficiary" cascade;`);
    this.addSql(`drop table if exists "placement" cascade;`);
    this.addSql(`drop table if exists "monthly_hours" cascade;`);
    this.addSql(`drop table if exists "beneficiary_exit" cascade;`);
    this.addSql(`drop table if exists "beneficiary_identity" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "membership" cascade;`);
  }

}
