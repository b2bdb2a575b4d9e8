import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { CALAIS_CHARTER_NAME } from '../../seeds/demo/charters.js';
import { IndicatorsDocument, PlatformWithPliesOfDocument, PliesOfDepartementDocument, type IndicatorsQuery } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

let api: Api;
let statements: string[] = [];
let charter: { id: string; coordinator_id: string };
const S1_2025 = { semester: '2025-S1' };

beforeAll(async () => {
  api = await startTestApi({ onQuery: (line) => statements.push(line.replace(/^\[query\] /, '')) });
  [charter] = (await sql<{ id: string; coordinator_id: string }>('select id, coordinator_id from charter where name = $1', [CALAIS_CHARTER_NAME])) as [typeof charter];
});
afterAll(() => api.close());

/** A demo user with a single active membership in that organisation, or of that kind. */
async function member(where: string, params: unknown[]): Promise<{ token: string; organisationId: string }> {
  const [row] = await sql<{ email: string; organisation_id: string }>(
    `select u.email, o.id as organisation_id from app_user u join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
      where ${where} and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
      order by o.name, u.email limit 1`, params);
  return { token: await tokenFor(row!.email), organisationId: row!.organisation_id };
}

const signatoryOf = (kind: string) => member(`o.kind = $1 and o.id in (select organisation_id from charter_signatory where charter_id = $2) and o.id <> $3`, [kind, charter.id, charter.coordinator_id]);

async function indicators(token: string, scope: { kind: string; id?: string }, period: object = S1_2025) {
  return execute(api.url, IndicatorsDocument, { scope: scope as never, period }, { token });
}

/** Hours of the charter's markets worked in the first semester of 2025, and of one buyer's, in plain SQL. */
async function charterHours(buyerId?: string): Promise<number> {
  const [row] = await sql<{ hours: string | null }>(
    `select sum(h.hours) as hours from monthly_hours h join placement p on p.id = h.placement_id join market m on m.id = p.market_id
      where m.charter_id = $1 and h.month >= '2025-01-01' and h.month < '2025-07-01' and ($2::uuid is null or m.buyer_id = $2)`,
    [charter.id, buyerId ?? null]);
  return Number(row!.hours ?? 0);
}

/** People who worked on the charter's markets in the first semester of 2025, in plain SQL: how many, by sex, age band at entry and QPV. */
async function charterPeople(): Promise<{ total: number; breakdowns: Record<string, Record<string, number>> }> {
  const rows = await sql<{ breakdown: string; key: string; count: number }>(
    `with people as (
       select distinct b.id, b.sex, b.qpv_id, b.age_at_entry as age from monthly_hours h join placement p on p.id = h.placement_id
         join market m on m.id = p.market_id join beneficiary b on b.id = p.beneficiary_id
        where m.charter_id = $1 and h.month >= '2025-01-01' and h.month < '2025-07-01' and h.hours > 0)
     select 'sex' as breakdown, sex as key, count(*)::int as count from people group by sex
     union all select 'qpv', coalesce(qpv_id::text, 'NONE'), count(*)::int from people group by qpv_id
     union all select 'ageBand', case when age < 25 then 'UNDER_25' when age < 26 then 'AGE_25' when age < 30 then 'AGE_26_29'
                                      when age < 45 then 'AGE_30_44' when age < 55 then 'AGE_45_54' else 'AGE_55_PLUS' end, count(*)::int
         from people group by 2
     union all select 'total', '', count(*)::int from people`,
    [charter.id]);
  const breakdowns: Record<string, Record<string, number>> = { sex: {}, qpv: {}, ageBand: {} };
  for (const row of rows) if (row.breakdown !== 'total') breakdowns[row.breakdown]![row.key] = row.count;
  return { total: rows.find((row) => row.breakdown === 'total')!.count, breakdowns };
}

const hoursOf = (set: IndicatorsQuery['indicators']['total'] | null | undefined) => set!.realised.hours;
const charterScope = () => ({ kind: 'CHARTER', id: toGlobalId('Charter', charter.id) });

