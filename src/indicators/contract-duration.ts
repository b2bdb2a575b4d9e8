import { bandOf, bandsOf, type Bands } from '../domain/bands.js';
import { addDays, monthsBetween } from '../domain/dates.js';

/**
 * Contract length bands, cut at the thresholds of the exit rules (domain.md §4: 3 and 6 months) and
 * at a year. A CDI, or a contract without an end date, is open-ended whatever its dates.
 */
export type ContractDurationBand = 'UNDER_1_MONTH' | 'FROM_1_TO_3_MONTHS' | 'FROM_3_TO_6_MONTHS' | 'FROM_6_TO_12_MONTHS' | 'FROM_12_MONTHS' | 'OPEN_ENDED';

/** Contracts with an end, by their months (contractMonths); the others are OPEN_ENDED. */
export const CONTRACT_MONTHS_BANDING: Bands<Exclude<ContractDurationBand, 'OPEN_ENDED'>> = {
  below: [['UNDER_1_MONTH', 1], ['FROM_1_TO_3_MONTHS', 3], ['FROM_3_TO_6_MONTHS', 6], ['FROM_6_TO_12_MONTHS', 12]],
  rest: 'FROM_12_MONTHS',
};

export const CONTRACT_DURATION_BANDS: readonly ContractDurationBand[] = [...bandsOf(CONTRACT_MONTHS_BANDING), 'OPEN_ENDED'];

export const CONTRACT_DURATION_BAND_LABELS: Record<ContractDurationBand, string> = {
  UNDER_1_MONTH: "Moins d'un mois",
  FROM_1_TO_3_MONTHS: "D'un à moins de 3 mois",
  FROM_3_TO_6_MONTHS: 'De 3 à moins de 6 mois',
  FROM_6_TO_12_MONTHS: 'De 6 à moins de 12 mois',
  FROM_12_MONTHS: '12 mois et plus',
  OPEN_ENDED: 'Durée indéterminée',
};

/**
 * Whole calendar months a contract lasts, end day included, as the exit rules count them:
 * 2024-01-01..2024-06-30 is 6 months, 2024-01-31..2024-02-28 is 1 month.
 */
export function contractMonths(start: string, endInclusive: string): number {
  return monthsBetween(start, addDays(endInclusive, 1));
}

/** `months` is contractMonths(start, end), or null when the contract has no end date. */
export function contractDurationBand(isOpenEndedType: boolean, months: number | null): ContractDurationBand {
  return isOpenEndedType || months === null ? 'OPEN_ENDED' : bandOf(CONTRACT_MONTHS_BANDING, months);
}
