import { OrganisationKind } from '../../db/entities/enums.js';
import {
  administrators, allOf, anyOf, boughtMarket, editors, everything, facilitatedMarket, followedPerson, forEveryKind, inSet, nothing,
  ofReadableCharter, ownedBy, readable, rows, type ByKind, type Predicate,
} from './predicates.js';

/**
 * Who may do what, declared once: for each table, by the kind of the organisation the asker acts
 * for, which rows it reads, creates, updates and deletes (the role is part of each predicate). No
 * entry, or `nothing`: refused. Row-level security, the ORM's filter, the service checks, the GraphQL
 * rules, the HTTP guards and docs/permissions.md are all rendered from this table.
 */
export interface TableAccess {
  /** The entities the table holds, as the documentation names them. */
  entity: string;
  table: string;
  read: ByKind;
  create?: ByKind;
  update?: ByKind;
  delete?: ByKind;
  /** For a charter: who reads each signatory's share of its indicators (the coordinator and the Département). */
  readBreakdown?: ByKind;
  /**
   * Columns of its rows that only some of their readers read (a person's detailed typology), and `readDetail`:
   * by kind, who reads them, of the rows it reads (`everything` or `nothing`, decided before any row is read).
   * The others read the same rows without them: the API answers null in their place.
   */
  detailColumns?: readonly string[];
  readDetail?: ByKind;
  /** A user acting for no organisation (several memberships and no X-Organisation), or still signing in. */
  withoutOrganisation?: { read?: Predicate; create?: Predicate };
  /** Derived rows (facts, the audit trail) say what they derive from and inherit its rule. */
  derivedFrom?: string;
}

const { DEPARTEMENT, PLIE, BAILLEUR, VILLE, EPCI, REGION, ETAT } = OrganisationKind;

/** The same predicate for the four kinds that buy besides the Département. */
const asBuyers = (predicate: Predicate) => ({ [BAILLEUR]: predicate, [VILLE]: predicate, [EPCI]: predicate, [REGION]: predicate });

const ownOrganisation = ownedBy('organisation_id', 'its own');
const boughtMarkets = ownedBy('buyer_id', 'markets it buys');
const facilitatedMarkets = ownedBy('facilitator_id', 'markets it facilitates');
const followedPeople = ownedBy('followed_by_id', 'people it follows');
const coordinatedCharter = rows('of charters it coordinates', '{this}.charter_id in (select id from charter where coordinator_id = {org})');
const ofPeoplePlacedOnFacilitatedMarkets = inSet('peopleOnFacilitatedMarkets', 'beneficiary_id', 'of people placed on markets it facilitates');
/** A market names an operation its buyer leads or whose charter it reads: naming one must not make a foreign operation readable. */
const operationOfItsOwn = rows('naming no operation, or one it leads or of a charter it reads',
  '{this}.operation_id is null or {this}.operation_id in ({set:operationsOfItsOwn})');
const ownMembers = rows('itself and the members of its organisation',
  '{this}.id = {user} or {this}.id in (select user_id from membership where organisation_id = {org})');
const ownAccount = rows('itself (its account was found by signing in, app_sign_in)', '{this}.id = {user}');
const invitationsToItself = rows('those sent to its own e-mail', '{this}.email = (select email from app_user where id = {user})');
const ownMemberships = rows('its own memberships', '{this}.user_id = {user}');
const ownMembershipsAndOrganisations = rows("its own memberships and its organisation's", '{this}.user_id = {user} or {this}.organisation_id = {org}');
const chartersItReads = rows('charters it coordinates or signed', '{this}.id in ({set:readableCharters})');
const operationsItReads = (markets: string) => rows(`operations it leads, of charters it reads, or holding ${markets}`,
  '{this}.owner_id = {org} or {this}.charter_id in ({set:readableCharters}) or {this}.id in (select m.operation_id from {readable:market} m)');
const factsOf = (...predicates: Predicate[]) => anyOf(ofReadableCharter(), ...predicates);
const factsOfReadableHours = rows('of people whose hours facts it reads',
  'exists (select from {readable:hours_fact} f where f.beneficiary_id = {this}.beneficiary_id)');
