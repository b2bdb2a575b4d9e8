import type { EntityManager } from '@mikro-orm/postgresql';
import { CharterTarget } from '../db/entities/index.js';
import { ETP_BASE_LEGAL } from '../domain/etp.js';
import { charterTargetProgress, type TargetProgress } from './charter-progress.js';
import { hoursFigure, type HoursFigure } from './insertion-rate.js';
import type { Period } from './period.js';
import { companyIndicators, type CompanyIndicators } from './queries/companies.js';
import { contractIndicators, type ContractIndicators } from './queries/contracts.js';
import { exitIndicators, type ExitIndicators } from './queries/exits.js';
import { realisedHours, type RealisedHours } from './queries/hours.js';
import { marketProgress, plannedHoursSummary, type MarketProgress, type PlannedHoursSummary } from './queries/markets.js';
import { peopleCountTable, peopleIndicators, type PeopleIndicators } from './queries/people.js';
import { WHOLE_PART, type IndicatorPart, type IndicatorScope, type Share, type Split } from './queries/scope.js';
import { DEFAULT_SUPPRESSION_THRESHOLD, showAll, suppressBeside, suppressSmallCounts, type ShownTable } from './suppression.js';

export interface IndicatorOptions {
  /** Hours of one full-time equivalent; the report states it. */
  etpBase?: number;
  /** Whether small counts of people are suppressed: for a viewer who may not see the people. */
  suppress: boolean;
  /** The people of a part of the scope the viewer also gets (their share): what lies beyond it is protected too. */
  besidePart?: PeopleIndicators;
  suppressionThreshold?: number;
  /** Whether each market's own progress is listed (one row per market of the scope); a charter's targets need it anyway. */
  marketList?: boolean;
}

export interface Indicators {
  part: IndicatorPart;
  period: Period;
  realised: HoursFigure & { split: RealisedHours };
  planned: HoursFigure & { summary: PlannedHoursSummary };
  /** Each market's progress: when asked for (IndicatorOptions.marketList), and for a charter's targets. */
  markets: MarketProgress[];
  /** Raw counts: only for a viewer who may see the people. */
  people: PeopleIndicators;
  /** The people figures as the viewer may see them. */
  shownPeople: ShownTable;
  contracts: ContractIndicators;
  companies: CompanyIndicators;
  exits: ExitIndicators;
  /** For a charter as a whole: its targets against what was reached. */
  targets: TargetProgress[];
}

type ByPart<T> = (part: string) => T;

/** Every family's figures by part key (queries/scope.ts): one grouped statement each. */
interface Families {
  realised: ByPart<RealisedHours>;
  planned: ByPart<PlannedHoursSummary>;
  people: ByPart<PeopleIndicators>;
  contracts: ByPart<ContractIndicators>;
  companies: ByPart<CompanyIndicators>;
  exits: ByPart<ExitIndicators>;
}

async function familiesOf(em: EntityManager, part: IndicatorPart, period: Period, split: Split): Promise<Families> {
  return {
    realised: await realisedHours(em, part, period, split),
    planned: await plannedHoursSummary(em, part, period, split),
    people: await peopleIndicators(em, part, period, split),
    contracts: await contractIndicators(em, part, period, split),
    companies: await companyIndicators(em, part, period, split),
    exits: await exitIndicators(em, part, period, split),
  };
}

/** One part's indicators from the families' figures of its key. */
function assemble(families: Families, key: string, part: IndicatorPart, period: Period, options: IndicatorOptions,
  markets: MarketProgress[], targets: (shownPeople: ShownTable) => TargetProgress[] = () => []): Indicators {
  const etpBase = options.etpBase ?? ETP_BASE_LEGAL;
  const split = families.realised(key);
  const summary = families.planned(key);
  const people = families.people(key);
  const threshold = options.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const table = peopleCountTable(people);
  const shownPeople = !options.suppress ? showAll(table)
    : options.besidePart ? suppressBeside(table, peopleCountTable(options.besidePart), threshold)
      : suppressSmallCounts(table, threshold);
  return {
    part,
    period,
    realised: { ...hoursFigure(split.total, etpBase), split },
    planned: { ...hoursFigure(summary.hours, etpBase), summary },
    markets,
    people,
    shownPeople,
    contracts: families.contracts(key),
    companies: families.companies(key),
    exits: families.exits(key),
    targets: targets(shownPeople),
  };
}

/**
 * Every indicator family of a part of a scope and a period, from the indicator facts the acting
 * organisation may read (row-level security decides, see queries/scope.ts): one grouped statement per
 * family, in the request transaction.
 */
export async function computeIndicators(em: EntityManager, part: IndicatorPart, period: Period, options: IndicatorOptions): Promise<Indicators> {
  const families = await familiesOf(em, part, period, 'WHOLE');
  const { scope } = part;
  const charterTargets = scope.kind === 'CHARTER' && !part.share
    ? await em.find(CharterTarget, { charter: scope.id }, { orderBy: { kind: 'asc' } })
    : null;
  const markets = options.marketList || charterTargets ? await marketProgress(em, part, period) : [];
  return assemble(families, WHOLE_PART, part, period, options, markets,
    charterTargets ? (shownPeople) => charterTargetProgress(charterTargets, markets, shownPeople) : undefined);
}

/** Whose markets a share lists: a PLIE's are those it facilitates, a buyer's those it buys. */
const LISTED: Record<Share['kind'], (market: MarketProgress) => string | null> = { PLIE: (market) => market.facilitatorId, BUYER: (market) => market.buyerId };

/**
 * The shares of the organisations `ids`, all of one kind, in a scope: one statement per family grouped by
 * signatory (where a share at a time would be six statements each). `optionsOf` gives each one's options.
 */
export async function computeShares(em: EntityManager, scope: IndicatorScope, period: Period, kind: Share['kind'], ids: readonly string[],
  optionsOf: (share: Share) => IndicatorOptions): Promise<Map<string, Indicators>> {
  const families = await familiesOf(em, { scope }, period, kind);
  const listed = ids.some((id) => optionsOf({ organisationId: id, kind }).marketList) ? await marketProgress(em, { scope }, period) : [];
  return new Map(ids.map((id) => {
    const share = { organisationId: id, kind };
    const options = optionsOf(share);
    const markets = options.marketList ? listed.filter((market) => LISTED[kind](market) === id) : [];
    return [id, assemble(families, id, { scope, share }, period, options, markets)];
  }));
}
