import fc from 'fast-check';
import { DomainInputError } from '../../src/domain/errors.js';
import { showAll, sumOfShown, suppressBeside, suppressSmallCounts, type CountTable, type ShownTable } from '../../src/indicators/suppression.js';

const values = (shown: ShownTable, name: string) => Object.fromEntries(Object.entries(shown.breakdowns[name]!).map(([key, cell]) => [key, cell.value]));

describe('small-count suppression', () => {
  it('shows a table with no small count as it is', () => {
    const table = { total: 30, breakdowns: { sex: { FEMALE: 12, MALE: 18 }, qpv: { A: 0, B: 30 } } };
    expect(suppressSmallCounts(table)).toEqual(showAll(table));
  });

  it('hides a count from 1 to 4, and the next smallest cell so that the total does not give it back; zeros stay', () => {
    const shown = suppressSmallCounts({ total: 40, breakdowns: { band: { A: 3, B: 7, C: 30, D: 0 } } });
    expect(shown.total).toEqual({ value: 40, suppressed: false });
    expect(values(shown, 'band')).toEqual({ A: null, B: null, C: 30, D: 0 });
    expect(shown.breakdowns.band!.A!.suppressed).toBe(true);
  });

  it('hides one more cell when the hidden ones could only all be ones', () => {
    const shown = suppressSmallCounts({ total: 22, breakdowns: { qpv: { A: 1, B: 1, C: 8, D: 12 } } });
    expect(values(shown, 'qpv')).toEqual({ A: null, B: null, C: null, D: 12 });
  });

  it('hides the whole table, zeros included, when the total is small', () => {
    const shown = suppressSmallCounts({ total: 3, breakdowns: { sex: { FEMALE: 0, MALE: 3 }, brsa: { YES: 1, NO: 2 } } });
    expect(shown.total.suppressed).toBe(true);
    expect(Object.values(shown.breakdowns).flatMap((cells) => Object.values(cells)).every((cell) => cell.suppressed)).toBe(true);
  });

  it('hides the whole table when a breakdown has everyone in a cell of their own', () => {
    const shown = suppressSmallCounts({ total: 5, breakdowns: { qpv: { A: 1, B: 1, C: 1, D: 1, E: 1 }, sex: { FEMALE: 0, MALE: 5 } } });
    expect(shown.total.suppressed).toBe(true);
    expect(shown.breakdowns.sex!.MALE!.suppressed).toBe(true);
  });

  it('leaves an empty table as zeros', () => {
    expect(suppressSmallCounts({ total: 0, breakdowns: { sex: { FEMALE: 0, MALE: 0 } } })).toEqual(showAll({ total: 0, breakdowns: { sex: { FEMALE: 0, MALE: 0 } } }));
  });

  it('takes its threshold from the caller', () => {
    const table = { total: 20, breakdowns: { sex: { FEMALE: 8, MALE: 12 } } };
    expect(values(suppressSmallCounts(table, 10), 'sex')).toEqual({ FEMALE: null, MALE: null });
    expect(values(suppressSmallCounts(table, 5), 'sex')).toEqual({ FEMALE: 8, MALE: 12 });
  });

  it('refuses a breakdown that does not add up to the total', () => {
    expect(() => suppressSmallCounts({ total: 10, breakdowns: { sex: { FEMALE: 4, MALE: 5 } } })).toThrow(DomainInputError);
    expect(() => suppressSmallCounts({ total: 10, breakdowns: { sex: { FEMALE: -1, MALE: 11 } } })).toThrow(DomainInputError);
  });

  it('sums cells of a shown breakdown only when none of them is hidden', () => {
    const shown = suppressSmallCounts({ total: 40, breakdowns: { age: { UNDER_25: 10, AGE_25: 2, AGE_26_29: 8, OLDER: 20 } } });
    expect(sumOfShown(shown.breakdowns.age!, ['UNDER_25'])).toEqual({ value: 10, suppressed: false });
    expect(sumOfShown(shown.breakdowns.age!, ['UNDER_25', 'AGE_25'])).toEqual({ value: null, suppressed: true });
  });
});

/** A total and breakdowns of it: each breakdown cuts the total at random points, with zeros possible. */
const tables = fc.integer({ min: 0, max: 60 }).chain((total) =>
  fc.record({
    total: fc.constant(total),
    breakdowns: fc.array(fc.array(fc.integer({ min: 0, max: total }), { minLength: 0, maxLength: 6 }), { minLength: 1, maxLength: 4 }).map((cutLists) =>
      Object.fromEntries(cutLists.map((cuts, b) => {
        const points = [0, ...cuts.sort((x, y) => x - y), total];
        return [`b${b}`, Object.fromEntries(points.slice(1).map((point, i) => [`c${i}`, point - points[i]!]))];
      })),
    ),
  }),
);

/**
 * What a reader knows: the visible figures, that each breakdown sums to the total, that hidden counts are
 * whole and at least 1. A hidden cell is recovered when no other value fits; this finds, for each hidden
 * cell, another assignment of the hidden cells that fits everything shown and gives that cell another value.
 */
