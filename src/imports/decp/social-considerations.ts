import { ClauseMechanism } from '../../db/entities/enums.js';

/**
 * The DECP social considerations that bring a market onto the platform, each with the clause mechanism it
 * stands for, in order of preference when a market declares several: the execution clause is the one whose
 * insertion hours are followed. "Pas de considération sociale" brings nothing.
 */
const MECHANISMS: readonly [string, ClauseMechanism][] = [
  ['clause sociale', ClauseMechanism.EXECUTION_CONDITION],
  ['marché réservé', ClauseMechanism.RESERVED_MARKET],
  ['critère social', ClauseMechanism.AWARD_CRITERION],
];

/** The clause mechanism of a market with those social considerations (read regardless of case); null when none counts. */
export function clauseMechanismOf(considerations: readonly string[]): ClauseMechanism | null {
  const declared = new Set(considerations.map((consideration) => consideration.trim().toLowerCase()));
  return MECHANISMS.find(([value]) => declared.has(value))?.[1] ?? null;
}

/**
 * The social considerations of a record, in every shape they are published: `{"considerationSociale": [...]}`
 * (the format's schema), one value instead of the list, a list of such objects (consolidated files), a plain
 * list, or text with the values separated by commas or semicolons (none of the values holds either).
 */
export function socialConsiderations(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[,;]/).map((part) => part.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.flatMap(socialConsiderations);
  if (typeof value === 'object' && value !== null && 'considerationSociale' in value) return socialConsiderations(value.considerationSociale);
  return [];
}
