/**
 * An XLSX workbook read part by part, in the order the data needs whatever the order of the zip:
 * the package's relationships, the workbook (its sheets, in order), the shared strings, then each sheet
 * as a stream of rows. Memory holds the shared strings (bounded) and one row.
 */
import { describe, FileRefused, IMPORT_LIMITS } from '../../limits.js';
import type { Cell } from '../values.js';
import type { Sheet, SourceRow } from '../sources.js';
import { cellValue, columnOfReference, partPath, relationshipsOf } from './cells.js';
import { attribute, xmlEvents } from './xml.js';
import type { ZipParts } from './zip.js';

const OFFICE_DOCUMENT = /\/officeDocument$/;
const SHARED_STRINGS = /\/sharedStrings$/;
const DEFAULT_WORKBOOK = 'xl/workbook.xml';

interface Relationship { type: string; target: string }

export const tooManyColumns = (sheet: string, row: number) =>
  new FileRefused(`La ligne ${row} de « ${sheet} » a plus de ${describe.number(IMPORT_LIMITS.columns)} colonnes : le fichier n'a pas été lu`);
export const lineTooLong = (sheet: string, row: number) =>
  new FileRefused(`La ligne ${row} de « ${sheet} » dépasse ${describe.number(IMPORT_LIMITS.lineChars)} caractères : le fichier n'a pas été lu`);

async function relationships(zip: ZipParts, part: string): Promise<Map<string, Relationship>> {
  const found = new Map<string, Relationship>();
  const path = relationshipsOf(part);
  if (!zip.has(path)) return found;
  for await (const event of xmlEvents(await zip.stream(path), path)) {
    if (event.kind !== 'open' || event.name !== 'Relationship') continue;
    const { Id: id, Type: type = '', Target: target } = event.attributes;
    if (id && target) found.set(id, { type, target: event.attributes.TargetMode === 'External' ? '' : partPath(part, target) });
  }
  return found;
}

async function workbookPath(zip: ZipParts): Promise<string> {
  const root = await relationships(zip, '');
  const declared = [...root.values()].find((relationship) => OFFICE_DOCUMENT.test(relationship.type))?.target;
  const path = declared ?? DEFAULT_WORKBOOK;
  if (!zip.has(path)) throw new FileRefused("Le fichier n'est pas un classeur XLSX : il n'a pas de partie classeur (xl/workbook.xml)");
  return path;
}

async function sheetsOf(zip: ZipParts, workbook: string, parts: Map<string, Relationship>): Promise<{ name: string; path: string }[]> {
  const sheets: { name: string; path: string }[] = [];
  for await (const event of xmlEvents(await zip.stream(workbook), workbook)) {
    if (event.kind !== 'open' || event.name !== 'sheet') continue;
    const path = parts.get(attribute(event.attributes, 'id') ?? '')?.target;
    // A chart sheet or a sheet without its part has no rows to read.
    if (path && zip.has(path) && !path.includes('chartsheets/')) sheets.push({ name: event.attributes.name ?? `Feuille ${sheets.length + 1}`, path });
  }
  if (!sheets.length) throw new FileRefused("Le classeur n'a aucune feuille lisible : rien n'a été importé");
  return sheets;
}

async function sharedStrings(zip: ZipParts, path: string | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!path || !zip.has(path)) return strings;
  let chars = 0;
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  for await (const event of xmlEvents(await zip.stream(path), path)) {
    if (event.kind === 'open') {
      if (event.name === 'si') current = '';
      else if (event.name === 'rPh') phonetic += 1;
      else if (event.name === 't') inText = phonetic === 0;
    } else if (event.kind === 'close') {
      if (event.name === 'si' && current !== null) {
        if (strings.length >= IMPORT_LIMITS.sharedStrings) {
          throw new FileRefused(`Le classeur a plus de ${describe.number(IMPORT_LIMITS.sharedStrings)} textes partagés : il n'a pas été lu`);
        }
        strings.push(current);
        current = null;
      } else if (event.name === 'rPh') phonetic -= 1;
      else if (event.name === 't') inText = false;
    } else if (inText && current !== null) {
      chars += event.text.length;
      if (chars > IMPORT_LIMITS.sharedStringsChars) {
        throw new FileRefused(`Les textes partagés du classeur dépassent ${describe.number(IMPORT_LIMITS.sharedStringsChars)} caractères : il n'a pas été lu`);
      }
      current += event.text;
    }
  }
  return strings;
}

async function* rowsOf(zip: ZipParts, sheet: { name: string; path: string }, strings: readonly string[]): AsyncIterable<SourceRow> {
  let row: SourceRow | null = null;
  let rowNumber = 0;
  let rowChars = 0;
  let cell: { column: number; type: string | undefined; text: string } | null = null;
  let nextColumn = 0;
  let collecting = false;
  for await (const event of xmlEvents(await zip.stream(sheet.path), sheet.path)) {
    if (event.kind === 'open') {
      if (event.name === 'row') {
        rowNumber = Number(event.attributes.r) || rowNumber + 1;
        row = { row: rowNumber, cells: [] };
        rowChars = 0;
        nextColumn = 0;
      } else if (event.name === 'c' && row) {
        const column = columnOfReference(event.attributes.r ?? '') ?? nextColumn;
        if (column >= IMPORT_LIMITS.columns) throw tooManyColumns(sheet.name, rowNumber);
        cell = { column, type: event.attributes.t, text: '' };
        nextColumn = column + 1;
      } else if (cell && (event.name === 'v' || event.name === 't')) collecting = true;
      else if (event.name === 'rPh' || event.name === 'f') collecting = false;
    } else if (event.kind === 'close') {
      if (event.name === 'v' || event.name === 't') collecting = false;
      else if (event.name === 'c' && cell && row) {
        row.cells[cell.column] = cellValue(cell.type, cell.text, strings);
        cell = null;
      } else if (event.name === 'row' && row) {
        yield { row: row.row, cells: Array.from(row.cells, (value): Cell => value ?? null) };
        row = null;
      }
    } else if (collecting && cell) {
      rowChars += event.text.length;
      if (rowChars > IMPORT_LIMITS.lineChars) throw lineTooLong(sheet.name, rowNumber);
      cell.text += event.text;
    }
  }
}

/** The sheets of the workbook, in its order; the zip is closed once they are read, or when the reading stops. */
export async function* workbookSheets(zip: ZipParts): AsyncIterable<Sheet> {
  try {
    const workbook = await workbookPath(zip);
    const parts = await relationships(zip, workbook);
    const sheets = await sheetsOf(zip, workbook, parts);
    const stringsPath = [...parts.values()].find((relationship) => SHARED_STRINGS.test(relationship.type))?.target;
    const strings = await sharedStrings(zip, stringsPath);
    for (const sheet of sheets) yield { name: sheet.name, rows: rowsOf(zip, sheet, strings) };
  } finally {
    zip.close();
  }
}
