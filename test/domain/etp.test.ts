import { DomainInputError } from '../../src/domain/errors.js';
import { ETP_BASE_ERBM, ETP_BASE_LEGAL, hoursToEtp } from '../../src/domain/etp.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainInputError) return e.code;
    throw e;
  }
  return undefined;
}

describe('hoursToEtp', () => {
  it('uses the legal 1,607 h year by default: 600,000 h ≈ 373.37 ETP', () => {
    expect(ETP_BASE_LEGAL).toBe(1607);
    expect(hoursToEtp(600_000)).toBe(373.37);
  });

  it('uses the ERBM 1,820 h base when asked: 1,311,000 h ≈ 720.33 ETP', () => {
    expect(ETP_BASE_ERBM).toBe(1820);
    expect(hoursToEtp(1_311_000, ETP_BASE_ERBM)).toBe(720.33);
  });

  it('rounds to 2 decimals, halves up', () => {
    expect(hoursToEtp(1607)).toBe(1);
    expect(hoursToEtp(0)).toBe(0);
    expect(hoursToEtp(8, 1600)).toBe(0.01); // 0.005 exactly
    expect(hoursToEtp(7, 1600)).toBe(0); // 0.004375
    expect(hoursToEtp(1608.5, 1600)).toBe(1.01); // 1.0053…
    // 1,608 / 1,600 = 1.005 on paper, but (1608 / 1600) × 100 = 100.49999999999999 in binary
    expect((1608 / 1600) * 100).toBeLessThan(100.5);
    expect(hoursToEtp(1608, 1600)).toBe(1.01);
    expect(hoursToEtp(1, 3)).toBe(0.33);
    expect(hoursToEtp(2, 3)).toBe(0.67);
  });

  it('rejects negative hours and a non-positive base', () => {
    expect(codeOf(() => hoursToEtp(-1))).toBe('NEGATIVE_VALUE');
    expect(codeOf(() => hoursToEtp(100, 0))).toBe('NOT_POSITIVE');
    expect(codeOf(() => hoursToEtp(100, -1607))).toBe('NOT_POSITIVE');
    expect(codeOf(() => hoursToEtp(Number.NaN))).toBe('INVALID_NUMBER');
  });
});
