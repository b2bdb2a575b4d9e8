import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';

/**
 * A streaming XLSX workbook written to `out`, cells as inline strings. exceljs is loaded on first use:
 * it is a large library (a second or more of module loading) that only the XLSX exports and reports
 * need, so the server and the command-line tools start without it.
 */
export async function xlsxWriter(out: Writable): Promise<ExcelJS.stream.xlsx.WorkbookWriter> {
  const { default: exceljs } = await import('exceljs');
  return new exceljs.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
}
