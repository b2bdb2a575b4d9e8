import { addDays, addMonths, monthsBetween } from '../../src/domain/dates.js';
import { DomainInputError } from '../../src/domain/errors.js';
import {
  classifyExit,
  lastsAtLeastMonths,
  type ExitFacts,
  type ExitOutcome,
} from '../../src/domain/exit-classification.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainInputError) return e.code;
    throw e;
  }
  return undefined;
}

const cdd = (contractStart: string, contractEnd: string, subsidy: ExitFacts['subsidy'] = 'NONE'): ExitFacts => ({
  outcome: 'CDD',
  subsidy,
  contractStart,
  contractEnd,
});
const mission = (contractStart: string, contractEnd: string): ExitFacts => ({
  outcome: 'TEMPORARY_MISSION',
  contractStart,
  contractEnd,
});

describe('lastsAtLeastMonths (end date inclusive)', () => {
  it('counts 2024-01-01..2024-06-30 as exactly 6 months', () => {
    expect(lastsAtLeastMonths('2024-01-01', '2024-06-30', 6)).toBe(true);
    expect(lastsAtLeastMonths('2024-01-01', '2024-06-29', 6)).toBe(false);
    expect(lastsAtLeastMonths('2024-01-01', '2024-06-30', 7)).toBe(false);
  });

  it('clamps month-end starts: from 31 January, 1 month ends on the last day before the clamped date', () => {
    // 2024-01-31 + 1 month = 2024-02-29, so the contract must run to 2024-02-28 inclusive
    expect(lastsAtLeastMonths('2024-01-31', '2024-02-28', 1)).toBe(true);
    expect(lastsAtLeastMonths('2024-01-31', '2024-02-27', 1)).toBe(false);
    // 2023-01-31 + 1 month = 2023-02-28
    expect(lastsAtLeastMonths('2023-01-31', '2023-02-27', 1)).toBe(true);
    expect(lastsAtLeastMonths('2023-01-31', '2023-02-26', 1)).toBe(false);
  });

  it('counts a one-day contract as 0 months but not 1', () => {
    expect(lastsAtLeastMonths('2024-05-10', '2024-05-10', 0)).toBe(true);
    expect(lastsAtLeastMonths('2024-05-10', '2024-05-10', 1)).toBe(false);
  });

  it('matches whole calendar months up to the day after the end, for every start day of 2023-2024', () => {
    for (let i = 0; i < 731; i += 3) {
      const start = addDays('2023-01-01', i);
      for (const length of [27, 28, 29, 30, 31, 88, 89, 90, 91, 92, 180, 181, 182, 183, 184]) {
        const end = addDays(start, length);
        const months = monthsBetween(start, addDays(end, 1));
        expect(lastsAtLeastMonths(start, end, months)).toBe(true);
        expect(lastsAtLeastMonths(start, end, months + 1)).toBe(false);
      }
    }
  });

  it('rejects an end before the start, bad dates and bad month counts', () => {
    expect(codeOf(() => lastsAtLeastMonths('2024-03-01', '2024-02-29', 1))).toBe('END_BEFORE_START');
    expect(codeOf(() => lastsAtLeastMonths('2023-02-29', '2023-06-30', 1))).toBe('INVALID_DATE');
    expect(codeOf(() => lastsAtLeastMonths('2024-01-01', '2024-06-30', -1))).toBe('NEGATIVE_VALUE');
    expect(codeOf(() => lastsAtLeastMonths('2024-01-01', '2024-06-30', 2.5))).toBe('INVALID_NUMBER');
  });
});

