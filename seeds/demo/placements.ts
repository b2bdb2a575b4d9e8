/**
 * Placements (work contracts on the markets), the hours reported month by month, and the exits
 * at the end of the paths.
 *
 * `Placement.company` is the employer: the awardee itself for a direct hire or a training, the
 * agency (ETTI or ordinary temporary-work agency) for a mission, the GEIQ for work-study, the SIAE
 * for subcontracting. `Placement.lot` is the lot of the awardee the hours count for.
 *
 * Access case (a): the first two people of the Béthunois PLIE start on a market facilitated by La
 * Fabrique DEFI (Calaisis); other people sometimes work on a market of a neighbouring PLIE.
 */
import {
  Company, CompanyKind, ContractSubsidy, ContractType, Exit, ExitCategoryValue, ExitOutcome, MarketNature, MonthlyHours, Placement,
  PlacementModality,
} from '../../src/db/entities/index.js';
import { addDays, addMonths, daysBetween, daysInMonth, firstDayOfMonth, lastDayOfMonth } from '../../src/domain/dates.js';
import {
  classifyExit, type ContractSubsidy as SubsidyValue, type ExitClassification, type ExitOutcome as OutcomeValue,
} from '../../src/domain/exit-classification.js';
import { deterministicUuid, Random } from '../random.js';
import type { BeneficiaryInfo } from './beneficiaries.js';
import { DEMO_AS_OF, DEMO_FIRST_MONTH, maxDate, minDate, required, roundTo, stamp } from './common.js';
import type { Area, CompanySpec } from './companies.js';
import type { MarketInfo } from './markets.js';
import { ORG } from './organisations.js';

/** PLIEs whose markets people of a PLIE sometimes work on (commuting distance). */
const NEIGHBOURS: Readonly<Record<string, readonly string[]>> = {
  [ORG.plieCalaisis]: [],
  [ORG.plieLensLievin]: [ORG.plieHeninCarvin, ORG.plieBethunois, ORG.plieArtois],
  [ORG.plieHeninCarvin]: [ORG.plieLensLievin],
  [ORG.plieBethunois]: [ORG.plieLensLievin, ORG.plieArtois],
};
const NEIGHBOUR_WEIGHT = 0.05;

/** Béthunois people placed on a Calaisis market (access case a), by rank in their cohort. */
export const CROSS_PLIE_RANKS: readonly number[] = [1, 2];

/** No new placement starts after this day: the last ones still get a month of hours. */
const LAST_PLACEMENT_START = '2025-11-30';
/** Exits are recorded for paths whose last placement ended before this day. */
const EXIT_CUTOFF = '2025-10-01';

const COAST_PLIES: readonly string[] = [ORG.plieCalaisis, ORG.plieBoulonnais, ORG.plieSaintOmer];

interface Employment {
  company: Company;
  contractType: ContractType;
  modality: PlacementModality;
}

export interface PlacementsResult {
  placements: Placement[];
  monthlyHours: MonthlyHours[];
  exits: Exit[];
}

