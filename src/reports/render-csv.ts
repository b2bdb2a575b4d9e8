/**
 * A report as CSV the way French Excel opens it: `;`, UTF-8 with a byte-order mark, CRLF, decimal comma.
 * Columns section;libellé;valeur;ETP; the title and identity lines come first, as section « Identification ».
 * A suppressed or unknown figure is an empty value; a text a spreadsheet would run as a formula is neutralised.
 */
import { excelCsv } from '../exports/excel-csv.js';
import { decimalComma } from '../reporting/labels.js';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Report } from './report.js';

export const CSV_HEADER = ['section', 'libellé', 'valeur', 'ETP'];
export const IDENTITY_SECTION = 'Identification';

const decimal = (value: number | null | undefined) => (value === null || value === undefined ? '' : decimalComma(value));

function* records(report: Report): Iterable<string[]> {
  yield [IDENTITY_SECTION, 'Rapport', report.title, ''];
  for (const line of report.identity) yield [IDENTITY_SECTION, line.label, line.text, ''];
  for (const section of report.sections) {
    for (const row of section.rows) yield [section.title, row.label, decimal(row.value), decimal(row.etp)];
  }
}

export async function writeReportCsv(report: Report, out: Writable): Promise<void> {
  const csv = excelCsv(CSV_HEADER);
  await pipeline(records(report), csv, out);
}
