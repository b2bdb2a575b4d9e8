/**
 * Cell values as French spreadsheets hold them: dates dd/mm/yyyy, decimal commas, "oui"/"non",
 * labels typed by hand. Every parser takes what a CSV (a string) or an XLSX (a string, a number, a
 * boolean) gives, and either returns the value or throws a CellError a facilitator can act on.
 */
import { formatIsoDate, isIsoDate } from '../../domain/dates.js';
import { normalizeLabel } from '../../reporting/labels.js';

/** A cell as a file gives it (dates in an XLSX are day numbers), or as an export writes it (an XLSX export writes Dates). */
export type Cell = string | number | boolean | Date | null | undefined;

export class CellError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export function isBlank(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function text(cell: Cell): string {
  return String(cell ?? '').trim();
}

function isoOfDate(date: Date): string {
  return formatIsoDate({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

/** Excel's day numbers: 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const YEAR_FIRST = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;

function isoOf(year: number, month: number, day: number): string | null {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** A date typed (dd/mm/yyyy, yyyy-mm-dd) or stored by Excel (a day number: the XLSX reader gives dates so). */
export function date(cell: Cell): string {
  if (typeof cell === 'number' && cell > 0 && cell < 2958466) return isoOfDate(new Date(EXCEL_EPOCH_MS + Math.floor(cell) * 86_400_000));
  const raw = text(cell);
  const dayFirst = DAY_FIRST.exec(raw);
  const yearFirst = YEAR_FIRST.exec(raw);
  const iso = dayFirst ? isoOf(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]))
    : yearFirst ? isoOf(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])) : null;
  if (!iso) throw new CellError('INVALID_DATE', `« ${raw} » n'est pas une date (attendu : jj/mm/aaaa)`);
  return iso;
}

const MONTH_NAMES = ['janv', 'fevr', 'mars', 'avr', 'mai', 'juin', 'juil', 'aout', 'sept', 'oct', 'nov', 'dec'];
const NUMERIC_MONTH = /^(\d{1,2})[/.-](\d{4})$/;
const ISO_MONTH = /^(\d{4})-(\d{1,2})$/;
const NAMED_MONTH = /^([a-z]+) (\d{2}|\d{4})$/;

function monthOfName(name: string): number {
  return MONTH_NAMES.findIndex((prefix) => name.startsWith(prefix) || (prefix === 'fevr' && name.startsWith('fev'))) + 1;
}

/** A month worked, as the first day of that month: mm/aaaa, aaaa-mm, « janvier 2025 », « janv-25 », or any day of it. */
export function month(cell: Cell): string {
  if (typeof cell === 'number') return date(cell).slice(0, 8) + '01';
  const raw = text(cell);
  const numeric = NUMERIC_MONTH.exec(raw);
  const iso = ISO_MONTH.exec(raw);
  const named = NAMED_MONTH.exec(normalizeLabel(raw));
  const parts = numeric ? [Number(numeric[2]), Number(numeric[1])]
    : iso ? [Number(iso[1]), Number(iso[2])]
      : named ? [Number(named[2]) + (named[2]!.length === 2 ? 2000 : 0), monthOfName(named[1]!)] : null;
  const first = parts ? isoOf(parts[0]!, parts[1]!, 1) : null;
  if (first) return first;
  try {
    return date(raw).slice(0, 8) + '01';
  } catch {
    throw new CellError('INVALID_MONTH', `« ${raw} » n'est pas un mois (attendu : mm/aaaa)`);
  }
}

/** 35 ; 35,5 ; 1 234,50 ; 35.5 */
export function decimal(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  const raw = text(cell);
  const compact = raw.replace(/[\s\u00a0\u202f]/g, '');
  const normalized = compact.includes(',') ? compact.replace(/\./g, '').replace(',', '.') : compact;
  const value = /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : NaN;
  if (!Number.isFinite(value)) throw new CellError('INVALID_NUMBER', `« ${raw} » n'est pas un nombre`);
  return value;
}

/**
 * A number rounded as PostgreSQL stores it in a numeric of this scale: on its decimal writing (the one
 * sent to the database), half away from zero. 35.025 is 35.03, where binary arithmetic gives 35.02.
 */
export function roundAsStored(value: number, scale: number): number {
  const magnitude = Math.abs(value);
  const written = String(magnitude);
  const rounded = written.includes('e') ? Number(magnitude.toFixed(scale)) : Number(`${Math.round(Number(`${written}e${scale}`))}e-${scale}`);
  return Math.sign(value) * rounded || 0;
}

export function integer(cell: Cell): number {
  const value = decimal(cell);
  if (!Number.isInteger(value)) throw new CellError('INVALID_NUMBER', `« ${text(cell)} » n'est pas un nombre entier`);
  return value;
}

const TRUE = new Set(['oui', 'o', 'x', '1', 'vrai', 'true', 'yes', 'y']);
const FALSE = new Set(['non', 'n', '0', 'faux', 'false', 'no', '']);

/** An empty cell is « non ». */
export function yesNo(cell: Cell): boolean {
  if (typeof cell === 'boolean') return cell;
  const key = normalizeLabel(text(cell));
  if (TRUE.has(key)) return true;
  if (FALSE.has(key)) return false;
  throw new CellError('INVALID_YES_NO', `« ${text(cell)} » : attendu oui ou non`);
}

/** A value of an enumeration, given by its French label or its code, whatever the case and accents. */
export function choice<T extends string>(labels: Record<T, string>, aliases: Record<string, T> = {}): (cell: Cell) => T {
  const byKey = new Map<string, T>(Object.entries(aliases).map(([alias, value]) => [normalizeLabel(alias), value]));
  for (const [value, label] of Object.entries(labels) as [T, string][]) {
    byKey.set(normalizeLabel(label), value);
    byKey.set(normalizeLabel(value), value);
  }
  const expected = Object.values<string>(labels).join(', ');
  return (cell) => {
    const value = byKey.get(normalizeLabel(text(cell)));
    if (value === undefined) throw new CellError('UNKNOWN_VALUE', `« ${text(cell)} » n'est pas une valeur connue (valeurs : ${expected})`);
    return value;
  };
}

/** Digits only: SIRETs are pasted with spaces, and XLSX may hold them as numbers. */
export function digits(cell: Cell): string {
  return typeof cell === 'number' ? String(Math.round(cell)) : text(cell).replace(/[\s.\u00a0\u202f]/g, '');
}