export function buildPlacements(
  beneficiaries: readonly BeneficiaryInfo[],
  markets: readonly MarketInfo[],
  companies: ReadonlyMap<string, Company>,
  companySpecs: readonly CompanySpec[],
): PlacementsResult {
  const rng = new Random('demo:placements');
  const hoursRng = new Random('demo:monthly-hours');
  const exitRng = new Random('demo:exits');
  const placements: Placement[] = [];
  const monthlyHours: MonthlyHours[] = [];
  const exits: Exit[] = [];

  const placeable = markets.filter(
    (m) =>
      m.market.facilitator !== null &&
      m.market.startDate !== null &&
      m.market.endDate !== null &&
      m.market.endDate >= DEMO_FIRST_MONTH &&
      m.lots.some((l) => l.awardees.length > 0),
  );
  const employers = (area: Area, kinds: readonly CompanyKind[]): Company[] =>
    companySpecs
      .filter((s) => kinds.includes(s.kind) && (s.area === area || s.area === 'ALL'))
      .map((s) => required(companies, s.key, 'company'));

  for (const info of beneficiaries) {
    const { beneficiary } = info;
    const forcedCalais = info.plie === ORG.plieBethunois && CROSS_PLIE_RANKS.includes(info.rank);
    const count = forcedCalais ? rng.int(1, 2) : rng.weighted([[0, 10], [1, 48], [2, 29], [3, 13]]);
    let cursor = addDays(beneficiary.entryDate, rng.int(7, 90));
    const own: Placement[] = [];

    for (let k = 0; k < count && cursor <= LAST_PLACEMENT_START; k++) {
      const onCalaisMarket = forcedCalais && k === 0;
      let candidates: [MarketInfo, number][] = [];
      for (const m of placeable) {
        const facilitator = m.spec.facilitator!;
        const weight = onCalaisMarket
          ? facilitator === ORG.plieCalaisis ? 1 : 0
          : facilitator === info.plie ? 1 : NEIGHBOURS[info.plie]?.includes(facilitator) ? NEIGHBOUR_WEIGHT : 0;
        if (weight === 0) continue;
        // At least a month left on the market, and the market starts within six months.
        if (m.market.endDate! < addDays(cursor, 30) || m.market.startDate! > addDays(cursor, 180)) continue;
        candidates.push([m, weight * Math.sqrt(Math.max(m.plannedHours, 100))]);
      }
      // When no market of their own PLIE is open, people are placed next door only half of the time.
      const ownOpen = candidates.some(([m]) => m.spec.facilitator === info.plie);
      if (!onCalaisMarket && !ownOpen && rng.chance(0.5)) candidates = [];
      if (candidates.length === 0) break;
      const m = rng.weighted(candidates);
      const lotInfo = rng.weighted(
        m.lots.filter((l) => l.awardees.length > 0).map((l) => [l, l.awardees.reduce((s, a) => s + a.amountHt, 0)] as const),
      );
      const awardee = rng.pick(lotInfo.awardees);

      const startDate = maxDate(cursor, addDays(m.market.startDate!, rng.int(0, 30)));
      if (startDate > minDate(addDays(m.market.endDate!, -14), LAST_PLACEMENT_START)) break;

      const area: Area = COAST_PLIES.includes(m.spec.facilitator!) ? 'COAST' : 'BASIN';
      const employment = chooseEmployment(rng, m.market.nature, awardee.company, area, beneficiary.qpv !== null, beneficiary.ageAtEntry, employers);
      let endDate: string | null;
      if (employment.contractType === ContractType.CDI) {
        // Open-ended: on the market until it ends; still running at the demo date when the market is.
        endDate = m.market.endDate! > DEMO_AS_OF ? null : m.market.endDate!;
      } else {
        const months = contractMonths(rng, employment.contractType);
        let planned = addDays(addMonths(startDate, months), -1);
        if (employment.contractType === ContractType.TEMPORARY_MISSION && rng.chance(0.3)) planned = addDays(planned, -rng.int(1, 12));
        endDate = maxDate(startDate, minDate(planned, m.market.endDate!));
      }

      const placement = new Placement();
      placement.id = deterministicUuid(`placement:${beneficiary.id}:${k + 1}`);
      placement.beneficiary = beneficiary;
      placement.company = employment.company;
      placement.market = m.market;
      placement.lot = lotInfo.lot;
      placement.contractType = employment.contractType;
      placement.modality = employment.modality;
      placement.startDate = startDate;
      placement.endDate = endDate;
      placement.weeklyHours = weeklyHours(rng, employment.contractType);
      stamp(placement, startDate);
      placements.push(placement);
      own.push(placement);
      monthlyHours.push(...hoursOf(hoursRng, placement));

      if (endDate === null) break;
      cursor = addDays(endDate, rng.int(7, 120));
    }

    const exit = exitOf(exitRng, info, own);
    if (exit) exits.push(exit);
  }
  return { placements, monthlyHours, exits };
}

