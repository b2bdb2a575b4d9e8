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
import type { IndicatorPart } from './queries/scope.js';
import { DEFAULT_SUPPRESSION_THRESHOLD, showAll, suppressBeside, suppressSmallCounts, type ShownTable } from './suppression.js';

export interface IndicatorOptions {
  /** Hours of one full-time equivalent; the report states it. */
  etpBase?: number;
  /** Whether small counts of people are suppressed: for a viewer who may not see the people. */
  suppress: boolean;
  /** The people of a part of the scope the viewer also gets (their share): what lies beyond it is protected too. */
  besidePart?: PeopleIndicators;
  suppressionThreshold?: number;
}

export interface Indicators {
  part: IndicatorPart;
  period: Period;
  realised: HoursFigure & { split: RealisedHours };
  planned: HoursFigure & { summary: PlannedHoursSummary };
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

/**
 * Every indicator family of a part of a scope and a period, from the indicator facts the acting
 * organisation may read (row-level security decides, see queries/scope.ts): one grouped statement per
 * family, in the request transaction.
 */
export async function computeIndicators(em: EntityManager, part: IndicatorPart, period: Period, options: IndicatorOptions): Promise<Indicators> {
  const etpBase = options.etpBase ?? ETP_BASE_LEGAL;
  const split = await realisedHours(em, part, period);
  const markets = await marketProgress(em, part, period);
  const summary = plannedHoursSummary(markets);
  const people = await peopleIndicators(em, part, period);
  const threshold = options.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const table = peopleCountTable(people);
  const shownPeople = !options.suppress ? showAll(table)
    : options.besidePart ? suppressBeside(table, peopleCountTable(options.besidePart), threshold)
      : suppressSmallCounts(table, threshold);
  const { scope } = part;
  const targets = scope.kind === 'CHARTER' && !part.share
    ? charterTargetProgress(await em.find(CharterTarget, { charter: scope.id }, { orderBy: { kind: 'asc' } }), markets, shownPeople)
    : [];
  return {
    part,
    period,
    realised: { ...hoursFigure(split.total, etpBase), split },
    planned: { ...hoursFigure(summary.hours, etpBase), summary },
    markets,
    people,
    shownPeople,
    contracts: await contractIndicators(em, part, period),
    companies: await companyIndicators(em, part, period),
    exits: await exitIndicators(em, part, period),
    targets,
  };
}
