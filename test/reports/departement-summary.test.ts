import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { ReportIndicatorsDocument, type ReportIndicatorsQuery } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';
import { downloadBoth, downloadReport, expectFigures, type Expected, type ReadReport } from './report-files.js';

type Figures = ReportIndicatorsQuery['indicators']['total'];

let api: Api;
let departement: string;
let plies: { id: string; name: string; territory: string }[];
const YEAR = 2025;

/** The token of a demo user whose only active membership is in an organisation of that kind. */
async function tokenOfKind(kind: string): Promise<string> {
  const [row] = await sql<{ email: string }>(
    `select u.email from app_user u join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
      where o.kind = $1 and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
      order by u.email limit 1`, [kind]);
  return tokenFor(row!.email);
}

beforeAll(async () => {
  api = await startTestApi();
  departement = await tokenOfKind('DEPARTEMENT');
  plies = await sql<{ id: string; name: string; territory: string }>(`select id, name, territory from organisation where kind = 'PLIE' order by name`);
});
afterAll(() => api.close());

async function apiTotal(scope: { kind: string; id?: string }): Promise<Figures> {
  const response = await execute(api.url, ReportIndicatorsDocument, { scope: scope as never, period: { year: YEAR } }, { token: departement });
  expect(response.errors).toBeUndefined();
  return response.data!.indicators.total;
}

const valueOf = (cells: readonly { key: string; value?: number | null }[], key: string) => cells.find((cell) => cell.key === key)!.value ?? null;
const DYNAMIC = [['DURABLE_JOB', 'dont emploi durable'], ['TRANSITION_JOB', 'dont emploi de transition'], ['POSITIVE_EXIT', 'dont sortie positive']] as const;

/** What a PLIE's section (or the whole's) must say, straight from the API's answer. */
function summaryExpected(section: string, total: Figures): Expected[] {
  return [
    [section, 'Heures prévues', total.planned.hours, total.planned.etp],
    [section, 'Marchés suivis', total.marketsByClause.reduce((sum, cell) => sum + cell.value!, 0)],
    ...total.marketsByClause.map((cell): Expected => [section, `dont ${cell.label}`, cell.value!]),
    [section, 'Heures réalisées', total.realised.hours, total.realised.etp],
    [section, 'Participants', total.people.value ?? null],
    [section, 'dont BRSA', valueOf(total.peopleStatuses, 'BRSA')],
    [section, 'dont moins de 26 ans', valueOf(total.youngPeople, 'UNDER_26')],
    [section, 'Sorties dynamiques', DYNAMIC.reduce((sum, [key]) => sum + valueOf(total.exitsByCategory, key)!, 0)],
    ...DYNAMIC.map(([key, label]): Expected => [section, label, valueOf(total.exitsByCategory, key)]),
  ];
}

const WHOLE = 'Ensemble (chaque heure et chaque personne comptées une fois)';
const figure = (report: ReadReport, section: string, label: string) => report.sections.get(section)!.get(label)!.value!;

describe("the Département's yearly summary by PLIE and territory", () => {
  let report: ReadReport;
  let byPlie: Map<string, Figures>;

  beforeAll(async () => {
    report = await downloadBoth(api.url, `/reports/departement.FORMAT?year=${YEAR}`, departement);
    byPlie = new Map();
    for (const plie of plies) byPlie.set(plie.id, await apiTotal({ kind: 'ORGANISATION', id: toGlobalId('Organisation', plie.id) }));
  });

  it("gives each PLIE exactly the API's figures for it as an organisation, each territory its subtotal, and the whole platform's", async () => {
    expect(report.title).toBe(`Synthèse annuelle des PLIE par territoire, ${YEAR}`);
    expect(report.identity).toMatchObject({ Période: `du 01/01/${YEAR} au 31/12/${YEAR}`, 'Base ETP': '1 607 heures', Organisation: 'Département du Pas-de-Calais' });
    const territories = new Set(plies.map((plie) => plie.territory));
    // The demo has one PLIE per territory: the subtotal is that PLIE's figures.
    expect(territories.size).toBe(plies.length);
    expectFigures(report, [
      ...plies.flatMap((plie) => [
        ...summaryExpected(`${plie.territory} : ${plie.name}`, byPlie.get(plie.id)!),
        ...summaryExpected(`${plie.territory} : sous-total`, byPlie.get(plie.id)!),
      ]),
      ...summaryExpected(WHOLE, await apiTotal({ kind: 'EVERYTHING' })),
    ]);
  });

  it('counts each person once in the whole, though someone may work on the market of a PLIE that does not follow them', async () => {
    const [people] = await sql<{ count: number }>(
      `select count(distinct p.beneficiary_id)::int as count from monthly_hours h join placement p on p.id = h.placement_id
        where h.month >= $1::date and h.month < $2::date and h.hours > 0`, [`${YEAR}-01-01`, `${YEAR + 1}-01-01`]);
    expect(figure(report, WHOLE, 'Participants')).toBe(people!.count);
    const sumOfRows = plies.reduce((sum, plie) => sum + figure(report, `${plie.territory} : ${plie.name}`, 'Participants'), 0);
    expect(sumOfRows).toBeGreaterThan(people!.count);
    const planned = plies.reduce((sum, plie) => sum + Math.round(figure(report, `${plie.territory} : ${plie.name}`, 'Heures prévues') * 100), 0) / 100;
    expect(planned).toBeLessThanOrEqual(figure(report, WHOLE, 'Heures prévues'));
  });

  it('adds up, in a territory of several PLIEs, only the planned hours and the markets', async () => {
    const [first, second] = plies as [typeof plies[0], typeof plies[0]];
    await sql('update organisation set territory = $1 where id = $2', [first.territory, second.id]);
    try {
      const shared = await downloadBoth(api.url, `/reports/departement.FORMAT?year=${YEAR}`, departement);
      const subtotal = [...shared.sections.keys()].find((title) => title.startsWith(`${first.territory} : sous-total (`))!;
      expect(subtotal).toBeDefined();
      const sum = (label: string) => [first, second].reduce((total, plie) => total + Math.round(figure(shared, `${first.territory} : ${plie.name}`, label) * 100), 0) / 100;
      const additive = [...report.sections.get(WHOLE)!.keys()].slice(0, 6);
      expect([...shared.sections.get(subtotal)!.keys()]).toEqual(additive);
      for (const label of additive) expect(figure(shared, subtotal, label)).toBe(sum(label));
      expect(shared.sections.get(subtotal)!.get('Heures prévues')!.etp).toBe(Math.round((sum('Heures prévues') / 1607) * 100) / 100);
    } finally {
      await sql('update organisation set territory = $1 where id = $2', [second.territory, second.id]);
    }
  });

  it('is for the Département only (403), needs a token (401) and a year (400)', async () => {
    const buyer = await tokenOfKind('BAILLEUR');
    const refused = await downloadReport(api.url, `/reports/departement.xlsx?year=${YEAR}`, buyer);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('Seul le Département consulte la synthèse annuelle des PLIE');
    expect((await downloadReport(api.url, `/reports/departement.csv?year=${YEAR}`)).status).toBe(401);
    const bad = await downloadReport(api.url, '/reports/departement.csv?year=deux-mille', departement);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe("Indiquez l'année sur quatre chiffres (year=2025)");
  });
});
