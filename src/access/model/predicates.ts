import { MembershipRole, OrganisationKind } from '../../db/entities/enums.js';

/**
 * The vocabulary of the access model: a predicate says in a sentence which rows pass, and in SQL over
 * the row (`{this}`) and the session (`{org}`, `{user}`, `{key}` the asking API key, `{role}`), with
 * `{set:name}` for a named set and `{readable:table}` for the rows of another table the viewer may
 * read. sql.ts renders the tokens for each layer: row-level security, the ORM's filter, the service checks.
 */
export interface Predicate {
  sentence: string;
  sql: string;
  /** Whether any row can pass for this session: false lets the GraphQL rules and the routes refuse before any query. */
  admits: (session: SessionFacts) => boolean;
}

/** What is known of the asker before any row is read. */
export interface SessionFacts {
  kind: OrganisationKind;
  role: MembershipRole;
  /** A signed-in person, not an API key. */
  person: boolean;
}

export type ByKind = Record<OrganisationKind, Predicate>;

export const KINDS = Object.values(OrganisationKind);

/** Rows chosen by their own columns or their relations: whether one passes is known only by reading it. */
export const rows = (sentence: string, sql: string): Predicate => ({ sentence, sql, admits: () => true });

export const everything: Predicate = { sentence: 'all', sql: 'true', admits: () => true };
export const nothing: Predicate = { sentence: '—', sql: 'false', admits: () => false };

export function allOf(...predicates: Predicate[]): Predicate {
  return {
    sentence: predicates.map((predicate) => predicate.sentence).join(', and '),
    sql: predicates.map((predicate) => `(${predicate.sql})`).join(' and '),
    admits: (session) => predicates.every((predicate) => predicate.admits(session)),
  };
}

export function anyOf(...predicates: Predicate[]): Predicate {
  return {
    sentence: predicates.map((predicate) => predicate.sentence).join(', or '),
    sql: predicates.map((predicate) => `(${predicate.sql})`).join(' or '),
    admits: (session) => predicates.some((predicate) => predicate.admits(session)),
  };
}

/** A condition on the asker alone: the SQL re-checks it in the database, `admits` decides it before. */
const asker = (sentence: string, sql: string, admits: (session: SessionFacts) => boolean): Predicate => ({ sentence, sql, admits });

export const editors = asker('its editors and administrators', "{role} in ('EDITOR', 'ADMIN')",
  ({ role }) => role === MembershipRole.EDITOR || role === MembershipRole.ADMIN);

/** A person who administers the organisation: never an API key, whatever its role, so that a key cannot manage keys or members. */
export const administrators = asker('its administrators (people, never an API key)', "{role} = 'ADMIN' and {user} is not null",
  ({ role, person }) => role === MembershipRole.ADMIN && person);

/**
 * Sets of ids that rules name. Row-level security reads them through a function that runs as the owner:
 * the tables they read have policies of their own, which may refer back to the asking table, and which
 * PostgreSQL would otherwise expand into every statement that reads the asking table (the organisation's
 * policy read inline was some 80 plan nodes, started at each run of every statement joining an organisation).
 * A set's SQL must therefore choose its rows by the session alone, never count on another table's policy.
 */
export const SETS = {
  followedPeople: {
    sentence: 'the people it follows',
    sql: 'select id from beneficiary where followed_by_id = {org}',
    rlsFunction: 'app_followed_beneficiaries',
  },
  readableCharters: {
    sentence: 'the charters it coordinates or signed',
    sql: 'select id from charter where coordinator_id = {org} union select charter_id from charter_signatory where organisation_id = {org}',
    rlsFunction: 'app_visible_charters',
  },
  operationsOfItsOwn: {
    sentence: 'the operations it leads or of charters it coordinates or signed',
    sql: 'select id from operation where owner_id = {org} or charter_id in (select id from charter where coordinator_id = {org} union select charter_id from charter_signatory where organisation_id = {org})',
    rlsFunction: 'app_operations_of_its_own',
  },
  organisationsOfItsMemberships: {
    sentence: 'the organisations of its memberships',
    sql: 'select organisation_id from membership where user_id = {user}',
    rlsFunction: 'app_organisations_of_its_memberships',
  },
  organisationsThatInvitedIt: {
    sentence: 'those that invited it',
    sql: 'select organisation_id from invitation where email = (select email from app_user where id = {user})',
    rlsFunction: 'app_organisations_that_invited_it',
  },
  peopleOnFacilitatedMarkets: {
    sentence: 'the people placed on markets it facilitates',
    sql: 'select beneficiary_id from placement where market_id in (select id from market where facilitator_id = {org})',
    rlsFunction: 'app_people_on_facilitated_markets',
  },
  peopleOnBoughtMarkets: {
    sentence: 'the people placed on markets it buys',
    sql: 'select beneficiary_id from placement where market_id in (select id from market where buyer_id = {org})',
    rlsFunction: 'app_people_on_bought_markets',
  },
} as const;

export type SetName = keyof typeof SETS;

/** The rows whose `column` is in a named set, in the set's own words unless the rule has its own. */
export const inSet = (name: SetName, column = 'id', sentence: string = SETS[name].sentence) => rows(sentence, `{this}.${column} in ({set:${name}})`);

/** `{this}.<column>` is the acting organisation. */
export const ownedBy = (column: string, sentence: string) => rows(sentence, `{this}.${column} = {org}`);

export const followedPerson = (column = 'beneficiary_id') =>
  rows('of people it follows', `{this}.${column} in ({set:followedPeople})`);

export const ofReadableCharter = (column = 'charter_id') =>
  rows('of charters it coordinates or signed', `{this}.${column} in ({set:readableCharters})`);

export const facilitatedMarket = (column = 'market_id') =>
  rows('on markets it facilitates', `{this}.${column} in (select id from market where facilitator_id = {org})`);

export const boughtMarket = (column = 'market_id') =>
  rows('on markets it buys', `{this}.${column} in (select id from market where buyer_id = {org})`);

/** The rows of `table` the asker may read, by that table's own read rule. */
export const readable = (table: string, column: string, sentence: string, key = 'id') =>
  rows(sentence, `{this}.${column} in (select r.${key} from {readable:${table}} r)`);

/** One predicate for every kind: a decision taken for all of them at once. */
export const forEveryKind = (predicate: Predicate): ByKind =>
  Object.fromEntries(KINDS.map((kind) => [kind, predicate])) as ByKind;

/** The kinds a rule allows, those with the same predicate together: "PLIE: …; BAILLEUR, VILLE: …". */
export function describeByKind(byKind: ByKind | undefined, withoutOrganisation?: Predicate): string {
  const kindsBySentence = new Map<string, string[]>();
  for (const kind of KINDS) {
    const predicate = byKind?.[kind];
    if (predicate && predicate !== nothing) kindsBySentence.set(predicate.sentence, [...(kindsBySentence.get(predicate.sentence) ?? []), kind]);
  }
  const parts = [...kindsBySentence].map(([sentence, kinds]) => `${kinds.join(', ')}: ${sentence}`);
  if (withoutOrganisation) parts.push(`acting for no organisation: ${withoutOrganisation.sentence}`);
  return parts.join('; ') || '—';
}
