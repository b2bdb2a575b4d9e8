/**
 * What an import accepts to read, declared once (docs/imports.md#limits). Each limit is checked before
 * what it guards is expanded or kept: a file beyond one is refused whole, with a French message, and
 * nothing is written; a cell beyond `fieldChars` refuses its line only (TOO_LONG).
 */
const MiB = 1024 * 1024;

export const IMPORT_LIMITS = {
  /** The file as sent (413 beyond it). A million hour lines are about 150 MB as CSV. */
  uploadBytes: 512 * MiB,
  /** XLSX: the files in the zip (a workbook has a few dozen). */
  zipEntries: 10_000,
  /** XLSX: every part uncompressed, added up as the zip's directory declares them (the reader checks that no part is longer). */
  xlsxUncompressedBytes: 1024 * MiB,
  /** XLSX: how many times larger than it is compressed a part may be. Spreadsheets compress 5 to 30 times; bombs a thousand. */
  compressionRatio: 200,
  /** XLSX: parts smaller than this are not held to the ratio (a tiny part of repeated markup compresses well). */
  compressionRatioFloorBytes: MiB,
  /** XLSX: the table of strings the sheets share, kept in memory while the sheets are read. */
  sharedStrings: 1_000_000,
  sharedStringsChars: 64 * MiB,
  /** XLSX: the longest stretch of XML (text or one tag) read before the parser says what it is. */
  xmlRunChars: MiB,
  /** CSV: the longest line (cells added up, line breaks within quotes included). */
  lineChars: MiB,
  /** Columns of a sheet, rows of a file. */
  columns: 1000,
  rows: 2_000_000,
  /** A value in one of the columns read: beyond it the line is refused (TOO_LONG). Names, communes, references are far shorter. */
  fieldChars: 200,
  /** The file's name as sent (?fileName= or X-File-Name): kept with the job, and a CSV's sheet name. */
  fileNameChars: 255,
  /** A value quoted back in a problem or a sheet name is cut to this many characters. */
  echoChars: 200,
} as const;

/** A file the import will not read, and why, in French: the job fails and writes nothing. */
export class FileRefused extends Error {}

const frenchNumber = (value: number) => value.toLocaleString('fr-FR').replace(/\s/g, ' ');
const sizeOf = (bytes: number) => (bytes >= MiB ? `${frenchNumber(Math.round(bytes / MiB))} Mo` : `${frenchNumber(bytes)} octets`);
export const describe = { number: frenchNumber, size: sizeOf };

/** A value quoted back to the person who sent it, cut to `echoChars` with an ellipsis. */
export function shorten(value: string): string {
  return value.length > IMPORT_LIMITS.echoChars ? `${value.slice(0, IMPORT_LIMITS.echoChars)}…` : value;
}
