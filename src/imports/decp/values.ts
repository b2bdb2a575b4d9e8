import { isIsoDate } from '../../domain/dates.js';

/**
 * Values of a DECP record as publishers actually write them. The format wants `AAAA-MM-JJ` dates (its pattern
 * is not anchored, and the 2019 format's XML dates carry an offset) and numbers; the published files also
 * hold dates with an offset or a time, and numbers written as text.
 */

/** A day, then optionally a time, then optionally an offset: `2024-06-03`, `2024-06-03+01:00`, `2024-06-03T10:00:00Z`. */
const DATE = /^(\d{4}-\d{2}-\d{2})(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?$/;

/** The calendar day as written (the offset is not applied: a notification is made on a day); null when it is none. */
export function decpDate(value: unknown): string | null {
  const day = typeof value === 'string' ? DATE.exec(value.trim())?.[1] : undefined;
  return day !== undefined && isIsoDate(day) ? day : null;
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** A number, or a number written as text with a decimal point (`"187654.32"`); null when it is none. */
export function decpNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = typeof value === 'string' ? value.trim() : '';
  return DECIMAL.test(text) ? Number(text) : null;
}
