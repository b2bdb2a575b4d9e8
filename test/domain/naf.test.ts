import { isValidNaf, normalizeNaf } from '../../src/domain/naf.js';

describe('NAF codes', () => {
  it('writes what people type as INSEE prints it', () => {
    expect(normalizeNaf('43.99C')).toBe('43.99C');
    expect(normalizeNaf('4399c')).toBe('43.99C');
    expect(normalizeNaf(' 43 99 C ')).toBe('43.99C');
  });

  it('accepts two digits, a dot, two digits and a letter, nothing else', () => {
    for (const code of ['43.99C', '81.21Z', '78.20Z']) expect(isValidNaf(normalizeNaf(code))).toBe(true);
    for (const code of ['43.9C', '43.99', '4399CC', 'AB.CDE', '', '43-99C']) expect(isValidNaf(normalizeNaf(code))).toBe(false);
  });
});
