import { addDays, addMonths, compareIsoDates, endBeforeStart, firstDayOfMonth, LAST_ISO_DATE, parseIsoDate } from '../domain/dates.js';
import { DomainInputError, assertInteger } from '../domain/errors.js';

/** A reporting period: the days from `start` included to `end` excluded (ISO dates). */
export interface Period {
  start: string;
  end: string;
}

/** How people name a period: a semester ("2025-S1"), a calendar year, or two dates, both included. */
export type PeriodSpec = { semester: string } | { year: number } | { from: string; to: string };

const SEMESTER = /^(\d{4})-S([12])$/;

function assertYear(year: number): void {
  assertInteger(year, 'year');
  if (year < 1 || year > 9998) throw new DomainInputError('INVALID_PERIOD', `L'année ${year} n'est pas prise en charge : indiquez une année de 1 à 9998`);
}

/** "2025-S1" is January to June 2025, "2025-S2" July to December. */
export function semester(label: string): Period {
  const match = SEMESTER.exec(label);
  if (match === null) throw new DomainInputError('INVALID_PERIOD', `Indiquez un semestre sous la forme AAAA-S1 ou AAAA-S2 (par exemple 2025-S1), pas « ${label} »`);
  const year = Number(match[1]);
  assertYear(year);
  const start = `${match[1]}-${match[2] === '1' ? '01' : '07'}-01`;
  return { start, end: addMonths(start, 6) };
}

export function calendarYear(year: number): Period {
  assertYear(year);
  const start = `${String(year).padStart(4, '0')}-01-01`;
  return { start, end: addMonths(start, 12) };
}

/**
 * The longest period two dates may name: the platform's data starts in the 2000s (the console's market page
 * asks from 2000-01-01 to today), and each month of a period is computed, so that 0001 to 9998 would be 120,000.
 */
export const MAX_PERIOD_YEARS = 50;

/** Whether the period from `start` to `end` (excluded) lasts more than MAX_PERIOD_YEARS. */
function exceedsMaxSpan(start: string, end: string): boolean {
  const [first, last] = [parseIsoDate(start), parseIsoDate(end)];
  const months = (last.year - first.year) * 12 + (last.month - first.month);
  return months > MAX_PERIOD_YEARS * 12 || (months === MAX_PERIOD_YEARS * 12 && last.day > first.day);
}

/** From one day to another, both included, MAX_PERIOD_YEARS at most. */
export function betweenDates(from: string, to: string): Period {
  parseIsoDate(from);
  parseIsoDate(to);
  if (compareIsoDates(to, from) < 0) throw endBeforeStart(from, to);
  // The period ends the day after `to`, which must be a day of the calendar.
  if (compareIsoDates(to, LAST_ISO_DATE) >= 0) {
    throw new DomainInputError('INVALID_PERIOD', `La date de fin ne peut aller au-delà du ${addDays(LAST_ISO_DATE, -1)} (ici ${to})`);
  }
  const period = { start: from, end: addDays(to, 1) };
  if (exceedsMaxSpan(period.start, period.end)) {
    throw new DomainInputError('INVALID_PERIOD', `La période ne peut dépasser ${MAX_PERIOD_YEARS} ans (du ${from} au ${to} ici) : resserrez les dates`);
  }
  return period;
}

export function periodOf(spec: PeriodSpec): Period {
  if ('semester' in spec) return semester(spec.semester);
  if ('year' in spec) return calendarYear(spec.year);
  return betweenDates(spec.from, spec.to);
}

export function containsDate(period: Period, date: string): boolean {
  return compareIsoDates(period.start, date) <= 0 && compareIsoDates(date, period.end) < 0;
}

/**
 * The months whose hours count in the period (first days, ISO): those whose first day lies in it.
 * Hours are reported per calendar month, so a month is never split: consecutive periods share no month
 * and together hold every month once (two semesters make the year).
 */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  let month = firstDayOfMonth(period.start);
  if (compareIsoDates(month, period.start) < 0) month = addMonths(month, 1);
  for (; compareIsoDates(month, period.end) < 0; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** monthsOf(period) by calendar year: month numbers (1 to 12) of each year the period touches. */
export function monthsByYear(period: Period): Map<number, number[]> {
  const years = new Map<number, number[]>();
  for (const month of monthsOf(period)) {
    const [year, number] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
    years.set(year, [...(years.get(year) ?? []), number]);
  }
  return years;
}