/** Employer, contract type and modality of a placement, from the market's nature and the awardee's kind. */
export function chooseEmployment(
  rng: Random,
  nature: MarketNature,
  awardee: Company,
  area: Area,
  livesInQpv: boolean,
  ageAtEntry: number,
  employers: (area: Area, kinds: readonly CompanyKind[]) => Company[],
): Employment {
  const { DIRECT_HIRE, TEMPORARY_WORK, GEIQ, SIAE_SUBCONTRACTING, TRAINING } = PlacementModality;
  // An inclusive awardee (reserved market, insertion market) hires people itself.
  switch (awardee.kind) {
    case CompanyKind.SIAE_ACI:
    case CompanyKind.SIAE_EI:
      return { company: awardee, contractType: ContractType.CDDI, modality: DIRECT_HIRE };
    case CompanyKind.SIAE_AI:
      return { company: awardee, contractType: ContractType.CDD, modality: DIRECT_HIRE };
    case CompanyKind.ADAPTED:
      return { company: awardee, contractType: rng.chance(0.7) ? ContractType.CDD : ContractType.CDI, modality: DIRECT_HIRE };
    default:
      break;
  }

  const modality =
    nature === MarketNature.ENGINEERING
      ? rng.weighted([[DIRECT_HIRE, 70], [TRAINING, 30]])
      : nature === MarketNature.WORKS
        ? rng.weighted([[DIRECT_HIRE, 30], [TEMPORARY_WORK, 28], [SIAE_SUBCONTRACTING, 15], [GEIQ, 17], [TRAINING, 10]])
        : rng.weighted([[DIRECT_HIRE, 45], [TEMPORARY_WORK, 20], [SIAE_SUBCONTRACTING, 25], [TRAINING, 10]]);
  const young = ageAtEntry < 30;

  switch (modality) {
    case TEMPORARY_WORK: {
      const agencies = rng.chance(0.6)
        ? employers(area, [CompanyKind.SIAE_ETTI])
        : employers(area, [CompanyKind.TEMPORARY_WORK_AGENCY]);
      return { company: rng.pick(agencies), contractType: ContractType.TEMPORARY_MISSION, modality };
    }
    case SIAE_SUBCONTRACTING: {
      const siaes =
        nature === MarketNature.WORKS
          ? employers(area, [CompanyKind.SIAE_EI, CompanyKind.SIAE_AI]).filter((c) => c.nafCode?.startsWith('43') || c.kind === CompanyKind.SIAE_AI)
            .concat(employers(area, [CompanyKind.SIAE_ACI]).filter((c) => c.nafCode?.startsWith('43')))
          : employers(area, [CompanyKind.SIAE_ACI, CompanyKind.SIAE_EI, CompanyKind.SIAE_AI]).filter((c) => !c.nafCode?.startsWith('43'));
      const company = rng.pick(siaes);
      return { company, contractType: company.kind === CompanyKind.SIAE_AI ? ContractType.CDD : ContractType.CDDI, modality };
    }
    case GEIQ:
      return {
        company: rng.pick(employers(area, [CompanyKind.GEIQ])),
        contractType: young && rng.chance(0.4) ? ContractType.APPRENTICESHIP : ContractType.PROFESSIONALISATION,
        modality,
      };
    case TRAINING:
      return { company: awardee, contractType: ContractType.TRAINING, modality };
    default: {
      const contractType = rng.weighted([
        [ContractType.CDD, 45],
        [ContractType.CDI, 18],
        [ContractType.CUI_CIE, 10],
        // Emploi franc: only for people living in a QPV.
        [ContractType.EMPLOI_FRANC, livesInQpv ? 12 : 0],
        [ContractType.APPRENTICESHIP, young ? 14 : 0],
      ]);
      return { company: awardee, contractType, modality: DIRECT_HIRE };
    }
  }
}

function contractMonths(rng: Random, type: ContractType): number {
  switch (type) {
    case ContractType.CDD:
      return rng.weighted([[2, 10], [3, 15], [4, 15], [6, 25], [9, 15], [12, 20]]);
    case ContractType.CDDI:
      return rng.int(6, 24);
    case ContractType.TEMPORARY_MISSION:
      return rng.weighted([[1, 15], [2, 20], [3, 20], [4, 15], [6, 18], [9, 12]]);
    case ContractType.PROFESSIONALISATION:
      return rng.weighted([[6, 20], [12, 50], [18, 15], [24, 15]]);
    case ContractType.APPRENTICESHIP:
      return rng.weighted([[12, 40], [24, 60]]);
    case ContractType.CUI_CIE:
      return rng.int(6, 12);
    case ContractType.EMPLOI_FRANC:
      return rng.weighted([[6, 50], [12, 30], [24, 20]]);
    case ContractType.TRAINING:
      return rng.int(1, 4);
    case ContractType.CDI:
      return 24;
  }
}

