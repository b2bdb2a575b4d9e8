/** Months as the grid names them: `YYYY-MM-01` for the API, « novembre 2026 » for people. */

/** The first day of the month of a date, as the API's LocalDate. */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-01`;
}

/** The first day of the month `count` months after `month` (before it when negative). */
export function addMonths(month: string, count: number): string {
  const [year, index] = [Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + count];
  const shifted = new Date(Date.UTC(year, index, 1));
  return `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

const MONTH_NAME = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** « novembre 2026 ». */
export function monthLabel(month: string): string {
  return MONTH_NAME.format(new Date(`${month.slice(0, 7)}-01T00:00:00Z`));
}

/** Whether a value of the address is a month (`YYYY-MM`). */
export const isMonth = (value: string | null): value is string => value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** The months one may report, newest first: the current month and the `count` before it. */
export function reportableMonths(today: Date, count: number): string[] {
  const current = monthOf(today);
  return Array.from({ length: count + 1 }, (_, index) => addMonths(current, -index));
}

const DAY = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });

/** « 03/11/2026 ». */
export const dayLabel = (date: string) => DAY.format(new Date(`${date}T00:00:00Z`));

const HOURS = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** « 151,67 », as typed back into a cell. */
export const hoursText = (hours: number) => HOURS.format(hours).replace(/\s/g, '');

/** A cell's text as hours: « 151,5 », « 151.5 », « -3 »; null when it is no number. */
export function parseHours(text: string): number | null {
  const compact = text.replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(compact) ? Number(compact) : null;
}
