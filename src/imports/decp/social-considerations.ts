import { ClauseMechanism } from '../../db/entities/enums.js';

/**
 * The DECP social considerations that bring a market onto the platform, each with the clause mechanism it
 * stands for, in order of preference when a market declares several: the execution clause is the one whose
 * insertion hours are followed. "Pas de considération sociale" brings nothing.
 */
const MECHANISMS: readonly [string, ClauseMechanism][] = [
  ['Clause sociale', ClauseMechanism.EXECUTION_CONDITION],
  ['Marché réservé', ClauseMechanism.RESERVED_MARKET],
  ['Critère social', ClauseMechanism.AWARD_CRITERION],
];

/** The clause mechanism of a market with those social considerations; null when none counts. */
export function clauseMechanismOf(considerations: readonly string[]): ClauseMechanism | null {
  return MECHANISMS.find(([value]) => considerations.includes(value))?.[1] ?? null;
}