export function weeklyHours(rng: Random, type: ContractType): number {
  if (type === ContractType.TRAINING) return 35;
  // Insertion contracts in an SIAE are often part-time (26 h is common in workshops).
  if (type === ContractType.CDDI) return rng.weighted([[20, 2], [24, 2], [26, 5], [30, 1], [35, 2]]);
  return rng.weighted([[35, 80], [30, 7], [28, 5], [24, 5], [17.5, 3]]);
}

/** One row per calendar month the placement covers, up to the demo date. */
function hoursOf(rng: Random, placement: Placement): MonthlyHours[] {
  return workedMonths(rng, placement, DEMO_FIRST_MONTH, DEMO_AS_OF).map(({ month, hours }) => {
    const row = new MonthlyHours();
    row.id = deterministicUuid(`monthly-hours:${placement.id}:${month}`);
    row.placement = placement;
    row.month = month;
    row.hours = hours;
    return stamp(row, reportingDay(month, DEMO_AS_OF));
  });
}

/** Hours reported for a month: by the facilitator in the first days of the next month, never after the data's last reports. */
export function reportingDay(month: string, asOf: string): string {
  return minDate(addDays(lastDayOfMonth(month), 8), addDays(asOf, 9));
}

export interface WorkedPeriod {
  startDate: string;
  endDate: string | null;
  weeklyHours: number;
}

/**
 * Hours of each calendar month a placement covers, from `firstMonth` to `asOf`: weekly hours × 4.33,
 * prorated, with leave and sick days; at most 200 h a month.
 */
export function workedMonths(rng: Random, period: WorkedPeriod, firstMonth: string, asOf: string): { month: string; hours: number }[] {
  const rows: { month: string; hours: number }[] = [];
  const lastDay = minDate(period.endDate ?? asOf, asOf);
  for (let month = maxDate(firstDayOfMonth(period.startDate), firstMonth); month <= lastDay; month = addMonths(month, 1)) {
    const from = maxDate(period.startDate, month);
    const to = minDate(lastDay, lastDayOfMonth(month));
    const [year, monthNumber] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
    const covered = (daysBetween(from, to) + 1) / daysInMonth(year, monthNumber);
    let factor = rng.float(0.9, 1.04);
    if (monthNumber === 8) factor *= rng.float(0.55, 0.8); // summer leave
    if (monthNumber === 12) factor *= 0.9; // year-end closures
    if (rng.chance(0.03)) factor *= 0.5; // sick leave
    rows.push({ month, hours: Math.min(200, Math.max(0.5, roundTo(period.weeklyHours * 4.33 * covered * factor, 0.5))) });
  }
  return rows;
}

/** What people do at the end of a path that had placements on markets, with weights. */
export const OUTCOMES_AFTER_PLACEMENTS: readonly (readonly [OutcomeValue, number])[] = [
  ['CDI', 12], ['CDD', 24], ['TEMPORARY_MISSION', 14], ['PROFESSIONALISATION', 5], ['APPRENTICESHIP', 4], ['CIVIL_SERVICE', 2],
  ['QUALIFYING_TRAINING', 10], ['SIAE_INSERTION_JOB', 8], ['OTHER_TRAINING', 5], ['NO_EMPLOYMENT', 11], ['OTHER', 5],
];
/** The same for people never placed on a market who left the scheme (moved, training, work found alone). */
export const OUTCOMES_WITHOUT_PLACEMENT: readonly (readonly [OutcomeValue, number])[] = [
  ['CDI', 4], ['CDD', 10], ['TEMPORARY_MISSION', 6], ['QUALIFYING_TRAINING', 12], ['SIAE_INSERTION_JOB', 12],
  ['OTHER_TRAINING', 10], ['NO_EMPLOYMENT', 30], ['OTHER', 16],
];

export interface ExitFactsDraft {
  outcome: OutcomeValue;
  subsidy: SubsidyValue;
  contractStart: string | null;
  contractEnd: string | null;
}

/** The exit at the end of a path, for most people whose last placement ended before October 2025. */
function exitOf(rng: Random, info: BeneficiaryInfo, placements: readonly Placement[]): Exit | null {
  const { beneficiary } = info;
  const drawn = drawExit(rng, {
    entryDate: beneficiary.entryDate,
    livesInQpv: beneficiary.qpv !== null,
    placed: placements.length > 0,
    lastEnd: placements.at(-1)?.endDate ?? null,
  });
  if (drawn === null) return null;
  const exit = new Exit();
  exit.id = deterministicUuid(`exit:${beneficiary.id}`);
  exit.beneficiary = beneficiary;
  exit.exitDate = drawn.exitDate;
  exit.outcome = ExitOutcome[drawn.outcome];
  exit.subsidy = ContractSubsidy[drawn.subsidy];
  exit.contractStart = drawn.contractStart;
  exit.contractEnd = drawn.contractEnd;
  exit.category = ExitCategoryValue[drawn.category];
  exit.rule = drawn.rule;
  return stamp(exit, drawn.exitDate);
}

