import { DomainInputError } from '../../src/domain/errors.js';
import { plannedInsertionHours, type ClauseParameters } from '../../src/domain/planned-hours.js';

const kit: ClauseParameters = {
  amountHt: 1_000_000,
  labourRate: 0.4,
  insertionRate: 0.05,
  hourlyCost: 25,
  statedHours: null,
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainInputError) return e.code;
    throw e;
  }
  return undefined;
}

describe('plannedInsertionHours', () => {
  it('applies the ANRU kit formula: 1,000,000 € × 0.4 × 0.05 ÷ 25 € = 800 h', () => {
    expect(plannedInsertionHours(kit)).toEqual({ hours: 800, basis: 'COMPUTED' });
  });

  it('rounds to the nearest whole hour', () => {
    // 123,457 × 0.35 × 0.1 ÷ 31.5 = 137.174… h
    expect(plannedInsertionHours({ ...kit, amountHt: 123_457, labourRate: 0.35, insertionRate: 0.1, hourlyCost: 31.5 }))
      .toEqual({ hours: 137, basis: 'COMPUTED' });
    // 100,300 × 0.4 × 0.05 ÷ 25 = 80.24 h ; 100,800 → 80.64 h
    expect(plannedInsertionHours({ ...kit, amountHt: 100_300 }).hours).toBe(80);
    expect(plannedInsertionHours({ ...kit, amountHt: 100_800 }).hours).toBe(81);
  });

  it('rounds an exact half hour up, even when floating point lands just below it', () => {
    // 250 × 0.5 × 0.1 ÷ 1 = 12.5 → 13
    expect(plannedInsertionHours({ ...kit, amountHt: 250, labourRate: 0.5, insertionRate: 0.1, hourlyCost: 1 }).hours).toBe(13);
    // 1,400 × 0.35 × 0.15 ÷ 1 = 73.5 on paper, 73.49999999999999 in binary: still 74
    expect(1400 * 0.35 * 0.15).toBeLessThan(73.5);
    expect(plannedInsertionHours({ ...kit, amountHt: 1400, labourRate: 0.35, insertionRate: 0.15, hourlyCost: 1 }).hours).toBe(74);
    // 1,045 × 0.1 × 0.1 ÷ 1 = 10.45 on paper, 10.450000000000001 in binary: still 10
    expect(plannedInsertionHours({ ...kit, amountHt: 1045, labourRate: 0.1, insertionRate: 0.1, hourlyCost: 1 }).hours).toBe(10);
  });

  it('prefers hours stated by the buyer over the formula', () => {
    expect(plannedInsertionHours({ ...kit, statedHours: 1200 })).toEqual({ hours: 1200, basis: 'STATED' });
    expect(plannedInsertionHours({ ...kit, statedHours: 0 })).toEqual({ hours: 0, basis: 'STATED' });
  });

  it('uses stated hours when the formula inputs are missing', () => {
    const none: ClauseParameters = { amountHt: null, labourRate: null, insertionRate: null, hourlyCost: null, statedHours: 350 };
    expect(plannedInsertionHours(none)).toEqual({ hours: 350, basis: 'STATED' });
  });

  it.each(['amountHt', 'labourRate', 'insertionRate', 'hourlyCost'] as const)(
    'is UNKNOWN when %s is missing and no hours are stated',
    (field) => {
      expect(plannedInsertionHours({ ...kit, [field]: null })).toEqual({ hours: null, basis: 'UNKNOWN' });
    },
  );

  it('computes zero hours for a zero amount or a zero rate', () => {
    expect(plannedInsertionHours({ ...kit, amountHt: 0 })).toEqual({ hours: 0, basis: 'COMPUTED' });
    expect(plannedInsertionHours({ ...kit, insertionRate: 0 })).toEqual({ hours: 0, basis: 'COMPUTED' });
  });

  it('accepts rates at the bounds 0 and 1', () => {
    expect(plannedInsertionHours({ ...kit, labourRate: 1, insertionRate: 1, amountHt: 1000, hourlyCost: 20 }).hours).toBe(50);
  });

  it.each([
    ['labourRate', 1.01, 'RATE_OUT_OF_RANGE'],
    ['labourRate', -0.1, 'RATE_OUT_OF_RANGE'],
    ['insertionRate', 5, 'RATE_OUT_OF_RANGE'],
    ['amountHt', -1, 'NEGATIVE_VALUE'],
    ['statedHours', -10, 'NEGATIVE_VALUE'],
    ['hourlyCost', 0, 'NOT_POSITIVE'],
    ['hourlyCost', -25, 'NOT_POSITIVE'],
    ['amountHt', Number.NaN, 'INVALID_NUMBER'],
    ['hourlyCost', Number.POSITIVE_INFINITY, 'INVALID_NUMBER'],
  ] as const)('rejects %s = %p with %s', (field, value, code) => {
    expect(codeOf(() => plannedInsertionHours({ ...kit, [field]: value }))).toBe(code);
  });

  it('rejects an invalid parameter even when stated hours would win', () => {
    expect(codeOf(() => plannedInsertionHours({ ...kit, statedHours: 100, insertionRate: 10 }))).toBe('RATE_OUT_OF_RANGE');
  });
});
