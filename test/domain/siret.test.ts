import { isValidSiren, isValidSiret, luhnIsValid, normalizeSiret } from '../../src/domain/siret.js';

/** Independent Luhn check digit (for test fixtures): the digit that makes `body + digit` pass. */
function luhnCheckDigit(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((c, i) => {
    const d = Number(c) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(d / 10) + (d % 10);
  });
  return String((10 - (sum % 10)) % 10);
}

const withCheckDigit = (body: string): string => body + luhnCheckDigit(body);
const wrongLastDigit = (n: string): string => n.slice(0, -1) + String((Number(n.at(-1)) + 1) % 10);
const digitSum = (n: string): number => [...n].reduce((s, c) => s + Number(c), 0);

describe('normalizeSiret', () => {
  it('strips spaces, dots, tabs and (narrow) no-break spaces', () => {
    expect(normalizeSiret('732 829 320 00074')).toBe('73282932000074');
    expect(normalizeSiret('732.829.320.00074')).toBe('73282932000074');
    expect(normalizeSiret('732\u00a0829\u00a0320\u202f00074')).toBe('73282932000074');
    expect(normalizeSiret(' \t73282932000074\n')).toBe('73282932000074');
  });

  it('leaves other characters for the validator to reject', () => {
    expect(normalizeSiret('732-829-320')).toBe('732-829-320');
    expect(isValidSiret(normalizeSiret('732-829-320-00074'))).toBe(false);
  });
});

describe('isValidSiren', () => {
  it('accepts known and generated SIRENs', () => {
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren('356000000')).toBe(true);
    for (const body of ['12345678', '40483304', '99999999', '00000001']) {
      expect(isValidSiren(withCheckDigit(body))).toBe(true);
    }
  });

  it('rejects a wrong check digit, a wrong length and non-digits', () => {
    expect(isValidSiren('732829321')).toBe(false);
    expect(isValidSiren(wrongLastDigit(withCheckDigit('12345678')))).toBe(false);
    expect(isValidSiren('73282932')).toBe(false);
    expect(isValidSiren('7328293200')).toBe(false);
    expect(isValidSiren('73282932a')).toBe(false);
    expect(isValidSiren('732 829 320')).toBe(false);
  });

  it('catches a swap of two adjacent different digits', () => {
    expect(isValidSiren('372829320')).toBe(false);
  });
});

describe('isValidSiret', () => {
  it('accepts a known ordinary SIRET', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
  });

  it('rejects it with a wrong last digit or a wrong length', () => {
    expect(isValidSiret('73282932000079')).toBe(false);
    expect(isValidSiret('7328293200007')).toBe(false);
    expect(isValidSiret('732829320000740')).toBe(false);
  });

  it('accepts generated SIRETs and rejects them with any other check digit', () => {
    for (const siren of [withCheckDigit('12345678'), withCheckDigit('40483304'), '732829320']) {
      for (const nic of ['0001', '0002', '0013', '1234']) {
        const siret = withCheckDigit(siren + nic);
        expect(isValidSiret(siret)).toBe(true);
        expect(isValidSiret(wrongLastDigit(siret))).toBe(false);
      }
    }
  });

  it('rejects a Luhn-valid SIRET whose SIREN is invalid', () => {
    const badSiren = wrongLastDigit(withCheckDigit('12345678'));
    const siret = withCheckDigit(badSiren + '0001');
    expect(luhnIsValid(siret)).toBe(true);
    expect(isValidSiret(siret)).toBe(false);
  });

  it('accepts the La Poste head office, 35600000000048 (Luhn-valid)', () => {
    expect(luhnIsValid('35600000000048')).toBe(true);
    expect(isValidSiret('35600000000048')).toBe(true);
  });

  it('accepts other La Poste establishments by a digit sum multiple of 5, without Luhn', () => {
    const siret = '35600000012341'; // 3+5+6+1+2+3+4+1 = 25
    expect(digitSum(siret)).toBe(25);
    expect(luhnIsValid(siret)).toBe(false);
    expect(isValidSiret(siret)).toBe(true);
  });

  it('rejects La Poste numbers that pass neither rule', () => {
    const siret = '35600000012342'; // digit sum 26
    expect(digitSum(siret)).toBe(26);
    expect(luhnIsValid(siret)).toBe(false);
    expect(isValidSiret(siret)).toBe(false);
  });

  it('does not extend the digit-sum rule to other companies', () => {
    const siren = withCheckDigit('12345678');
    let siret = '';
    for (let nic = 0; nic < 100000; nic++) {
      const candidate = siren + String(nic).padStart(5, '0');
      if (digitSum(candidate) % 5 === 0 && !luhnIsValid(candidate)) {
        siret = candidate;
        break;
      }
    }
    expect(siret).toHaveLength(14);
    expect(isValidSiret(siret)).toBe(false);
  });

  it('expects the normalized form', () => {
    expect(isValidSiret('732 829 320 00074')).toBe(false);
    expect(isValidSiret(normalizeSiret('732 829 320 00074'))).toBe(true);
  });
});