/** What drawExit needs of a path: whether the person was placed, and when the last placement ends (null: still running). */
export interface PathEnd {
  entryDate: string;
  livesInQpv: boolean;
  placed: boolean;
  lastEnd: string | null;
}

export interface DrawnExit extends ExitFactsDraft, ExitClassification {
  exitDate: string;
}

/**
 * Whether and how a path ended by the demo date: most people whose last placement ended before
 * October 2025, half of those never placed who entered before October 2024.
 */
export function drawExit(rng: Random, path: PathEnd): DrawnExit | null {
  let exitDate: string;
  let weights: readonly (readonly [OutcomeValue, number])[];
  if (path.placed) {
    if (path.lastEnd === null || path.lastEnd >= EXIT_CUTOFF || !rng.chance(0.85)) return null;
    exitDate = minDate(addDays(path.lastEnd, rng.int(1, 30)), DEMO_AS_OF);
    weights = OUTCOMES_AFTER_PLACEMENTS;
  } else {
    // Never placed on a market: some left the scheme anyway (moved, training, work found alone).
    if (path.entryDate >= '2024-10-01' || !rng.chance(0.5)) return null;
    exitDate = minDate(addDays(path.entryDate, rng.int(180, 540)), DEMO_AS_OF);
    weights = OUTCOMES_WITHOUT_PLACEMENT;
  }
  const facts = exitFacts(rng, rng.weighted(weights), exitDate, path.livesInQpv);
  return { ...facts, exitDate, ...classifyExit(facts) };
}

/** The contract (or training) that follows an exit, drawn for the given outcome. */
export function exitFacts(rng: Random, outcome: OutcomeValue, exitDate: string, livesInQpv: boolean): ExitFactsDraft {
  const start = addDays(exitDate, rng.int(0, 14));
  const lasting = (months: number, shortenBy = 0): string => addDays(addMonths(start, months), -1 - shortenBy);
  const none: ExitFactsDraft = { outcome, subsidy: 'NONE', contractStart: null, contractEnd: null };
  switch (outcome) {
    case 'CDI':
    case 'CIVIL_SERVICE':
      return { ...none, contractStart: start };
    case 'CDD': {
      const subsidy: SubsidyValue = rng.chance(0.15) ? (livesInQpv && rng.chance(0.5) ? 'EMPLOI_FRANC' : 'CUI_CIE') : 'NONE';
      const months = rng.weighted([[1, 15], [2, 10], [3, 20], [4, 10], [6, 25], [12, 20]]);
      // A few contracts end a few days short of a threshold, as in real life.
      return { ...none, subsidy, contractStart: start, contractEnd: lasting(months, rng.chance(0.15) ? rng.int(1, 5) : 0) };
    }
    case 'TEMPORARY_MISSION': {
      const months = rng.weighted([[1, 25], [2, 15], [3, 25], [6, 20], [9, 15]]);
      return { ...none, contractStart: start, contractEnd: lasting(months, rng.chance(0.2) ? rng.int(1, 10) : 0) };
    }
    case 'PROFESSIONALISATION':
      return { ...none, contractStart: start, contractEnd: lasting(rng.pick([6, 12, 24])) };
    case 'APPRENTICESHIP':
      return { ...none, contractStart: start, contractEnd: lasting(rng.pick([12, 24, 36])) };
    case 'QUALIFYING_TRAINING':
      return { ...none, contractStart: start, contractEnd: lasting(rng.int(4, 10)) };
    case 'SIAE_INSERTION_JOB':
      return { ...none, contractStart: start, contractEnd: lasting(rng.int(4, 12)) };
    case 'OTHER_TRAINING':
      return { ...none, contractStart: start, contractEnd: lasting(rng.int(1, 3)) };
    case 'NO_EMPLOYMENT':
    case 'OTHER':
      return none;
  }
}
