import { assertNonNegative, assertPositive, assertRate } from '../domain/errors.js';
import { ETP_BASE_LEGAL, hoursToEtp } from '../domain/etp.js';

/** Hours with their full-time equivalent and the base it was computed with, so that a report states it. */
export interface HoursFigure {
  hours: number;
  etp: number;
  etpBase: number;
}

export function hoursFigure(hours: number, etpBase: number = ETP_BASE_LEGAL): HoursFigure {
  return { hours, etp: hoursToEtp(hours, etpBase), etpBase };
}

export interface LabourParameters {
  amountHt: number | null;
  labourRate: number | null;
  hourlyCost: number | null;
}

/**
 * All the hours a market needs (amount HT × labour rate ÷ loaded hourly cost): the base an insertion
 * rate is a share of. Null when a parameter is missing (hours stated by the buyer do not give it).
 */
export function labourHours({ amountHt, labourRate, hourlyCost }: LabourParameters): number | null {
  if (amountHt === null || labourRate === null || hourlyCost === null) return null;
  assertNonNegative(amountHt, 'amountHt');
  assertRate(labourRate, 'labourRate');
  assertPositive(hourlyCost, 'hourlyCost');
  return (amountHt * labourRate) / hourlyCost;
}

/** Share of the labour hours done by insertion; null when the labour hours are unknown or zero. */
export function insertionRateAchieved(realisedHours: number, labour: number | null): number | null {
  assertNonNegative(realisedHours, 'realisedHours');
  if (labour === null || labour === 0) return null;
  return realisedHours / labour;
}

/** How far a rate is towards its target: 1 means reached; null when either is unknown or the target is 0. */
export function progressTowards(achieved: number | null, target: number | null): number | null {
  if (achieved === null || target === null || target === 0) return null;
  assertNonNegative(achieved, 'achieved');
  assertRate(target, 'target');
  return achieved / target;
}
