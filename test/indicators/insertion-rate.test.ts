import { DomainInputError } from '../../src/domain/errors.js';
import { hoursFigure, insertionRateAchieved, labourHours, progressTowards } from '../../src/indicators/insertion-rate.js';

describe('hours figures and insertion rates', () => {
  it('states the ETP base with the hours: 1,607 h by default', () => {
    expect(hoursFigure(600_000)).toEqual({ hours: 600_000, etp: 373.37, etpBase: 1607 });
    expect(hoursFigure(1820, 1820)).toEqual({ hours: 1820, etp: 1, etpBase: 1820 });
  });

  it('takes the labour hours from amount, labour rate and hourly cost, or not at all', () => {
    expect(labourHours({ amountHt: 1_000_000, labourRate: 0.4, hourlyCost: 25 })).toBe(16_000);
    expect(labourHours({ amountHt: 1_000_000, labourRate: null, hourlyCost: 25 })).toBeNull();
    expect(() => labourHours({ amountHt: 1, labourRate: 1.5, hourlyCost: 25 })).toThrow(DomainInputError);
  });

  it('compares the rate achieved with the target', () => {
    const achieved = insertionRateAchieved(400, 16_000);
    expect(achieved).toBeCloseTo(0.025);
    expect(progressTowards(achieved, 0.05)).toBeCloseTo(0.5);
    expect(progressTowards(insertionRateAchieved(1200, 16_000), 0.05)).toBeCloseTo(1.5);
    expect(insertionRateAchieved(10, null)).toBeNull();
    expect(insertionRateAchieved(10, 0)).toBeNull();
    expect(progressTowards(0.02, null)).toBeNull();
    expect(progressTowards(null, 0.05)).toBeNull();
    expect(progressTowards(0.02, 0)).toBeNull();
  });
});
