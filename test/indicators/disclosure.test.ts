import fc from 'fast-check';
import { DomainInputError } from '../../src/domain/errors.js';
import { CELL_KEY_MODULUS, combinedKey, onPublicationGrid, perturbedCount, perturbTable, type CellKeys } from '../../src/indicators/disclosure.js';
import { calendarYear, semester } from '../../src/indicators/period.js';
import { showAll, sumOfShown, type CountTable } from '../../src/indicators/suppression.js';

/** A total and breakdowns of it (each cuts the total at random points, zeros possible), with a key for every cell. */
const keyedTables = fc.integer({ min: 0, max: 60 }).chain((total) =>
  fc.record({
    total: fc.constant(total),
    breakdowns: fc.array(fc.array(fc.integer({ min: 0, max: total }), { minLength: 0, maxLength: 6 }), { minLength: 1, maxLength: 4 }).map((cutLists) =>
      Object.fromEntries(cutLists.map((cuts, b) => {
        const points = [0, ...cuts.sort((x, y) => x - y), total];
        return [`b${b}`, Object.fromEntries(points.slice(1).map((point, i) => [`c${i}`, point - points[i]!]))];
      })),
    ),
  }).chain((table: CountTable) => fc.record({
    table: fc.constant(table),
    keys: fc.record({
      total: fc.integer({ min: 0, max: CELL_KEY_MODULUS - 1 }),
      breakdowns: fc.constant(table.breakdowns).chain((breakdowns) => fc.record(Object.fromEntries(Object.entries(breakdowns).map(([name, cells]) =>
        [name, fc.record(Object.fromEntries(Object.keys(cells).map((key) => [key, fc.integer({ min: 0, max: CELL_KEY_MODULUS - 1 })])))]))) as fc.Arbitrary<CellKeys['breakdowns']>),
    }),
  })));

describe('cell-key perturbation', () => {
  it('shows a count within 2 of the truth, never from 1 to 4, zeros as zeros; the same cell key always gives the same figure', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: CELL_KEY_MODULUS - 1 }), (count, key) => {
      const cell = perturbedCount(count, key);
      expect(perturbedCount(count, key)).toEqual(cell);
      if (count === 0) expect(cell).toEqual({ value: 0, suppressed: false });
      else if (cell.suppressed) expect(cell.value).toBeNull();
      else {
        expect(Math.abs(cell.value! - count)).toBeLessThanOrEqual(2);
        expect(cell.value).toBeGreaterThanOrEqual(5);
      }
    }), { numRuns: 2000 });
  });

  it('draws each noise from −2 to +2 as often over the cell keys: the noise has no side an attacker could lean on', () => {
    const noises = new Map<number, number>();
    for (let key = 0; key < CELL_KEY_MODULUS; key++) {
      const noise = perturbedCount(100, key).value! - 100;
      noises.set(noise, (noises.get(noise) ?? 0) + 1);
    }
    expect(Object.fromEntries([...noises].sort(([a], [b]) => a - b))).toEqual({ '-2': 51, '-1': 51, 0: 51, 1: 51, 2: 51 });
  });

  it('leaves a count of 1 to 4 hidden or shown from 5: the figure never tells how few', () => {
    const shownValues = new Set<number>();
    for (const count of [1, 2, 3, 4]) {
      for (let key = 0; key < CELL_KEY_MODULUS; key++) {
        const cell = perturbedCount(count, key);
        if (!cell.suppressed) shownValues.add(cell.value!);
      }
    }
    expect([...shownValues].sort()).toEqual([5, 6]);
  });

  it('perturbs every figure of a table by its own key, and hides the whole table, zeros included, when its total is hidden', () => {
    fc.assert(fc.property(keyedTables, ({ table, keys }) => {
      const shown = perturbTable(table, keys);
      expect(shown.total).toEqual(perturbedCount(table.total, keys.total));
      for (const [name, cells] of Object.entries(table.breakdowns)) {
        for (const [key, count] of Object.entries(cells)) {
          expect(shown.breakdowns[name]![key]).toEqual(shown.total.suppressed ? { value: null, suppressed: true } : perturbedCount(count, keys.breakdowns[name]![key]!));
        }
      }
    }), { numRuns: 500 });
  });

  it('refuses a table whose breakdowns do not add up, or a counted cell without its key', () => {
    expect(() => perturbTable({ total: 10, breakdowns: { sex: { FEMALE: 4, MALE: 5 } } }, { total: 1, breakdowns: { sex: { FEMALE: 1, MALE: 2 } } })).toThrow(DomainInputError);
    expect(() => perturbTable({ total: 10, breakdowns: { sex: { FEMALE: 4, MALE: 6 } } }, { total: 1, breakdowns: { sex: { FEMALE: 1 } } })).toThrow(/No cell key for sex.MALE/);
  });

  it('keys cells put together by the sum of their keys', () => {
    expect(combinedKey([200, 100, 10])).toBe(55);
    expect(combinedKey([])).toBe(0);
  });
});

describe('the publication grid', () => {
  it('is the calendar semesters and years', () => {
    expect([semester('2025-S1'), semester('2025-S2'), calendarYear(2024)].map(onPublicationGrid)).toEqual([true, true, true]);
    const offGrid = [
      { start: '2024-01-01', end: '2024-08-01' }, { start: '2024-07-01', end: '2025-07-01' }, { start: '2024-02-01', end: '2024-08-01' },
      { start: '2024-01-02', end: '2024-07-02' }, { start: '2023-01-01', end: '2025-01-01' }, { start: '2024-03-01', end: '2024-04-01' },
    ];
    expect(offGrid.map(onPublicationGrid)).toEqual(offGrid.map(() => false));
  });
});

describe('shown tables', () => {
  it('sums cells of a shown breakdown only when none of them is hidden', () => {
    const shown = perturbTable({ total: 40, breakdowns: { age: { UNDER_25: 10, AGE_25: 2, AGE_26_29: 8, OLDER: 20 } } },
      { total: 2, breakdowns: { age: { UNDER_25: 2, AGE_25: 0, AGE_26_29: 2, OLDER: 2 } } });
    expect(sumOfShown(shown.breakdowns.age!, ['UNDER_25'])).toEqual({ value: 10, suppressed: false });
    expect(sumOfShown(shown.breakdowns.age!, ['UNDER_25', 'AGE_25'])).toEqual({ value: null, suppressed: true });
    expect(sumOfShown(showAll({ total: 12, breakdowns: { age: { A: 2, B: 10 } } }).breakdowns.age!, ['A', 'B'])).toEqual({ value: 12, suppressed: false });
  });
});
