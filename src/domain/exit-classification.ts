/**
 * "Sorties dynamiques" exactly as the Département defines them (seed 002):
 * durable job, transition job, positive exit; anything else is OTHER.
 */
import { addDays, addMonths, compareIsoDates, parseIsoDate } from './dates.js';
import { DomainInputError, assertInteger, assertNonNegative } from './errors.js';

export type ExitOutcome =
  | 'CDI'
  | 'CDD'
  | 'TEMPORARY_MISSION'
  | 'PROFESSIONALISATION'
  | 'APPRENTICESHIP'
  | 'CIVIL_SERVICE'
  | 'QUALIFYING_TRAINING'
  | 'SIAE_INSERTION_JOB'
  | 'OTHER_TRAINING'
  | 'NO_EMPLOYMENT'
  | 'OTHER';

/** Market-sector subsidised contract ("contrat aidé") the hire is made under, if any. */
export type ContractSubsidy = 'NONE' | 'CUI_CIE' | 'EMPLOI_FRANC';

export type ExitCategory = 'DURABLE_JOB' | 'TRANSITION_JOB' | 'POSITIVE_EXIT' | 'OTHER';

export interface ExitFacts {
  outcome: ExitOutcome;
  subsidy?: ContractSubsidy;
  contractStart?: string | null;
  contractEnd?: string | null;
}

export type ExitRule =
  | 'CDI'
  | 'CDD_6_MONTHS_OR_MORE'
  | 'CDD_3_MONTHS_OR_MORE'
  | 'CDD_UNDER_3_MONTHS'
  | 'SUBSIDISED_CDD_3_MONTHS_OR_MORE'
  | 'SUBSIDISED_CDD_UNDER_3_MONTHS'
  | 'MISSION_6_MONTHS_OR_MORE'
  | 'MISSION_3_MONTHS_OR_MORE'
  | 'MISSION_UNDER_3_MONTHS'
  | 'PROFESSIONALISATION'
  | 'APPRENTICESHIP'
  | 'CIVIL_SERVICE'
  | 'QUALIFYING_TRAINING'
  | 'SIAE_INSERTION_JOB'
  | 'OTHER_TRAINING'
  | 'NO_EMPLOYMENT'
  | 'OTHER';

export interface ExitClassification {
  category: ExitCategory;
  rule: ExitRule;
}

/**
 * True iff a contract from `start` to `endInclusive` (both days worked) covers at least
 * `months` calendar months: the day after the end reaches start + months (month-end clamped).
 * So 2024-01-01..2024-06-30 is exactly 6 months, and 2024-01-31..2024-02-28 is 1 month.
 */
export function lastsAtLeastMonths(start: string, endInclusive: string, months: number): boolean {
  assertInteger(months, 'months');
  assertNonNegative(months, 'months');
  assertEndNotBeforeStart(start, endInclusive);
  return compareIsoDates(addDays(endInclusive, 1), addMonths(start, months)) >= 0;
}

function assertEndNotBeforeStart(start: string, end: string): void {
  if (compareIsoDates(end, start) < 0) {
    throw new DomainInputError('END_BEFORE_START', `La fin du contrat (${end}) précède son début (${start})`);
  }
}

/** Checks whatever dates are given, for every outcome: a wrong date is wrong even when unused. */
function validateDates(f: ExitFacts): void {
  if (f.contractStart != null) parseIsoDate(f.contractStart);
  if (f.contractEnd != null) parseIsoDate(f.contractEnd);
  if (f.contractStart != null && f.contractEnd != null) assertEndNotBeforeStart(f.contractStart, f.contractEnd);
}

function requiredDates(f: ExitFacts): { start: string; end: string } {
  if (f.contractStart == null) {
    throw new DomainInputError('MISSING_START_DATE', `Une sortie ${f.outcome} demande la date de début du contrat`);
  }
  if (f.contractEnd == null) {
    throw new DomainInputError('MISSING_END_DATE', `Une sortie ${f.outcome} demande la date de fin du contrat`);
  }
  return { start: f.contractStart, end: f.contractEnd };
}

function classifyCdd(f: ExitFacts): ExitClassification {
  const { start, end } = requiredDates(f);
  const subsidised = f.subsidy !== undefined && f.subsidy !== 'NONE';
  if (subsidised) {
    // A subsidised CDD is at best a transition job, whatever its length.
    return lastsAtLeastMonths(start, end, 3)
      ? { category: 'TRANSITION_JOB', rule: 'SUBSIDISED_CDD_3_MONTHS_OR_MORE' }
      : { category: 'OTHER', rule: 'SUBSIDISED_CDD_UNDER_3_MONTHS' };
  }
  if (lastsAtLeastMonths(start, end, 6)) return { category: 'DURABLE_JOB', rule: 'CDD_6_MONTHS_OR_MORE' };
  if (lastsAtLeastMonths(start, end, 3)) return { category: 'TRANSITION_JOB', rule: 'CDD_3_MONTHS_OR_MORE' };
  return { category: 'OTHER', rule: 'CDD_UNDER_3_MONTHS' };
}

function classifyMission(f: ExitFacts): ExitClassification {
  const { start, end } = requiredDates(f);
  if (lastsAtLeastMonths(start, end, 6)) return { category: 'DURABLE_JOB', rule: 'MISSION_6_MONTHS_OR_MORE' };
  if (lastsAtLeastMonths(start, end, 3)) return { category: 'TRANSITION_JOB', rule: 'MISSION_3_MONTHS_OR_MORE' };
  return { category: 'OTHER', rule: 'MISSION_UNDER_3_MONTHS' };
}

function unknownOutcome(outcome: never): never {
  throw new DomainInputError('UNKNOWN_OUTCOME', `Type de sortie inconnu : « ${String(outcome)} »`);
}

/**
 * Classifies an exit. The subsidy only matters for a CDD: a CDI is durable even under
 * CUI-CIE or emploi franc, and the other outcomes are not subsidised contracts.
 */
export function classifyExit(f: ExitFacts): ExitClassification {
  validateDates(f);
  switch (f.outcome) {
    case 'CDI':
      return { category: 'DURABLE_JOB', rule: 'CDI' };
    case 'CDD':
      return classifyCdd(f);
    case 'TEMPORARY_MISSION':
      return classifyMission(f);
    case 'PROFESSIONALISATION':
      return { category: 'DURABLE_JOB', rule: 'PROFESSIONALISATION' };
    case 'APPRENTICESHIP':
      return { category: 'DURABLE_JOB', rule: 'APPRENTICESHIP' };
    case 'CIVIL_SERVICE':
      return { category: 'DURABLE_JOB', rule: 'CIVIL_SERVICE' };
    case 'QUALIFYING_TRAINING':
      return { category: 'POSITIVE_EXIT', rule: 'QUALIFYING_TRAINING' };
    case 'SIAE_INSERTION_JOB':
      return { category: 'POSITIVE_EXIT', rule: 'SIAE_INSERTION_JOB' };
    case 'OTHER_TRAINING':
      return { category: 'OTHER', rule: 'OTHER_TRAINING' };
    case 'NO_EMPLOYMENT':
      return { category: 'OTHER', rule: 'NO_EMPLOYMENT' };
    case 'OTHER':
      return { category: 'OTHER', rule: 'OTHER' };
    default:
      return unknownOutcome(f.outcome);
  }
}
