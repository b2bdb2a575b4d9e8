/**
 * A spreadsheet file read as sheets of rows, streamed: an XLSX workbook (its zip read from the
 * directory, part by part: ./xlsx/), or a CSV as French Excel writes it (semicolon, Windows-1252 or
 * UTF-8 with a BOM; the apostrophe an export puts before a formula-like text taken off). Both within the
 * limits of src/imports/limits.ts.
 */
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { restored } from '../../exports/excel-csv.js';
import { FileRefused, IMPORT_LIMITS } from '../limits.js';
import type { Cell } from './values.js';
import { lineTooLong, tooManyColumns, workbookSheets } from './xlsx/workbook.js';
import { ZipParts } from './xlsx/zip.js';

export interface SourceRow {
  /** The row's number as the spreadsheet shows it, the first being 1 (a CSV line break within quotes stays in its row). */
  row: number;
  cells: Cell[];
}

export interface Sheet {
  name: string;
  rows: AsyncIterable<SourceRow>;
}

export interface Spreadsheet {
  format: 'CSV' | 'XLSX';
  sheets: AsyncIterable<Sheet>;
  totalBytes: number;
  /** How far the reading has gone, for progress. */
  bytesRead(): number;
}

const SNIFF_BYTES = 64 * 1024;
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function firstBytes(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** UTF-8 when the bytes decode as UTF-8 (a multi-byte character cut at the end of the sample aside); Windows-1252 otherwise. */
export function encodingOf(sample: Buffer): 'utf8' | 'win1252' {
  if (sample.subarray(0, 3).equals(UTF8_BOM)) return 'utf8';
  for (let cut = 0; cut < 4 && cut < sample.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return 'utf8';
    } catch {
      // A character cut by the sample's end: try a few bytes shorter.
    }
  }
  return 'win1252';
}

/** The separator of the header line: French Excel writes « ; », others « , » or a tab. */
export function delimiterOf(firstLine: string): string {
  const counts = [';', ',', '\t'].map((delimiter) => [delimiter, firstLine.split(delimiter).length] as const);
  return counts.reduce((best, candidate) => (candidate[1] > best[1] ? candidate : best))[0];
}

function counted(path: string) {
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  stream.on('data', (chunk) => {
    bytes += chunk.length;
  });
  return { stream, bytesRead: () => bytes };
}

async function* csvRows(stream: NodeJS.ReadableStream, sample: Buffer, sheet: string): AsyncIterable<SourceRow> {
  const encoding = encodingOf(sample);
  const firstLine = iconv.decode(sample, encoding).split(/\r?\n/, 1)[0] ?? '';
  // Empty lines are records too (read as one empty cell): a record's number is then the row Excel shows.
  const parser = stream.pipe(iconv.decodeStream(encoding)).pipe(parse({
    delimiter: delimiterOf(firstLine), bom: true, relax_column_count: true, relax_quotes: true, info: true,
    max_record_size: IMPORT_LIMITS.lineChars,
  }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      if (record.length > IMPORT_LIMITS.columns) throw tooManyColumns(sheet, info.records);
      yield { row: info.records, cells: record.map(restored) };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // The record being read when the parser stopped: the row a spreadsheet shows, not the parser's text line.
    const row = ((error as unknown as { records?: number }).records ?? 0) + 1;
    if (error.code === 'CSV_MAX_RECORD_SIZE') throw lineTooLong(sheet, row);
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') throw new FileRefused(`Le guillemet ouvert ligne ${row} de « ${sheet} » n'est jamais fermé : le fichier n'a pas été lu`);
    throw new FileRefused(`La ligne ${row} de « ${sheet} » n'est pas du CSV lisible : le fichier n'a pas été lu`);
  }
}

export async function openSpreadsheet(path: string, fileName: string): Promise<Spreadsheet> {
  const [sample, { size }] = await Promise.all([firstBytes(path), stat(path)]);
  if (size === 0) throw new FileRefused("Le fichier est vide : rien n'a été importé");
  if (sample.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    const zip = await ZipParts.open(path);
    return { format: 'XLSX', sheets: workbookSheets(zip), totalBytes: size, bytesRead: () => zip.bytesRead() };
  }
  const { stream, bytesRead } = counted(path);
  const name = fileName.replace(/\.[^.]*$/, '') || 'CSV';
  const sheet: Sheet = { name, rows: csvRows(stream, sample, name) };
  return { format: 'CSV', sheets: (async function* () { yield sheet; })(), totalBytes: size, bytesRead };
}