function anotherFittingValue(original: Record<string, number>, shown: ShownTable['breakdowns'][string], total: number, key: string): boolean {
  const hidden = Object.keys(shown).filter((k) => shown[k]!.suppressed);
  const visibleSum = Object.values(shown).reduce((sum, cell) => sum + (cell.value ?? 0), 0);
  for (const other of hidden.filter((k) => k !== key)) {
    for (const delta of [1, -1]) {
      const alternative = Object.fromEntries(hidden.map((k) => [k, original[k]!]));
      alternative[key]! += delta;
      alternative[other]! -= delta;
      const fits = Object.values(alternative).every((value) => value >= 1)
        && visibleSum + Object.values(alternative).reduce((sum, value) => sum + value, 0) === total;
      if (fits) return true;
    }
  }
  return false;
}

describe('small-count suppression (properties)', () => {
  it('never shows a count from 1 to threshold − 1, and shows every other figure as it is or hides it', () => {
    fc.assert(fc.property(tables, fc.integer({ min: 2, max: 8 }), (table: CountTable, threshold) => {
      const shown = suppressSmallCounts(table, threshold);
      const figures = [[table.total, shown.total] as const, ...Object.entries(table.breakdowns).flatMap(([name, cells]) =>
        Object.entries(cells).map(([key, value]) => [value, shown.breakdowns[name]![key]!] as const))];
      for (const [value, cell] of figures) {
        if (cell.suppressed) expect(cell.value).toBeNull();
        else expect(cell.value).toBe(value);
        if (value >= 1 && value < threshold) expect(cell.suppressed).toBe(true);
      }
    }), { numRuns: 500 });
  });

  it('lets no hidden cell be recovered from the total and the other cells of its breakdown', () => {
    fc.assert(fc.property(tables, fc.integer({ min: 2, max: 8 }), (table: CountTable, threshold) => {
      const shown = suppressSmallCounts(table, threshold);
      for (const [name, cells] of Object.entries(shown.breakdowns)) {
        if (shown.total.suppressed) {
          expect(Object.values(cells).every((cell) => cell.suppressed)).toBe(true);
          continue;
        }
        for (const key of Object.keys(cells).filter((k) => cells[k]!.suppressed)) {
          expect(anotherFittingValue(table.breakdowns[name]!, cells, table.total, key)).toBe(true);
        }
      }
    }), { numRuns: 1000 });
  });

  it('hides the total only when it is small or the table cannot be protected otherwise, and then hides everything', () => {
    fc.assert(fc.property(tables, (table: CountTable) => {
      const shown = suppressSmallCounts(table);
      if (table.total >= 1 && table.total < 5) expect(shown.total.suppressed).toBe(true);
      if (shown.total.suppressed) {
        const everyCell = Object.values(shown.breakdowns).flatMap((cells) => Object.values(cells));
        expect(everyCell.every((cell) => cell.suppressed)).toBe(true);
      }
    }), { numRuns: 500 });
  });
});

describe('suppression beside a part the reader knows', () => {
  it('hides what would give away the few people outside the part', () => {
    const table = { total: 40, breakdowns: { sex: { FEMALE: 22, MALE: 18 } } };
    const share = { total: 37, breakdowns: { sex: { FEMALE: 20, MALE: 17 } } };
    expect(suppressBeside(table, share).total.suppressed).toBe(true);
    const wider = { total: 60, breakdowns: { sex: { FEMALE: 22, MALE: 38 } } };
    const shown = suppressBeside(wider, { total: 37, breakdowns: { sex: { FEMALE: 20, MALE: 17 } } });
    expect(shown.total).toEqual({ value: 60, suppressed: false });
    expect(values(shown, 'sex')).toEqual({ FEMALE: null, MALE: null });
  });

  it('never lets a reader who knows the part recover a count from 1 to 4 of the others', () => {
    const cells = fc.array(fc.tuple(fc.nat(30), fc.nat(30)), { minLength: 2, maxLength: 6 });
    fc.assert(fc.property(cells, fc.integer({ min: 2, max: 8 }), (pairs, threshold) => {
      const keys = pairs.map((_, index) => `k${index}`);
      const table = { total: pairs.reduce((sum, [part, other]) => sum + part + other, 0), breakdowns: { b: Object.fromEntries(pairs.map(([part, other], i) => [keys[i], part + other])) } };
      const part = { total: pairs.reduce((sum, [p]) => sum + p, 0), breakdowns: { b: Object.fromEntries(pairs.map(([p], i) => [keys[i], p])) } };
      const shown = suppressBeside(table, part, threshold);
      const others = table.total - part.total;
      if (!shown.total.suppressed && others > 0 && others < threshold) return false;
      if (shown.total.suppressed) return true;
      const hidden = keys.filter((key) => shown.breakdowns.b![key]!.suppressed);
      const smallOthers = keys.filter((_, i) => pairs[i]![1] > 0 && pairs[i]![1] < threshold);
      if (!smallOthers.every((key) => hidden.includes(key))) return false;
      // Hidden cells of the others: all zeros, or at least two that are not all ones; else the total minus the visible cells gives them.
      const hiddenOthers = hidden.map((key) => pairs[keys.indexOf(key)]![1]);
      const sum = hiddenOthers.reduce((total, value) => total + value, 0);
      return sum === 0 || (hidden.length >= 2 && sum > hidden.length);
    }), { numRuns: 1000 });
  });
});
