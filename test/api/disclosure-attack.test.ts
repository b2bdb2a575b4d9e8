/**
 * The attack of issue 15, point 5: for each viewer that may not read the people row by row nor must report
 * the charter's figures, every indicator it may ask (its charters, its organisation, each grid period) is
 * asked through the API, and the published figures are differenced as an attacker would: a year against its
 * semesters, the whole against the viewer's own share, a breakdown's total against its other cells. The
 * attacker knows the method (disclosure.ts: each protected figure within 2 of the truth, zeros exact, exact
 * figures where the set says EXACT), so it recovers a count when a difference leaves it one possible value.
 * The truth is what the Département, which reads everything exact, is given for the same query.
 */
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { CALAIS_CHARTER_NAME } from '../../seeds/demo/charters.js';
import { IndicatorsDocument, type IndicatorsQuery } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

type IndicatorSet = NonNullable<IndicatorsQuery['indicators']['share']>;
type Cell = { value?: number | null; suppressed: boolean };
/** A set's counts of people, contracts and exits, by name ("people", "peopleBySex.MALE"…), and how they were protected. */
type Figures = { cells: Map<string, Cell>; exact: boolean };

const PERIODS = [2023, 2024, 2025].flatMap((year) => [{ year }, { semester: `${year}-S1` }, { semester: `${year}-S2` }]);
/** Breakdowns that split their total, by the name of that total. */
const PARTITIONS = { people: ['peopleBySex', 'peopleByAgeBand', 'peopleByQpv'], contracts: ['contractsByType', 'contractsByDuration'], exits: ['exitsByCategory'] } as const;
const NOISE_BOUND = 2;

let api: Api;
let charterId: string;
let departement: string;

beforeAll(async () => {
  api = await startTestApi();
  charterId = (await sql<{ id: string }>('select id from charter where name = $1', [CALAIS_CHARTER_NAME]))[0]!.id;
  departement = await tokenFor((await sql<{ email: string }>(
    `select u.email from app_user u join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
      where o.kind = 'DEPARTEMENT' and u.email not like '%@test.demo' order by u.email limit 1`))[0]!.email);
});
afterAll(() => api.close());

function figures(set: IndicatorSet): Figures {
  const cells = new Map<string, Cell>([['people', set.people], ['contracts', set.contracts], ['exits', set.exits]]);
  for (const name of Object.values(PARTITIONS).flat()) for (const cell of set[name]) cells.set(`${name}.${cell.key}`, cell);
  for (const cell of set.peopleStatuses) cells.set(`peopleStatuses.${cell.key}`, cell);
  return { cells, exact: set.disclosure === 'EXACT' };
}

/** Exact figures as a protected set names its cells: living in a QPV or not, whichever QPV. */
function truthOfSet(set: IndicatorSet): Figures {
  const exact = figures(set);
  const named = set.peopleByQpv.filter((cell) => cell.key !== 'NONE');
  for (const cell of named) exact.cells.delete(`peopleByQpv.${cell.key}`);
  exact.cells.set('peopleByQpv.IN_QPV', { value: named.reduce((sum, cell) => sum + cell.value!, 0), suppressed: false });
  return exact;
}

