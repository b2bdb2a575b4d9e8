import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths.js';
import { OrganisationKind } from '../db/entities/enums.js';

export const PERMISSIONS_DOC = path.join(PROJECT_ROOT, 'docs', 'permissions.md');

/**
 * The access model, declared once: who reads and writes what. docs/permissions.md is rendered from
 * it (npm run permissions; a test fails when they differ). Three layers enforce it: the GraphQL rules
 * (permissions.ts) decide who may ask, the ORM's tenant filter (tenant-filter.ts) and PostgreSQL's
 * row-level security (row-policies.ts) decide which rows answer; the isolation tests check all three
 * against plain SQL written from this table.
 */
export const READERS = {
  DEPARTEMENT: [OrganisationKind.DEPARTEMENT],
  PLIE: [OrganisationKind.PLIE],
  BUYER: [OrganisationKind.BAILLEUR, OrganisationKind.VILLE, OrganisationKind.EPCI, OrganisationKind.REGION],
  ETAT: [OrganisationKind.ETAT],
} as const;

export type Reader = keyof typeof READERS;

/** The organisations that buy: the buyers, and the Département for its own markets. A PLIE or the État never buys. */
export const BUYER_KINDS: ReadonlySet<OrganisationKind> = new Set([OrganisationKind.DEPARTEMENT, ...READERS.BUYER]);

export interface EntityAccess {
  entity: string;
  table: string;
  read: Record<Reader, string>;
  /** Who writes, always as an EDITOR or ADMIN of that organisation unless said otherwise. */
  write: string;
}

const NONE = '—';

export const ROLES = {
  VIEWER: 'reads what its organisation may read',
  EDITOR: "also writes its organisation's data",
  ADMIN: 'also manages its members and API keys, and reads its audit trail',
} as const;

