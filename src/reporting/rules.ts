/**
 * The checks a report must pass, whether it comes from a mutation or a spreadsheet line: each adds
 * its problems to a Validation, under the field names the mutations' inputs use.
 */
import { ageOn } from '../domain/age.js';
import { compareIsoDates, firstDayOfMonth, isIsoDate } from '../domain/dates.js';
import { normalizeLabel } from './labels.js';
import type { Validation } from './validation.js';

/** 48 hours a week, the legal maximum, over the 52 weeks of a year, by month. */
export const MAX_MONTHLY_HOURS = 208;
const MAX_WEEKLY_HOURS = 48;
const AGE_AT_ENTRY = { min: 14, max: 99 } as const;

export interface DateRange {
  startDate: string | null;
  endDate: string | null;
}

/** Whole years at entry when the dates make sense; a problem on birthDate otherwise. */
export function checkAgeAtEntry(validation: Validation, birthDate: string | null, entryDate: string | null): number | null {
  if (!isIsoDate(birthDate) || !isIsoDate(entryDate)) return null;
  const age = compareIsoDates(birthDate, entryDate) <= 0 ? ageOn(birthDate, entryDate) : null;
  const valid = age !== null && age >= AGE_AT_ENTRY.min && age <= AGE_AT_ENTRY.max;
  validation.check(valid, 'birthDate', 'AGE_OUT_OF_RANGE',
    `L'âge à l'entrée doit être compris entre ${AGE_AT_ENTRY.min} et ${AGE_AT_ENTRY.max} ans : vérifiez la date de naissance et la date d'entrée`);
  return valid ? age : null;
}

/** A placement's own dates and weekly hours, and its dates within its market's. */
export function checkPlacementTerms(validation: Validation, placement: DateRange & { weeklyHours: number | null }, market: DateRange | null): void {
  const { startDate, endDate, weeklyHours } = placement;
  validation
    .check(weeklyHours !== null && weeklyHours > 0 && weeklyHours <= MAX_WEEKLY_HOURS, 'weeklyHours', 'WEEKLY_HOURS_OUT_OF_RANGE',
      `La durée hebdomadaire doit être comprise entre 0 et ${MAX_WEEKLY_HOURS} heures`)
    .check(!endDate || !isIsoDate(startDate) || compareIsoDates(endDate, startDate) >= 0, 'endDate', 'END_BEFORE_START', 'La date de fin précède la date de début')
    .check(!market?.startDate || !isIsoDate(startDate) || compareIsoDates(startDate, market.startDate) >= 0,
      'startDate', 'PLACEMENT_OUTSIDE_MARKET', `La mise à l'emploi commence avant le marché (${market?.startDate})`)
    .check(!market?.endDate || !endDate || compareIsoDates(endDate, market.endDate) <= 0,
      'endDate', 'PLACEMENT_OUTSIDE_MARKET', `La mise à l'emploi finit après le marché (${market?.endDate})`);
}

/** One month of hours: a figure between 0 and the legal maximum, in a month the placement covers. */
export function checkMonthlyHours(validation: Validation, hours: number, month: string, placement: DateRange & { startDate: string }): void {
  validation
    .check(hours >= 0, 'hours', 'NEGATIVE_VALUE', 'Le nombre d’heures ne peut pas être négatif')
    .check(hours <= MAX_MONTHLY_HOURS, 'hours', 'ABOVE_LEGAL_MAXIMUM', `Au plus ${MAX_MONTHLY_HOURS} heures par mois (48 heures par semaine)`)
    .check(compareIsoDates(month, firstDayOfMonth(placement.startDate)) >= 0 && (!placement.endDate || compareIsoDates(month, firstDayOfMonth(placement.endDate)) <= 0),
      'month', 'MONTH_OUTSIDE_PLACEMENT', `Le mois ${month.slice(0, 7)} est en dehors de la mise à l’emploi (${placement.startDate} – ${placement.endDate ?? '…'})`);
}

/** The same commune, whatever the case and accents (« Bethune » is Béthune). */
export const sameCommune = (a: string, b: string) => normalizeLabel(a) === normalizeLabel(b);

/** A quartier prioritaire named for a person must exist and lie in their commune of residence. */
export function checkQpv(validation: Validation, field: string, named: string, qpv: { name: string; commune: string } | null, commune: string): void {
  validation
    .check(qpv !== null, field, 'UNKNOWN_QPV', `Quartier prioritaire inconnu : ${named}`)
    .check(!qpv || sameCommune(qpv.commune, commune), field, 'QPV_NOT_IN_COMMUNE', `Le quartier ${qpv?.name} n'est pas dans la commune de résidence (${qpv?.commune})`);
}
