import type { PolicyDef } from '@mikro-orm/core';

/**
 * Row-level security, the database's layer of the access model (docs/permissions.md): for each tenant
 * table, which rows the acting organisation may read and write. The functions come from the
 * access_functions migration; `(select f())` makes PostgreSQL evaluate them once per statement.
 * Tables are forced, so even their owner is subject to them unless it has BYPASSRLS (the migrator).
 */

const ORG = '(select app_org())';
const DEPARTEMENT = '(select app_is_departement())';
const CAN_WRITE = '(select app_can_write())';
const IS_ADMIN = '(select app_is_admin())';
/** A signed-in user, or an API key (which acts for an organisation without a user). */
const SIGNED_IN = '((select app_user()) is not null or (select app_org()) is not null)';

/** Markets the acting organisation buys or facilitates (subject to market's own policy). */
const OWN_MARKETS = `(select id from market where buyer_id = ${ORG} or facilitator_id = ${ORG})`;
const FACILITATED_MARKETS = `(select id from market where facilitator_id = ${ORG})`;
const FOLLOWED = '(select app_followed_beneficiaries())';
const VISIBLE_CHARTERS = '(select app_visible_charters())';

interface TablePolicies {
  read: string;
  /** Rows that may be inserted, updated (before and after) and deleted; absent: no write at all. */
  write?: string;
  /** Only for tables whose rows are never updated or deleted (the audit trail). */
  insertOnly?: string;
}

