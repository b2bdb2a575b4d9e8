/**
 * A report as one worksheet: the title, the identity lines, then each section under a bold title with
 * its rows (libellé, valeur, ETP). Figures are numbers (hours with two decimals, rates as percentages);
 * a suppressed or unknown figure is an empty cell, as the identity line on suppression says. A report with
 * a grid (the PLIEs side by side) has it on a second worksheet.
 */
import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { Report, ReportGrid, RowKind } from './report.js';
import { xlsxWriter } from '../exports/xlsx-writer.js';

const FORMATS: Record<RowKind, string> = { count: '#,##0', hours: '#,##0.00', rate: '0.0%' };
const ETP_FORMAT = '#,##0.00';

export const XLSX_SHEET = 'Rapport';
export const XLSX_GRID_SHEET = 'Côte à côte';

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
  if (report.grid) writeGrid(workbook.addWorksheet(XLSX_GRID_SHEET), report.grid);
  await workbook.commit();
}

/** The grid: a bold title, a header of the columns' names, then one row per figure across them. */
function writeGrid(sheet: ExcelJS.Worksheet, grid: ReportGrid): void {
  sheet.columns = [{ width: 40 }, ...grid.columns.map(() => ({ width: 22 }))];
  const title = sheet.addRow([grid.title]);
  title.font = { bold: true, size: 14 };
  title.commit();
  const header = sheet.addRow(['Libellé', ...grid.columns]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.commit();
  for (const { label, kind, values } of grid.rows) {
    const row = sheet.addRow([label, ...values]);
    values.forEach((_, index) => (row.getCell(index + 2).numFmt = FORMATS[kind]));
    row.commit();
  }
  sheet.commit();
}
