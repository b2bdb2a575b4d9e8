import { DomainInputError } from '../../src/domain/errors.js';
import { betweenDates, calendarYear, containsDate, monthsByYear, monthsOf, periodOf, semester } from '../../src/indicators/period.js';

describe('periods', () => {
  it('reads a semester as six months, end excluded', () => {
    expect(semester('2025-S1')).toEqual({ start: '2025-01-01', end: '2025-07-01' });
    expect(semester('2025-S2')).toEqual({ start: '2025-07-01', end: '2026-01-01' });
  });

  it('groups the months of a period by year', () => {
    expect([...monthsByYear(semester('2025-S2'))]).toEqual([[2025, [7, 8, 9, 10, 11, 12]]]);
    expect([...monthsByYear(betweenDates('2024-11-15', '2026-01-31'))]).toEqual([[2024, [12]], [2025, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]], [2026, [1]]]);
    expect([...monthsByYear(betweenDates('2024-03-02', '2024-03-20'))]).toEqual([]);
  });

  it('reads a year and two dates, both included', () => {
    expect(calendarYear(2024)).toEqual({ start: '2024-01-01', end: '2025-01-01' });
    expect(betweenDates('2024-03-15', '2024-03-15')).toEqual({ start: '2024-03-15', end: '2024-03-16' });
    expect(periodOf({ semester: '2024-S2' })).toEqual(semester('2024-S2'));
    expect(periodOf({ year: 2023 })).toEqual(calendarYear(2023));
    expect(periodOf({ from: '2024-02-01', to: '2024-12-31' })).toEqual({ start: '2024-02-01', end: '2025-01-01' });
  });

  it('refuses what is not a period', () => {
    for (const bad of ['2025-S3', '2025S1', '25-S1', '']) expect(() => semester(bad)).toThrow(DomainInputError);
    expect(() => calendarYear(2024.5)).toThrow(DomainInputError);
    expect(() => betweenDates('2024-02-30', '2024-04-30')).toThrow(DomainInputError);
  });

  it('says what is wrong in French, each refusal with its reason', () => {
    const refusal = (code: string, message: string) => expect.objectContaining({ code, message });
    expect(() => semester('2025-S3')).toThrow(refusal('INVALID_PERIOD', 'Indiquez un semestre sous la forme AAAA-S1 ou AAAA-S2 (par exemple 2025-S1), pas « 2025-S3 »'));
    expect(() => semester('0000-S1')).toThrow(refusal('INVALID_PERIOD', "L'année 0 n'est pas prise en charge : indiquez une année de 1 à 9998"));
    expect(() => calendarYear(9999)).toThrow(refusal('INVALID_PERIOD', "L'année 9999 n'est pas prise en charge : indiquez une année de 1 à 9998"));
    expect(() => calendarYear(2024.5)).toThrow(refusal('INVALID_NUMBER', '« year » doit être un nombre entier (reçu : 2024.5)'));
    expect(() => betweenDates('2024-05-01', '2024-04-30')).toThrow(refusal('END_BEFORE_START', 'La date de fin (2024-04-30) précède la date de début (2024-05-01)'));
    expect(() => betweenDates('2024-02-30', '2024-04-30')).toThrow(refusal('INVALID_DATE', "« 2024-02-30 » n'est pas un jour du calendrier"));
    expect(() => betweenDates('2024-02-01', '31/12/2024')).toThrow(refusal('INVALID_DATE', "« 31/12/2024 » n'est pas une date au format AAAA-MM-JJ (par exemple 2025-01-31)"));
    expect(() => betweenDates('9999-12-31', '9999-12-31')).toThrow(refusal('INVALID_PERIOD', 'La date de fin ne peut aller au-delà du 9999-12-30 (ici 9999-12-31)'));
    expect(betweenDates('9999-12-30', '9999-12-30')).toEqual({ start: '9999-12-30', end: '9999-12-31' });
  });

  it('spans fifty years at most, so that no request unfolds thousands of months', () => {
    expect(betweenDates('2000-01-01', '2049-12-31')).toEqual({ start: '2000-01-01', end: '2050-01-01' });
    expect(periodOf({ from: '1976-03-15', to: '2026-03-14' })).toEqual({ start: '1976-03-15', end: '2026-03-15' });
    for (const [from, to] of [['2000-01-01', '2050-01-01'], ['0001-01-01', '9998-12-31'], ['1976-03-15', '2026-03-15']]) {
      expect(() => betweenDates(from!, to!)).toThrow(expect.objectContaining({ code: 'INVALID_PERIOD', message: expect.stringMatching(/^La période ne peut dépasser 50 ans/) }));
    }
  });

  it('holds a day from its start up to, not including, its end', () => {
    const s1 = semester('2025-S1');
    expect(containsDate(s1, '2025-01-01')).toBe(true);
    expect(containsDate(s1, '2025-06-30')).toBe(true);
    expect(containsDate(s1, '2025-07-01')).toBe(false);
    expect(containsDate(s1, '2024-12-31')).toBe(false);
  });

  it('counts the months whose first day lies in it, so that two semesters share no month and make the year', () => {
    expect(monthsOf(semester('2025-S1'))).toEqual(['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01']);
    expect([...monthsOf(semester('2025-S1')), ...monthsOf(semester('2025-S2'))]).toEqual(monthsOf(calendarYear(2025)));
    expect(monthsOf(betweenDates('2025-01-15', '2025-03-14'))).toEqual(['2025-02-01', '2025-03-01']);
    expect(monthsOf(betweenDates('2025-01-02', '2025-01-31'))).toEqual([]);
  });
});
