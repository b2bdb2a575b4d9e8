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

/**
 * Whether `candidate` is probably the same person as `person`: same birth date, and the whole name
 * (last then first, normalised) within CLOSE_NAME_DISTANCE edits, either way round.
 */
export function isProbableDuplicate(person: PersonName, candidate: PersonName): boolean {
  if (person.birthDate !== candidate.birthDate) return false;
  const last = normaliseName(person.lastName);
  const first = normaliseName(person.firstName);
  if (!last || !first) return false;
  const other = `${normaliseName(candidate.lastName)} ${normaliseName(candidate.firstName)}`;
  const swapped = `${normaliseName(candidate.firstName)} ${normaliseName(candidate.lastName)}`;
  const name = `${last} ${first}`;
  return editDistance(name, other, CLOSE_NAME_DISTANCE) <= CLOSE_NAME_DISTANCE
    || editDistance(name, swapped, CLOSE_NAME_DISTANCE) <= CLOSE_NAME_DISTANCE;
}
