import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  ageBand,
  ageOn,
  bandsUnder,
  isYoungAtEntry,
  type AgeBand,
  type YouthThreshold,
} from '../../src/domain/age.js';
import { DomainInputError } from '../../src/domain/errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainInputError) return e.code;
    throw e;
  }
  return undefined;
}

describe('ageOn', () => {
  it('changes on the birthday, not the day before', () => {
    expect(ageOn('2000-06-15', '2026-06-14')).toBe(25);
    expect(ageOn('2000-06-15', '2026-06-15')).toBe(26);
    expect(ageOn('2000-06-15', '2026-06-16')).toBe(26);
  });

  it('compares the month before the day', () => {
    expect(ageOn('2000-06-15', '2026-05-20')).toBe(25);
    expect(ageOn('2000-06-15', '2026-07-01')).toBe(26);
    expect(ageOn('2000-12-31', '2026-01-01')).toBe(25);
  });

  it('is 0 on the day of birth', () => {
    expect(ageOn('2024-03-10', '2024-03-10')).toBe(0);
  });

  it('puts the birthday of someone born on 29 February on 1 March in non-leap years', () => {
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-28')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
  });

  it('rejects a date before birth and impossible dates', () => {
    expect(codeOf(() => ageOn('2000-06-15', '2000-06-14'))).toBe('DATE_BEFORE_BIRTH');
    expect(codeOf(() => ageOn('2001-02-29', '2024-01-01'))).toBe('INVALID_DATE');
    expect(() => ageOn('2000-06-15', '2000-06-14')).toThrow(expect.objectContaining({ message: 'Le 2000-06-14 précède la date de naissance (2000-06-15)' }));
  });
});

describe('isYoungAtEntry', () => {
  it('is strictly under the threshold ("moins de 26 ans")', () => {
    expect(isYoungAtEntry(25, 26)).toBe(true);
    expect(isYoungAtEntry(26, 26)).toBe(false);
    expect(isYoungAtEntry(24, 25)).toBe(true);
    expect(isYoungAtEntry(25, 25)).toBe(false);
    expect(isYoungAtEntry(29, 30)).toBe(true);
    expect(isYoungAtEntry(30, 30)).toBe(false);
  });

  it('uses the age at entry: under 26 at entry, 27 today, still young for the indicator', () => {
    const birth = '1999-05-01';
    const entry = '2024-04-30';
    const today = '2026-06-01';
    expect(ageOn(birth, today)).toBe(27);
    expect(isYoungAtEntry(ageOn(birth, entry), 26)).toBe(true);
    expect(isYoungAtEntry(ageOn(birth, today), 26)).toBe(false);
  });

  it('rejects impossible ages and thresholds', () => {
    expect(codeOf(() => isYoungAtEntry(-1, 26))).toBe('NEGATIVE_VALUE');
    expect(codeOf(() => isYoungAtEntry(25.5, 26))).toBe('INVALID_NUMBER');
    expect(codeOf(() => isYoungAtEntry(20, 18 as YouthThreshold))).toBe('INVALID_THRESHOLD');
    expect(() => isYoungAtEntry(20, 18 as YouthThreshold)).toThrow(expect.objectContaining({ message: "Le seuil d'âge des jeunes est de 25, 26 ou 30 ans, pas 18" }));
  });
});

describe('ageBand', () => {
  it.each([
    [0, 'UNDER_25'],
    [16, 'UNDER_25'],
    [24, 'UNDER_25'],
    [25, 'AGE_25'],
    [26, 'AGE_26_29'],
    [29, 'AGE_26_29'],
    [30, 'AGE_30_44'],
    [44, 'AGE_30_44'],
    [45, 'AGE_45_54'],
    [54, 'AGE_45_54'],
    [55, 'AGE_55_PLUS'],
    [67, 'AGE_55_PLUS'],
  ] as const)('age %i is in band %s', (age, band) => {
    expect(ageBand(age)).toBe(band);
  });

  it('has a French label for every band', () => {
    expect(AGE_BANDS.map((b) => AGE_BAND_LABELS[b])).toEqual([
      'Moins de 25 ans',
      '25 ans',
      '26 à 29 ans',
      '30 à 44 ans',
      '45 à 54 ans',
      '55 ans et plus',
    ]);
  });

  it('rejects negative and fractional ages', () => {
    expect(codeOf(() => ageBand(-3))).toBe('NEGATIVE_VALUE');
    expect(codeOf(() => ageBand(30.2))).toBe('INVALID_NUMBER');
  });
});

describe('bandsUnder', () => {
  it.each([25, 26, 30] as const)('summing the bands under %i counts exactly the young people', (threshold) => {
    const selected = new Set<AgeBand>(bandsUnder(threshold));
    for (let age = 0; age <= 100; age++) {
      expect(selected.has(ageBand(age))).toBe(isYoungAtEntry(age, threshold));
    }
  });

  it('lists the bands youngest first', () => {
    expect(bandsUnder(25)).toEqual(['UNDER_25']);
    expect(bandsUnder(26)).toEqual(['UNDER_25', 'AGE_25']);
    expect(bandsUnder(30)).toEqual(['UNDER_25', 'AGE_25', 'AGE_26_29']);
  });
});
