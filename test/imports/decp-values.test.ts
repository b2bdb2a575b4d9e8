import fc from 'fast-check';
import { ClauseMechanism } from '../../src/db/entities/enums.js';
import { isLaterPublication, LatestPublications, type Publication } from '../../src/imports/decp/publication.js';
import { clauseMechanismOf, socialConsiderations } from '../../src/imports/decp/social-considerations.js';
import { decpDate, decpNumber } from '../../src/imports/decp/values.js';

const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const offset = fc.oneof(fc.constant(''), fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), two(14), two(59)).map(([sign, h, m]) => `${sign}${h}:${m}`));
const time = fc.oneof(fc.constant(''), fc.tuple(two(23), two(59), two(59), fc.constantFrom('', '.5', '.123')).map(([h, m, s, f]) => `T${h}:${m}:${s}${f}`));

describe('decpDate', () => {
  it('takes the calendar day written, with or without a time and an offset', () => {
    fc.assert(fc.property(day, time, offset, (written, at, zone) => decpDate(`${written}${at}${zone}`) === written));
  });

  it('finds no day in anything else', () => {
    for (const value of ['2024-02-30', '2024-13-01', '2024-06-03+15:00', '2024-06-03T24:00:00', '03/06/2024', '2024-06-03 garbage', '', 20240603, null, undefined]) {
      expect([value, decpDate(value)]).toEqual([value, null]);
    }
  });

  it('gives a day that starts what was written, or nothing', () => {
    fc.assert(fc.property(fc.string(), (written) => {
      const found = decpDate(written);
      return found === null || written.trim().startsWith(found);
    }));
  });
});

describe('decpNumber', () => {
  it('takes numbers, and numbers written as text with a decimal point', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999_999_999 }), (cents) => {
      const text = (cents / 100).toFixed(2);
      return decpNumber(cents / 100) === cents / 100 && decpNumber(text) === Number(text) && decpNumber(` ${text} `) === Number(text);
    }));
  });

  it('finds no number in anything else', () => {
    for (const value of ['beaucoup', '12 000', '1,5', '1e3', '', '.5', NaN, Infinity, null, true, [1]]) expect([value, decpNumber(value)]).toEqual([value, null]);
  });
});

describe('socialConsiderations', () => {
  const VALUES = ['Clause sociale', 'Critère social', 'Marché réservé', 'Pas de considération sociale'];
  const shapes = (values: string[]): unknown[] => [
    { considerationSociale: values },
    values.map((value) => ({ considerationSociale: value })),
    values,
    { considerationSociale: values.join(', ') },
    values.join(' ; '),
  ];

  it('reads every published shape alike, and the clause mechanism follows', () => {
    fc.assert(fc.property(fc.shuffledSubarray(VALUES, { minLength: 1 }), (values) => {
      for (const shape of shapes(values)) {
        expect(socialConsiderations(shape)).toEqual(values);
        expect(clauseMechanismOf(socialConsiderations(shape))).toBe(clauseMechanismOf(values));
      }
    }));
  });

  it('reads the values whatever their case, and nothing from anything else', () => {
    expect(clauseMechanismOf(socialConsiderations({ considerationSociale: ['  CLAUSE SOCIALE '] }))).toBe(ClauseMechanism.EXECUTION_CONDITION);
    for (const value of [null, 42, {}, { autre: ['Clause sociale'] }, [null]]) expect(socialConsiderations(value)).toEqual([]);
  });
});

describe('the latest publication', () => {
  const publication = fc.record({ date: fc.option(day, { nil: null }), modifications: fc.integer({ min: 0, max: 3 }) });

  it('is the later date, an unknown date being the earliest, then the more modifications', () => {
    expect(isLaterPublication({ date: '2024-09-02', modifications: 0 }, { date: '2024-05-25', modifications: 3 })).toBe(true);
    expect(isLaterPublication({ date: '2024-05-25', modifications: 0 }, { date: null, modifications: 1 })).toBe(true);
    expect(isLaterPublication({ date: null, modifications: 2 }, { date: '2024-05-25', modifications: 0 })).toBe(false);
    expect(isLaterPublication({ date: '2024-05-25', modifications: 1 }, { date: '2024-05-25', modifications: 0 })).toBe(true);
    expect(isLaterPublication({ date: '2024-05-25', modifications: 1 }, { date: '2024-05-25', modifications: 1 })).toBe(false);
  });

  it('stands whatever the order of the publications, each market apart, and the others are counted as set aside', () => {
    const markets = fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C'), publication), { minLength: 1, maxLength: 12 })
      .chain((written) => fc.tuple(fc.constant(written), fc.shuffledSubarray(written, { minLength: written.length })));
    const latestOf = (publications: [string, Publication][]) => {
      const latest = new LatestPublications<[string, Publication]>();
      const setAside = publications.filter((entry) => latest.offer(entry[0], entry[1], entry)).length;
      return { setAside, winners: new Map(latest.values()) };
    };
    fc.assert(fc.property(markets, ([written, shuffled]) => {
      const { setAside, winners } = latestOf(written);
      expect(setAside).toBe(written.length - winners.size);
      for (const [key, winner] of winners) expect(written.some(([other, candidate]) => other === key && isLaterPublication(candidate, winner))).toBe(false);
      expect(latestOf(shuffled).winners).toEqual(winners);
    }));
  });
});