export const ACCESS_MODEL: EntityAccess[] = [
  {
    entity: 'Organisation', table: 'organisation',
    read: { DEPARTEMENT: 'all', PLIE: 'all (the directory of partners)', BUYER: 'all', ETAT: 'all' },
    write: 'Département admins',
  },
  {
    entity: 'User', table: 'app_user',
    read: { DEPARTEMENT: 'all', PLIE: 'itself and the members of its organisation', BUYER: 'same', ETAT: 'same' },
    write: 'nobody: an account is created (for a pending invitation) and bound to its identity (issuer, subject) only by signing in',
  },
  {
    entity: 'Membership', table: 'membership',
    read: { DEPARTEMENT: 'all', PLIE: "its own, and its organisation's", BUYER: 'same', ETAT: 'same' },
    write: "admins of the organisation change roles and deactivate (the Département's admins anywhere); only accepting an invitation creates or reactivates one; a member of the Département holds no other active seat",
  },
  {
    entity: 'Invitation', table: 'invitation',
    read: {
      DEPARTEMENT: "its admins: all; anyone: those sent to their own e-mail",
      PLIE: "its admins: its organisation's; anyone: those sent to their own e-mail",
      BUYER: 'same',
      ETAT: 'same',
    },
    write: "admins of the organisation invite and revoke (the Département's admins anywhere); only the invitee accepts or refuses",
  },
  {
    entity: 'Qpv', table: 'qpv',
    read: { DEPARTEMENT: 'all', PLIE: 'all (reference data)', BUYER: 'all', ETAT: 'all' },
    write: 'Département admins',
  },
  {
    entity: 'Company', table: 'company',
    read: { DEPARTEMENT: 'all', PLIE: 'all (public register data)', BUYER: 'all', ETAT: 'all' },
    write: 'any editor (companies are shared)',
  },
  {
    entity: 'Charter', table: 'charter',
    read: { DEPARTEMENT: 'all', PLIE: 'charters it coordinates or signed', BUYER: 'charters it signed', ETAT: 'charters it signed' },
    write: 'its coordinator; the Département',
  },
  {
    entity: 'CharterSignatory, CharterTarget, CharterQpv', table: 'charter_signatory, charter_target, charter_qpv',
    read: { DEPARTEMENT: 'all', PLIE: 'those of the charters it reads', BUYER: 'same', ETAT: 'same' },
    write: "the charter's coordinator",
  },
  {
    entity: 'Operation', table: 'operation',
    read: {
      DEPARTEMENT: 'all',
      PLIE: 'operations it owns, of charters it reads, or holding a market it facilitates',
      BUYER: 'operations it owns, of charters it reads, or holding a market it buys',
      ETAT: 'operations of charters it signed',
    },
    write: 'its owner',
  },
  {
    entity: 'Market, Lot, Award', table: 'market, lot, award',
    read: { DEPARTEMENT: 'all', PLIE: 'markets it facilitates', BUYER: 'markets it buys', ETAT: NONE },
    write: 'the buyer',
  },
  {
    entity: 'Beneficiary (typology)', table: 'beneficiary',
    read: {
      DEPARTEMENT: 'all',
      PLIE: 'people it follows, and people placed on markets it facilitates',
      BUYER: 'people placed on markets it buys',
      ETAT: NONE,
    },
    write: 'the PLIE that follows the person',
  },
  {
    entity: 'BeneficiaryIdentity (names, birth date, contact)', table: 'beneficiary_identity',
    read: { DEPARTEMENT: 'BRSA beneficiaries only (chef de file of the RSA)', PLIE: 'people it follows', BUYER: NONE, ETAT: NONE },
    write: 'the PLIE that follows the person',
  },
  {
    entity: 'Placement, MonthlyHours', table: 'placement, monthly_hours',
    read: {
      DEPARTEMENT: 'all',
      PLIE: 'placements of people it follows, and placements on markets it facilitates',
      BUYER: 'placements on markets it buys',
      ETAT: NONE,
    },
    write: 'the PLIE that follows the person, or the PLIE that facilitates the market',
  },
  {
    entity: 'Exit', table: 'beneficiary_exit',
    read: { DEPARTEMENT: 'all', PLIE: 'exits of people it follows or placed on markets it facilitates', BUYER: NONE, ETAT: NONE },
    write: 'the PLIE that follows the person',
  },
  {
    entity: 'ApiKey', table: 'api_key',
    read: { DEPARTEMENT: 'its admins: its own keys', PLIE: 'its admins: its own keys', BUYER: 'same', ETAT: 'same' },
    write: 'its admins (create, revoke); a key acts with its own role, for its organisation only',
  },
  {
    entity: 'HoursFact, ExitFact, MarketFact (indicator facts: no identity)', table: 'hours_fact, exit_fact, market_fact',
    read: {
      DEPARTEMENT: 'all',
      PLIE: 'facts of the charters it coordinates or signed, of the markets it facilitates, of the people it follows',
      BUYER: 'facts of the charters it signed, of the markets it buys',
      ETAT: 'facts of the charters it signed',
    },
    write: 'nobody: kept by triggers with every write of hours, placements, people, markets, companies and exits (market facts: of the charters, markets and people as hours facts); the API only returns sums and counts, small counts of people suppressed',
  },
  {
    entity: 'PlacementYearFact, PlatformHours, PlatformPeople, PlatformContracts, PlatformCompanyYear, PlatformMarkets, PlatformExits (the whole platform\'s indicators: placement years and their sums, no identity)',
    table: 'placement_year_fact, platform_hours, platform_people, platform_contracts, platform_company_year, platform_markets, platform_exits',
    read: { DEPARTEMENT: 'all', PLIE: NONE, BUYER: NONE, ETAT: NONE },
    write: 'nobody: kept by triggers with every write of hours, market and exit facts, in its transaction',
  },
  {
    entity: 'ImportJob', table: 'import_job',
    read: { DEPARTEMENT: 'its own imports', PLIE: 'its own imports', BUYER: 'same', ETAT: 'same' },
    write: 'its editors, by importing a file (spreadsheet imports are a PLIE\'s)',
  },
  {
    entity: 'AuditEvent', table: 'audit_event',
    read: { DEPARTEMENT: 'all', PLIE: "its admins: its organisation's trail", BUYER: 'same', ETAT: 'same' },
    write: 'written with every write, in its transaction; never changed',
  },
];

/** The Markdown of docs/permissions.md. */
export function renderPermissions(): string {
  const readers = Object.keys(READERS) as Reader[];
  const kinds = readers.map((reader) => `**${reader}**: ${READERS[reader].join(', ')}`).join('; ');
  const header = `| entity | ${readers.join(' | ')} | writes |`;
  const rule = `|${' --- |'.repeat(readers.length + 2)}`;
  const rows = ACCESS_MODEL.map((access) => `| ${access.entity} | ${readers.map((reader) => access.read[reader]).join(' | ')} | ${access.write} |`);
  const roles = Object.entries(ROLES).map(([role, meaning]) => `- **${role}** ${meaning}.`);
  return [
    '# Permissions',
    '',
    'Generated from `src/access/model.ts` by `npm run permissions`; a test fails when this file is out of date.',
    '',
    `Readers by organisation kind: ${kinds}. The Département also buys (its own markets are in "all").`,
    'Without an acting organisation (a user of several organisations who sent no `X-Organisation`), a user reads only their own account and memberships.',
    '',
    header,
    rule,
    ...rows,
    '',
    'Roles, within the acting organisation:',
    ...roles,
    '',
    'A row another organisation may not read answers NOT_FOUND, exactly like a missing one, whether asked by id, by `node(id:)` or named in a mutation.',
    '',
  ].join('\n');
}