describe('classifyExit: CDD', () => {
  it('exactly 6 months is a durable job', () => {
    expect(classifyExit(cdd('2024-01-01', '2024-06-30'))).toEqual({ category: 'DURABLE_JOB', rule: 'CDD_6_MONTHS_OR_MORE' });
  });

  it('5 months and 30 days is a transition job', () => {
    // 2024-03-01 + 5 months = 2024-08-01; + 30 days = 2024-08-31 = the day after 2024-08-30
    expect(addDays(addMonths('2024-03-01', 5), 30)).toBe(addDays('2024-08-30', 1));
    expect(classifyExit(cdd('2024-03-01', '2024-08-30'))).toEqual({ category: 'TRANSITION_JOB', rule: 'CDD_3_MONTHS_OR_MORE' });
  });

  it('exactly 3 months is a transition job', () => {
    expect(classifyExit(cdd('2024-01-01', '2024-03-31'))).toEqual({ category: 'TRANSITION_JOB', rule: 'CDD_3_MONTHS_OR_MORE' });
  });

  it('2 months and 30 days is not a dynamic exit', () => {
    // 2024-03-01 + 2 months = 2024-05-01; + 30 days = 2024-05-31 = the day after 2024-05-30
    expect(addDays(addMonths('2024-03-01', 2), 30)).toBe(addDays('2024-05-30', 1));
    expect(classifyExit(cdd('2024-03-01', '2024-05-30'))).toEqual({ category: 'OTHER', rule: 'CDD_UNDER_3_MONTHS' });
  });

  it('a one-day CDD is not a dynamic exit', () => {
    expect(classifyExit(cdd('2024-03-01', '2024-03-01')).category).toBe('OTHER');
  });

  it('treats a contract starting on 31 January with month-end clamping', () => {
    // + 6 months = 2024-07-31 → must run to 2024-07-30 inclusive
    expect(classifyExit(cdd('2024-01-31', '2024-07-30')).category).toBe('DURABLE_JOB');
    expect(classifyExit(cdd('2024-01-31', '2024-07-29')).category).toBe('TRANSITION_JOB');
    // + 3 months = 2024-04-30 (clamped) → must run to 2024-04-29 inclusive
    expect(classifyExit(cdd('2024-01-31', '2024-04-29')).category).toBe('TRANSITION_JOB');
    expect(classifyExit(cdd('2024-01-31', '2024-04-28')).category).toBe('OTHER');
  });

  it('handles leap years', () => {
    // Dec 1 + 3 months = Mar 1, so a CDD to the last day of February is exactly 3 months
    expect(classifyExit(cdd('2023-12-01', '2024-02-29')).category).toBe('TRANSITION_JOB');
    expect(classifyExit(cdd('2023-12-01', '2024-02-28')).category).toBe('OTHER');
    expect(classifyExit(cdd('2022-12-01', '2023-02-28')).category).toBe('TRANSITION_JOB');
    // Aug 31 + 6 months clamps to Feb 29 in a leap year, Feb 28 otherwise
    expect(classifyExit(cdd('2023-08-31', '2024-02-28')).category).toBe('DURABLE_JOB');
    expect(classifyExit(cdd('2023-08-31', '2024-02-27')).category).toBe('TRANSITION_JOB');
    expect(classifyExit(cdd('2022-08-31', '2023-02-27')).category).toBe('DURABLE_JOB');
    expect(classifyExit(cdd('2022-08-31', '2023-02-26')).category).toBe('TRANSITION_JOB');
    // starting on Feb 29: + 6 months = Aug 29
    expect(classifyExit(cdd('2024-02-29', '2024-08-28')).category).toBe('DURABLE_JOB');
    expect(classifyExit(cdd('2024-02-29', '2024-08-27')).category).toBe('TRANSITION_JOB');
  });

  it('a subsidised CDD of 12 months is a transition job, never durable', () => {
    expect(classifyExit(cdd('2024-01-01', '2024-12-31', 'CUI_CIE'))).toEqual({
      category: 'TRANSITION_JOB',
      rule: 'SUBSIDISED_CDD_3_MONTHS_OR_MORE',
    });
    expect(classifyExit(cdd('2024-01-01', '2024-12-31', 'EMPLOI_FRANC'))).toEqual({
      category: 'TRANSITION_JOB',
      rule: 'SUBSIDISED_CDD_3_MONTHS_OR_MORE',
    });
  });

  it('a subsidised CDD of exactly 3 months is a transition job, under 3 months it is not', () => {
    expect(classifyExit(cdd('2024-01-01', '2024-03-31', 'CUI_CIE')).category).toBe('TRANSITION_JOB');
    expect(classifyExit(cdd('2024-01-01', '2024-03-30', 'EMPLOI_FRANC'))).toEqual({
      category: 'OTHER',
      rule: 'SUBSIDISED_CDD_UNDER_3_MONTHS',
    });
  });

  it('treats an absent subsidy as not subsidised', () => {
    expect(classifyExit({ outcome: 'CDD', contractStart: '2024-01-01', contractEnd: '2024-12-31' }).category).toBe(
      'DURABLE_JOB',
    );
  });

  it('needs both dates, in order', () => {
    expect(codeOf(() => classifyExit({ outcome: 'CDD', contractStart: '2024-01-01' }))).toBe('MISSING_END_DATE');
    expect(codeOf(() => classifyExit({ outcome: 'CDD', contractStart: '2024-01-01', contractEnd: null }))).toBe(
      'MISSING_END_DATE',
    );
    expect(codeOf(() => classifyExit({ outcome: 'CDD', contractEnd: '2024-06-30' }))).toBe('MISSING_START_DATE');
    expect(codeOf(() => classifyExit(cdd('2024-06-30', '2024-01-01')))).toBe('END_BEFORE_START');
    expect(() => classifyExit({ outcome: 'CDD', contractEnd: '2024-06-30' })).toThrow(expect.objectContaining({ message: 'Une sortie CDD demande la date de début du contrat' }));
    expect(() => classifyExit(cdd('2024-06-30', '2024-01-01'))).toThrow(expect.objectContaining({ message: 'La fin du contrat (2024-01-01) précède son début (2024-06-30)' }));
    expect(codeOf(() => classifyExit(cdd('2024-01-01', '2024-06-31')))).toBe('INVALID_DATE');
  });
});