/** An event about an identity or an import job (whose problems quote the file's cells) inherits that row's read rule. */
const aboutReadableRows = allOf(
  rows('except events about an identity it may not read',
    "{this}.entity <> 'BeneficiaryIdentity' or {this}.entity_id in (select i.beneficiary_id from {readable:beneficiary_identity} i)"),
  rows('or about an import job it may not read', "{this}.entity <> 'ImportJob' or {this}.entity_id in (select j.id from {readable:import_job} j)"),
);
/** A client that lost the answer to a write finds it in the trail by its request id: a person its own writes, a key its own. */
const itsOwnWrites = rows('the events of the writes of whoever asks (the person or the API key itself), for its organisation',
  '({this}.user_id = {user} or {this}.api_key_id = {key}) and {this}.organisation_id = {org}');
const onlyTheDepartement = { ...forEveryKind(nothing), [DEPARTEMENT]: everything };
const departementAdministrators = { ...forEveryKind(nothing), [DEPARTEMENT]: administrators };

const charterPart = (entity: string, table: string): TableAccess => ({
  entity, table,
  read: { ...forEveryKind(ofReadableCharter()), [DEPARTEMENT]: everything },
  create: { ...forEveryKind(allOf(editors, coordinatedCharter)), [DEPARTEMENT]: editors, [ETAT]: nothing },
  update: { ...forEveryKind(allOf(editors, coordinatedCharter)), [DEPARTEMENT]: editors, [ETAT]: nothing },
});

const marketWrites: ByKind = { ...forEveryKind(nothing), [DEPARTEMENT]: allOf(editors, boughtMarkets, operationOfItsOwn), ...asBuyers(allOf(editors, boughtMarkets, operationOfItsOwn)) };
const lotWrites: ByKind = { ...forEveryKind(nothing), [DEPARTEMENT]: allOf(editors, boughtMarket()), ...asBuyers(allOf(editors, boughtMarket())) };
const awardOfBoughtLot = rows('of lots of markets it buys', '{this}.lot_id in (select id from lot where market_id in (select id from market where buyer_id = {org}))');
const awardWrites: ByKind = { ...forEveryKind(nothing), [DEPARTEMENT]: allOf(editors, awardOfBoughtLot), ...asBuyers(allOf(editors, awardOfBoughtLot)) };
/** A file is sent, and removed when its job ends, by those who import for the organisation. */
const ownImportJobs = rows('of its own import jobs', '{this}.import_job_id in (select id from import_job where organisation_id = {org})');
const importFileWrites: ByKind = { ...forEveryKind(nothing), [DEPARTEMENT]: allOf(editors, ownImportJobs), [PLIE]: allOf(editors, ownImportJobs) };
const followerWrites: ByKind = { ...forEveryKind(nothing), [PLIE]: allOf(editors, followedPerson()) };
/** Placements and hours: the follower, or the PLIE facilitating the market for the people it may already read. */
const placementUpdates: ByKind = {
  ...forEveryKind(nothing),
  [PLIE]: allOf(editors, anyOf(followedPerson(), allOf(facilitatedMarket(), ofPeoplePlacedOnFacilitatedMarkets))),
};
const hoursWrites: ByKind = {
  ...forEveryKind(nothing),
  [PLIE]: allOf(editors, rows('of placements of people it follows or on markets it facilitates',
    '{this}.placement_id in (select id from placement where beneficiary_id in ({set:followedPeople}) or market_id in (select id from market where facilitator_id = {org}))')),
};
const ownOrganisationWrites = allOf(editors, ownOrganisation);
const apiKeys = allOf(administrators, ownOrganisation);

