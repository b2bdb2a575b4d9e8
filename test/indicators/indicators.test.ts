import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { actAsSession } from '../../src/access/session.js';
import { MembershipRole, OrganisationKind } from '../../src/db/entities/enums.js';
import { initOrm } from '../../src/db/orm.js';
import { ageBand, ageOn, bandsUnder } from '../../src/domain/age.js';
import { plannedInsertionHours } from '../../src/domain/planned-hours.js';
import { computeIndicators, type Indicators } from '../../src/indicators/compute.js';
import { betweenDates, calendarYear, semester, type Period } from '../../src/indicators/period.js';
import { shareKey, type IndicatorScope, type Share } from '../../src/indicators/queries/scope.js';
import { sql } from '../support/sql.js';
import { ageAtEntry, readDemoRows, referenceIndicators, withoutZeros, type DemoRows, type ReferenceScope } from './reference.js';

let orm: MikroORM;
let rows: DemoRows;
const org: Record<'departement' | 'terreOpale' | 'bethunois', string> = { departement: '', terreOpale: '', bethunois: '' };
let charterId: string;

beforeAll(async () => {
  orm = await initOrm({ clientUrl: process.env.TEST_APP_URL!, tenantScoped: true, poolSize: 2 });
  rows = await readDemoRows();
  const named = async (name: string) => (await sql<{ id: string }>('select id from organisation where name = $1', [name]))[0]!.id;
  org.departement = await named('Département du Pas-de-Calais');
  org.terreOpale = await named("Terre d'Opale Habitat");
  org.bethunois = await named("Plan Béthunois d'Insertion (PLIE du Béthunois)");
  charterId = (await sql<{ id: string }>("select id from charter where name like 'Charte locale d''insertion NPNRU de Calais%'"))[0]!.id;
});
afterAll(() => orm.close());

/** Runs as the application role in one transaction acting for the organisation, as a request does. */
async function actingFor<T>(organisationId: string, kind: OrganisationKind, work: (em: EntityManager) => Promise<T>, role = MembershipRole.VIEWER): Promise<T> {
  const em = orm.em.fork({ clear: true });
  await em.begin();
  try {
    await actAsSession(em, { userId: null, sessionRows: null, user: null, apiKey: null, acting: { organisationId, kind, role } });
    return await work(em);
  } finally {
    await em.rollback();
  }
}

/** The whole scope's indicators, or one share's computed alone. */
const indicatorsFor = (organisationId: string, kind: OrganisationKind, scope: IndicatorScope, period: Period, share?: Share) =>
  actingFor(organisationId, kind, async (em) => {
    const computed = await computeIndicators(em, scope, period, { shares: share ? [share] : [], optionsOf: () => ({ exact: true }) });
    return share ? computed.shares.get(shareKey(share))! : computed.total;
  });
const asDepartement = (scope: IndicatorScope, period: Period) => indicatorsFor(org.departement, OrganisationKind.DEPARTEMENT, scope, period);

function expectSameAsReference(result: Indicators, reference: ReturnType<typeof referenceIndicators>, { exits = true } = {}) {
  expect(withoutZeros(result.realised.split)).toEqual(reference.hours);
  expect(withoutZeros(result.people)).toEqual(reference.people);
  expect(withoutZeros(result.contracts)).toEqual(reference.contracts);
  expect(withoutZeros(result.companies)).toEqual(reference.companies);
  if (exits) expect(withoutZeros(result.exits)).toEqual(reference.exits);
  expect(result.realised.hours).toBe(reference.hours.total);
  expect(result.realised.etpBase).toBe(1607);
}

/** Everything: every placement, and every person, placed or not (their exits count). */
const everything: ReferenceScope = { covers: () => true, follows: () => true };

