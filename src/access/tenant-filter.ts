import { raw, type Dictionary, type FilterDef } from '@mikro-orm/core';
import { ALL_ENTITIES, MembershipRole, OrganisationKind } from '../db/entities/index.js';

/**
 * The ORM's layer of the access model (docs/permissions.md): the same rows as the row-level-security
 * policies (row-policies.ts), expressed as MikroORM conditions on the acting organisation, so that
 * every query, count, relation and filter argument is scoped even before PostgreSQL checks it.
 */
export const TENANT_FILTER = 'tenant';

export interface TenantScope {
  /** Null for an API key. */
  userId: string | null;
  organisationId: string | null;
  kind: OrganisationKind | null;
  role: MembershipRole | null;
}

type Condition = Dictionary;
const NOTHING: Condition = { id: { $in: [] } };
const EVERYTHING: Condition = {};

/**
 * A condition in SQL on the row's own columns (`{this}` is the row's alias), with sub-selects where a
 * relation decides. MikroORM's conditions through relations are not used here: some of them (an `$or`
 * under a relation, a collection joined with its own filter) produce broken SQL.
 */
const where = (condition: string, params: unknown[]): Condition => ({
  [raw((alias: string) => `(${condition.replaceAll('{this}', alias)})`, params)]: [],
});

const ownMarkets = (org: string) => ({ sql: 'select id from market where buyer_id = ? or facilitator_id = ?', params: [org, org] });
const visibleCharters = (org: string) => ({
  sql: 'select id from charter where coordinator_id = ? union select charter_id from charter_signatory where organisation_id = ?',
  params: [org, org],
});
const followed = (org: string) => ({ sql: 'select id from beneficiary where followed_by_id = ?', params: [org] });

function visiblePlacements(org: string) {
  const [people, markets] = [followed(org), ownMarkets(org)];
  return { sql: `select id from placement where beneficiary_id in (${people.sql}) or market_id in (${markets.sql})`, params: [...people.params, ...markets.params] };
}

/** Facts of the charters the organisation reads, of the markets it buys or facilitates, of the people it follows (row `alias`). */
function factCondition(alias: string, org: string) {
  const charters = visibleCharters(org);
  return {
    sql: `${alias}.charter_id in (${charters.sql}) or ${alias}.buyer_id = ? or ${alias}.facilitator_id = ? or ${alias}.followed_by_id = ?`,
    params: [...charters.params, org, org, org],
  };
}

/** Invitations: those of the organisation for its admins (any organisation's for the Département's), and those sent to the user. */
function invitations(org: string | null, { userId, role }: TenantScope): Condition {
  const conditions: [string, string][] = [];
  if (org && role === MembershipRole.ADMIN) conditions.push(['{this}.organisation_id = ?', org]);
  if (userId) conditions.push(['{this}.email = (select email from app_user where id = ?)', userId]);
  return conditions.length ? where(conditions.map(([sql]) => sql).join(' or '), conditions.map(([, param]) => param)) : NOTHING;
}

/** API keys: only the admins of their organisation, the Département's included. */
const ownKeys = (org: string, { role }: TenantScope): Condition => (role === MembershipRole.ADMIN ? { organisation: org } : NOTHING);