export const ACCESS_MODEL: TableAccess[] = [
  {
    entity: 'Organisation', table: 'organisation',
    read: forEveryKind(rows('all (the directory of partners)', 'true')),
    create: departementAdministrators, update: departementAdministrators,
    withoutOrganisation: {
      read: anyOf(inSet('organisationsOfItsMemberships'), inSet('organisationsThatInvitedIt')),
    },
  },
  // Accounts are created, and bound to their identity, only by signing in (app_sign_in, as the owner); a trigger
  // keeps the application role from writing an account's e-mail, issuer or subject.
  {
    entity: 'User', table: 'app_user',
    read: { ...forEveryKind(ownMembers), [DEPARTEMENT]: everything },
    update: { ...forEveryKind(allOf(administrators, rows('members of its organisation', '{this}.id in (select user_id from membership where organisation_id = {org})'))), [DEPARTEMENT]: administrators },
    withoutOrganisation: { read: ownAccount },
  },
  // A membership is created, or made active again, only by its invitee accepting an invitation (app_answer_invitation,
  // as the owner; a trigger refuses any other way), and a member of the Département holds no other active seat.
  {
    entity: 'Membership', table: 'membership',
    read: { ...forEveryKind(ownMembershipsAndOrganisations), [DEPARTEMENT]: everything },
    update: { ...forEveryKind(allOf(administrators, ownOrganisation)), [DEPARTEMENT]: administrators },
    withoutOrganisation: { read: ownMemberships },
  },
  // Answered (accepted or refused) only by the invitee, through app_answer_invitation; its administrators revoke it.
  {
    entity: 'Invitation', table: 'invitation',
    read: { ...forEveryKind(anyOf(allOf(administrators, ownOrganisation), invitationsToItself)), [DEPARTEMENT]: anyOf(administrators, invitationsToItself) },
    create: { ...forEveryKind(allOf(administrators, ownOrganisation)), [DEPARTEMENT]: administrators },
    update: { ...forEveryKind(allOf(administrators, ownOrganisation)), [DEPARTEMENT]: administrators },
    withoutOrganisation: { read: invitationsToItself },
  },
  { entity: 'Qpv', table: 'qpv', read: forEveryKind(rows('all (reference data)', 'true')), create: departementAdministrators, update: departementAdministrators },
  {
    entity: 'Company', table: 'company',
    read: forEveryKind(rows('all (public register data)', 'true')),
    create: { ...forEveryKind(editors), [ETAT]: nothing },
    update: { ...forEveryKind(editors), [ETAT]: nothing },
  },
  {
    entity: 'Charter', table: 'charter',
    read: { ...forEveryKind(chartersItReads), [DEPARTEMENT]: everything },
    create: { ...forEveryKind(allOf(editors, ownedBy('coordinator_id', 'charters it coordinates'))), [DEPARTEMENT]: editors, [ETAT]: nothing },
    update: { ...forEveryKind(allOf(editors, ownedBy('coordinator_id', 'charters it coordinates'))), [DEPARTEMENT]: editors, [ETAT]: nothing },
    readBreakdown: { ...forEveryKind(ownedBy('coordinator_id', 'charters it coordinates')), [DEPARTEMENT]: everything, [ETAT]: nothing },
  },
  charterPart('CharterSignatory', 'charter_signatory'),
  charterPart('CharterTarget', 'charter_target'),
  charterPart('CharterQpv', 'charter_qpv'),
  {
    entity: 'Operation', table: 'operation',
    read: { [DEPARTEMENT]: everything, [PLIE]: operationsItReads('a market it facilitates'), ...asBuyers(operationsItReads('a market it buys')), [ETAT]: ofReadableCharter() },
    create: { ...forEveryKind(nothing), [DEPARTEMENT]: allOf(editors, ownedBy('owner_id', 'operations it leads')), ...asBuyers(allOf(editors, ownedBy('owner_id', 'operations it leads'))) },
    update: { ...forEveryKind(nothing), [DEPARTEMENT]: allOf(editors, ownedBy('owner_id', 'operations it leads')), ...asBuyers(allOf(editors, ownedBy('owner_id', 'operations it leads'))) },
  },
  {
    entity: 'Market', table: 'market',
    read: { [DEPARTEMENT]: everything, [PLIE]: facilitatedMarkets, ...asBuyers(boughtMarkets), [ETAT]: nothing },
    create: marketWrites, update: marketWrites,
  },
  {
    entity: 'Lot', table: 'lot',
    read: forEveryKind(readable('market', 'market_id', 'of markets it reads')),
    create: lotWrites, update: lotWrites, delete: lotWrites,
  },
  {
    entity: 'Award', table: 'award',
    read: forEveryKind(readable('lot', 'lot_id', 'of lots it reads')),
    create: awardWrites, update: awardWrites, delete: awardWrites,
  },
  {
    entity: 'Beneficiary (typology)', table: 'beneficiary',
    read: {
      [DEPARTEMENT]: everything,
      [PLIE]: anyOf(followedPeople, inSet('peopleOnFacilitatedMarkets', 'id', 'people placed on markets it facilitates')),
      ...asBuyers(inSet('peopleOnBoughtMarkets', 'id', 'people placed on markets it buys')),
      [ETAT]: nothing,
    },
    create: { ...forEveryKind(nothing), [PLIE]: allOf(editors, followedPeople) },
    update: { ...forEveryKind(nothing), [PLIE]: allOf(editors, followedPeople) },
    // Data minimisation: a buyer, or the État, reads the typology the indicators count (sex, age band at entry, QPV or
    // not, statuses), not the exact age, the commune, the named QPV or the qualification level.
    detailColumns: ['age_at_entry', 'residence_commune', 'qpv_id', 'qualification_level'],
    readDetail: { ...forEveryKind(nothing), [DEPARTEMENT]: everything, [PLIE]: everything },
  },
  {
    entity: 'BeneficiaryIdentity (names, birth date, contact)', table: 'beneficiary_identity',
    read: {
      ...forEveryKind(nothing),
      [DEPARTEMENT]: rows('people on RSA only (chef de file of the RSA)', '{this}.beneficiary_id in (select id from beneficiary where is_brsa)'),
      [PLIE]: followedPeople,
    },
    create: { ...forEveryKind(nothing), [PLIE]: allOf(editors, followedPeople, followedPerson()) },
    update: { ...forEveryKind(nothing), [PLIE]: allOf(editors, followedPeople, followedPerson()) },
    // Erasure (GDPR art. 17): the identity destroyed, the typology, placements and hours kept without it.
    delete: { ...forEveryKind(nothing), [PLIE]: allOf(administrators, followedPeople) },
  },
  {
    entity: 'Placement', table: 'placement',
    read: { [DEPARTEMENT]: everything, [PLIE]: anyOf(followedPerson(), facilitatedMarket()), ...asBuyers(boughtMarket()), [ETAT]: nothing },
    create: followerWrites, update: placementUpdates,
  },
  {
    entity: 'MonthlyHours', table: 'monthly_hours',
    read: forEveryKind(readable('placement', 'placement_id', 'of placements it reads')),
    create: hoursWrites, update: hoursWrites,
  },
  {
    entity: 'Exit', table: 'beneficiary_exit',
    read: { ...forEveryKind(nothing), [DEPARTEMENT]: everything, [PLIE]: anyOf(followedPerson(), ofPeoplePlacedOnFacilitatedMarkets) },
    create: followerWrites, update: followerWrites,
  },
  { entity: 'ApiKey', table: 'api_key', read: forEveryKind(apiKeys), create: forEveryKind(apiKeys), update: forEveryKind(apiKeys) },
  {
    entity: 'HoursFact (indicator facts: no identity)', table: 'hours_fact', derivedFrom: 'hours, placements, people, markets and charters',
    read: {
      [DEPARTEMENT]: everything,
      [PLIE]: factsOf(facilitatedMarkets, followedPeople),
      ...asBuyers(factsOf(boughtMarkets)),
      [ETAT]: ofReadableCharter(),
    },
  },
  {
    entity: 'MarketFact', table: 'market_fact', derivedFrom: 'markets and charters',
    read: { [DEPARTEMENT]: everything, [PLIE]: factsOf(facilitatedMarkets), ...asBuyers(factsOf(boughtMarkets)), [ETAT]: ofReadableCharter() },
  },
  {
    entity: 'ExitFact', table: 'exit_fact', derivedFrom: 'exits and the hours facts of the same people',
    read: { [DEPARTEMENT]: everything, [PLIE]: anyOf(followedPeople, factsOfReadableHours), ...asBuyers(factsOfReadableHours), [ETAT]: factsOfReadableHours },
  },
  ...['placement_year_fact', 'platform_hours', 'platform_people', 'platform_contracts', 'platform_company_year', 'platform_markets', 'platform_exits'].map(
    (table): TableAccess => ({ entity: `${table} (the whole platform's indicators)`, table, derivedFrom: 'every placement, hours, market and exit', read: onlyTheDepartement }),
  ),
  {
    entity: 'ImportJob', table: 'import_job',
    read: forEveryKind(ownOrganisation),
    create: { ...forEveryKind(nothing), [DEPARTEMENT]: ownOrganisationWrites, [PLIE]: ownOrganisationWrites },
    update: { ...forEveryKind(nothing), [DEPARTEMENT]: ownOrganisationWrites, [PLIE]: ownOrganisationWrites },
  },
  {
    entity: 'ImportFileChunk (a file waiting for its import job)', table: 'import_file_chunk', derivedFrom: 'its import job',
    read: forEveryKind(rows('of the import jobs it reads', '{this}.import_job_id in (select j.id from {readable:import_job} j)')),
    create: importFileWrites, delete: importFileWrites,
  },
  {
    entity: 'AuditEvent', table: 'audit_event', derivedFrom: 'the row each event is about',
    read: {
      ...forEveryKind(allOf(anyOf(allOf(administrators, ownOrganisation), itsOwnWrites), aboutReadableRows)),
      [DEPARTEMENT]: allOf(anyOf(administrators, itsOwnWrites), aboutReadableRows),
    },
    create: forEveryKind(rows('events of its own writes', '{this}.organisation_id = {org}')),
    withoutOrganisation: { create: rows('events of its own writes, for no organisation', '{this}.organisation_id is null and {user} is not null') },
  },
  {
    entity: 'IdentityRead (who read whose identity)', table: 'identity_read',
    read: {
      ...forEveryKind(nothing),
      [DEPARTEMENT]: administrators,
      [PLIE]: allOf(administrators, ownedBy('followed_by_id', 'reads of the identities of people it follows')),
    },
    create: forEveryKind(rows('records of its own reads', '{this}.organisation_id = {org} and ({this}.user_id = {user} or {this}.api_key_id = {key})')),
  },
];

