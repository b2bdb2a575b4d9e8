/**
 * CSV as French Excel opens it (`;`, UTF-8 with a byte-order mark, CRLF), for every CSV the platform
 * writes: the follow-up export and the reports. A text cell a spreadsheet would run as a formula (one
 * starting with = + - @, a tab or a carriage return: the OWASP rule) is written after an apostrophe, which
 * Excel shows as text; a number, negative ones included, stays a number. The import takes the apostrophe
 * off again, so an export reads back unchanged.
 */
import { stringify, type Stringifier } from 'csv-stringify';

const FORMULA_START = /^[=+\-@\t\r]/;
/** A number as the CSV writers write it: a sign, decimal comma, maybe spaces between thousands. */
const NUMBER = /^[-+]?(\d+|\d{1,3}([ \u00a0\u202f]\d{3})+)(,\d+)?$/;

export function neutralised(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/** A cell read from a CSV, without the apostrophe `neutralised` put before it (and only that one). */
export function restored(text: string): string {
  return text.startsWith("'") && neutralised(text.slice(1)) === text ? text.slice(1) : text;
}

export function excelCsv(header: string[]): Stringifier {
  return stringify({ delimiter: ';', bom: true, record_delimiter: 'windows', header: true, columns: header, cast: { string: neutralised } });
}
