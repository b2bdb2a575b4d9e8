/**
 * A report as one worksheet: the title, the identity lines, then each section under a bold title with
 * its rows (libellé, valeur, ETP). Figures are numbers (hours with two decimals, rates as percentages);
 * a suppressed or unknown figure is an empty cell, as the identity line on suppression says.
 */
import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { Report, RowKind } from './report.js';
import { xlsxWriter } from '../exports/xlsx-writer.js';

const FORMATS: Record<RowKind, string> = { count: '#,##0', hours: '#,##0.00', rate: '0.0%' };
const ETP_FORMAT = '#,##0.00';

export const XLSX_SHEET = 'Rapport';

export async function writeReportXlsx(report: Report, out: Writable): Promise<void> {
  const workbook = await xlsxWriter(out);
  const sheet = workbook.addWorksheet(XLSX_SHEET);
  sheet.columns = [{ width: 70 }, { width: 18 }, { width: 12 }];
  const bold = (row: ExcelJS.Row, size?: number) => {
    row.font = { bold: true, ...(size ? { size } : {}) };
    row.commit();
  };
  bold(sheet.addRow([report.title]), 14);
  for (const line of report.identity) sheet.addRow([line.label, line.text]).commit();
  for (const section of report.sections) {
    sheet.addRow([]).commit();
    bold(sheet.addRow([section.title]));
    bold(sheet.addRow(['Libellé', 'Valeur', 'ETP']));
    for (const { label, value, kind, etp } of section.rows) {
      const row = sheet.addRow([label, value, etp ?? null]);
      row.getCell(2).numFmt = FORMATS[kind];
      if (etp !== undefined) row.getCell(3).numFmt = ETP_FORMAT;
      row.commit();
    }
  }
  sheet.commit();
  await workbook.commit();
}
