/**
 * The lines an import refused, as they were in the spreadsheet, kept with the job so that the person who sent the
 * file downloads them with the reason of each refusal (GET /exports/import-refused.csv or .xlsx?id=…), fixes them
 * in Excel and sends that file back: the reason's column, « Motif du refus », is not one the import reads, so it is
 * ignored. The server keeps them because it alone knows the rows as it numbered and read them (a line break within
 * quotes, the sheets of a workbook). At most MAX_KEPT_REFUSED_ROWS lines and MAX_KEPT_REFUSED_CHARS of cells are kept; the
 * job's counts say how many there were.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { excelCsv } from '../exports/excel-csv.js';
import { xlsxWriter } from '../exports/xlsx-writer.js';
import type { ImportProblemRecord } from '../db/entities/index.js';
import type { Cell } from './spreadsheet/values.js';

/**
 * Days the refused lines of a job stay downloadable: they hold the identity and statuses of the people of those lines,
 * and serve only to fix the file just sent. Older ones are cleared when the organisation's next import ends.
 */
export const REFUSED_ROWS_KEPT_DAYS = 7;

/** Refused lines kept with a job (beyond, they are counted and listed in the problems, not kept). */
export const MAX_KEPT_REFUSED_ROWS = 10_000;
/**
 * Characters of cells kept with a job, all lines together: a line may hold a megabyte (IMPORT_LIMITS.lineChars), and
 * ten thousand such lines would be held in memory, then written to the job. Beyond it, lines are no longer kept.
 */
export const MAX_KEPT_REFUSED_CHARS = 32 * 1024 * 1024;
export const REASON_HEADER = 'Motif du refus';

/** A cell as JSON keeps it: a date as `{ date: ISO }`. */
export type KeptCell = string | number | boolean | null | { date: string };

export interface RefusedRow {
  /** The row as the spreadsheet shows it. */
  row: number;
  cells: KeptCell[];
  reason: string;
}

export interface RefusedSheet {
  sheet: string;
  header: KeptCell[];
  rows: RefusedRow[];
}

/** A cell as JSON keeps it; a NUL character, which jsonb cannot hold (the line was refused for it), is dropped. */
export const keptCell = (cell: Cell): KeptCell => {
  if (cell instanceof Date) return { date: cell.toISOString() };
  return typeof cell === 'string' ? cell.replaceAll('\0', '') : cell ?? null;
};
const cellOf = (cell: KeptCell): string | number | boolean | Date | null =>
  (cell !== null && typeof cell === 'object' ? new Date(cell.date) : cell);

/** The reason of a refusal, in French: each problem of the line, its column first. */
export function reasonOf(problems: ImportProblemRecord[]): string {
  return problems.map((problem) => (problem.column ? `${problem.column} : ${problem.message}` : problem.message)).join(' ; ');
}

/** Collects the refused lines as the import reads and checks them, sheet by sheet, up to the limit. */
export class RefusedRows {
  private readonly sheets = new Map<string, RefusedSheet>();
  private kept = 0;
  private keptChars = 0;

  add(sheet: string, header: Cell[], row: number, cells: Cell[], problems: ImportProblemRecord[]): void {
    const chars = cells.reduce((sum: number, cell) => sum + (typeof cell === 'string' ? cell.length : 1), 0);
    if (this.kept >= MAX_KEPT_REFUSED_ROWS || this.keptChars + chars > MAX_KEPT_REFUSED_CHARS) return;
    this.kept += 1;
    this.keptChars += chars;
    let entry = this.sheets.get(sheet);
    if (!entry) this.sheets.set(sheet, (entry = { sheet, header: header.map(keptCell), rows: [] }));
    entry.rows.push({ row, cells: cells.map(keptCell), reason: reasonOf(problems) });
  }

  get all(): RefusedSheet[] {
    return [...this.sheets.values()];
  }
}

/** The columns written: the sheet's own (trailing empty headers dropped), then the reason. */
function widthOf(sheet: RefusedSheet): number {
  let width = sheet.header.length;
  while (width > 0 && (sheet.header[width - 1] === null || sheet.header[width - 1] === '')) width -= 1;
  return Math.max(width, ...sheet.rows.map((row) => row.cells.length));
}

const asText = (cell: KeptCell): string => {
  if (cell === null) return '';
  if (typeof cell === 'object') {
    const date = new Date(cell.date);
    return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
  }
  if (typeof cell === 'number') return String(cell).replace('.', ',');
  return String(cell);
};

/**
 * A CSV as French Excel opens it (`;`, UTF-8 with a byte-order mark): the refused lines of a CSV file, its header
 * first, then « Motif du refus ». A CSV has one sheet.
 */
export async function writeRefusedCsv(sheets: RefusedSheet[], out: Writable): Promise<void> {
  const sheet = sheets[0] ?? { sheet: '', header: [], rows: [] };
  const width = widthOf(sheet);
  const header = [...Array.from({ length: width }, (_, index) => asText(sheet.header[index] ?? null)), REASON_HEADER];
  async function* records() {
    for (const row of sheet.rows) yield [...Array.from({ length: width }, (_, index) => asText(row.cells[index] ?? null)), row.reason];
  }
  await pipeline(records, excelCsv(header), out);
}

/** A workbook of the refused lines: one sheet per sheet of the file that had any, its header and « Motif du refus » last. */
export async function writeRefusedXlsx(sheets: RefusedSheet[], out: Writable): Promise<void> {
  const workbook = await xlsxWriter(out);
  const written = sheets.length ? sheets : [{ sheet: 'Lignes refusées', header: [], rows: [] }];
  for (const sheet of written) {
    const width = widthOf(sheet);
    const worksheet = workbook.addWorksheet(sheet.sheet.slice(0, 31) || 'Feuille');
    worksheet.addRow([...Array.from({ length: width }, (_, index) => cellOf(sheet.header[index] ?? null)), REASON_HEADER]).commit();
    for (const row of sheet.rows) {
      // A text is written as a string cell, never as a formula.
      worksheet.addRow([...Array.from({ length: width }, (_, index) => cellOf(row.cells[index] ?? null)), row.reason]).commit();
    }
    worksheet.commit();
  }
  await workbook.commit();
}