describe('classifyExit: temporary missions', () => {
  it('6 months or more is durable, 3 to 6 months transition, under 3 months other', () => {
    expect(classifyExit(mission('2024-01-01', '2024-06-30'))).toEqual({ category: 'DURABLE_JOB', rule: 'MISSION_6_MONTHS_OR_MORE' });
    expect(classifyExit(mission('2024-01-01', '2024-06-29'))).toEqual({ category: 'TRANSITION_JOB', rule: 'MISSION_3_MONTHS_OR_MORE' });
    expect(classifyExit(mission('2024-01-01', '2024-03-31'))).toEqual({ category: 'TRANSITION_JOB', rule: 'MISSION_3_MONTHS_OR_MORE' });
    expect(classifyExit(mission('2024-01-01', '2024-03-30'))).toEqual({ category: 'OTHER', rule: 'MISSION_UNDER_3_MONTHS' });
  });

  it('needs an end date', () => {
    expect(codeOf(() => classifyExit({ outcome: 'TEMPORARY_MISSION', contractStart: '2024-01-01' }))).toBe('MISSING_END_DATE');
  });
});

describe('classifyExit: outcomes that do not depend on length', () => {
  it('a CDI is durable, including under CUI-CIE or emploi franc, with no dates needed', () => {
    expect(classifyExit({ outcome: 'CDI' })).toEqual({ category: 'DURABLE_JOB', rule: 'CDI' });
    expect(classifyExit({ outcome: 'CDI', subsidy: 'CUI_CIE', contractStart: '2024-01-01' })).toEqual({
      category: 'DURABLE_JOB',
      rule: 'CDI',
    });
    expect(classifyExit({ outcome: 'CDI', subsidy: 'EMPLOI_FRANC' }).category).toBe('DURABLE_JOB');
  });

  it('a professionalisation contract of 1 month is durable', () => {
    expect(classifyExit({ outcome: 'PROFESSIONALISATION', contractStart: '2024-01-01', contractEnd: '2024-01-31' })).toEqual({
      category: 'DURABLE_JOB',
      rule: 'PROFESSIONALISATION',
    });
  });

  it.each([
    ['APPRENTICESHIP', 'DURABLE_JOB'],
    ['CIVIL_SERVICE', 'DURABLE_JOB'],
    ['QUALIFYING_TRAINING', 'POSITIVE_EXIT'],
    ['SIAE_INSERTION_JOB', 'POSITIVE_EXIT'],
    ['OTHER_TRAINING', 'OTHER'],
    ['NO_EMPLOYMENT', 'OTHER'],
    ['OTHER', 'OTHER'],
  ] as const)('%s is %s, with the outcome as rule', (outcome, category) => {
    expect(classifyExit({ outcome })).toEqual({ category, rule: outcome });
  });

  it('a CDDI in an SIAE is a positive exit even when it lasts less than 3 months', () => {
    expect(
      classifyExit({ outcome: 'SIAE_INSERTION_JOB', contractStart: '2024-01-01', contractEnd: '2024-01-31' }).category,
    ).toBe('POSITIVE_EXIT');
  });

  it('still rejects dates that are given but wrong', () => {
    expect(
      codeOf(() => classifyExit({ outcome: 'APPRENTICESHIP', contractStart: '2024-09-01', contractEnd: '2024-08-31' })),
    ).toBe('END_BEFORE_START');
    expect(codeOf(() => classifyExit({ outcome: 'CDI', contractStart: '2023-02-29' }))).toBe('INVALID_DATE');
  });

  it('rejects an outcome outside the enumeration', () => {
    expect(codeOf(() => classifyExit({ outcome: 'INTERIM' as ExitOutcome }))).toBe('UNKNOWN_OUTCOME');
    expect(() => classifyExit({ outcome: 'INTERIM' as ExitOutcome })).toThrow(expect.objectContaining({ message: 'Type de sortie inconnu : « INTERIM »' }));
  });
});