export const TENANT_TABLES = ACCESS_MODEL.map((access) => access.table);

for (const access of ACCESS_MODEL) {
  if (!access.readDetail !== !access.detailColumns) throw new Error(`${access.table}: detailColumns and readDetail go together`);
  if (Object.values(access.readDetail ?? {}).some((predicate) => predicate !== everything && predicate !== nothing)) {
    throw new Error(`${access.table}: readDetail is decided by kind alone, everything or nothing (a row is read or not by its read rule)`);
  }
}

export function accessTo(table: string): TableAccess {
  const access = ACCESS_MODEL.find((candidate) => candidate.table === table);
  if (!access) throw new Error(`no access rules for table ${table}: add it to src/access/model/rules.ts`);
  return access;
}

/** The kinds whose editors may declare markets: the buyers, the Département among them. */
export const BUYER_KINDS: ReadonlySet<OrganisationKind> = new Set(
  Object.values(OrganisationKind).filter((kind) => accessTo('market').create?.[kind] !== nothing),
);

/** The kinds whose editors follow people: the PLIE, which facilitate the clauses. */
export const FOLLOWER_KINDS: ReadonlySet<OrganisationKind> = new Set(
  Object.values(OrganisationKind).filter((kind) => accessTo('beneficiary').create?.[kind] !== nothing),
);

/** The kinds that read the detail of the rows of `table` they read (`readDetail`): for a person, the Département and the PLIE. */
export function detailReaders(table: string): OrganisationKind[] {
  return Object.values(OrganisationKind).filter((kind) => accessTo(table).readDetail?.[kind] === everything);
}
