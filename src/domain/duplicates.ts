/**
 * A probable duplicate of a person: the same birth date and a close name. Registering people from
 * paper forms and spreadsheets brings typos ("Dupont"/"Dupond"), lost accents ("Hélène"/"Helene"),
 * case, and first and last names swapped; an exact namesake is refused elsewhere (ALREADY_REGISTERED).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { distance } from 'fastest-levenshtein';

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

/** Whether two names are within CLOSE_NAME_DISTANCE edits (Levenshtein), the cheap length test first. */
const within = (a: string, b: string) => Math.abs(a.length - b.length) <= CLOSE_NAME_DISTANCE && distance(a, b) <= CLOSE_NAME_DISTANCE;

/** Same birth date, and the whole name within CLOSE_NAME_DISTANCE edits of the candidate's, either way round. */
export function areClose(person: ComparedName, candidate: ComparedName): boolean {
  return person.birthDate === candidate.birthDate && (within(person.forward, candidate.forward) || within(person.forward, candidate.swapped));
}

/**
 * Work between two turns of the event loop, in comparisons of names of one 32-character word (a millisecond or so).
 * fastest-levenshtein compares word by word: two names of n words cost about n² of those.
 */
export const COMPARISONS_PER_TURN = 2_000;

const comparisonCost = (name: ComparedName) => Math.ceil(name.forward.length / 32) ** 2;

/**
 * For each person, the first candidate born the same day under a close name, when there is one. A file of thousands
 * of people born the same day is thousands of times the candidates of that day: the event loop turns every
 * COMPARISONS_PER_TURN comparisons, so that the server keeps answering meanwhile.
 */
export async function firstCloseCandidates<P extends { name: ComparedName }, C extends { name: ComparedName }>(
  people: Iterable<P>, candidatesBornOn: ReadonlyMap<string, readonly C[]>,
): Promise<Map<P, C>> {
  const found = new Map<P, C>();
  let compared = 0;
  for (const person of people) {
    const cost = comparisonCost(person.name);
    for (const candidate of candidatesBornOn.get(person.name.birthDate) ?? []) {
      compared += cost;
      if (compared >= COMPARISONS_PER_TURN) {
        compared -= COMPARISONS_PER_TURN;
        await nextTurn();
      }
      if (areClose(person.name, candidate.name)) {
        found.set(person, candidate);
        break;
      }
    }
  }
  return found;
}

/** Whether `candidate` is probably the same person as `person` (areClose, each name normalised here). */
export function isProbableDuplicate(person: PersonName, candidate: PersonName): boolean {
  const [a, b] = [comparedName(person), comparedName(candidate)];
  return a !== null && b !== null && areClose(a, b);
}
