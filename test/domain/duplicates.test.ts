import { editDistance, isProbableDuplicate, normaliseName } from '../../src/domain/duplicates.js';

const person = { lastName: 'Dupont', firstName: 'Hélène', birthDate: '1990-04-12' };

describe('normaliseName', () => {
  it('drops accents and case, and makes one space of hyphens, apostrophes and spaces', () => {
    expect(normaliseName('  Hélène-Marie ')).toBe('helene marie');
    expect(normaliseName("N'DIAYE")).toBe('n diaye');
    expect(normaliseName('Çağla  Öztürk')).toBe('cagla ozturk');
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('dupont', 'dupont')).toBe(0);
    expect(editDistance('dupont', 'dupond')).toBe(1);
    expect(editDistance('dupont', 'dupon')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('stops past its limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('isProbableDuplicate', () => {
  it('finds a typo, lost accents, case and swapped names on the same birth date', () => {
    expect(isProbableDuplicate(person, { ...person, lastName: 'Dupond' })).toBe(true);
    expect(isProbableDuplicate(person, { ...person, firstName: 'Helene' })).toBe(true);
    expect(isProbableDuplicate(person, { ...person, lastName: 'DUPONT', firstName: 'HELENE' })).toBe(true);
    expect(isProbableDuplicate(person, { ...person, lastName: 'Hélène', firstName: 'Dupont' })).toBe(true);
    expect(isProbableDuplicate(person, { ...person, lastName: 'Dupond', firstName: 'Hélèna' })).toBe(true);
  });

  it('counts the exact namesake too (the API refuses it apart)', () => {
    expect(isProbableDuplicate(person, { ...person })).toBe(true);
  });

  it('is never a person born another day', () => {
    expect(isProbableDuplicate(person, { ...person, birthDate: '1990-04-13' })).toBe(false);
  });

  it('is not a name three edits away, nor another person of the same birth date', () => {
    expect(isProbableDuplicate(person, { ...person, lastName: 'Dubois' })).toBe(false);
    expect(isProbableDuplicate(person, { ...person, lastName: 'Martin', firstName: 'Sophie' })).toBe(false);
    expect(isProbableDuplicate(person, { ...person, lastName: 'Dupont', firstName: 'Hervé' })).toBe(false);
  });

  it('says nothing of a name not typed yet', () => {
    expect(isProbableDuplicate({ ...person, firstName: ' ' }, person)).toBe(false);
  });
});
