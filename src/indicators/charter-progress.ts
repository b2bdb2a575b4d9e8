import { CharterTargetKind, MarketNature, Sex } from '../db/entities/enums.js';
import { bandsUnder, type YouthThreshold } from '../domain/age.js';
import { insertionRateAchieved, progressTowards } from './insertion-rate.js';
import type { MarketProgress } from './queries/markets.js';
import { sumOfShown, type ShownCount, type ShownTable } from './suppression.js';

export interface CharterTargetValue {
  kind: CharterTargetKind;
  value: number;
  ageThreshold: number | null;
}

export interface TargetProgress {
  kind: CharterTargetKind;
  target: number;
  /** The rate or share reached; null when unknown, or when it would reveal a suppressed count. */
  achieved: number | null;
  progress: number | null;
  suppressed: boolean;
}

/** The charter's hours rates are over every market of the natures concerned whose labour hours are known. */
const HOURS_RATE_NATURES: Partial<Record<CharterTargetKind, readonly MarketNature[]>> = {
  [CharterTargetKind.WORKS_HOURS_RATE]: [MarketNature.WORKS, MarketNature.ENGINEERING],
  [CharterTargetKind.GUP_HOURS_RATE]: [MarketNature.GUP],
};

/** The Département's threshold when a young-people target does not state its own. */
const DEFAULT_YOUTH_THRESHOLD: YouthThreshold = 26;

function hoursRate(markets: readonly MarketProgress[], natures: readonly MarketNature[]): number | null {
  const counted = markets.filter((market) => natures.includes(market.nature) && market.labourHours !== null);
  if (counted.length === 0) return null;
  const sum = (pick: (market: MarketProgress) => number) => counted.reduce((total, market) => total + pick(market), 0);
  return insertionRateAchieved(sum((market) => market.realisedToPeriodEnd), sum((market) => market.labourHours!));
}

function share(part: ShownCount, whole: ShownCount): { achieved: number | null; suppressed: boolean } {
  if (part.suppressed || whole.suppressed) return { achieved: null, suppressed: true };
  return { achieved: whole.value ? part.value! / whole.value : null, suppressed: false };
}

function peopleShare(kind: CharterTargetKind, ageThreshold: number | null, people: ShownTable) {
  const { breakdowns, total } = people;
  switch (kind) {
    case CharterTargetKind.YOUNG_BENEFICIARIES_SHARE:
      return share(sumOfShown(breakdowns.byAgeBand!, bandsUnder((ageThreshold ?? DEFAULT_YOUTH_THRESHOLD) as YouthThreshold)), total);
    case CharterTargetKind.TRAINING_ACCESS_SHARE:
      return share(breakdowns.trainingAccess!.YES!, total);
    default:
      return share(breakdowns.bySex![Sex.FEMALE]!, total);
  }
}

/**
 * Each target of a charter against what the markets and the people reached. Shares of people are taken
 * from the figures as shown (after suppression, when the viewer gets it), so that none reveals a count.
 */
export function charterTargetProgress(
  targets: readonly CharterTargetValue[],
  markets: readonly MarketProgress[],
  people: ShownTable,
): TargetProgress[] {
  return targets.map(({ kind, value, ageThreshold }) => {
    const natures = HOURS_RATE_NATURES[kind];
    const { achieved, suppressed } = natures
      ? { achieved: hoursRate(markets, natures), suppressed: false }
      : peopleShare(kind, ageThreshold, people);
    return { kind, target: value, achieved, progress: progressTowards(achieved, value), suppressed };
  });
}
