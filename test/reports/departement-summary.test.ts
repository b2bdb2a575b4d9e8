import ExcelJS from 'exceljs';
import type { Api } from '../../src/app.js';
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

/** The whole platform and each PLIE's share of it, as the API gives them to the Département. */
async function apiFigures(): Promise<{ whole: Figures; byPlie: Map<string, Figures> }> {
  const response = await execute(api.url, ReportIndicatorsDocument, { scope: { kind: 'EVERYTHING' }, period: { year: YEAR } }, { token: departement });
  expect(response.errors).toBeUndefined();
  const { total, bySignatory } = response.data!.indicators;
  return { whole: total, byPlie: new Map(bySignatory!.map((share) => [share.organisationId, share.indicators])) };
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
    [section, 'Taux de réalisation', total.planned.hours ? total.realised.hours! / total.planned.hours : null],
    [section, 'Participants', total.people.value ?? null],
    [section, 'dont BRSA', valueOf(total.peopleStatuses, 'BRSA')],
    [section, 'dont moins de 26 ans', valueOf(total.youngPeople, 'UNDER_26')],
    [section, 'Sorties dynamiques', DYNAMIC.reduce((sum, [key]) => sum + valueOf(total.exitsByCategory, key)!, 0)],
    ...DYNAMIC.map(([key, label]): Expected => [section, label, valueOf(total.exitsByCategory, key)]),
  ];
}

const WHOLE = 'Ensemble de la plateforme';
const figure = (report: ReadReport, section: string, label: string) => report.sections.get(section)!.get(label)!.value!;

describe("the Département's yearly summary by PLIE and territory", () => {
  let report: ReadReport;
  let fromApi: { whole: Figures; byPlie: Map<string, Figures> };

  beforeAll(async () => {
    report = await downloadBoth(api.url, `/reports/departement.FORMAT?year=${YEAR}`, departement);
    fromApi = await apiFigures();
  });

  it("gives each PLIE exactly the API's figures for its share, each territory its subtotal, and the whole platform's", async () => {
    expect(report.title).toBe(`Synthèse annuelle des PLIE par territoire, ${YEAR}`);
    expect(report.identity).toMatchObject({ Période: `du 01/01/${YEAR} au 31/12/${YEAR}`, 'Base ETP': '1 607 heures', Organisation: 'Département du Pas-de-Calais' });
    expect([...fromApi.byPlie.keys()].sort()).toEqual(plies.map((plie) => plie.id).sort());
    const territories = new Set(plies.map((plie) => plie.territory));
    // The demo has one PLIE per territory: the subtotal is that PLIE's figures.
    expect(territories.size).toBe(plies.length);
    expectFigures(report, [
      ...plies.flatMap((plie) => [
        ...summaryExpected(`${plie.territory} : ${plie.name}`, fromApi.byPlie.get(plie.id)!),
        ...summaryExpected(`${plie.territory} : sous-total`, fromApi.byPlie.get(plie.id)!),
      ]),
      ...summaryExpected(WHOLE, fromApi.whole),
    ]);
  });

  it('is complete: the Département must report these figures, and none is left blank, over the years and semesters the issue found hidden', async () => {
    expect(report.identity['Secret statistique']).toBe('Chiffres exacts.');
    for (const [section, label, value] of summaryExpected(WHOLE, fromApi.whole)) expect([section, label, value === null]).toEqual([section, label, false]);
    for (const period of [{ year: 2023 }, { semester: '2024-S1' }, { semester: '2025-S2' }]) {
      const { data } = await execute(api.url, ReportIndicatorsDocument, { scope: { kind: 'EVERYTHING' }, period }, { token: departement });
      const under26 = data!.indicators.total.youngPeople.find((cell) => cell.key === 'UNDER_26')!;
      expect([period, under26.suppressed, data!.indicators.total.disclosure]).toEqual([period, false, 'EXACT']);
    }
  });

  it("adds up: the PLIEs' hours make the whole platform's, since each person is followed by one PLIE", async () => {
    const [hours] = await sql<{ hours: string }>(
      `select sum(h.hours) as hours from monthly_hours h where h.month >= $1::date and h.month < $2::date`, [`${YEAR}-01-01`, `${YEAR + 1}-01-01`]);
    expect(figure(report, WHOLE, 'Heures réalisées')).toBeCloseTo(Number(hours!.hours), 2);
    const sumOfRows = plies.reduce((sum, plie) => sum + Math.round(figure(report, `${plie.territory} : ${plie.name}`, 'Heures réalisées') * 100), 0) / 100;
    expect(sumOfRows).toBeCloseTo(Number(hours!.hours), 2);
    const planned = plies.reduce((sum, plie) => sum + Math.round(figure(report, `${plie.territory} : ${plie.name}`, 'Heures prévues') * 100), 0) / 100;
    expect(planned).toBeLessThanOrEqual(figure(report, WHOLE, 'Heures prévues'));
  });

  it('puts the PLIEs side by side in the XLSX, one column each and the whole platform last, with the same figures', async () => {
    const response = await downloadReport(api.url, `/reports/departement.xlsx?year=${YEAR}`, departement);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('Côte à côte')!;
    expect(sheet.getRow(1).getCell(1).value).toBe(`Les PLIE côte à côte, ${YEAR}`);
    const header = (sheet.getRow(2).values as ExcelJS.CellValue[]).slice(1);
    expect(header).toEqual(['Libellé', ...[...fromApi.byPlie.keys()].map((id) => plies.find((plie) => plie.id === id)!.name), WHOLE]);
    const sectionOf = (column: string) => (column === WHOLE ? WHOLE : `${plies.find((plie) => plie.name === column)!.territory} : ${column}`);
    const labels = [...report.sections.get(WHOLE)!.keys()];
    expect(sheet.rowCount).toBe(2 + labels.length);
    labels.forEach((label, index) => {
      const cells = (sheet.getRow(3 + index).values as ExcelJS.CellValue[]).slice(1);
      expect(cells).toEqual([label, ...header.slice(1).map((column) => report.sections.get(sectionOf(String(column)))!.get(label)!.value)]);
    });
  });

  it('sums the PLIEs of a territory of several', async () => {
    const [first, second] = plies as [typeof plies[0], typeof plies[0]];
    await sql('update organisation set territory = $1 where id = $2', [first.territory, second.id]);
    try {
      const shared = await downloadBoth(api.url, `/reports/departement.FORMAT?year=${YEAR}`, departement);
      const subtotal = `${first.territory} : sous-total`;
      const sum = (label: string) => [first, second].reduce((total, plie) => total + Math.round(figure(shared, `${first.territory} : ${plie.name}`, label) * 100), 0) / 100;
      for (const label of ['Heures prévues', 'Marchés suivis', 'Heures réalisées']) expect(figure(shared, subtotal, label)).toBe(sum(label));
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
    expect((await downloadReport(api.url, '/reports/departement.csv?year=0000', departement)).status).toBe(400);
  });
});
