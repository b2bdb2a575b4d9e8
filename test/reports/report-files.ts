/** Downloading a report as a client does, and reading it back from either format into one shape. */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export interface ReportFigure {
  value: number | null;
  etp: number | null;
}

export interface ReadReport {
  title: string;
  identity: Record<string, string>;
  /** Section title → row label → figure, in the file's order. */
  sections: Map<string, Map<string, ReportFigure>>;
}

export async function downloadReport(baseUrl: string, path: string, token?: string): Promise<Response> {
  return fetch(new URL(path, baseUrl), { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

function addFigure(report: ReadReport, section: string, label: string, figure: ReportFigure): void {
  if (!report.sections.has(section)) report.sections.set(section, new Map());
  const rows = report.sections.get(section)!;
  if (rows.has(label)) throw new Error(`two rows « ${label} » in « ${section} »`);
  rows.set(label, figure);
}

const decimal = (text: string) => (text === '' ? null : Number(text.replace(',', '.')));

export function readCsv(file: Buffer): ReadReport {
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...records] = parse(file, { delimiter: ';', bom: true }) as string[][];
  expect(header).toEqual(['section', 'libellé', 'valeur', 'ETP']);
  const report: ReadReport = { title: '', identity: {}, sections: new Map() };
  for (const [section, label, value, etp] of records as [string, string, string, string][]) {
    if (section !== 'Identification') addFigure(report, section, label, { value: decimal(value), etp: decimal(etp) });
    else if (label === 'Rapport') report.title = value;
    else report.identity[label] = value;
  }
  return report;
}

const numberOrNull = (value: ExcelJS.CellValue) => (value === null || value === undefined ? null : (value as number));

/** The sheet: title, identity lines, then after each empty row a bold section title, a header, the rows. */
export async function readXlsx(file: Buffer): Promise<ReadReport> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Rapport')!;
  const rows: ExcelJS.Row[] = [];
  for (let number = 1; number <= sheet.rowCount; number += 1) rows.push(sheet.getRow(number));
  const report: ReadReport = { title: String(rows[0]!.getCell(1).value), identity: {}, sections: new Map() };
  let section: string | null = null;
  for (let index = 1; index < rows.length; index += 1) {
    const row = rows[index]!;
    const label = row.getCell(1).value;
    if (label === null || label === undefined) {
      section = String(rows[index + 1]!.getCell(1).value);
      expect(rows[index + 1]!.font?.bold).toBe(true);
      expect(rows[index + 2]!.getCell(1).value).toBe('Libellé');
      index += 2;
    } else if (section === null) {
      report.identity[String(label)] = String(row.getCell(2).value);
    } else {
      const value = row.getCell(2).value;
      if (value !== null && typeof value !== 'number') throw new Error(`« ${String(label)} » is not a number: ${String(value)}`);
      addFigure(report, section, String(label), { value: numberOrNull(value), etp: numberOrNull(row.getCell(3).value) });
    }
  }
  return report;
}

/** Both formats of a report, checked to say the same (but the time they were made). */
export async function downloadBoth(baseUrl: string, path: string, token: string): Promise<ReadReport> {
  const [csv, xlsx] = await Promise.all(['csv', 'xlsx'].map(async (format) => {
    const response = await downloadReport(baseUrl, path.replace('.FORMAT', `.${format}`), token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename=".+\\.${format}"`));
    return Buffer.from(await response.arrayBuffer());
  })) as [Buffer, Buffer];
  const fromCsv = readCsv(csv);
  const fromXlsx = await readXlsx(xlsx);
  const { 'Édité le': _csvDate, ...csvIdentity } = fromCsv.identity;
  const { 'Édité le': _xlsxDate, ...xlsxIdentity } = fromXlsx.identity;
  expect(xlsxIdentity).toEqual(csvIdentity);
  expect(fromXlsx.title).toBe(fromCsv.title);
  expect(fromXlsx.sections).toEqual(fromCsv.sections);
  return fromCsv;
}

/** A row the report must hold: section, label, and the API's value (and ETP for hours). */
export type Expected = [section: string, label: string, value: number | null, etp?: number];

/** Every expected row is in the report with the API's number, and the report holds no other row. */
export function expectFigures(report: ReadReport, expected: readonly Expected[]): void {
  for (const [section, label, value, etp] of expected) {
    const figure = report.sections.get(section)?.get(label);
    expect({ section, label, figure }).toEqual({ section, label, figure: { value, etp: etp ?? null } });
  }
  const rowCount = [...report.sections.values()].reduce((sum, rows) => sum + rows.size, 0);
  expect(rowCount).toBe(new Set(expected.map(([section, label]) => `${section}\u0000${label}`)).size);
}