describe('indicators against a plain computation over the demo data', () => {
  it.each([['2025-S1'], ['2024-S2']])('match for everything, as the Département, in %s', async (label) => {
    const period = semester(label);
    const result = await asDepartement({ kind: 'EVERYTHING' }, period);
    expect(result.people.total).toBeGreaterThan(100);
    expectSameAsReference(result, referenceIndicators(rows, everything, period));
  });

  it.each([[calendarYear(2024)], [betweenDates('2024-11-15', '2025-02-28')], [betweenDates('2023-07-01', '2025-06-30')]])(
    'match for everything over a year, and over dates across years (%o)', async (period) => {
      expectSameAsReference(await asDepartement({ kind: 'EVERYTHING' }, period), referenceIndicators(rows, everything, period));
    });

  it('match for the Calais charter, as the Département', async () => {
    const period = calendarYear(2025);
    const result = await asDepartement({ kind: 'CHARTER', id: charterId }, period);
    expect(result.people.total).toBeGreaterThan(10);
    expectSameAsReference(result, referenceIndicators(rows, { covers: (row) => row.charter_id === charterId }, period));
  });

  it('match for an operation and for a market', async () => {
    const period = calendarYear(2025);
    const [market] = await sql<{ market_id: string; operation_id: string }>(
      `select p.market_id, m.operation_id from placement p join market m on m.id = p.market_id
        where m.operation_id is not null group by 1, 2 order by count(*) desc limit 1`);
    expectSameAsReference(await asDepartement({ kind: 'OPERATION', id: market!.operation_id }, period),
      referenceIndicators(rows, { covers: (row) => row.operation_id === market!.operation_id }, period));
    expectSameAsReference(await asDepartement({ kind: 'MARKET', id: market!.market_id }, period),
      referenceIndicators(rows, { covers: (row) => row.market_id === market!.market_id }, period));
  });

  it('give a buyer on the charter the charter-wide totals, and its share: its own markets', async () => {
    const period = calendarYear(2025);
    const charter: ReferenceScope = { covers: (row) => row.charter_id === charterId };
    const total = await indicatorsFor(org.terreOpale, OrganisationKind.BAILLEUR, { kind: 'CHARTER', id: charterId }, period);
    expectSameAsReference(total, referenceIndicators(rows, charter, period));
    const share = await indicatorsFor(org.terreOpale, OrganisationKind.BAILLEUR, { kind: 'CHARTER', id: charterId }, period, { organisationId: org.terreOpale, kind: 'BUYER' });
    const reference = referenceIndicators(rows, { covers: (row) => charter.covers(row) && row.buyer_id === org.terreOpale }, period);
    expect(reference.people.total).toBeGreaterThan(0);
    expect(reference.people.total).toBeLessThan(total.people.total);
    expectSameAsReference(share, reference);
  });

  it('give a buyer nothing of a charter it did not sign, whatever it asks', async () => {
    const [pair] = await sql<{ buyer: string; charter: string }>(
      `select o.id as buyer, c.id as charter from organisation o cross join charter c
        where o.kind = 'BAILLEUR' and c.coordinator_id is distinct from o.id
          and not exists (select 1 from charter_signatory s where s.charter_id = c.id and s.organisation_id = o.id)
          and not exists (select 1 from market m where m.charter_id = c.id and (m.buyer_id = o.id or m.facilitator_id = o.id))
        order by (select count(*) from hours_fact f where f.charter_id = c.id) desc, o.id limit 1`);
    const [facts] = await sql<{ count: number }>('select count(*)::int as count from hours_fact where charter_id = $1', [pair!.charter]);
    expect(facts!.count).toBeGreaterThan(0);
    const result = await indicatorsFor(pair!.buyer, OrganisationKind.BAILLEUR, { kind: 'CHARTER', id: pair!.charter }, calendarYear(2025));
    expect([result.realised.hours, result.people.total, result.markets.length, result.exits.total]).toEqual([0, 0, 0, 0]);
  });

  it('give a PLIE its people wherever they work, and the markets it facilitates', async () => {
    const period = calendarYear(2025);
    const plie = org.bethunois;
    const scope: ReferenceScope = {
      covers: (row) => row.followed_by_id === plie || row.buyer_id === plie || row.facilitator_id === plie,
      follows: (person) => person.followed_by_id === plie,
    };
    const result = await indicatorsFor(plie, OrganisationKind.PLIE, { kind: 'ORGANISATION', id: plie }, period);
    expectSameAsReference(result, referenceIndicators(rows, scope, period));
  });

  it("give the Département every PLIE's share of the whole platform at once, as each share alone gives it", async () => {
    const period = calendarYear(2025);
    const plies = await sql<{ id: string }>("select id from organisation where kind = 'PLIE' order by id");
    const everythingScope: IndicatorScope = { kind: 'EVERYTHING' };
    const { total, shares } = await actingFor(org.departement, OrganisationKind.DEPARTEMENT, (em) =>
      computeIndicators(em, everythingScope, period, { shares: plies.map(({ id }) => ({ organisationId: id, kind: 'PLIE' as const })), optionsOf: () => ({ exact: true }) }));
    // Counted with the shares, the whole platform is the sum of their rows: the same as counted alone.
    expect(total).toEqual(await asDepartement(everythingScope, period));
    let people = 0;
    for (const { id } of plies) {
      const share = shares.get(shareKey({ organisationId: id, kind: 'PLIE' }))!;
      const alone = await indicatorsFor(org.departement, OrganisationKind.DEPARTEMENT, everythingScope, period, { organisationId: id, kind: 'PLIE' });
      expect(share).toEqual(alone);
      expectSameAsReference(share, referenceIndicators(rows, { covers: (row) => row.followed_by_id === id, follows: (person) => person.followed_by_id === id }, period), { exits: false });
      people += share.people.total;
    }
    expect(people).toBe((await asDepartement(everythingScope, period)).people.total);
  });

  it("give each signatory's share of a charter at once, as each share alone and the plain computation give it", async () => {
    const period = calendarYear(2025);
    const scope: IndicatorScope = { kind: 'CHARTER', id: charterId };
    const signatories = await sql<{ id: string; kind: string }>(
      'select o.id, o.kind from charter_signatory s join organisation o on o.id = s.organisation_id where s.charter_id = $1 order by o.id', [charterId]);
    const byKind = { PLIE: signatories.filter((o) => o.kind === 'PLIE'), BUYER: signatories.filter((o) => !['PLIE', 'DEPARTEMENT', 'ETAT'].includes(o.kind)) };
    expect([byKind.PLIE.length > 0, byKind.BUYER.length > 1]).toEqual([true, true]);
    const everyShare = (['PLIE', 'BUYER'] as const).flatMap((kind) => byKind[kind].map(({ id }) => ({ organisationId: id, kind })));
    const compute = (shares: Share[]) => actingFor(org.departement, OrganisationKind.DEPARTEMENT,
      (em) => computeIndicators(em, scope, period, { shares, optionsOf: () => ({ exact: true, marketList: true }) }));
    const atOnce = await compute(everyShare);
    for (const share of everyShare) {
      const { shares: alone } = await compute([share]);
      const result = atOnce.shares.get(shareKey(share))!;
      expect(result).toEqual(alone.get(shareKey(share)));
      const column = share.kind === 'PLIE' ? 'followed_by_id' : 'buyer_id';
      expectSameAsReference(result, referenceIndicators(rows, { covers: (row) => row.charter_id === charterId && row[column] === share.organisationId }, period));
      expect(result.markets.every((market) => (share.kind === 'PLIE' ? market.facilitatorId : market.buyerId) === share.organisationId)).toBe(true);
    }
  });

  it("give the planned hours of the scope's markets running in the period, and each market's progress to the period's end", async () => {
    const period = calendarYear(2025);
    const result = await asDepartement({ kind: 'CHARTER', id: charterId }, period);
    const markets = await sql<{ id: string; amount_ht: number | null; labour_rate: number | null; insertion_rate: number | null; hourly_cost: number | null; stated_hours: number | null }>(
      `select id, amount_ht::float8, labour_rate::float8, insertion_rate::float8, hourly_cost::float8, stated_hours::float8 from market
        where charter_id = $1 and status <> 'DRAFT' and (start_date is null or start_date < $2) and (end_date is null or end_date >= $3) order by id`,
      [charterId, period.end, period.start]);
    expect(result.markets.map((market) => market.marketId)).toEqual(markets.map((market) => market.id));
    const planned = markets.map((m) => plannedInsertionHours({ amountHt: m.amount_ht, labourRate: m.labour_rate, insertionRate: m.insertion_rate, hourlyCost: m.hourly_cost, statedHours: m.stated_hours }));
    expect(result.planned.hours).toBe(planned.reduce((sum, p) => sum + (p.hours ?? 0), 0));
    for (const market of result.markets) {
      const toEnd = rows.hours.filter((row) => row.market_id === market.marketId && row.month < period.end).reduce((sum, row) => sum + row.hours, 0);
      expect(market.realisedToPeriodEnd).toBeCloseTo(toEnd, 2);
    }
    const kinds = result.targets.map((target) => target.kind).sort();
    expect(kinds).toEqual(['GUP_HOURS_RATE', 'TRAINING_ACCESS_SHARE', 'WOMEN_BENEFICIARIES_SHARE', 'WORKS_HOURS_RATE', 'YOUNG_BENEFICIARIES_SHARE']);
    expect(result.targets.every((target) => target.achieved !== null)).toBe(true);
  });
});

