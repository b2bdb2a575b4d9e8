/**
 * A probable duplicate of a person: the same birth date and a close name. Registering people from
 * paper forms and spreadsheets brings typos ("Dupont"/"Dupond"), lost accents ("Hélène"/"Helene"),
 * case, and first and last names swapped; an exact namesake is refused elsewhere (ALREADY_REGISTERED).
 */

export interface PersonName {
  lastName: string;
  firstName: string;
  birthDate: string;
}

/** Largest edit distance between two normalised names that still counts as close. */
export const CLOSE_NAME_DISTANCE = 2;

/** Lower case, without accents, with every run of spaces, hyphens, apostrophes and dots as one space. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Levenshtein distance, stopped as soon as it exceeds `limit` (answers limit + 1 then). */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** A person's name as close names are compared: normalised once, in both orders. */
export interface ComparedName {
  birthDate: string;
  /** Last name then first name. */
  forward: string;
  /** First name then last name. */
  swapped: string;
}

/** The name to compare, or null when a part is missing (nothing can be close to it). */
export function comparedName(person: PersonName): ComparedName | null {
  const last = normaliseName(person.lastName);
  const first = normaliseName(person.firstName);
  if (!last || !first) return null;
  return { birthDate: person.birthDate, forward: `${last} ${first}`, swapped: `${first} ${last}` };
}

/** Same birth date, and the whole name within CLOSE_NAME_DISTANCE edits of the candidate's, either way round. */
export function areClose(person: ComparedName, candidate: ComparedName): boolean {
  if (person.birthDate !== candidate.birthDate) return false;
  return editDistance(person.forward, candidate.forward, CLOSE_NAME_DISTANCE) <= CLOSE_NAME_DISTANCE
    || editDistance(person.forward, candidate.swapped, CLOSE_NAME_DISTANCE) <= CLOSE_NAME_DISTANCE;
}

/** Whether `candidate` is probably the same person as `person` (areClose, each name normalised here). */
export function isProbableDuplicate(person: PersonName, candidate: PersonName): boolean {
  const [a, b] = [comparedName(person), comparedName(candidate)];
  return a !== null && b !== null && areClose(a, b);
}
