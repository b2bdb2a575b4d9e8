/**
 * The isolation oracle: which rows of every table each reader may read, written from the domain's rules
 * (docs/domain.md §6, "Who sees what") and its relations between an organisation and the data (who follows
 * a person, who buys or facilitates a market, who signed or coordinates a charter, who owns an operation),
 * in plain SQL run as the owner. It is deliberately not written from src/access: the three layers that
 * enforce the rules (GraphQL, the ORM's tenant filter, row-level security) are checked against it.
 *
 * Derived data (indicator facts, the audit trail, import jobs) says what it derives from and takes that
 * rule, widened only where the domain says so (a charter's signatories read its charter-wide totals).
 */
import type { Actor } from '../support/acting.js';
import { asOwner, sql } from '../support/sql.js';

/** The organisations the platform serves (ENTREPRISE and SIAE are not served: no reader of theirs is checked). */
export const SERVED_KINDS = ['DEPARTEMENT', 'PLIE', 'BAILLEUR', 'VILLE', 'EPCI', 'REGION', 'ETAT'] as const;
export const ROLES = ['VIEWER', 'EDITOR', 'ADMIN'] as const;

/** $1 the reader's organisation, $2 its role there, $3 the person (null for an API key), $4 the API key (null for a person). */
const ORG = '$1::uuid';
const ROLE = '$2::text';
const PERSON = '$3::uuid';
const KEY = '$4::uuid';

/** The domain's relations between the reader's organisation and the rows, each a condition on a column. */
const supervisesEverything = `(select o.kind = 'DEPARTEMENT' from organisation o where o.id = ${ORG})`;
const follows = (person: string) => `${person} in (select b.id from beneficiary b where b.followed_by_id = ${ORG})`;
const buys = (market: string) => `${market} in (select m.id from market m where m.buyer_id = ${ORG})`;
const facilitates = (market: string) => `${market} in (select m.id from market m where m.facilitator_id = ${ORG})`;
const signedOrCoordinates = (charter: string) =>
  `${charter} in (select s.charter_id from charter_signatory s where s.organisation_id = ${ORG} union select c.id from charter c where c.coordinator_id = ${ORG})`;
const owns = (operation: string) => `${operation} in (select op.id from operation op where op.owner_id = ${ORG})`;
const isMemberOfIt = (user: string) => `${user} in (select ms.user_id from membership ms where ms.organisation_id = ${ORG})`;
/** A person who administers the organisation: never an API key, whatever its role (a key must not administer). */
const administers = `(${ROLE} = 'ADMIN' and ${PERSON} is not null)`;
const everyone = 'true';

const any = (...conditions: string[]) => `(${conditions.join(' or ')})`;
const all = (...conditions: string[]) => `(${conditions.join(' and ')})`;

export interface ReadRule {
  /** The rule, in the domain's words. */
  rule: string;
  /** The condition on a row of the table (named by the table's own name), from the relations above. */
  where: () => string;
}

/** Ids of the rows of `table` (its `column`) that the rule lets the reader read: for rules built on others. */
const readable = (table: string, column = 'id') => `select ${table}.${column} from ${table} where ${READ_RULES[table]!.where()}`;

