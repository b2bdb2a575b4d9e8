import {
  addDays,
  addMonths,
  compareIsoDates,
  daysBetween,
  daysInMonth,
  firstDayOfMonth,
  isIsoDate,
  isLeapYear,
  lastDayOfMonth,
  monthsBetween,
  parseIsoDate,
  periodEnd,
} from '../../src/domain/dates.js';
import { assertFinite, assertNonNegative, assertRate, DomainInputError } from '../../src/domain/errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainInputError) return e.code;
    throw e;
  }
  return undefined;
}

describe('isIsoDate / parseIsoDate', () => {
  it('accepts real calendar days, including 29 February of a leap year', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
    expect(isIsoDate('2024-12-31')).toBe(true);
  });

  it.each(['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '0000-01-01'])(
    'rejects the impossible day %s with INVALID_DATE',
    (s) => {
      expect(isIsoDate(s)).toBe(false);
      expect(codeOf(() => parseIsoDate(s))).toBe('INVALID_DATE');
    },
  );

  it.each(['2024-1-05', '2024-01-05T00:00:00Z', ' 2024-01-05', '20240105', '05/01/2024', ''])(
    'rejects the non-canonical form %j',
    (s) => {
      expect(isIsoDate(s)).toBe(false);
      expect(codeOf(() => parseIsoDate(s))).toBe('INVALID_DATE');
    },
  );

  it('rejects non-strings without throwing in the guard', () => {
    expect(isIsoDate(null)).toBe(false);
    expect(isIsoDate(20240105)).toBe(false);
  });

  it('knows the Gregorian leap-year rule', () => {
    expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 12)).toBe(31);
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('2024-01-01', 0)).toBe('2024-01-01');
  });

  it('is unaffected by daylight-saving changes (last Sunday of March / October)', () => {
    expect(addDays('2024-03-30', 1)).toBe('2024-03-31');
    expect(addDays('2024-03-31', 1)).toBe('2024-04-01');
    expect(addDays('2024-10-27', 1)).toBe('2024-10-28');
  });

  it('round-trips over four centuries day by day', () => {
    let d = '1999-12-31';
    let previous = d;
    for (let i = 0; i < 146097; i += 997) {
      d = addDays('1999-12-31', i);
      expect(isIsoDate(d)).toBe(true);
      expect(daysBetween('1999-12-31', d)).toBe(i);
      expect(compareIsoDates(previous, d)).toBeLessThanOrEqual(0);
      previous = d;
    }
  });

  it('agrees with UTC Date arithmetic on every day of 2023-2024', () => {
    for (let i = 0; i < 731; i++) {
      const expected = new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10);
      expect(addDays('2023-01-01', i)).toBe(expected);
    }
  });

  it('rejects a fractional day count and leaving years 0001-9999', () => {
    expect(codeOf(() => addDays('2024-01-01', 0.5))).toBe('INVALID_NUMBER');
    expect(codeOf(() => addDays('9999-12-31', 1))).toBe('INVALID_DATE');
    expect(codeOf(() => addDays('0001-01-01', -1))).toBe('INVALID_DATE');
  });
});

describe('refusals', () => {
  const refusal = (code: string, message: string) => expect.objectContaining({ code, message });

  it('say in French what is wrong with a date, for the person who typed it', () => {
    expect(() => parseIsoDate('05/01/2024')).toThrow(refusal('INVALID_DATE', "« 05/01/2024 » n'est pas une date au format AAAA-MM-JJ (par exemple 2025-01-31)"));
    expect(() => parseIsoDate('2023-02-29')).toThrow(refusal('INVALID_DATE', "« 2023-02-29 » n'est pas un jour du calendrier"));
    expect(() => addDays('9999-12-31', 1)).toThrow(refusal('INVALID_DATE', 'Aucune date après le 9999-12-31 ni avant le 0001-01-01 (10000-01-01 ici)'));
    expect(() => addMonths('9999-12-01', 1)).toThrow(refusal('INVALID_DATE', 'Aucune date après le 9999-12-31 ni avant le 0001-01-01 (9999-12-01 plus 1 mois ici)'));
    expect(() => monthsBetween('2024-03-01', '2024-02-01')).toThrow(refusal('END_BEFORE_START', 'La date de fin (2024-02-01) précède la date de début (2024-03-01)'));
  });

  it('say in French what is wrong with a number, naming its field', () => {
    expect(() => addDays('2024-01-01', 0.5)).toThrow(refusal('INVALID_NUMBER', '« days » doit être un nombre entier (reçu : 0.5)'));
    expect(() => periodEnd('2024-01-01', 0)).toThrow(refusal('NOT_POSITIVE', '« months » doit être supérieur à 0 (reçu : 0)'));
    expect(() => assertFinite(Number.NaN, 'hours')).toThrow(refusal('INVALID_NUMBER', '« hours » doit être un nombre (reçu : NaN)'));
    expect(() => assertNonNegative(-2, 'hours')).toThrow(refusal('NEGATIVE_VALUE', '« hours » ne peut pas être négatif (reçu : -2)'));
    expect(() => assertRate(1.5, 'labourRate')).toThrow(refusal('RATE_OUT_OF_RANGE', '« labourRate » doit être compris entre 0 et 1 (reçu : 1.5)'));
  });
});