/** Rows of each entity an organisation other than the Département may read. */
const ORGANISATION_SCOPES: Record<string, (org: string, scope: TenantScope) => Condition> = {
  Charter: (org) => where('{this}.id in (' + visibleCharters(org).sql + ')', visibleCharters(org).params),
  CharterSignatory: (org) => where(`{this}.charter_id in (${visibleCharters(org).sql})`, visibleCharters(org).params),
  CharterTarget: (org) => where(`{this}.charter_id in (${visibleCharters(org).sql})`, visibleCharters(org).params),
  CharterQpv: (org) => where(`{this}.charter_id in (${visibleCharters(org).sql})`, visibleCharters(org).params),
  Operation: (org) => where(
    `{this}.owner_id = ? or {this}.charter_id in (${visibleCharters(org).sql}) or {this}.id in (select operation_id from market where id in (${ownMarkets(org).sql}))`,
    [org, ...visibleCharters(org).params, ...ownMarkets(org).params],
  ),
  Market: (org) => ({ $or: [{ buyer: org }, { facilitator: org }] }),
  Lot: (org) => where(`{this}.market_id in (${ownMarkets(org).sql})`, ownMarkets(org).params),
  Award: (org) => where(`{this}.lot_id in (select id from lot where market_id in (${ownMarkets(org).sql}))`, ownMarkets(org).params),
  Beneficiary: (org) => where(
    `{this}.followed_by_id = ? or {this}.id in (select beneficiary_id from placement where market_id in (${ownMarkets(org).sql}))`,
    [org, ...ownMarkets(org).params],
  ),
  BeneficiaryIdentity: (org) => ({ followedBy: org }),
  Placement: (org) => where(`{this}.id in (${visiblePlacements(org).sql})`, visiblePlacements(org).params),
  MonthlyHours: (org) => where(`{this}.placement_id in (${visiblePlacements(org).sql})`, visiblePlacements(org).params),
  Exit: (org) => where(
    `{this}.beneficiary_id in (${followed(org).sql})
      or {this}.beneficiary_id in (select beneficiary_id from placement where market_id in (select id from market where facilitator_id = ?))`,
    [...followed(org).params, org],
  ),
  User: (org, { userId }) => where('{this}.id = ? or {this}.id in (select user_id from membership where organisation_id = ?)', [userId, org]),
  Membership: (org, { userId }) => (userId ? { $or: [{ user: userId }, { organisation: org }] } : { organisation: org }),
  AuditEvent: (org, { role }) => (role === MembershipRole.ADMIN ? { organisationId: org } : NOTHING),
  ApiKey: ownKeys,
  Invitation: invitations,
  ImportJob: (org) => ({ organisation: org }),
  HoursFact: (org) => {
    const facts = factCondition('{this}', org);
    return where(facts.sql, facts.params);
  },
  MarketFact: (org) => where(
    `{this}.charter_id in (${visibleCharters(org).sql}) or {this}.buyer_id = ? or {this}.facilitator_id = ?`, [...visibleCharters(org).params, org, org]),
  ExitFact: (org) => {
    const facts = factCondition('f', org);
    return where(`{this}.followed_by_id = ? or {this}.beneficiary_id in (select f.beneficiary_id from hours_fact f where ${facts.sql})`, [org, ...facts.params]);
  },
  // Only the Département asks for the whole platform (DEPARTEMENT_SCOPES: everything).
  PlacementYearFact: () => where('false', []),
  PlatformHours: () => where('false', []),
  PlatformPeople: () => where('false', []),
  PlatformContracts: () => where('false', []),
  PlatformCompanyYear: () => where('false', []),
  PlatformMarkets: () => where('false', []),
  PlatformExits: () => where('false', []),
};

/** The Département supervises everything, but reads identities only where it has a legal basis (RSA). */
const DEPARTEMENT_SCOPES: Record<string, (org: string, scope: TenantScope) => Condition> = {
  BeneficiaryIdentity: () => where('{this}.beneficiary_id in (select id from beneficiary where is_brsa)', []),
  ApiKey: ownKeys,
  ImportJob: (org) => ({ organisation: org }),
  AuditEvent: (_org, { role }) => (role === MembershipRole.ADMIN ? EVERYTHING : NOTHING),
  Invitation: (_org, scope) => (scope.role === MembershipRole.ADMIN ? EVERYTHING : invitations(null, scope)),
};

/** Without an acting organisation a user reads only their own account and memberships. */
const PERSONAL_SCOPES: Record<string, (userId: string) => Condition> = {
  User: (userId) => ({ id: userId }),
  Membership: (userId) => ({ user: userId }),
  Invitation: (userId) => invitations(null, { userId, organisationId: null, kind: null, role: null }),
};


export function tenantCondition(entityName: string, scope: TenantScope): Condition {
  if (!scope.organisationId) return (scope.userId && PERSONAL_SCOPES[entityName]?.(scope.userId)) || NOTHING;
  if (scope.kind === OrganisationKind.DEPARTEMENT) return DEPARTEMENT_SCOPES[entityName]?.(scope.organisationId, scope) ?? EVERYTHING;
  return ORGANISATION_SCOPES[entityName]?.(scope.organisationId, scope) ?? NOTHING;
}

/**
 * Registered on the request ORM, on by default: a query made before the request's scope is set
 * fails instead of reading unscoped rows.
 */
export const tenantFilter: FilterDef = {
  name: TENANT_FILTER,
  entity: ALL_ENTITIES.filter((entity) => entity.name in ORGANISATION_SCOPES),
  default: true,
  cond: (args: Dictionary, _type, _em, _options, entityName?: string) => tenantCondition(entityName ?? '', args as TenantScope),
};
