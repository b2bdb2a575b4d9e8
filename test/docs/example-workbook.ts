/**
 * The XLSX example of docs/imports.md: the rows of the CSV example, read as the import reads them, in one sheet
 * whose cells are typed as the XLSX export writes them (dates as Excel dates, numbers as numbers). The test of the
 * documented commands checks that the import reads the same values from the committed workbook as from the CSV; after changing the CSV, write
 * the workbook again with `node_modules/.bin/node dist/test/docs/example-workbook.js` (after `node scripts/build.mjs all`).
 */
import ExcelJS from 'exceljs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { columnOfHeader } from '../../src/imports/spreadsheet/columns.js';
import { openSpreadsheet } from '../../src/imports/spreadsheet/sources.js';
import { isBlank, text, type Cell } from '../../src/imports/spreadsheet/values.js';

export const EXAMPLE_CSV = path.join(PROJECT_ROOT, 'docs', 'examples', 'suivi-exemple.csv');
export const EXAMPLE_XLSX = path.join(PROJECT_ROOT, 'docs', 'examples', 'suivi-exemple.xlsx');

/** The lines of a file's sheets, one after the other, as the import reads them. */
async function spreadsheetRows(file: string): Promise<Cell[][]> {
  const lines: Cell[][] = [];
  for await (const sheet of (await openSpreadsheet(file, path.basename(file))).sheets) {
    for await (const { cells } of sheet.rows) lines.push(cells);
  }
  return lines;
}

/** Each column of a header line, as the import recognises it. */
function columnsOf(file: string, header: Cell[]) {
  return header.map((name) => {
    const column = columnOfHeader(text(name));
    if (!column) throw new Error(`${file} : l'import ne connaît pas la colonne « ${text(name)} »`);
    return column;
  });
}

/** A file's lines as the import understands them: each value read by its column (null when blank). */
export async function valuesRead(file: string): Promise<unknown[][]> {
  const [header = [], ...lines] = await spreadsheetRows(file);
  const columns = columnsOf(file, header);
  return lines.map((cells) => columns.map((column, index) => (isBlank(cells[index]) ? null : column.kind.read(cells[index]))));
}

/** The workbook's rows: the CSV's header, then each line with its cells typed by their column. */
async function exampleRows(): Promise<Cell[][]> {
  const [header = [], ...lines] = await spreadsheetRows(EXAMPLE_CSV);
  const columns = columnsOf(EXAMPLE_CSV, header);
  return [
    columns.map((column) => column.header),
    ...lines.map((cells) => columns.map((column, index) => {
      const cell = cells[index];
      return isBlank(cell) ? null : column.kind.write(column.kind.read(cell), 'xlsx');
    })),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Strings in their cells: exceljs's streaming reader may read a sheet as empty when sharedStrings.xml follows it in the zip (exceljs #683).
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: EXAMPLE_XLSX, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Suivi');
  for (const row of await exampleRows()) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  console.log(`${EXAMPLE_XLSX} écrit`);
}