export const READ_RULES: Record<string, ReadRule> = {
  identity_read: {
    rule: "Who read whose identity: the Département's administrators read every record, a PLIE's administrators the records of the people it follows.",
    where: () => all(administers, any(supervisesEverything, `identity_read.followed_by_id = ${ORG}`)),
  },
  organisation: { rule: 'The directory of the partners: every organisation, for every reader.', where: () => everyone },
  qpv: { rule: 'Reference data (the quartiers prioritaires): every reader.', where: () => everyone },
  company: { rule: 'Companies are the public register (SIRET), shared by all: every reader.', where: () => everyone },
  app_user: {
    rule: "A person reads their own account and the accounts of their organisation's members, past and present (the trail names them); the Département reads every account.",
    where: () => any(supervisesEverything, `app_user.id = ${PERSON}`, isMemberOfIt('app_user.id')),
  },
  membership: {
    rule: "A person reads their own memberships and their organisation's; the Département reads every organisation's.",
    where: () => any(supervisesEverything, `membership.user_id = ${PERSON}`, `membership.organisation_id = ${ORG}`),
  },
  invitation: {
    rule: "An invitation is read by the people who administer the inviting organisation (the Département's, every organisation's), and by the person invited, whose e-mail it names.",
    where: () => any(
      all(administers, any(supervisesEverything, `invitation.organisation_id = ${ORG}`)),
      `invitation.email = (select u.email from app_user u where u.id = ${PERSON})`,
    ),
  },
  charter: {
    rule: 'A charter is read by those who signed it or coordinate it, and by the Département.',
    where: () => any(supervisesEverything, signedOrCoordinates('charter.id')),
  },
  charter_signatory: { rule: 'The signatories of the charters it reads.', where: () => `charter_signatory.charter_id in (${readable('charter')})` },
  charter_target: { rule: 'The targets of the charters it reads.', where: () => `charter_target.charter_id in (${readable('charter')})` },
  charter_qpv: { rule: 'The QPVs of the charters it reads.', where: () => `charter_qpv.charter_id in (${readable('charter')})` },
  operation: {
    rule: 'An operation is read by its owner, by those who read its charter, by those who read one of its markets, and by the Département.',
    where: () => any(
      supervisesEverything, owns('operation.id'), `operation.charter_id in (${readable('charter')})`,
      `operation.id in (select m.operation_id from market m where m.id in (${readable('market')}))`,
    ),
  },
  market: {
    rule: 'Each signatory sees only its markets: those it buys and those it facilitates; the Département supervises all.',
    where: () => any(supervisesEverything, buys('market.id'), facilitates('market.id')),
  },
  lot: { rule: 'The lots of the markets it reads.', where: () => `lot.market_id in (${readable('market')})` },
  award: { rule: 'Who won the lots it reads.', where: () => `award.lot_id in (${readable('lot')})` },
  beneficiary: {
    rule: "A PLIE sees the people it follows; a buyer or a facilitator, the typology of the people placed on its markets; the Département, everyone.",
    where: () => any(
      supervisesEverything, follows('beneficiary.id'),
      `beneficiary.id in (select p.beneficiary_id from placement p where ${any(buys('p.market_id'), facilitates('p.market_id'))})`,
    ),
  },
  beneficiary_identity: {
    rule: 'A name is seen by the PLIE that follows the person, and by the Département only for people on RSA (its legal basis); never by a buyer.',
    where: () => any(
      follows('beneficiary_identity.beneficiary_id'),
      all(supervisesEverything, 'beneficiary_identity.beneficiary_id in (select b.id from beneficiary b where b.is_brsa)'),
    ),
  },
  placement: {
    rule: 'The placements of the people a PLIE follows, the placements on the markets it buys or facilitates; the Département, all.',
    where: () => any(supervisesEverything, follows('placement.beneficiary_id'), buys('placement.market_id'), facilitates('placement.market_id')),
  },
  monthly_hours: { rule: 'The hours of the placements it reads.', where: () => `monthly_hours.placement_id in (${readable('placement')})` },
  beneficiary_exit: {
    rule: "An exit ends a person's path: read by the PLIE that follows the person and by a PLIE that placed them on a market it facilitates (it reports its markets' exits), by the Département; not by buyers.",
    where: () => any(
      supervisesEverything, follows('beneficiary_exit.beneficiary_id'),
      `beneficiary_exit.beneficiary_id in (select p.beneficiary_id from placement p where ${facilitates('p.market_id')})`,
    ),
  },
  api_key: {
    rule: "An organisation's keys are read by the people who administer it (never by a key); the Département's admins read only its own.",
    where: () => all(administers, `api_key.organisation_id = ${ORG}`),
  },
  audit_event: {
    rule: "The trail of an organisation's writes is read by the people who administer it, every organisation's by the Département's; whoever wrote (a person, or an API key) reads the events of its own writes for the organisation it acts for, so that a client that lost an answer finds its write; an event about a person's identity only by whoever may read that identity, one about an import (its problems quote the file) only by whoever may read that import.",
    where: () => all(
      any(
        all(administers, supervisesEverything),
        all(any(administers, `audit_event.user_id = ${PERSON}`, `audit_event.api_key_id = ${KEY}`), `audit_event.organisation_id = ${ORG}`),
      ),
      any(`audit_event.entity <> 'BeneficiaryIdentity'`, `audit_event.entity_id in (${readable('beneficiary_identity', 'beneficiary_id')})`),
      any(`audit_event.entity <> 'ImportJob'`, `audit_event.entity_id in (${readable('import_job')})`),
    ),
  },
  hours_fact: {
    rule: 'An hours fact is an hours line: read by whoever reads that line, and by those who signed or coordinate the charter of its market (charter-wide totals).',
    where: () => any(
      `hours_fact.id in (${readable('monthly_hours')})`,
      `hours_fact.id in (select h.id from monthly_hours h join placement p on p.id = h.placement_id join market m on m.id = p.market_id
                          where ${signedOrCoordinates('m.charter_id')})`,
    ),
  },
  market_fact: {
    rule: "A market fact is a market's clause: read by whoever reads the market, and by those who signed or coordinate its charter.",
    where: () => any(`market_fact.id in (${readable('market')})`, `market_fact.id in (select m.id from market m where ${signedOrCoordinates('m.charter_id')})`),
  },
  exit_fact: {
    rule: 'An exit fact is an exit: read by whoever reads the exit, and by whoever counts the hours of that person (the exits of the people who worked on its markets or its charters).',
    where: () => any(
      `exit_fact.id in (${readable('beneficiary_exit')})`,
      `exit_fact.id in (select e.id from beneficiary_exit e join placement p on p.beneficiary_id = e.beneficiary_id join monthly_hours h on h.placement_id = p.id
                         where h.id in (${readable('hours_fact')}))`,
    ),
  },
  ...Object.fromEntries(['placement_year_fact', 'platform_hours', 'platform_people', 'platform_contracts', 'platform_company_year', 'platform_markets', 'platform_exits']
    .map((table) => [table, {
      rule: "The whole platform's indicators (placement years and their sums over every PLIE): the Département alone, which supervises all.",
      where: () => supervisesEverything,
    }])),
  import_job: {
    rule: "An import belongs to the organisation that sent the file (its problems quote the file's lines, names included): that organisation alone.",
    where: () => `import_job.organisation_id = ${ORG}`,
  },
  import_file_chunk: {
    rule: 'A file waiting for its import is part of its import job: read by the organisation that sent it, alone.',
    where: () => `import_file_chunk.import_job_id in (${readable('import_job')})`,
  },
};

