/**
 * Data minimisation on the people a buyer reads (issue 15, point 5): a buyer listing the people placed on its
 * markets reads the typology the indicators count (sex, age band at entry, QPV or not, statuses), never their
 * exact age, commune, named QPV or qualification level; the PLIE and the Département read those. Through HTTP, as
 * a client would, by every way the API leads to a person (the list, node(id:), a placement's person), compared
 * with the database.
 */
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  TypologyListDocument, TypologyOfNodeDocument, TypologyOfPlacementsDocument, type PersonTypologyFragment,
} from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { demoUser, sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** The kinds that buy besides the Département (docs/domain.md §2), written here rather than taken from src/access. */
const BUYERS = ['BAILLEUR', 'VILLE', 'EPCI', 'REGION'];

interface PersonRow {
  id: string; sex: string; age_at_entry: number; residence_commune: string; qpv_id: string | null; qualification_level: string;
  is_brsa: boolean; is_deld: boolean; is_ase: boolean; is_rqth: boolean; entry_date: string;
}

/** The database's rows of these people, by id (as the owner: no rule applies). */
async function peopleRows(condition: string, params: unknown[]): Promise<Map<string, PersonRow>> {
  const rows = await sql<PersonRow>(
    `select b.id, b.sex, b.age_at_entry, b.residence_commune, b.qpv_id, b.qualification_level, b.is_brsa, b.is_deld, b.is_ase, b.is_rqth,
            to_char(b.entry_date, 'YYYY-MM-DD') as entry_date
       from beneficiary b where ${condition}`, params);
  return new Map(rows.map((row) => [row.id, row]));
}

/** The age band of the indicators (docs/indicators.md), from the age at entry. */
function band(age: number): string {
  if (age < 25) return 'UNDER_25';
  if (age === 25) return 'AGE_25';
  if (age < 30) return 'AGE_26_29';
  if (age < 45) return 'AGE_30_44';
  if (age < 55) return 'AGE_45_54';
  return 'AGE_55_PLUS';
}

/** What every reader of the person reads: the typology the indicators count. */
const counted = (row: PersonRow) => ({
  sex: row.sex, ageBand: band(row.age_at_entry), livesInQpv: row.qpv_id !== null, entryDate: row.entry_date,
  isBrsa: row.is_brsa, isDeld: row.is_deld, isAse: row.is_ase, isRqth: row.is_rqth,
});

/** The person as a reader of their detailed typology reads them. */
const detailed = (row: PersonRow) => ({
  ...counted(row), ageAtEntry: row.age_at_entry, residenceCommune: row.residence_commune, qualificationLevel: row.qualification_level,
  qpv: row.qpv_id === null ? null : { id: toGlobalId('Qpv', row.qpv_id) },
});

/** The person as a buyer reads them: the same rows, without the detailed typology. */
const minimised = (row: PersonRow) => ({ ...counted(row), ageAtEntry: null, residenceCommune: null, qualificationLevel: null, qpv: null });

const asRead = (person: PersonTypologyFragment) => ({
  sex: person.sex, ageBand: person.ageBand, livesInQpv: person.livesInQpv, entryDate: person.entryDate,
  isBrsa: person.isBrsa, isDeld: person.isDeld, isAse: person.isAse, isRqth: person.isRqth,
  ageAtEntry: person.ageAtEntry, residenceCommune: person.residenceCommune, qualificationLevel: person.qualificationLevel,
  qpv: person.qpv ? { id: person.qpv.id } : null,
});

const databaseId = (globalId: string) => parseGlobalId(globalId)!.id;

interface Page<N> { nodes: N[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } }

/** Every node of a connection, through the cursors. */
async function everyNode<N>(page: (after: string | undefined) => Promise<{ data?: Page<N> | null; errors?: unknown }>): Promise<N[]> {
  const nodes: N[] = [];
  let after: string | undefined;
  do {
    const response = await page(after);
    expect(response.errors).toBeUndefined();
    nodes.push(...response.data!.nodes);
    after = response.data!.pageInfo.hasNextPage ? response.data!.pageInfo.endCursor ?? undefined : undefined;
  } while (after);
  return nodes;
}

/** Every person of the list. */
const listed = (token: string) => everyNode((after) => execute(api.url, TypologyListDocument, { after }, { token })
  .then(({ data, errors }) => ({ data: data?.beneficiaries, errors })));

/** Every placement's person. */
const placedPeople = async (token: string) => (await everyNode((after) => execute(api.url, TypologyOfPlacementsDocument, { after }, { token })
  .then(({ data, errors }) => ({ data: data?.placements, errors })))).map((placement) => placement.beneficiary);

/** Each person by node(id:), twenty requests at a time. */
async function byNodes(token: string, people: PersonTypologyFragment[]): Promise<PersonTypologyFragment[]> {
  const read: PersonTypologyFragment[] = [];
  for (let first = 0; first < people.length; first += 20) {
    read.push(...await Promise.all(people.slice(first, first + 20).map((person) => byNode(token, person.id))));
  }
  return read;
}

async function byNode(token: string, id: string): Promise<PersonTypologyFragment> {
  const response = await execute(api.url, TypologyOfNodeDocument, { id }, { token });
  expect(response.errors).toBeUndefined();
  expect(response.data!.node.__typename).toBe('Beneficiary');
  return response.data!.node as PersonTypologyFragment;
}

/** Each person read, as [id, what was read]: compared as a whole, so that a failure names the row. */
const pairs = (people: PersonTypologyFragment[]) => people.map((person) => [databaseId(person.id), asRead(person)]);
const expectedPairs = (people: PersonTypologyFragment[], rows: Map<string, PersonRow>, shape: (row: PersonRow) => unknown) =>
  people.map((person) => [databaseId(person.id), rows.has(databaseId(person.id)) ? shape(rows.get(databaseId(person.id))!) : 'a row it may not read']);

/** For every buyer organisation with people placed on its markets: one of its members, alone in it (no X-Organisation needed). */
async function buyersWithPeople() {
  return sql<{ organisation_id: string; kind: string; email: string }>(
    `select distinct on (o.id) o.id as organisation_id, o.kind, u.email
       from organisation o join membership m on m.organisation_id = o.id and m.active join app_user u on u.id = m.user_id
      where o.kind = any($1) and u.email not like '%@test.demo'
        and (select count(*) from membership other where other.user_id = u.id and other.active) = 1
        and exists (select from placement p join market k on k.id = p.market_id where k.buyer_id = o.id)
      order by o.id, m.role desc, u.email`,
    [BUYERS],
  );
}

describe("a buyer's reading of the people placed on its markets", () => {
  it('has the typology the indicators count, and null for the exact age, commune, QPV and qualification: by the list, node(id:) and the placements', async () => {
    const buyers = await buyersWithPeople();
    expect(buyers.length).toBeGreaterThan(0);
    const kindsSeen = new Set<string>();
    let inQpv = 0;
    for (const buyer of buyers) {
      const token = await tokenFor(buyer.email);
      const rows = await peopleRows(
        'b.id in (select p.beneficiary_id from placement p join market k on k.id = p.market_id where k.buyer_id = $1)', [buyer.organisation_id]);
      expect(rows.size).toBeGreaterThan(0);
      kindsSeen.add(buyer.kind);
      inQpv += [...rows.values()].filter((row) => row.qpv_id !== null).length;

      const list = await listed(token);
      expect(new Set(list.map((person) => databaseId(person.id)))).toEqual(new Set(rows.keys()));
      expect(pairs(list)).toEqual(expectedPairs(list, rows, minimised));

      const nodes = await byNodes(token, list);
      expect(pairs(nodes)).toEqual(expectedPairs(nodes, rows, minimised));

      const placed = await placedPeople(token);
      expect(new Set(placed.map((person) => databaseId(person.id)))).toEqual(new Set(rows.keys()));
      expect(pairs(placed)).toEqual(expectedPairs(placed, rows, minimised));
    }
    // The rows checked include people living in a QPV (whose qpv the buyer no longer reads), and buyers of more than one kind.
    expect(inQpv).toBeGreaterThan(0);
    expect(kindsSeen.size).toBeGreaterThan(1);
  });

  it('cannot take them from the follow-up or person exports either', async () => {
    const [buyer] = await buyersWithPeople();
    const [person] = await sql<{ id: string }>(
      'select p.beneficiary_id as id from placement p join market k on k.id = p.market_id where k.buyer_id = $1 limit 1', [buyer!.organisation_id]);
    const headers = { authorization: `Bearer ${await tokenFor(buyer!.email)}` };
    for (const path of ['/exports/follow-up.csv', '/exports/follow-up.xlsx', ...['json', 'csv', 'xlsx'].map((format) =>
      `/exports/person.${format}?id=${encodeURIComponent(toGlobalId('Beneficiary', person!.id))}`)]) {
      const response = await fetch(new URL(path, api.url), { headers });
      expect([path, response.status]).toEqual([path, 403]);
    }
  });
});

describe('the PLIE and the Département', () => {
  it('read the exact age, commune, QPV and qualification of every person they read', async () => {
    const plies = await sql<{ organisation_id: string; email: string }>(
      `select distinct on (o.id) o.id as organisation_id, u.email
         from organisation o join membership m on m.organisation_id = o.id and m.active join app_user u on u.id = m.user_id
        where o.kind = 'PLIE' and u.email not like '%@test.demo'
          and (select count(*) from membership other where other.user_id = u.id and other.active) = 1
          and exists (select from beneficiary b where b.followed_by_id = o.id)
        order by o.id, u.email`);
    expect(plies.length).toBeGreaterThan(0);
    for (const plie of plies) {
      const token = await tokenFor(plie.email);
      const rows = await peopleRows(
        `b.followed_by_id = $1 or b.id in (select p.beneficiary_id from placement p join market k on k.id = p.market_id where k.facilitator_id = $1)`,
        [plie.organisation_id]);
      const list = await listed(token);
      expect(new Set(list.map((person) => databaseId(person.id)))).toEqual(new Set(rows.keys()));
      expect(pairs(list)).toEqual(expectedPairs(list, rows, detailed));
      const sample = list.slice(0, 5);
      expect(pairs(await byNodes(token, sample))).toEqual(expectedPairs(sample, rows, detailed));
    }

    const departement = await tokenFor((await demoUser('DEPARTEMENT', 'VIEWER')).email);
    const everyone = await peopleRows('true', []);
    const list = await listed(departement);
    expect(list).toHaveLength(everyone.size);
    expect(pairs(list)).toEqual(expectedPairs(list, everyone, detailed));
    expect([...everyone.values()].some((row) => row.qpv_id !== null)).toBe(true);
    const placed = await placedPeople(departement);
    expect(pairs(placed)).toEqual(expectedPairs(placed, everyone, detailed));
  });
});
