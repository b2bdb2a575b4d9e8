import { assertNonNegative, assertPositive, assertRate } from './errors.js';

export type PlannedHoursBasis = 'STATED' | 'COMPUTED' | 'UNKNOWN';

export interface ClauseParameters {
  amountHt: number | null;
  labourRate: number | null;
  insertionRate: number | null;
  hourlyCost: number | null;
  statedHours: number | null;
}

export interface PlannedHours {
  hours: number | null;
  basis: PlannedHoursBasis;
}

function validate(p: ClauseParameters): void {
  if (p.amountHt !== null) assertNonNegative(p.amountHt, 'amountHt');
  if (p.labourRate !== null) assertRate(p.labourRate, 'labourRate');
  if (p.insertionRate !== null) assertRate(p.insertionRate, 'insertionRate');
  if (p.hourlyCost !== null) assertPositive(p.hourlyCost, 'hourlyCost');
  if (p.statedHours !== null) assertNonNegative(p.statedHours, 'statedHours');
}

/**
 * Planned insertion hours of a clause. Hours stated by the buyer win over the
 * ANRU "kit insertion" formula: amount HT × labour rate × insertion rate ÷ loaded hourly cost.
 * Every supplied parameter is validated, even those the stated hours make unused.
 */
export function plannedInsertionHours(p: ClauseParameters): PlannedHours {
  validate(p);
  if (p.statedHours !== null) return { hours: p.statedHours, basis: 'STATED' };
  const { amountHt, labourRate, insertionRate, hourlyCost } = p;
  if (amountHt === null || labourRate === null || insertionRate === null || hourlyCost === null) {
    return { hours: null, basis: 'UNKNOWN' };
  }
  const exact = (amountHt * labourRate * insertionRate) / hourlyCost;
  // Clauses are followed in whole hours, so the target is rounded to the nearest hour, halves up
  // (the formula's inputs are all >= 0). toPrecision(12) first drops binary floating-point noise
  // so that an exact x.5 computed as x.4999999999 still rounds up.
  return { hours: Math.round(Number(exact.toPrecision(12))), basis: 'COMPUTED' };
}
