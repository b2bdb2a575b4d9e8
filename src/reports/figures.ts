/** Figures the reports derive from an indicator set: sums of its cells, with the same rounding and suppression. */
import { ExitCategoryValue, MarketNature } from '../db/entities/enums.js';
import { hoursFigure, type HoursFigure } from '../indicators/insertion-rate.js';
import type { HoursCell, IndicatorView } from '../indicators/report.js';
import { NO_QPV } from '../indicators/queries/people.js';
import { sumOfCounts, type ShownCount } from '../indicators/suppression.js';
import { cellOf } from './report.js';

/** The charter's works hours are those of works and engineering markets (charter-progress.ts). */
export const WORKS_NATURES = [MarketNature.WORKS, MarketNature.ENGINEERING] as const;

export const DYNAMIC_EXITS = [ExitCategoryValue.DURABLE_JOB, ExitCategoryValue.TRANSITION_JOB, ExitCategoryValue.POSITIVE_EXIT] as const;

/** Hours of some cells, added in hundredths like the indicators (no binary rounding in the sum). */
export function hoursOf(cells: readonly HoursCell[], keys: readonly string[], etpBase: number): HoursFigure {
  const cents = keys.reduce((sum, key) => sum + Math.round(cellOf(cells, key).hours * 100), 0);
  return hoursFigure(cents / 100, etpBase);
}

/**
 * People living in a QPV: the sum of the QPVs' cells, suppressed when one of them is. Not the total less
 * those living in none: two protected figures close to each other would give a few people away.
 */
export const qpvResidents = (view: IndicatorView): ShownCount => sumOfCounts(view.peopleByQpv.filter((cell) => cell.key !== NO_QPV));

export const dynamicExits = (view: IndicatorView): ShownCount => sumOfCounts(DYNAMIC_EXITS.map((key) => cellOf(view.exitsByCategory, key)));

/** Markets running in the period, whatever their clause. */
export const marketsFollowed = (view: IndicatorView): ShownCount => sumOfCounts(view.marketsByClause);
