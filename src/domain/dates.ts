/**
 * Calendar helpers on ISO 'YYYY-MM-DD' strings (proleptic Gregorian, years 0001-9999).
 * Pure integer arithmetic: no Date objects, so no timezone or DST can shift a day.
 */
import { DomainInputError, assertInteger, assertPositive } from './errors.js';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isValidParts(year: number, month: number, day: number): boolean {
  return (
    year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  return m !== null && isValidParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function parseIsoDate(s: string): CalendarDate {
  const m = typeof s === 'string' ? ISO_DATE.exec(s) : null;
  if (m === null) {
    throw new DomainInputError('INVALID_DATE', `« ${String(s)} » n'est pas une date au format AAAA-MM-JJ (par exemple 2025-01-31)`);
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!isValidParts(year, month, day)) {
    throw new DomainInputError('INVALID_DATE', `« ${s} » n'est pas un jour du calendrier`);
  }
  return { year, month, day };
}

export const FIRST_ISO_DATE = '0001-01-01';
export const LAST_ISO_DATE = '9999-12-31';

/** A date computed beyond the calendar these helpers know (`what` says which). */
const outOfCalendar = (what: string) => new DomainInputError('INVALID_DATE', `Aucune date après le ${LAST_ISO_DATE} ni avant le ${FIRST_ISO_DATE} (${what} ici)`);

export const endBeforeStart = (start: string, end: string) =>
  new DomainInputError('END_BEFORE_START', `La date de fin (${end}) précède la date de début (${start})`);

export function formatIsoDate({ year, month, day }: CalendarDate): string {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || !isValidParts(year, month, day)) {
    throw outOfCalendar(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (Hinnant's days_from_civil); negative before the epoch. */
function toDayNumber({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of toDayNumber (Hinnant's civil_from_days). */
function fromDayNumber(n: number): CalendarDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function addDays(date: string, n: number): string {
  assertInteger(n, 'days');
  return formatIsoDate(fromDayNumber(toDayNumber(parseIsoDate(date)) + n));
}

/** Adds calendar months; a day missing from the target month clamps to its last day (01-31 + 1 → 02-28/29). */
export function addMonths(date: string, n: number): string {
  assertInteger(n, 'months');
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  if (targetYear < 1 || targetYear > 9999) {
    throw outOfCalendar(`${date} plus ${n} mois`);
  }
  return formatIsoDate({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

/** Last day of a period of `months` calendar months that starts on `start`: 2024-05-15 + 12 months ends on 2025-05-14. */
export function periodEnd(start: string, months: number): string {
  assertInteger(months, 'months');
  assertPositive(months, 'months');
  return addDays(addMonths(start, months), -1);
}

/** -1, 0 or 1, usable as an Array.prototype.sort comparator. */
export function compareIsoDates(a: string, b: string): -1 | 0 | 1 {
  const da = toDayNumber(parseIsoDate(a));
  const db = toDayNumber(parseIsoDate(b));
  return da < db ? -1 : da > db ? 1 : 0;
}

/** Number of days from a to b (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(parseIsoDate(b)) - toDayNumber(parseIsoDate(a));
}

export function firstDayOfMonth(date: string): string {
  const { year, month } = parseIsoDate(date);
  return formatIsoDate({ year, month, day: 1 });
}

export function lastDayOfMonth(date: string): string {
  const { year, month } = parseIsoDate(date);
  return formatIsoDate({ year, month, day: daysInMonth(year, month) });
}

/** Whole calendar months from start to end: the largest n with addMonths(start, n) <= end. */
export function monthsBetween(start: string, end: string): number {
  const s = parseIsoDate(start);
  const e = parseIsoDate(end);
  if (compareIsoDates(end, start) < 0) {
    throw endBeforeStart(start, end);
  }
  const n = (e.year - s.year) * 12 + (e.month - s.month);
  return compareIsoDates(addMonths(start, n), end) > 0 ? n - 1 : n;
}
