import { betweenDates, calendarYear, semester } from '../../src/indicators/period.js';
import { platformSpan } from '../../src/indicators/queries/platform.js';

describe('the spans the whole platform is counted by', () => {
  it('are calendar years and semesters', () => {
    expect(platformSpan(calendarYear(2025))).toEqual({ year: 2025, span: 'YEAR' });
    expect(platformSpan(semester('2025-S1'))).toEqual({ year: 2025, span: 'S1' });
    expect(platformSpan(semester('2024-S2'))).toEqual({ year: 2024, span: 'S2' });
    expect(platformSpan(betweenDates('2025-07-01', '2025-12-31'))).toEqual({ year: 2025, span: 'S2' });
  });

  it('leave any other period to the placement years and the facts', () => {
    for (const period of [betweenDates('2025-01-01', '2025-12-30'), betweenDates('2025-01-02', '2025-12-31'), betweenDates('2024-07-01', '2025-06-30')]) {
      expect(platformSpan(period)).toBeNull();
    }
  });
});
