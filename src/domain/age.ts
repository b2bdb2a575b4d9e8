import { bandOf, bandsOf, type Bands } from './bands.js';
import { compareIsoDates, parseIsoDate } from './dates.js';
import { DomainInputError, assertInteger, assertNonNegative } from './errors.js';

/**
 * Age in whole years on a given day. Someone born on 29 February turns a year older
 * on 1 March in non-leap years (still the previous age on 28 February), as for French
 * civil-law majority.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const birth = parseIsoDate(birthDate);
  const on = parseIsoDate(onDate);
  if (compareIsoDates(onDate, birthDate) < 0) {
    throw new DomainInputError('DATE_BEFORE_BIRTH', `Le ${onDate} précède la date de naissance (${birthDate})`);
  }
  const birthdayReached = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (birthdayReached ? 0 : 1);
}

/** Youth thresholds of the indicators: Calais charter 25, Département 26, ESF+ 30. */
export type YouthThreshold = 25 | 26 | 30;

const YOUTH_THRESHOLDS: readonly YouthThreshold[] = [25, 26, 30];

function assertAge(age: number): void {
  assertInteger(age, 'ageAtEntry');
  assertNonNegative(age, 'ageAtEntry');
}

function assertThreshold(threshold: number): void {
  if (!(YOUTH_THRESHOLDS as readonly number[]).includes(threshold)) {
    throw new DomainInputError('INVALID_THRESHOLD', `Le seuil d'âge des jeunes est de 25, 26 ou 30 ans, pas ${threshold}`);
  }
}

/** "Moins de 26 ans": strictly under the threshold. Pass the age at entry into the scheme, not today's. */
export function isYoungAtEntry(ageAtEntry: number, threshold: YouthThreshold): boolean {
  assertAge(ageAtEntry);
  assertThreshold(threshold);
  return ageAtEntry < threshold;
}

/** Bands cut at 25, 26 and 30 so that every youth threshold is a sum of whole bands. */
export type AgeBand = 'UNDER_25' | 'AGE_25' | 'AGE_26_29' | 'AGE_30_44' | 'AGE_45_54' | 'AGE_55_PLUS';

/** Ages at entry by band (domain/bands.ts). */
export const AGE_BANDING: Bands<AgeBand> = {
  below: [['UNDER_25', 25], ['AGE_25', 26], ['AGE_26_29', 30], ['AGE_30_44', 45], ['AGE_45_54', 55]],
  rest: 'AGE_55_PLUS',
};

/** All bands, youngest first. */
export const AGE_BANDS: readonly AgeBand[] = bandsOf(AGE_BANDING);

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  UNDER_25: 'Moins de 25 ans',
  AGE_25: '25 ans',
  AGE_26_29: '26 à 29 ans',
  AGE_30_44: '30 à 44 ans',
  AGE_45_54: '45 à 54 ans',
  AGE_55_PLUS: '55 ans et plus',
};

export function ageBand(ageAtEntry: number): AgeBand {
  assertAge(ageAtEntry);
  return bandOf(AGE_BANDING, ageAtEntry);
}

/** The bands whose sum counts the people strictly under the threshold. */
export function bandsUnder(threshold: YouthThreshold): AgeBand[] {
  assertThreshold(threshold);
  switch (threshold) {
    case 25:
      return ['UNDER_25'];
    case 26:
      return ['UNDER_25', 'AGE_25'];
    case 30:
      return ['UNDER_25', 'AGE_25', 'AGE_26_29'];
  }
}
