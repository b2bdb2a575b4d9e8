import { COMPARISONS_PER_TURN, comparedName, firstCloseCandidates, isProbableDuplicate, normaliseName } from '../../src/domain/duplicates.js';

const person = { lastName: 'Dupont', firstName: 'Hélène', birthDate: '1990-04-12' };

describe('normaliseName', () => {
  it('drops accents and case, and makes one space of hyphens, apostrophes and spaces', () => {
    expect(normaliseName('  Hélène-Marie ')).toBe('helene marie');
    expect(normaliseName("N'DIAYE")).toBe('n diaye');
    expect(normaliseName('Çağla  Öztürk')).toBe('cagla ozturk');
  });
});

describe('firstCloseCandidates', () => {
  const named = (lastName: string, firstName: string, birthDate = person.birthDate) => ({ lastName, name: comparedName({ lastName, firstName, birthDate })! });

  /** How many times the event loop turned while `work` ran. */
  async function turnsOfTheEventLoopWhile(work: () => Promise<unknown>): Promise<number> {
    let turns = 0;
    let working = true;
    const countTurns = () => {
      turns += 1;
      if (working) setImmediate(countTurns);
    };
    setImmediate(countTurns);
    await work();
    working = false;
    return turns;
  }

  it('gives each person the first candidate of their birth date under a close name, and nothing to the others', async () => {
    const [typo, stranger, otherDay] = [named('Dupond', 'Hélène'), named('Martin', 'Sophie'), named('Dupont', 'Hélène', '1990-04-13')];
    const candidates = [named('Durand', 'Paul'), named('Dupont', 'Helene'), named('Dupont', 'Hélène')];
    const found = await firstCloseCandidates([typo, stranger, otherDay], new Map([[person.birthDate, candidates]]));
    expect([...found].map(([someone, candidate]) => [someone.lastName, candidate.lastName])).toEqual([['Dupond', 'Dupont']]);
    expect(found.get(typo)).toBe(candidates[1]);
  });

  it('lets the event loop turn while it compares thousands of people born the same day', async () => {
    const people = Array.from({ length: 3000 }, (_, index) => named(`Serie-${index}`, 'Zoé'));
    const candidates = Array.from({ length: 50 }, (_, index) => named(`Autre-${index}`, 'Zoé'));
    const turns = await turnsOfTheEventLoopWhile(() => firstCloseCandidates(people, new Map([[person.birthDate, candidates]])));
    expect(turns).toBeGreaterThanOrEqual(Math.floor((people.length * candidates.length) / COMPARISONS_PER_TURN) - 1);
  });

  it('turns more often for the longest names, each costing many comparisons of short ones', async () => {
    const people = Array.from({ length: 40 }, (_, index) => named(`${'x'.repeat(190)}${index}`, 'y'.repeat(200)));
    const candidates = Array.from({ length: 50 }, (_, index) => named(`${'z'.repeat(190)}${index}`, 'y'.repeat(200)));
    const turns = await turnsOfTheEventLoopWhile(() => firstCloseCandidates(people, new Map([[person.birthDate, candidates]])));
    // 401 characters: 13 words, 169 comparisons of one word each.
    expect(turns).toBeGreaterThanOrEqual(Math.floor((people.length * candidates.length * 169) / COMPARISONS_PER_TURN) - 1);
  });
});

describe('isProbableDuplicate', () => {
  it('finds a typo, lost accents, case and swapped names on the same birth date', () => {
    expect(isProbableDuplicate(person, { ...person, lastName: 'Dupond' })).toBe(true);
    expect(isProbableDuplicate(person, { ...person, lastName: 'Dupon' })).toBe(true);
    expect(isProbableDuplicate(person, { ...person, lastName: 'Duppont' })).toBe(true);
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
    expect(isProbableDuplicate(person, { ...person, lastName: 'Dupontelle' })).toBe(false);
    expect(isProbableDuplicate(person, { ...person, lastName: 'Dubois' })).toBe(false);
    expect(isProbableDuplicate(person, { ...person, lastName: 'Martin', firstName: 'Sophie' })).toBe(false);
    expect(isProbableDuplicate(person, { ...person, lastName: 'Dupont', firstName: 'Hervé' })).toBe(false);
  });

  it('says nothing of a name not typed yet', () => {
    expect(isProbableDuplicate({ ...person, firstName: ' ' }, person)).toBe(false);
  });
});