describe('indicators, as each kind of organisation sees them', () => {
  it('give a buyer that signed the charter its totals and its share (its markets), protected, without the breakdown by signatory', async () => {
    const buyer = await signatoryOf('BAILLEUR');
    const { data, errors } = await indicators(buyer.token, charterScope());
    expect(errors).toBeUndefined();
    const report = data!.indicators;
    expect(report.scope).toEqual({ kind: 'CHARTER', id: charterScope().id, name: CALAIS_CHARTER_NAME });
    expect(report.period).toEqual({ start: '2025-01-01', end: '2025-07-01' });
    expect(hoursOf(report.total)).toBeCloseTo(await charterHours(), 2);
    expect(hoursOf(report.share)).toBeCloseTo(await charterHours(buyer.organisationId), 2);
    expect(hoursOf(report.share)).toBeLessThan(hoursOf(report.total));
    expect(report.total.realised.etp).toBeCloseTo(hoursOf(report.total) / 1607, 2);
    expect(report.total.hoursByNature.map((cell) => cell.label)).toContain('Travaux');
    expect(report.bySignatory).toBeNull();
    expect(report.total.targets.map((target) => target.kind).sort()).toEqual(
      ['GUP_HOURS_RATE', 'TRAINING_ACCESS_SHARE', 'WOMEN_BENEFICIARIES_SHARE', 'WORKS_HOURS_RATE', 'YOUNG_BENEFICIARIES_SHARE']);
    expect(report.share!.targets).toEqual([]);
    // The charter's markets are counted in its totals, but only the buyer's own are listed one by one.
    const [markets] = await sql<{ own: string[]; others: number }>(
      `select array_agg(id::text) filter (where buyer_id = $2 or facilitator_id = $2) as own,
              count(*) filter (where buyer_id <> $2 and facilitator_id is distinct from $2)::int as others
         from market where charter_id = $1`, [charter.id, buyer.organisationId]);
    expect(markets!.others).toBeGreaterThan(0);
    for (const set of [report.total, report.share!]) {
      expect(set.markets.length).toBeGreaterThan(0);
      expect(set.markets.every((market) => markets!.own.includes(market.marketId))).toBe(true);
    }
    // People counts, which the buyer may not read person by person: each perturbed within 2 of the truth, none
    // shown from 1 to 4, zeros as zeros, and counts shown (the total, and some cells of each breakdown).
    const people = await charterPeople();
    expect([report.total.disclosure, report.share!.disclosure]).toEqual(['PERTURBED', 'PERTURBED']);
    expect(report.total.disclosureNote).toMatch(/perturbés de ±2 au plus/);
    expect(report.total.people.suppressed).toBe(false);
    expect(Math.abs(report.total.people.value! - people.total)).toBeLessThanOrEqual(2);
    // Living in a QPV or not, never which: the QPVs found would name where a few people live.
    expect(report.total.peopleByQpv.map((cell) => [cell.key, cell.label])).toEqual([['IN_QPV', 'En QPV'], ['NONE', 'Hors QPV']]);
    const inQpv = Object.entries(people.breakdowns.qpv!).filter(([key]) => key !== 'NONE').reduce((sum, [, count]) => sum + count, 0);
    const qpvOrNot: Record<string, number> = { IN_QPV: inQpv, NONE: people.breakdowns.qpv!.NONE ?? 0 };
    const breakdowns = { sex: report.total.peopleBySex, ageBand: report.total.peopleByAgeBand, qpv: report.total.peopleByQpv };
    for (const [name, cells] of Object.entries(breakdowns)) {
      const truth = name === 'qpv' ? qpvOrNot : people.breakdowns[name]!;
      const wrong = cells.filter((cell) => {
        const count = truth[cell.key] ?? 0;
        if (count === 0) return cell.value !== 0 || cell.suppressed;
        return cell.suppressed ? cell.value !== null : cell.value! < 5 || Math.abs(cell.value! - count) > 2;
      });
      expect([name, wrong]).toEqual([name, []]);
      expect([name, cells.some((cell) => !cell.suppressed && cell.value! >= 5)]).toEqual([name, true]);
    }
    expect(Object.values(people.breakdowns).some((truth) => Object.values(truth).some((count) => count >= 1 && count <= 4))).toBe(true);
  });

  it("give the charter's coordinator each signatory's share, whose hours add up to the buyers' markets", async () => {
    const coordinator = await member('o.id = $1', [charter.coordinator_id]);
    const report = (await indicators(coordinator.token, charterScope())).data!.indicators;
    const signatories = await sql<{ organisation_id: string; kind: string }>(
      `select s.organisation_id, o.kind from charter_signatory s join organisation o on o.id = s.organisation_id
        where s.charter_id = $1 and o.kind in ('PLIE', 'BAILLEUR', 'VILLE', 'EPCI', 'REGION')`, [charter.id]);
    expect(report.bySignatory!.map((row) => row.organisationId).sort()).toEqual(signatories.map((row) => row.organisation_id).sort());
    const buyers = report.bySignatory!.filter((row) => row.kind !== 'PLIE');
    for (const row of buyers) expect(row.indicators.realised.hours).toBeCloseTo(await charterHours(row.organisationId), 2);
    // It must report the charter's figures: exact, every one.
    expect(report.total.disclosure).toBe('EXACT');
    expect(report.total.people).toEqual({ value: (await charterPeople()).total, suppressed: false });
    expect([...report.total.peopleByAgeBand, ...report.total.peopleByQpv, ...report.total.exitsByCategory].some((cell) => cell.suppressed)).toBe(false);
    // Each QPV by its name.
    const names = new Map((await sql<{ id: string; name: string }>('select id, name from qpv')).map((qpv) => [qpv.id, qpv.name]));
    expect(report.total.peopleByQpv.length).toBeGreaterThan(1);
    expect(report.total.peopleByQpv.map((cell) => cell.label)).toEqual(report.total.peopleByQpv.map((cell) => (cell.key === 'NONE' ? 'Hors QPV' : names.get(cell.key))));
  });

  it('give a PLIE its share of the people it follows unsuppressed', async () => {
    const plie = await member('o.id = $1', [charter.coordinator_id]);
    const report = (await indicators(plie.token, charterScope())).data!.indicators;
    const [followed] = await sql<{ people: number }>(
      `select count(distinct p.beneficiary_id)::int as people from monthly_hours h join placement p on p.id = h.placement_id
         join market m on m.id = p.market_id join beneficiary b on b.id = p.beneficiary_id
        where m.charter_id = $1 and b.followed_by_id = $2 and h.month >= '2025-01-01' and h.month < '2025-07-01' and h.hours > 0`,
      [charter.id, plie.organisationId]);
    expect(report.share!.people).toEqual({ value: followed!.people, suppressed: false });
    expect(report.share!.peopleBySex.every((cell) => !cell.suppressed)).toBe(true);
  });

  it('give the État the charters it signed, with no share of its own', async () => {
    const etat = await member(`o.kind = 'ETAT' and o.id in (select organisation_id from charter_signatory where charter_id = $1)`, [charter.id]);
    const report = (await indicators(etat.token, charterScope())).data!.indicators;
    expect(hoursOf(report.total)).toBeCloseTo(await charterHours(), 2);
    expect([report.share, report.bySignatory]).toEqual([null, null]);
  });

  it('give the Département the whole platform with each figure equal to a plain count, and refuse it to anyone else', async () => {
    const departement = await member(`o.kind = 'DEPARTEMENT'`, []);
    const report = (await indicators(departement.token, { kind: 'EVERYTHING' }, { year: 2024 })).data!.indicators;
    const [expected] = await sql<{ hours: string; people: number; exits: number }>(
      `select (select sum(hours) from monthly_hours where month >= '2024-01-01' and month < '2025-01-01') as hours,
              (select count(distinct p.beneficiary_id)::int from monthly_hours h join placement p on p.id = h.placement_id
                where h.month >= '2024-01-01' and h.month < '2025-01-01' and h.hours > 0) as people,
              (select count(*)::int from beneficiary_exit where exit_date >= '2024-01-01' and exit_date < '2025-01-01') as exits`);
    expect(hoursOf(report.total)).toBeCloseTo(Number(expected!.hours), 2);
    expect(report.total.people).toEqual({ value: expected!.people, suppressed: false });
    expect(report.total.exits).toEqual({ value: expected!.exits, suppressed: false });
    const buyer = await signatoryOf('BAILLEUR');
    expect((await indicators(buyer.token, { kind: 'EVERYTHING' })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it("give the Département the PLIEs of one département side by side, each alias its own, and refuse a malformed code", async () => {
    const departement = await member(`o.kind = 'DEPARTEMENT'`, []);
    const plies = async (departementCode: string | null) =>
      (await execute(api.url, PliesOfDepartementDocument, { year: 2024, departementCode }, { token: departement.token }));
    const [moved] = await sql<{ id: string; code: string }>(`select id, departement_code as code from organisation where kind = 'PLIE' order by name limit 1`);
    // One PLIE of the demo's single département moved to another for the test, so that the filter has something to leave out.
    await sql('update organisation set departement_code = $2 where id = $1', [moved!.id, '59']);
    try {
      const whole = (await plies(null)).data!.indicators;
      const ofMoved = (await plies('59')).data!.indicators;
      const ofOthers = (await plies(moved!.code)).data!.indicators;
      expect(whole.ofDepartement).toEqual(whole.everyPlie);
      expect(ofMoved.ofDepartement!.map((share) => [share.organisationId, share.departementCode])).toEqual([[moved!.id, '59']]);
      expect(ofOthers.ofDepartement!.map((share) => share.organisationId).sort())
        .toEqual(whole.everyPlie!.map((share) => share.organisationId).filter((id) => id !== moved!.id).sort());
      // Each share is the same whichever département is asked, and the platform's total does not change.
      for (const answer of [ofMoved, ofOthers]) {
        expect(answer.everyPlie).toEqual(whole.everyPlie);
        expect(answer.total).toEqual(whole.total);
      }
      expect((await plies('')).errors?.[0]).toMatchObject({ message: expect.stringContaining('code d’un département'), extensions: { code: 'BAD_USER_INPUT' } });
      expect((await plies('62; drop table market')).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    } finally {
      await sql('update organisation set departement_code = $2 where id = $1', [moved!.id, moved!.code]);
    }
  });

  it("give the Département the same figures for one département's PLIEs as among every PLIE's, the platform's total too, for a year, a semester and any period", async () => {
    const departement = await member(`o.kind = 'DEPARTEMENT'`, []);
    const [moved] = await sql<{ id: string; code: string }>(`select id, departement_code as code from organisation where kind = 'PLIE' order by name limit 1`);
    await sql('update organisation set departement_code = $2 where id = $1', [moved!.id, '59']);
    try {
      // A year and a semester are read from the platform's sums, three months from the placement years.
      for (const period of [{ year: 2024 }, { semester: '2024-S2' }, { from: '2024-03-01', to: '2024-05-31' }]) {
        const platform = async (departementCode: string | null) => {
          const { data, errors } = await execute(api.url, PlatformWithPliesOfDocument, { period, departementCode }, { token: departement.token });
          expect(errors).toBeUndefined();
          return data!.indicators;
        };
        const every = await platform(null);
        const shareOf = new Map(every.bySignatory!.map((share) => [share.organisationId, share.indicators]));
        for (const code of ['59', moved!.code]) {
          const some = await platform(code);
          expect(some.total).toEqual(every.total);
          expect(some.bySignatory!.length).toBeGreaterThan(0);
          for (const share of some.bySignatory!) expect(share.indicators).toEqual(shareOf.get(share.organisationId));
        }
        expect(every.total.people.value).toBeGreaterThan(0);
      }
    } finally {
      await sql('update organisation set departement_code = $2 where id = $1', [moved!.id, moved!.code]);
    }
  });

  it("refuse in French a period of more than fifty years before reading anything, and take the market page's from 2000-01-01 to today", async () => {
    const token = await tokenFor('viewer@departement-62.demo');
    const [market] = await sql<{ id: string }>('select id from market order by reference limit 1');
    const scope = { kind: 'MARKET', id: toGlobalId('Market', market!.id) };
    const today = new Date().toISOString().slice(0, 10);
    statements = [];
    expect((await indicators(token, scope, { from: '2000-01-01', to: today })).errors).toBeUndefined();
    const readsOfAPeriod = statements.length;
    statements = [];
    const huge = await indicators(token, scope, { from: '0001-01-01', to: '9998-12-31' });
    // The session's statements only (begin, app_open_session or a kept session's settings, rollback): no month of the ten thousand years is read.
    expect(statements.filter((statement) => !/^(begin|rollback|select app_open_session\(|select set_config\()/.test(statement))).toEqual([]);
    expect(readsOfAPeriod).toBeGreaterThan(statements.length);
    expect(huge.errors).toHaveLength(1);
    expect(huge.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD' });
    expect(huge.errors![0]!.message).toMatch(/^La période ne peut dépasser 50 ans/);
  });

  it("answer NOT_FOUND for a charter, market or organisation the viewer does not see, and refuse a malformed period or ETP base", async () => {
    const [pair] = await sql<{ buyer: string; charter: string }>(
      `select o.id as buyer, c.id as charter from organisation o cross join charter c
        where o.kind = 'BAILLEUR' and c.coordinator_id is distinct from o.id
          and o.id in (select organisation_id from membership m join app_user u on u.id = m.user_id where m.active and u.email not like '%@test.demo')
          and not exists (select 1 from charter_signatory s where s.charter_id = c.id and s.organisation_id = o.id)
        order by o.name limit 1`);
    const buyer = await member('o.id = $1', [pair!.buyer]);
    const hidden = { id: pair!.charter };
    const [otherOrganisation] = await sql<{ id: string }>("select id from organisation where kind = 'PLIE' limit 1");
    const [otherMarket] = await sql<{ id: string; operation_id: string }>(
      `select id, operation_id from market where buyer_id <> $1 and facilitator_id is distinct from $1 and operation_id is not null
          and operation_id not in (select operation_id from market where (buyer_id = $1 or facilitator_id = $1) and operation_id is not null)
          and operation_id in (select id from operation where owner_id <> $1 and (charter_id is null or charter_id not in
            (select charter_id from charter_signatory where organisation_id = $1 union select id from charter where coordinator_id = $1)))
        limit 1`, [buyer.organisationId]);
    for (const scope of [
      { kind: 'CHARTER', id: toGlobalId('Charter', hidden!.id) }, { kind: 'ORGANISATION', id: toGlobalId('Organisation', otherOrganisation!.id) },
      { kind: 'MARKET', id: toGlobalId('Market', otherMarket!.id) }, { kind: 'OPERATION', id: toGlobalId('Operation', otherMarket!.operation_id) },
    ]) {
      expect([scope.kind, (await indicators(buyer.token, scope)).errors?.[0]?.extensions.code]).toEqual([scope.kind, 'NOT_FOUND']);
    }
    const ownScope = { kind: 'ORGANISATION', id: toGlobalId('Organisation', buyer.organisationId) };
    expect((await indicators(buyer.token, ownScope)).errors).toBeUndefined();
    expect((await indicators(buyer.token, ownScope, { semester: '2025-S3' })).errors?.[0]).toMatchObject({
      message: 'Indiquez un semestre sous la forme AAAA-S1 ou AAAA-S2 (par exemple 2025-S1), pas « 2025-S3 »',
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD' },
    });
    expect((await indicators(buyer.token, ownScope, { year: 2025, semester: '2025-S1' })).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    for (const [period, reason, message] of [
      [{ from: '2025-06-30', to: '2025-01-01' }, 'END_BEFORE_START', 'La date de fin (2025-01-01) précède la date de début (2025-06-30)'],
      [{ from: '9999-01-01', to: '9999-12-31' }, 'INVALID_PERIOD', 'La date de fin ne peut aller au-delà du 9999-12-30 (ici 9999-12-31)'],
      [{ year: 0 }, 'INVALID_PERIOD', "L'année 0 n'est pas prise en charge : indiquez une année de 1 à 9998"],
      [{ semester: '9999-S2' }, 'INVALID_PERIOD', "L'année 9999 n'est pas prise en charge : indiquez une année de 1 à 9998"],
    ] as const) {
      expect([period, (await indicators(buyer.token, ownScope, period)).errors?.[0]]).toEqual([period, expect.objectContaining({ message, extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason }) })]);
    }
    expect((await indicators(buyer.token, ownScope, { from: '2025-02-30', to: '2025-03-31' })).errors?.[0]).toMatchObject({
      message: expect.stringContaining("« 2025-02-30 » n'est pas une date valide au format AAAA-MM-JJ"), extensions: { code: 'BAD_USER_INPUT' },
    });
    const zero = await execute(api.url, IndicatorsDocument, { scope: ownScope as never, period: S1_2025, etpBase: 0 }, { token: buyer.token });
    expect(zero.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});