describe('addMonths', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-03-31', 1)).toBe('2024-04-30');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
  });

  it('keeps the day when it exists, across years, and goes backwards', () => {
    expect(addMonths('2024-01-31', 2)).toBe('2024-03-31');
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-01-15', -13)).toBe('2022-12-15');
    expect(addMonths('2024-01-15', 0)).toBe('2024-01-15');
  });

  it('rejects fractional months', () => {
    expect(codeOf(() => addMonths('2024-01-15', 1.5))).toBe('INVALID_NUMBER');
  });
});

describe('compareIsoDates, firstDayOfMonth, lastDayOfMonth', () => {
  it('orders dates', () => {
    expect(compareIsoDates('2024-01-01', '2024-01-02')).toBe(-1);
    expect(compareIsoDates('2024-01-02', '2024-01-01')).toBe(1);
    expect(compareIsoDates('2024-01-02', '2024-01-02')).toBe(0);
    expect(['2024-03-01', '2023-12-31', '2024-02-29'].sort(compareIsoDates)).toEqual([
      '2023-12-31',
      '2024-02-29',
      '2024-03-01',
    ]);
  });

  it('validates both operands', () => {
    expect(codeOf(() => compareIsoDates('2024-01-01', '2023-02-29'))).toBe('INVALID_DATE');
  });

  it('gives the month bounds', () => {
    expect(firstDayOfMonth('2024-02-17')).toBe('2024-02-01');
    expect(lastDayOfMonth('2024-02-17')).toBe('2024-02-29');
    expect(lastDayOfMonth('2023-02-17')).toBe('2023-02-28');
  });
});

describe('monthsBetween', () => {
  it('counts whole calendar months', () => {
    expect(monthsBetween('2024-01-15', '2024-01-15')).toBe(0);
    expect(monthsBetween('2024-01-15', '2024-02-14')).toBe(0);
    expect(monthsBetween('2024-01-15', '2024-02-15')).toBe(1);
    expect(monthsBetween('2024-01-31', '2024-02-29')).toBe(1);
    expect(monthsBetween('2024-01-31', '2024-02-28')).toBe(0);
    expect(monthsBetween('2023-11-30', '2024-11-29')).toBe(11);
    expect(monthsBetween('2023-11-30', '2024-11-30')).toBe(12);
  });

  it('refuses an end before the start', () => {
    expect(codeOf(() => monthsBetween('2024-02-01', '2024-01-31'))).toBe('END_BEFORE_START');
  });
});

describe('periodEnd', () => {
  it('ends the day before the same date, months later', () => {
    expect(periodEnd('2024-05-15', 48)).toBe('2028-05-14');
    expect(periodEnd('2024-01-01', 12)).toBe('2024-12-31');
    expect(periodEnd('2024-01-31', 1)).toBe('2024-02-28');
  });

  it('refuses a period of no month, or of part of a month', () => {
    expect(codeOf(() => periodEnd('2024-01-01', 0))).toBe('NOT_POSITIVE');
    expect(codeOf(() => periodEnd('2024-01-01', 1.5))).toBe('INVALID_NUMBER');
  });
});