const POLICIES: Record<string, TablePolicies> = {
  organisation: { read: SIGNED_IN, write: `${DEPARTEMENT} and ${IS_ADMIN}` },
  qpv: { read: SIGNED_IN, write: `${DEPARTEMENT} and ${IS_ADMIN}` },
  company: { read: SIGNED_IN, write: CAN_WRITE },
  app_user: {
    read: `id = (select app_user()) or oidc_subject = app_setting('app.auth_subject') or email = app_setting('app.auth_email')
      or ${DEPARTEMENT} or id in (select user_id from membership where organisation_id = ${ORG})`,
    write: IS_ADMIN,
  },
  membership: {
    read: `user_id = (select app_user()) or organisation_id = ${ORG} or ${DEPARTEMENT}`,
    write: `${IS_ADMIN} and (organisation_id = ${ORG} or ${DEPARTEMENT})`,
  },
  invitation: {
    read: `${IS_ADMIN} and (organisation_id = ${ORG} or ${DEPARTEMENT}) or email = (select email from app_user where id = (select app_user()))`,
    write: `${IS_ADMIN} and (organisation_id = ${ORG} or ${DEPARTEMENT})`,
  },
  charter: {
    read: `${DEPARTEMENT} or id in ${VISIBLE_CHARTERS}`,
    write: `${CAN_WRITE} and (coordinator_id = ${ORG} or ${DEPARTEMENT})`,
  },
  charter_signatory: { read: `${DEPARTEMENT} or charter_id in ${VISIBLE_CHARTERS}`, write: `${CAN_WRITE} and charter_id in (select id from charter where coordinator_id = ${ORG})` },
  charter_target: { read: `${DEPARTEMENT} or charter_id in ${VISIBLE_CHARTERS}`, write: `${CAN_WRITE} and charter_id in (select id from charter where coordinator_id = ${ORG})` },
  charter_qpv: { read: `${DEPARTEMENT} or charter_id in ${VISIBLE_CHARTERS}`, write: `${CAN_WRITE} and charter_id in (select id from charter where coordinator_id = ${ORG})` },
  operation: {
    read: `${DEPARTEMENT} or owner_id = ${ORG} or charter_id in ${VISIBLE_CHARTERS} or id in (select operation_id from market)`,
    write: `${CAN_WRITE} and owner_id = ${ORG}`,
  },
  market: {
    read: `${DEPARTEMENT} or buyer_id = ${ORG} or facilitator_id = ${ORG}`,
    write: `${CAN_WRITE} and buyer_id = ${ORG}`,
  },
  lot: { read: 'market_id in (select id from market)', write: `${CAN_WRITE} and market_id in (select id from market where buyer_id = ${ORG})` },
  award: { read: 'lot_id in (select id from lot)', write: `${CAN_WRITE} and lot_id in (select id from lot where market_id in (select id from market where buyer_id = ${ORG}))` },
  beneficiary: {
    read: `${DEPARTEMENT} or followed_by_id = ${ORG} or id in (select beneficiary_id from placement where market_id in ${OWN_MARKETS})`,
    write: `${CAN_WRITE} and followed_by_id = ${ORG}`,
  },
  beneficiary_identity: {
    read: `followed_by_id = ${ORG} or (${DEPARTEMENT} and beneficiary_id in (select id from beneficiary where is_brsa))`,
    write: `${CAN_WRITE} and followed_by_id = ${ORG} and beneficiary_id in ${FOLLOWED}`,
  },
  placement: {
    read: `${DEPARTEMENT} or beneficiary_id in ${FOLLOWED} or market_id in (select id from market)`,
    write: `${CAN_WRITE} and (beneficiary_id in ${FOLLOWED} or market_id in ${FACILITATED_MARKETS})`,
  },
  monthly_hours: {
    read: 'placement_id in (select id from placement)',
    write: `${CAN_WRITE} and placement_id in (select id from placement where beneficiary_id in ${FOLLOWED} or market_id in ${FACILITATED_MARKETS})`,
  },
  beneficiary_exit: {
    read: `${DEPARTEMENT} or beneficiary_id in ${FOLLOWED} or beneficiary_id in (select beneficiary_id from placement where market_id in ${FACILITATED_MARKETS})`,
    write: `${CAN_WRITE} and beneficiary_id in ${FOLLOWED}`,
  },
  api_key: { read: `${IS_ADMIN} and organisation_id = ${ORG}`, write: `${IS_ADMIN} and organisation_id = ${ORG}` },
  hours_fact: {
    read: `${DEPARTEMENT} or charter_id in ${VISIBLE_CHARTERS} or buyer_id = ${ORG} or facilitator_id = ${ORG} or followed_by_id = ${ORG}`,
  },
  market_fact: { read: `${DEPARTEMENT} or charter_id in ${VISIBLE_CHARTERS} or buyer_id = ${ORG} or facilitator_id = ${ORG}` },
  // A probe of the person's hours (index on hours_fact.beneficiary_id) for each exit read, not a scan of every hours fact.
  exit_fact: { read: `${DEPARTEMENT} or followed_by_id = ${ORG} or exists (select from hours_fact f where f.beneficiary_id = exit_fact.beneficiary_id)` },
  placement_year_fact: { read: DEPARTEMENT },
  platform_hours: { read: DEPARTEMENT },
  platform_people: { read: DEPARTEMENT },
  platform_contracts: { read: DEPARTEMENT },
  platform_company_year: { read: DEPARTEMENT },
  platform_markets: { read: DEPARTEMENT },
  platform_exits: { read: DEPARTEMENT },
  import_job: { read: `organisation_id = ${ORG}`, write: `${CAN_WRITE} and organisation_id = ${ORG}` },
  audit_event: {
    read: `${IS_ADMIN} and (${DEPARTEMENT} or organisation_id = ${ORG})`,
    insertOnly: `${SIGNED_IN} and organisation_id is not distinct from ${ORG}`,
  },
};

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** Entity options that force row-level security on `table`, with one policy per command. */
export function rowLevelSecurity(table: string): { rowLevelSecurity: 'force'; policies: PolicyDef[] } {
  const policies = POLICIES[table];
  if (!policies) throw new Error(`no row-level-security policies for table ${table}`);
  const read = squash(policies.read);
  const defs: PolicyDef[] = [{ name: `${table}_select`, command: 'select', using: read }];
  if (policies.write) {
    const write = squash(policies.write);
    defs.push(
      { name: `${table}_insert`, command: 'insert', check: write },
      { name: `${table}_update`, command: 'update', using: write, check: write },
      { name: `${table}_delete`, command: 'delete', using: write },
    );
  }
  if (policies.insertOnly) defs.push({ name: `${table}_insert`, command: 'insert', check: squash(policies.insertOnly) });
  return { rowLevelSecurity: 'force', policies: defs };
}

export const TENANT_TABLES = Object.keys(POLICIES);