describe('edge cases', () => {
  it('puts the hours of a placement across two semesters in the months worked', async () => {
    const across = rows.hours.filter((row) => row.month < '2025-01-01' && row.month >= '2024-07-01')
      .map((row) => row.placement_id)
      .find((id) => rows.hours.some((row) => row.placement_id === id && row.month >= '2025-01-01' && row.month < '2025-07-01'));
    expect(across).toBeDefined();
    const marketId = rows.hours.find((row) => row.placement_id === across)!.market_id;
    const scope: IndicatorScope = { kind: 'MARKET', id: marketId };
    const [s2, s1, both] = [
      await asDepartement(scope, semester('2024-S2')),
      await asDepartement(scope, semester('2025-S1')),
      await asDepartement(scope, { start: '2024-07-01', end: '2025-07-01' }),
    ];
    expect(Math.round((s2.realised.hours + s1.realised.hours) * 100) / 100).toBe(both.realised.hours);
    const monthsIn = (period: Period) => rows.hours.filter((row) => row.placement_id === across && row.month >= period.start && row.month < period.end);
    expect(monthsIn(semester('2024-S2')).length).toBeGreaterThan(0);
    expect(monthsIn(semester('2025-S1')).length).toBeGreaterThan(0);
    // The contract counts in each semester it was worked in, once over the two.
    const contracts = (result: Indicators) => result.contracts.total;
    expect(contracts(s1) + contracts(s2)).toBeGreaterThan(contracts(both));
  });

  it('counts a person placed twice in the period once', async () => {
    const period = calendarYear(2024);
    const worked = rows.hours.filter((row) => row.month >= period.start && row.month < period.end && row.hours > 0);
    const placementsByPerson = new Map<string, Set<string>>();
    for (const row of worked) placementsByPerson.set(row.beneficiary_id, (placementsByPerson.get(row.beneficiary_id) ?? new Set()).add(row.placement_id));
    const twice = [...placementsByPerson.values()].filter((placements) => placements.size >= 2).length;
    expect(twice).toBeGreaterThan(0);
    const result = await asDepartement({ kind: 'EVERYTHING' }, period);
    expect(result.people.total).toBe(placementsByPerson.size);
    expect(result.contracts.total).toBe(new Set(worked.map((row) => row.placement_id)).size);
    expect(result.contracts.total).toBeGreaterThanOrEqual(result.people.total + twice);
  });

  it('takes the age at entry, not the age reached since: someone under 26 at entry who is 26 now is young', async () => {
    const period = semester('2025-S2');
    const worked = new Set(rows.hours.filter((row) => row.month >= period.start && row.month < period.end && row.hours > 0).map((row) => row.beneficiary_id));
    const people = [...worked].map((id) => rows.people.get(id)!);
    const result = await asDepartement({ kind: 'EVERYTHING' }, period);
    const under26 = bandsUnder(26).reduce((sum, band) => sum + result.people.byAgeBand[band], 0);
    expect(under26).toBe(people.filter((person) => ageAtEntry(person) < 26).length);
    // Nobody gets younger: the people under 26 today are the young at entry less those who turned 26 since
    // (an erased person's age today is not known any more: only their age at entry was kept).
    const born = people.flatMap((person) => (person.birth_date === null ? [] : [{ atEntry: ageAtEntry(person), now: ageOn(person.birth_date, '2025-12-31') }]));
    const turned26 = born.filter((person) => person.atEntry < 26 && person.now >= 26).length;
    expect(turned26).toBeGreaterThan(0);
    const youngNow = born.filter((person) => bandsUnder(26).includes(ageBand(person.now))).length;
    const erasedYoung = people.filter((person) => person.birth_date === null && person.age_at_entry < 26).length;
    expect(under26).toBe(youngNow + turned26 + erasedYoung);
  });

  it("counts an employer whose headcount and sector are not known yet (created from its SIRET alone) under 'not known'", async () => {
    const period = calendarYear(2025);
    const worked = rows.hours.find((row) => row.month >= period.start && row.month < period.end && row.hours > 0 && row.charter_id === charterId)!;
    await actingFor(org.departement, OrganisationKind.DEPARTEMENT, async (em) => {
      await em.execute('update company set headcount_band = null, naf_code = null where id = ?', [worked.company_id]);
      for (const scope of [{ kind: 'EVERYTHING' }, { kind: 'CHARTER', id: charterId }] as IndicatorScope[]) {
        const { companies } = (await computeIndicators(em, scope, period, { optionsOf: () => ({ exact: true }) })).total;
        expect(companies.byHeadcountBand.UNKNOWN).toBe(1);
        expect(companies.byNafDivision.UNKNOWN).toBe(1);
        for (const breakdown of [companies.byHeadcountBand, companies.byNafDivision, companies.byKind]) {
          expect(Object.values<number>(breakdown).reduce((sum, count) => sum + count, 0)).toBe(companies.total);
        }
      }
    }, MembershipRole.ADMIN);
  });

  it('protects the counts of people, contracts and exits, never hours, for a viewer who may not read the rows: perturbed on the grid, suppressed off it', async () => {
    const period = semester('2025-S1');
    const [market] = await sql<{ market_id: string }>(
      `select p.market_id from monthly_hours h join placement p on p.id = h.placement_id
        where h.month >= $1 and h.month < $2 and h.hours > 0 group by 1 having count(distinct p.beneficiary_id) between 6 and 40 order by 1 limit 1`,
      [period.start, period.end]);
    const scope: IndicatorScope = { kind: 'MARKET', id: market!.market_id };
    const compute = (options: { exact: boolean }, over: Period) => actingFor(org.departement, OrganisationKind.DEPARTEMENT, (em) =>
      computeIndicators(em, scope, over, { optionsOf: () => options }).then(({ total }) => total));
    const [exact, protectedSet] = [await compute({ exact: true }, period), await compute({ exact: false }, period)];
    expect([exact.disclosure, protectedSet.disclosure]).toEqual(['EXACT', 'PERTURBED']);
    expect(protectedSet.realised).toEqual(exact.realised);
    const pairs = (shown: Indicators, truth: Indicators) => [
      [shown.shownPeople, truth.people.total, truth.people.bySex], [shown.shownContracts, truth.contracts.total, truth.contracts.byContractType],
      [shown.shownExits, truth.exits.total, truth.exits.byCategory],
    ] as const;
    for (const [table, total, breakdown] of pairs(protectedSet, exact)) {
      const figures = [[table.total, total], ...Object.entries(breakdown).map(([key, value]) => [Object.values(table.breakdowns)[0]![key]!, value] as const)] as const;
      for (const [cell, truth] of figures) {
        if (truth === 0) expect(cell).toEqual({ value: 0, suppressed: false });
        else if (!cell.suppressed) expect(Math.abs(cell.value! - truth)).toBeLessThanOrEqual(2);
        if (!cell.suppressed) expect(cell.value === 0 || cell.value! >= 5).toBe(true);
      }
    }
    const offGrid = await compute({ exact: false }, { start: '2025-01-01', end: '2025-05-01' });
    expect(offGrid.disclosure).toBe('OFF_GRID');
    expect([offGrid.shownPeople.total, offGrid.shownContracts.total, offGrid.shownExits.total]).toEqual(Array(3).fill({ value: null, suppressed: true }));
    expect(offGrid.realised.hours).toBeGreaterThan(0);
  });
});
