import { assertNonNegative, assertPositive } from './errors.js';

/** Legal working year in hours (35 h × ~45.9 weeks); the default ETP base. */
export const ETP_BASE_LEGAL = 1607;
/** Base used by the ERBM (mining basin) reporting sheet. */
export const ETP_BASE_ERBM = 1820;

/** Full-time equivalents for a number of hours, rounded to 2 decimals (halves up). */
export function hoursToEtp(hours: number, base: number = ETP_BASE_LEGAL): number {
  assertNonNegative(hours, 'hours');
  assertPositive(base, 'base');
  // toPrecision(12) removes floating-point noise before rounding (e.g. 1.005 * 100 = 100.49999…).
  return Math.round(Number(((hours / base) * 100).toPrecision(12))) / 100;
}
