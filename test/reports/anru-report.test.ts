import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { CALAIS_CHARTER_NAME } from '../../seeds/demo/charters.js';
import { ReportIndicatorsDocument, type ReportIndicatorsQuery } from '../generated/graphql.js';
import { execute, startTestApi, testDataDir, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';
import { downloadBoth, downloadReport, expectFigures, readCsv, type Expected } from './report-files.js';

type Figures = ReportIndicatorsQuery['indicators']['total'];

let api: Api;
let charter: { id: string; coordinator_id: string };
const charterId = () => toGlobalId('Charter', charter.id);

beforeAll(async () => {
  api = await startTestApi();
  [charter] = (await sql<{ id: string; coordinator_id: string }>('select id, coordinator_id from charter where name = $1', [CALAIS_CHARTER_NAME])) as [typeof charter];
});
afterAll(() => api.close());

/** A demo user whose only active membership is in an organisation matching the condition. */
async function memberOf(where: string, params: unknown[]): Promise<{ email: string; token: string; organisation: string }> {
  const [row] = await sql<{ email: string; name: string }>(
    `select u.email, o.name from app_user u join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
      where ${where} and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
      order by o.name, u.email limit 1`, params);
  return { email: row!.email, token: await tokenFor(row!.email), organisation: row!.name };
}

const hours = (section: string, cells: readonly { label: string; hours: number | null; etp: number | null }[]): Expected[] =>
  cells.map((cell) => [section, cell.label, cell.hours, cell.etp ?? undefined]);
const counts = (section: string, cells: readonly { label: string; value?: number | null }[]): Expected[] =>
  cells.map((cell) => [section, cell.label, cell.value ?? null]);
const valueOf = (cells: readonly { key: string; value?: number | null }[], key: string) => cells.find((cell) => cell.key === key)!.value ?? null;

/** Hours of some natures, and their ETP, as the report adds them. */
function natureHours(cells: Figures['hoursByNature'], keys: string[], etpBase: number): [number, number] {
  const sum = keys.reduce((total, key) => total + Math.round(cells.find((cell) => cell.key === key)!.hours! * 100), 0) / 100;
  return [sum, Math.round((sum / etpBase) * 100) / 100];
}

/** What the ANRU report must say, straight from the API's answer. */
function anruExpected(total: Figures, etpBase: number): Expected[] {
  const natures = (section: string, figure: { hours: number; etp: number }, cells: Figures['hoursByNature']): Expected[] => [
    [section, 'Toutes natures', figure.hours, figure.etp],
    [section, 'Travaux et ingénierie', ...natureHours(cells, ['WORKS', 'ENGINEERING'], etpBase)],
    ...hours(section, cells),
  ];
  const qpvCells = total.peopleByQpv.filter((cell) => cell.key !== 'NONE');
  const dynamicCells = ['DURABLE_JOB', 'TRANSITION_JOB', 'POSITIVE_EXIT'].map((key) => valueOf(total.exitsByCategory, key));
  const dynamic = dynamicCells.includes(null) ? null : dynamicCells.reduce((sum, value) => sum! + value!, 0);
  return [
    ...natures("Heures d'insertion réalisées", total.realised, total.hoursByNature),
    ...natures("Heures d'insertion prévues (clauses entières des marchés en cours)", total.planned, total.plannedByNature),
    ['Marchés en cours', "Heures indiquées par l'acheteur", total.planned.marketsStated],
    ['Marchés en cours', 'Heures calculées (montant × taux de main-d’œuvre × taux d’insertion ÷ coût horaire)', total.planned.marketsComputed],
    ['Marchés en cours', 'Heures inconnues', total.planned.marketsUnknown],
    ...counts('Marchés en cours', total.marketsByClause),
    ...hours('Heures par modalité', total.hoursByModality),
    ...hours('Heures par type de contrat', total.hoursByContractType),
    ['Entreprises par type', 'Toutes les entreprises', total.companies],
    ...counts('Entreprises par type', total.companiesByKind),
    ...counts('Entreprises par effectif', total.companiesByHeadcount),
    ...counts('Entreprises par secteur (division NAF)', total.companiesBySector),
    ['Participants', 'Participants', total.people.value ?? null],
    ...counts('Participants', total.youngPeople),
    ['Participants', "Résidents d'un quartier prioritaire (QPV)", qpvCells.some((cell) => cell.suppressed) ? null : qpvCells.reduce((sum, cell) => sum + cell.value!, 0)],
    ...counts('Participants', total.peopleStatuses),
    ...counts('Participants par sexe', total.peopleBySex),
    ...counts("Participants par âge à l'entrée", total.peopleByAgeBand),
    ...counts('Participants par quartier de résidence', total.peopleByQpv),
    ['Contrats par type', 'Tous les contrats', total.contracts.value ?? null],
    ...counts('Contrats par type', total.contractsByType),
    ...counts('Contrats par durée', total.contractsByDuration),
    ['Sorties', 'Toutes les sorties', total.exits.value ?? null],
    ['Sorties', 'Sorties dynamiques', dynamic],
    ...counts('Sorties', total.exitsByCategory),
    ...total.targets.flatMap((target): Expected[] => [
      ['Objectifs de la charte', `${target.label} : objectif`, target.target],
      ['Objectifs de la charte', `${target.label} : atteint`, target.achieved ?? null],
      ['Objectifs de la charte', `${target.label} : avancement`, target.progress ?? null],
    ]),
  ];
}

async function apiTotal(token: string, semester: string, etpBase?: number) {
  const response = await execute(api.url, ReportIndicatorsDocument, { scope: { kind: 'CHARTER', id: charterId() }, period: { semester }, etpBase }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.indicators;
}

describe('the ANRU semester report of a charter', () => {
  it("gives the charter's coordinator, in both formats, exactly the API's figures for the charter as a whole", async () => {
    const coordinator = await memberOf('o.id = $1', [charter.coordinator_id]);
    const report = await downloadBoth(api.url, `/reports/anru.FORMAT?charter=${charterId()}&semester=2025-S1`, coordinator.token);
    const indicators = await apiTotal(coordinator.token, '2025-S1');
    expect(report.title).toBe(`Rapport semestriel ANRU : ${CALAIS_CHARTER_NAME}, 2025-S1`);
    expect(report.identity).toMatchObject({
      Périmètre: CALAIS_CHARTER_NAME, Période: 'du 01/01/2025 au 30/06/2025', 'Base ETP': '1 607 heures', Organisation: coordinator.organisation,
    });
    expect(report.identity['Édité le']).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    // The coordinator must send this report: every figure exact, none left blank.
    expect(report.identity['Secret statistique']).toBe('Chiffres exacts.');
    expect(indicators.total.realised.hours).toBeGreaterThan(0);
    const expected = anruExpected(indicators.total, 1607);
    expect(expected.filter(([section, , value]) => value === null && !section.startsWith('Objectifs'))).toEqual([]);
    expectFigures(report, expected);
  });

  it("gives a buyer that signed the charter the same figures, protected as the API protects them, on the ETP base asked", async () => {
    const buyer = await memberOf(`o.kind = 'BAILLEUR' and o.id in (select organisation_id from charter_signatory where charter_id = $1)`, [charter.id]);
    const report = await downloadBoth(api.url, `/reports/anru.FORMAT?charter=${charterId()}&semester=2024-S2&etpBase=1820`, buyer.token);
    const indicators = await apiTotal(buyer.token, '2024-S2', 1820);
    expect(report.identity).toMatchObject({ Période: 'du 01/07/2024 au 31/12/2024', 'Base ETP': '1 820 heures', Organisation: buyer.organisation });
    expectFigures(report, anruExpected(indicators.total, 1820));
    expect(report.identity['Secret statistique']).toMatch(/perturbés de ±2 au plus.*masqués sous 5/);
    const suppressed = [...indicators.total.peopleByAgeBand, ...indicators.total.peopleByQpv].filter((cell) => cell.suppressed);
    expect(suppressed.length).toBeGreaterThan(0);
  });

  it('is refused without a token (401), for a charter the viewer may not see (404), and with bad parameters (400)', async () => {
    const path = `/reports/anru.csv?charter=${charterId()}&semester=2025-S1`;
    expect((await downloadReport(api.url, path)).status).toBe(401);
    const outsider = await memberOf(`o.kind = 'PLIE' and o.id not in (select organisation_id from charter_signatory where charter_id = $1)`, [charter.id]);
    const hidden = await downloadReport(api.url, path, outsider.token);
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('NOT_FOUND');
    const coordinator = await memberOf('o.id = $1', [charter.coordinator_id]);
    for (const [query, field] of [
      [`charter=${charterId()}&semester=2025-S3`, 'semester'],
      [`charter=${toGlobalId('Market', charter.id)}&semester=2025-S1`, 'charter'],
      [`charter=${charterId()}&semester=2025-S1&etpBase=0`, 'etpBase'],
    ] as const) {
      const response = await downloadReport(api.url, `/reports/anru.xlsx?${query}`, coordinator.token);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string; problems: { field: string }[] } }[] };
      expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0]!.extensions.problems.map((problem) => problem.field)).toEqual([field]);
    }
    expect((await downloadReport(api.url, `/reports/anru.pdf?charter=${charterId()}&semester=2025-S1`, coordinator.token)).status).toBe(404);
  });

  it('is written by `npm run report`, a client of the API', async () => {
    const coordinator = await memberOf('o.id = $1', [charter.coordinator_id]);
    const out = join(tmpdir(), `rapport-anru-${process.pid}.csv`);
    try {
      await promisify(execFile)(process.execPath, [
        join(process.cwd(), 'dist/src/cli/report.js'), 'anru', '--charter', charterId(), '--semester', '2025-S1', '--format', 'csv',
        '--out', out, '--url', api.url, '--token', coordinator.token,
      ], { env: { ...process.env, NODE_ENV: 'test', DATA_DIR: testDataDir() } });
      const report = readCsv(await readFile(out));
      expectFigures(report, anruExpected((await apiTotal(coordinator.token, '2025-S1')).total, 1607));
    } finally {
      await rm(out, { force: true });
    }
  });
});
