/**
 * A spreadsheet file read as sheets of rows, streamed: an XLSX workbook (exceljs's streaming reader),
 * or a CSV as French Excel writes it (semicolon, Windows-1252 or UTF-8 with a BOM).
 */
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Cell } from './values.js';

export interface SourceRow {
  /** Line number in its sheet, the header being 1. */
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

async function* csvRows(stream: NodeJS.ReadableStream, sample: Buffer): AsyncIterable<SourceRow> {
  const encoding = encodingOf(sample);
  const firstLine = iconv.decode(sample, encoding).split(/\r?\n/, 1)[0] ?? '';
  const parser = stream.pipe(iconv.decodeStream(encoding)).pipe(parse({
    delimiter: delimiterOf(firstLine), bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true,
  }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { row: info.lines, cells: record };
  }
}

/** exceljs gives rich text, formulas and links as objects: their text or result is the cell. */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date) return value as Cell;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return null;
}

async function* xlsxSheets(stream: NodeJS.ReadableStream): AsyncIterable<Sheet> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(stream as never, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  for await (const worksheet of workbook) {
    const name = (worksheet as unknown as { name: string }).name;
    yield {
      name,
      rows: (async function* () {
        for await (const row of worksheet) {
          const values = row.values as ExcelJS.CellValue[];
          yield { row: row.number, cells: values.slice(1).map(cellOf) };
        }
      })(),
    };
  }
}

export async function openSpreadsheet(path: string, fileName: string): Promise<Spreadsheet> {
  const [sample, { size }] = await Promise.all([firstBytes(path), stat(path)]);
  const { stream, bytesRead } = counted(path);
  if (sample.subarray(0, 4).equals(ZIP_SIGNATURE)) return { format: 'XLSX', sheets: xlsxSheets(stream), totalBytes: size, bytesRead };
  const sheet: Sheet = { name: fileName.replace(/\.[^.]*$/, '') || 'CSV', rows: csvRows(stream, sample) };
  return { format: 'CSV', sheets: (async function* () { yield sheet; })(), totalBytes: size, bytesRead };
}
