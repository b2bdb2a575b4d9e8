import { contractDurationBand, contractMonths } from '../../src/indicators/contract-duration.js';

describe('contract duration', () => {
  it('counts whole calendar months, end day included, as the exit rules do', () => {
    expect(contractMonths('2024-01-01', '2024-06-30')).toBe(6);
    expect(contractMonths('2024-01-01', '2024-06-29')).toBe(5);
    expect(contractMonths('2024-01-31', '2024-02-28')).toBe(1); // the day after is 02-29, one month after 01-31
    expect(contractMonths('2024-01-31', '2024-02-27')).toBe(0);
    expect(contractMonths('2024-03-10', '2024-03-10')).toBe(0);
    expect(contractMonths('2024-01-01', '2024-12-31')).toBe(12);
  });

  it('bands at 1, 3, 6 and 12 months; a CDI or a contract without an end is open-ended', () => {
    expect([0, 1, 2, 3, 5, 6, 11, 12, 36].map((months) => contractDurationBand(false, months))).toEqual([
      'UNDER_1_MONTH', 'FROM_1_TO_3_MONTHS', 'FROM_1_TO_3_MONTHS', 'FROM_3_TO_6_MONTHS', 'FROM_3_TO_6_MONTHS',
      'FROM_6_TO_12_MONTHS', 'FROM_6_TO_12_MONTHS', 'FROM_12_MONTHS', 'FROM_12_MONTHS',
    ]);
    expect(contractDurationBand(true, 4)).toBe('OPEN_ENDED');
    expect(contractDurationBand(false, null)).toBe('OPEN_ENDED');
  });
});