async function ask(token: string, scope: { kind: string; id: string }, period: object) {
  const response = await execute(api.url, IndicatorsDocument, { scope: scope as never, period }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.indicators;
}

/** A published figure as the attacker reads it: its value and how far from the truth it may be; null when suppressed. */
function reading(figuresOf: Figures, name: string): { value: number; bound: number } | null {
  const cell = figuresOf.cells.get(name) ?? { value: 0, suppressed: false };
  if (cell.suppressed) return null;
  return { value: cell.value!, bound: figuresOf.exact || cell.value === 0 ? 0 : NOISE_BOUND };
}
const truthOf = (figuresOf: Figures, name: string) => figuresOf.cells.get(name)?.value ?? 0;

interface Route {
  what: string;
  /** The attacker's estimate of the group's count and how far it may be from it. */
  estimate: number;
  bound: number;
  truth: number;
}

/** A − B for every figure of both: the people (contracts, exits) counted in A and not in B. */
function differences(what: string, a: Figures, b: Figures, truthA: Figures, truthB: Figures): Route[] {
  return [...new Set([...a.cells.keys(), ...b.cells.keys()])].flatMap((name) => {
    const [ra, rb] = [reading(a, name), reading(b, name)];
    if (!ra || !rb) return [];
    return [{ what: `${what} ${name}`, estimate: ra.value - rb.value, bound: ra.bound + rb.bound, truth: truthOf(truthA, name) - truthOf(truthB, name) }];
  });
}

/** A cell of a breakdown as its total less the breakdown's other cells. */
function complements(what: string, set: Figures, truth: Figures): Route[] {
  return Object.entries(PARTITIONS).flatMap(([total, breakdowns]) => breakdowns.flatMap((breakdown) => {
    const names = [...set.cells.keys()].filter((name) => name.startsWith(`${breakdown}.`));
    const whole = reading(set, total);
    return names.flatMap((name) => {
      const others = names.filter((other) => other !== name).map((other) => reading(set, other));
      if (!whole || others.includes(null)) return [];
      const known = others as { value: number; bound: number }[];
      return [{
        what: `${what} ${name} = ${total} − the rest`, estimate: whole.value - known.reduce((sum, other) => sum + other.value, 0),
        bound: whole.bound + known.reduce((sum, other) => sum + other.bound, 0), truth: truthOf(truth, name),
      }];
    });
  }));
}

/** Every figure shown, with its truth: what an attacker would need the noise not to be a function of. */
function published(set: Figures, truth: Figures): { truth: number; value: number }[] {
  return [...set.cells].flatMap(([name, cell]) => (cell.suppressed || set.exact ? [] : [{ truth: truthOf(truth, name), value: cell.value! }]));
}

/** The routes that pin a group of 1 to 4 down: a single possible value left. */
const recovered = (routes: Route[]) => routes.filter((route) => route.truth >= 1 && route.truth <= 4 && route.bound === 0 && route.estimate === route.truth);

/** Every route a viewer has to the charter's people, and the same routes over the Département's exact figures. */
async function attack(token: string, organisationId: string, scopes: { kind: string; id: string }[]) {
  const routes: Route[] = [];
  const overExact: Route[] = [];
  const shown: { truth: number; value: number }[] = [];
  for (const scope of scopes) {
    const seen = new Map<string, { whole: Figures; truth: Figures }>();
    for (const period of PERIODS) {
      const [viewer, truth] = [await ask(token, scope, period), await ask(departement, scope, period)];
      const label = `${scope.kind} ${JSON.stringify(period)}`;
      const [whole, exactWhole] = [figures(viewer.total), truthOfSet(truth.total)];
      shown.push(...published(whole, exactWhole));
      seen.set(JSON.stringify(period), { whole, truth: exactWhole });
      routes.push(...complements(label, whole, exactWhole));
      overExact.push(...complements(label, exactWhole, exactWhole));
      const ownShare = truth.bySignatory?.find((signatory) => signatory.organisationId === organisationId);
      if (viewer.share && ownShare) {
        const [share, exactShare] = [figures(viewer.share), truthOfSet(ownShare.indicators)];
        routes.push(...differences(`${label} whole − own share`, whole, share, exactWhole, exactShare));
        overExact.push(...differences(`${label} whole − own share`, exactWhole, exactShare, exactWhole, exactShare));
      }
    }
    for (const year of [2023, 2024, 2025]) {
      const whole = seen.get(JSON.stringify({ year }))!;
      for (const half of ['S1', 'S2']) {
        const part = seen.get(JSON.stringify({ semester: `${year}-${half}` }))!;
        const label = `${scope.kind} ${year} − ${half}`;
        routes.push(...differences(label, whole.whole, part.whole, whole.truth, part.truth));
        overExact.push(...differences(label, whole.truth, part.truth, whole.truth, part.truth));
      }
    }
  }
  return { routes, overExact, shown };
}

describe('disclosure control across queries', () => {
  const viewers = [
    ['the Ville de Calais, a buyer that signed the charter', `o.kind = 'VILLE' and o.id in (select organisation_id from charter_signatory where charter_id = $1) and o.id <> (select coordinator_id from charter where id = $1)`],
    ['a social landlord that signed the charter', `o.kind = 'BAILLEUR' and o.id in (select organisation_id from charter_signatory where charter_id = $1) and o.id <> (select coordinator_id from charter where id = $1)`],
    ['the État', `o.kind = 'ETAT' and o.id in (select organisation_id from charter_signatory where charter_id = $1)`],
  ] as const;

  it.each(viewers)('leaves %s no count of 1 to 4 people, contracts or exits to recover, where the exact figures would give many away', async (_who, where) => {
    const [member] = await sql<{ email: string; organisation_id: string }>(
      `select u.email, o.id as organisation_id from app_user u join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
        where ${where} and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1 order by u.email limit 1`, [charterId]);
    const token = await tokenFor(member!.email);
    // The charter, its own organisation (but the État, which has none to ask), and its first markets in the charter.
    const markets = await sql<{ id: string }>('select id from market where charter_id = $1 and buyer_id = $2 order by reference limit 2', [charterId, member!.organisation_id]);
    const scopes = [
      { kind: 'CHARTER', id: toGlobalId('Charter', charterId) },
      ...(markets.length ? [{ kind: 'ORGANISATION', id: toGlobalId('Organisation', member!.organisation_id) }] : []),
      ...markets.map((market) => ({ kind: 'MARKET', id: toGlobalId('Market', market.id) })),
    ];
    const { routes, overExact, shown } = await attack(token, member!.organisation_id, scopes);
    // The noise is the rows', not the count's: a count shown often is shown with several values (were it a function
    // of the count, each figure would give its count back). From 7 up, every noise leaves the figure shown.
    const byTruth = new Map<number, Set<number>>();
    for (const { truth, value } of shown.filter((figure) => figure.truth >= 7)) byTruth.set(truth, (byTruth.get(truth) ?? new Set()).add(value));
    const frequent = [...byTruth].filter(([truth]) => shown.filter((figure) => figure.truth === truth).length >= 8);
    expect(frequent.length).toBeGreaterThan(3);
    expect(frequent.filter(([, values]) => values.size < 2)).toEqual([]);
    // The attack can succeed: over exact figures, differencing finds many small groups.
    expect(recovered(overExact).length).toBeGreaterThan(10);
    const small = routes.filter((route) => route.truth >= 1 && route.truth <= 4);
    expect(small.length).toBeGreaterThan(10);
    expect(recovered(routes)).toEqual([]);
    // No leaning on luck either: the differences match the truth about as often as two independent noises agree (1 in 5).
    const matching = small.filter((route) => route.estimate === route.truth).length;
    expect(matching / small.length).toBeLessThan(0.4);
  });

  it("gives the issue's overlapping periods nothing: counts are published by calendar semester and year only", async () => {
    const [member] = await sql<{ email: string }>(
      `select u.email from app_user u join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
        where o.kind = 'ETAT' and u.email not like '%@test.demo' order by u.email limit 1`);
    const token = await tokenFor(member!.email);
    const scope = { kind: 'CHARTER', id: toGlobalId('Charter', charterId) };
    // January to June is the first semester, published perturbed; January to July is off the grid: nothing to take it from.
    const [semester, longer] = [await ask(token, scope, { from: '2024-01-01', to: '2024-06-30' }), await ask(token, scope, { from: '2024-01-01', to: '2024-07-31' })];
    expect(semester.total.disclosure).toBe('PERTURBED');
    expect(semester.total).toEqual((await ask(token, scope, { semester: '2024-S1' })).total);
    const { total } = longer;
    expect(total.disclosure).toBe('OFF_GRID');
    expect([total.people, total.contracts, total.exits].every((cell) => cell.suppressed)).toBe(true);
    expect([...total.peopleBySex, ...total.exitsByCategory, ...total.contractsByType].every((cell) => cell.suppressed)).toBe(true);
    expect(total.realised.hours).toBeGreaterThan(semester.total.realised.hours);
  });

  it('hides which contracts a few people had: hours by contract type and modality go with their count, hours themselves stay', async () => {
    // An operation of the charter and a month in which 1 to 4 people worked on it.
    const [small] = await sql<{ operation_id: string; month: string }>(
      `select m.operation_id, to_char(h.month, 'YYYY-MM-DD') as month from monthly_hours h join placement p on p.id = h.placement_id join market m on m.id = p.market_id
        where m.charter_id = $1 and m.operation_id is not null and h.hours > 0
        group by 1, 2 having count(distinct p.beneficiary_id) between 1 and 4 order by 2, 1 limit 1`, [charterId]);
    const [etat] = await sql<{ email: string }>(
      `select u.email from app_user u join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
        where o.kind = 'ETAT' and u.email not like '%@test.demo' order by u.email limit 1`);
    const scope = { kind: 'OPERATION', id: toGlobalId('Operation', small!.operation_id) };
    const month = { from: small!.month, to: new Date(Date.UTC(Number(small!.month.slice(0, 4)), Number(small!.month.slice(5, 7)), 0)).toISOString().slice(0, 10) };
    const [protectedSet, exact] = [(await ask(await tokenFor(etat!.email), scope, month)).total, (await ask(departement, scope, month)).total];
    expect(protectedSet.people.suppressed).toBe(true);
    for (const cell of [...protectedSet.hoursByContractType, ...protectedSet.hoursByModality]) expect(cell).toMatchObject({ hours: null, suppressed: true });
    expect(protectedSet.realised.hours).toBe(exact.realised.hours);
    expect(exact.hoursByContractType.some((cell) => cell.hours! > 0 && !cell.suppressed)).toBe(true);
  });
});
