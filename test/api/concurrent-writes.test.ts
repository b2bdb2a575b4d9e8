import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import { CreatePlacementDocument, RegisterBeneficiaryDocument, ReportHoursDocument } from '../generated/graphql.js';
import { differences, EXACT } from '../indicators/exactness.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { asOwner, sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const MONTHS = Array.from({ length: 12 }, (_, index) => String(index + 1).padStart(2, '0'));

/** A PLIE editor, a market it facilitates over a whole calendar year, and two companies. */
async function setting() {
  const [row] = await sql<{ email: string; market: string; year: number; company: string; other_company: string }>(
    `select u.email, m.id as market, extract(year from m.start_date)::int + 1 as year,
            (select id from company order by siret limit 1) as company, (select id from company order by siret offset 1 limit 1) as other_company
       from membership ms join app_user u on u.id = ms.user_id
       join market m on m.facilitator_id = ms.organisation_id and m.end_date >= make_date(extract(year from m.start_date)::int + 1, 12, 31)
      where ms.role = 'EDITOR' and ms.active and u.email not like '%@test.demo' and m.reference not like 'TEST-%'
        and (select count(*) from membership o where o.user_id = u.id and o.active) = 1
      order by u.email, m.reference limit 1`,
  );
  return { ...row!, token: await tokenFor(row!.email) };
}
type Setting = Awaited<ReturnType<typeof setting>>;

/** A person registered for the occasion, with no placement yet: what the concurrent writes change is all theirs. */
async function newPerson(s: Setting): Promise<string> {
  const fields = {
    lastName: `Concurrent-${randomUUID().slice(0, 8)}`, firstName: 'Léa', birthDate: '1990-05-04', sex: 'FEMALE' as const, entryDate: `${s.year}-01-01`,
    residenceCommune: 'Calais', isBrsa: false, isDeld: true, isAse: false, isRqth: false, qualificationLevel: 'LEVEL_4' as const,
  };
  const response = await execute(api.url, RegisterBeneficiaryDocument, { fields }, { token: s.token });
  expect(response.errors).toBeUndefined();
  return response.data!.registerBeneficiary.id;
}

async function newPlacement(s: Setting, beneficiaryId: string, company: string, months: [first: string, last: string]): Promise<string> {
  const fields = {
    beneficiaryId, marketId: toGlobalId('Market', s.market), companyId: toGlobalId('Company', company), contractType: 'CDD' as const, modality: 'DIRECT_HIRE' as const,
    startDate: `${s.year}-${months[0]}-01`, endDate: new Date(Date.UTC(s.year, Number(months[1]), 0)).toISOString().slice(0, 10), weeklyHours: 35,
  };
  const response = await execute(api.url, CreatePlacementDocument, { fields }, { token: s.token });
  expect(response.errors).toBeUndefined();
  return response.data!.createPlacement.id;
}

/** Each report its own HTTP request, all sent at once; every one must succeed. */
async function reportAtOnce(s: Setting, reports: { placementId: string; month: string; hours: number }[]) {
  const responses = await Promise.all(reports.map((input) => execute(api.url, ReportHoursDocument, { input }, { token: s.token })));
  expect(responses.map((response) => response.errors?.[0]?.message ?? 'ok')).toEqual(reports.map(() => 'ok'));
}

describe('hours reported at the same time, each in its own request', () => {
  it('all succeed on the twelve months of one placement, and leave the facts and the platform sums exact', async () => {
    const s = await setting();
    const placementId = await newPlacement(s, await newPerson(s), s.company, ['01', '12']);
    await reportAtOnce(s, MONTHS.map((month, index) => ({ placementId, month: `${s.year}-${month}-01`, hours: 100 + index })));
    const [hours] = await sql<{ total: string }>('select sum(hours) as total from monthly_hours where placement_id = $1', [parseGlobalId(placementId)!.id]);
    expect(Number(hours!.total)).toBe(12 * 100 + 66);
    expect(await asOwner(differences)).toEqual(EXACT);
  });

  it('all succeed on two placements of each person, and on people at one company (a month each), and leave the sums exact', async () => {
    const s = await setting();
    const reports = [];
    for (let person = 0; person < 4; person += 1) {
      const beneficiaryId = await newPerson(s);
      reports.push({ placementId: await newPlacement(s, beneficiaryId, s.company, ['01', '06']), month: `${s.year}-03-01`, hours: 80 });
      reports.push({ placementId: await newPlacement(s, beneficiaryId, s.other_company, ['07', '12']), month: `${s.year}-09-01`, hours: 90 });
    }
    await reportAtOnce(s, reports);
    expect(await asOwner(differences)).toEqual(EXACT);
  });
});
