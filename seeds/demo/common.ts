/** Shared constants and helpers of the demo data. Everything here is pure and deterministic. */
import type {
  Award, Beneficiary, BeneficiaryIdentity, Charter, CharterQpv, CharterSignatory, CharterTarget, Company, Exit, Lot,
  Market, Membership, MonthlyHours, Operation, Organisation, Placement, Qpv, User,
} from '../../src/db/entities/index.js';
import { addDays, compareIsoDates, daysBetween } from '../../src/domain/dates.js';
import type { Random } from '../random.js';

/** The demo world is seen as of this day: hours are reported up to its month, later dates are plans. */
export const DEMO_AS_OF = '2025-12-31';
/** Monthly hours exist from this month (first reporting month of the demo) to the month of DEMO_AS_OF. */
export const DEMO_FIRST_MONTH = '2022-01-01';
export const DEMO_LAST_MONTH = '2025-12-01';
/** Date at which the platform was set up with its tenants (createdAt of organisations, users, charters). */
export const DEMO_SETUP_DATE = '2021-09-01';

/** All demo rows, grouped by entity, in an order that satisfies the foreign keys. */
export interface DemoData {
  organisations: Organisation[];
  users: User[];
  memberships: Membership[];
  qpvs: Qpv[];
  charters: Charter[];
  charterQpvs: CharterQpv[];
  charterSignatories: CharterSignatory[];
  charterTargets: CharterTarget[];
  operations: Operation[];
  companies: Company[];
  markets: Market[];
  lots: Lot[];
  awards: Award[];
  beneficiaries: Beneficiary[];
  beneficiaryIdentities: BeneficiaryIdentity[];
  placements: Placement[];
  monthlyHours: MonthlyHours[];
  exits: Exit[];
}

/** Sets createdAt and updatedAt to a fixed instant of the given day (09:00 UTC), never "now". */
export function stamp<T extends { createdAt: Date; updatedAt: Date }>(entity: T, isoDay: string): T {
  entity.createdAt = new Date(`${isoDay}T09:00:00.000Z`);
  entity.updatedAt = new Date(`${isoDay}T09:00:00.000Z`);
  return entity;
}

/** ASCII, lowercase, hyphen-separated: "Béthune-Beuvry" → "bethune-beuvry". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const minDate = (a: string, b: string): string => (compareIsoDates(a, b) <= 0 ? a : b);
export const maxDate = (a: string, b: string): string => (compareIsoDates(a, b) >= 0 ? a : b);

/** Uniform day in [from, to], both included. */
export function randomDate(rng: Random, from: string, to: string): string {
  return addDays(from, rng.int(0, daysBetween(from, to)));
}

/** Rounds to the nearest multiple of `step` (0.5 h, 100 €...), without binary noise. */
export function roundTo(value: number, step: number): number {
  return Number((Math.round(value / step) * step).toFixed(6));
}

/** Throws when a lookup by key fails: a typo in the hand-written data must not pass silently. */
export function required<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Demo data: unknown ${what} "${String(key)}"`);
  return value;
}