/** The tables of the database, and the primary-key columns each row is named by, in their order. */
export async function tablesAndKeys(): Promise<Map<string, string[]>> {
  const rows = await sql<{ table: string; columns: string[] }>(
    `select c.relname as table, array_agg(a.attname::text order by k.ordinality) as columns
       from pg_class c join pg_index i on i.indrelid = c.oid and i.indisprimary
       cross join unnest(i.indkey) with ordinality k(attnum, ordinality) join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.relname <> 'mikro_orm_migrations'
      group by c.relname`,
  );
  return new Map(rows.map((row) => [row.table, row.columns]));
}

/** A row's name, from its primary-key columns: the same text whichever layer reads it. */
export const keyExpression = (table: string, columns: string[]) => columns.map((column) => `${table}.${column}::text`).join(` || '|' || `);

/** Names the four parameters once, so that PostgreSQL knows their types whichever a rule uses. */
const READER = `with reader as (select ${ORG} as organisation, ${ROLE} as role, ${PERSON} as person, ${KEY} as key)`;

/** The parameters of the rules for this reader. */
export const ruleParameters = (reader: Actor) => [reader.organisationId, reader.role, reader.userId, reader.apiKeyId];

/** The rows of every table the oracle lets the reader read, each named by its key. */
export function expectedRows(reader: Actor, keys: Map<string, string[]>): Promise<Map<string, Set<string>>> {
  return asOwner(async (client) => {
    const expected = new Map<string, Set<string>>();
    for (const [table, columns] of keys) {
      const rule = READ_RULES[table];
      if (!rule) throw new Error(`The oracle has no read rule for table ${table}: write one from docs/domain.md`);
      const { rows } = await client.query<{ key: string }>(`${READER} select ${keyExpression(table, columns)} as key from ${table} where ${rule.where()}`, ruleParameters(reader));
      expected.set(table, new Set(rows.map((row) => row.key)));
    }
    return expected;
  });
}

/** The people, identities, markets and placements the reader may read: what the list queries' tests look at. */
export interface Visible {
  markets: Set<string>;
  beneficiaries: Set<string>;
  identities: Set<string>;
  placements: Set<string>;
}

export async function visibleTo(reader: Actor): Promise<Visible> {
  const tables = { markets: 'market', beneficiaries: 'beneficiary', identities: 'beneficiary_identity', placements: 'placement' } as const;
  const keys = await tablesAndKeys();
  const expected = await expectedRows(reader, new Map(Object.values(tables).map((table) => [table, keys.get(table)!])));
  return Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, expected.get(table)!])) as unknown as Visible;
}
