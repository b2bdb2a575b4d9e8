import type { Api } from '../../src/app.js';
import { addDays } from '../../src/domain/dates.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import { CreatePlacementDocument, ReportHoursDocument, UpdatePlacementDocument, type PlacementFields } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** A PLIE editor, one of its people, a market with dates it facilitates, a lot of another of its markets, a company. */
async function setting() {
  const [row] = await sql<{ email: string; beneficiary: string; market: string; start: string; end: string; company: string; foreign_lot: string; foreign_person: string }>(
    `select u.email, b.id as beneficiary, m.id as market, to_char(m.start_date, 'YYYY-MM-DD') as start, to_char(m.end_date, 'YYYY-MM-DD') as end,
            (select id from company order by siret limit 1) as company,
            (select l.id from lot l join market other on other.id = l.market_id
              where other.facilitator_id = ms.organisation_id and other.id <> m.id order by l.id limit 1) as foreign_lot,
            (select x.id from beneficiary x where x.followed_by_id <> b.followed_by_id limit 1) as foreign_person
       from membership ms join app_user u on u.id = ms.user_id
       join beneficiary b on b.followed_by_id = ms.organisation_id
       join market m on m.facilitator_id = ms.organisation_id and m.start_date is not null and m.end_date is not null
      where ms.role = 'EDITOR' and ms.active and u.email not like '%@test.demo' and m.reference not like 'TEST-%'
        and exists (select 1 from lot l join market other on other.id = l.market_id where other.facilitator_id = ms.organisation_id and other.id <> m.id)
        and (select count(*) from membership o where o.user_id = u.id and o.active) = 1
      order by u.email, b.id, m.reference limit 1`,
  );
  return { ...row!, token: await tokenFor(row!.email) };
}

const fieldsOf = (s: Awaited<ReturnType<typeof setting>>, startDate: string): PlacementFields => ({
  beneficiaryId: toGlobalId('Beneficiary', s.beneficiary), marketId: toGlobalId('Market', s.market), companyId: toGlobalId('Company', s.company),
  contractType: 'CDD', modality: 'DIRECT_HIRE', startDate, endDate: s.end, weeklyHours: 35,
});

describe('a PLIE recording placements of the people it follows', () => {
  it('creates one, refuses it twice, and updates it with the version read', async () => {
    const s = await setting();
    const fields = fieldsOf(s, addDays(s.start, 7));
    const created = await execute(api.url, CreatePlacementDocument, { fields }, { token: s.token });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createPlacement).toMatchObject({ weeklyHours: 35, market: { id: fields.marketId }, beneficiary: { id: fields.beneficiaryId } });
    const twice = await execute(api.url, CreatePlacementDocument, { fields }, { token: s.token });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_PLACEMENT' });
    const updated = await execute(api.url, UpdatePlacementDocument, { input: { id: created.data!.createPlacement.id, version: 1, fields: { weeklyHours: 24 } } }, { token: s.token });
    expect(updated.data!.updatePlacement).toMatchObject({ weeklyHours: 24, version: 2 });
  });

  it('reports hours against the version of the placement read, if given: a stale one answers CONFLICT and writes nothing', async () => {
    const s = await setting();
    const created = (await execute(api.url, CreatePlacementDocument, { fields: fieldsOf(s, addDays(s.start, 14)) }, { token: s.token })).data!.createPlacement;
    expect(created.version).toBe(1);
    await execute(api.url, UpdatePlacementDocument, { input: { id: created.id, version: 1, fields: { weeklyHours: 30 } } }, { token: s.token });
    const report = (version?: number) => execute(api.url, ReportHoursDocument, { input: { placementId: created.id, month: created.startDate, hours: 50, version } }, { token: s.token });
    const stale = await report(1);
    expect(stale.errors?.[0]).toMatchObject({ message: expect.stringMatching(/modifié entre-temps/), extensions: { code: 'CONFLICT' } });
    const [written] = await sql<{ rows: number }>('select count(*)::int as rows from monthly_hours where placement_id = $1', [parseGlobalId(created.id)!.id]);
    expect(written!.rows).toBe(0);
    expect((await report(2)).data!.reportHours).toMatchObject({ version: 2, realisedHours: 50 });
    expect((await report()).data!.reportHours.realisedHours).toBe(50);
  });

  it('lists every problem: dates outside the market, hours above 48, a lot of another market, a person it does not follow', async () => {
    const s = await setting();
    const fields = { ...fieldsOf(s, '1990-01-01'), endDate: '2099-01-01', weeklyHours: 60, lotId: toGlobalId('Lot', s.foreign_lot), beneficiaryId: toGlobalId('Beneficiary', s.foreign_person) };
    const response = await execute(api.url, CreatePlacementDocument, { fields }, { token: s.token });
    const problems = (response.errors?.[0]?.extensions.problems as { field: string; code: string }[]).map((problem) => `${problem.field}:${problem.code}`).sort();
    expect(problems).toEqual(['beneficiaryId:UNKNOWN', 'endDate:PLACEMENT_OUTSIDE_MARKET', 'lotId:LOT_OF_ANOTHER_MARKET', 'startDate:PLACEMENT_OUTSIDE_MARKET', 'weeklyHours:WEEKLY_HOURS_OUT_OF_RANGE']);
  });

  it("answers NOT_FOUND when it updates another PLIE's placement", async () => {
    const s = await setting();
    const [foreign] = await sql<{ id: string }>(
      'select p.id from placement p join beneficiary b on b.id = p.beneficiary_id where b.followed_by_id <> (select followed_by_id from beneficiary where id = $1) limit 1',
      [s.beneficiary],
    );
    const response = await execute(api.url, UpdatePlacementDocument, { input: { id: toGlobalId('Placement', foreign!.id), version: 1, fields: { weeklyHours: 1 } } }, { token: s.token });
    expect(response.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});
