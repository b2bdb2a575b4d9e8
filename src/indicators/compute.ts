import type { EntityManager } from '@mikro-orm/postgresql';
import { CharterTarget } from '../db/entities/index.js';
import { oneAfterAnother, type ReadAll } from '../db/read-lanes.js';
import { ETP_BASE_LEGAL } from '../domain/etp.js';
import { charterTargetProgress, type TargetProgress } from './charter-progress.js';
import { hoursFigure, type HoursFigure } from './insertion-rate.js';
import type { Period } from './period.js';
import { companiesTally, companyIndicators, type CompanyIndicators } from './queries/companies.js';
import { contractIndicators, contractsTally, type ContractIndicators } from './queries/contracts.js';
import { exitIndicators, exitsTally, type ExitIndicators } from './queries/exits.js';
import { hoursTally, realisedHours, type RealisedHours } from './queries/hours.js';
import { marketProgress, plannedHoursSummary, summaryTally, type MarketProgress, type PlannedHoursSummary } from './queries/markets.js';
import { IN_QPV, NO_QPV, peopleIndicators, peopleTally, type PeopleIndicators } from './queries/people.js';
import { shareKey, WHOLE_PART, type IndicatorPart, type IndicatorScope, type Share, type Split } from './queries/scope.js';
import type { Keyed, Tally } from './queries/sql.js';
import { combinedKey, onPublicationGrid, perturbTable, type Disclosure } from './disclosure.js';
import { DEFAULT_SUPPRESSION_THRESHOLD, hideAll, showAll, type CountTable, type ShownTable } from './suppression.js';

export interface IndicatorOptions {
  /** Hours of one full-time equivalent; the report states it. */
  etpBase?: number;
  /**
   * Whether the counts of people, contracts and exits are shown exact: to a viewer who may read the rows
   * counted or must report these figures; the others' are protected (disclosure.ts).
   */
  exact: boolean;
  suppressionThreshold?: number;
  /** Whether each market's own progress is listed (one row per market of the part); a charter's targets need it anyway. */
  marketList?: boolean;
}

export interface Indicators {
  part: IndicatorPart;
  period: Period;
  realised: HoursFigure & { split: RealisedHours };
  planned: HoursFigure & { summary: PlannedHoursSummary };
  /** Each market's progress: when asked for (IndicatorOptions.marketList), and for a charter's targets. */
  markets: MarketProgress[];
  /** Raw counts: only for a viewer who may see them exact. */
  people: PeopleIndicators;
  contracts: ContractIndicators;
  exits: ExitIndicators;
  /** How the counts below were protected. */
  disclosure: Disclosure;
  /** The counts as the viewer may see them. */
  shownPeople: ShownTable;
  shownContracts: ShownTable;
  shownExits: ShownTable;
  companies: CompanyIndicators;
  /** For a charter as a whole: its targets against what was reached. */
  targets: TargetProgress[];
}

/** What to compute of a scope besides its whole: signatories' shares, and how each part is shown. */
export interface IndicatorAsk {
  /** The signatories' shares wanted. */
  shares?: readonly Share[];
  /** The viewer's own share, computed too. */
  own?: Share;
  /** Each part's options; the whole scope's for `undefined`. */
  optionsOf: (share: Share | undefined) => IndicatorOptions;
  /** The families the figures asked for are made of (all when absent): the others are not counted. */
  families?: ReadonlySet<Family>;
  /** How the families' statements are run: one after the other in the request's transaction when absent. */
  readAll?: ReadAll;
  /**
   * Whether the shares asked are a selection of their kind's (one département's PLIEs of the whole platform's
   * hundreds): only theirs are counted. Otherwise each statement counts every signatory's share of the kinds
   * asked, which costs no more where signatories are few (a charter's) and makes the whole platform the sum of its PLIEs.
   */
  selectedShares?: boolean;
}

export interface ScopeIndicators {
  total: Indicators;
  /** By shareKey (queries/scope.ts). */
  shares: Map<string, Indicators>;
}

type ByPart<T> = (part: string) => T;

/** Every family's figures by part key (queries/scope.ts): one grouped statement each. */
interface Families {
  realised: ByPart<RealisedHours>;
  planned: ByPart<PlannedHoursSummary>;
  people: ByPart<Keyed<PeopleIndicators>>;
  contracts: ByPart<Keyed<ContractIndicators>>;
  companies: ByPart<CompanyIndicators>;
  exits: ByPart<Keyed<ExitIndicators>>;
}

/** A family of indicators: counted by one statement, for every part at once. */
export type Family = keyof Families;

type FamilyQuery<T> = (em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]) => Promise<ByPart<T>>;

/** Each family's statement, and how a part's rows make its figures (those of a part without rows too). */
const FAMILIES: { [F in Family]: { count: FamilyQuery<ReturnType<Families[F]>>; tally: () => Tally<never, ReturnType<Families[F]>> } } = {
  realised: { count: realisedHours, tally: hoursTally },
  planned: { count: plannedHoursSummary, tally: summaryTally },
  people: { count: peopleIndicators, tally: peopleTally },
  contracts: { count: contractIndicators, tally: contractsTally },
  companies: { count: companyIndicators, tally: companiesTally },
  exits: { count: exitIndicators, tally: exitsTally },
};

export const ALL_FAMILIES = Object.keys(FAMILIES) as Family[];

/**
 * Each family's statement over the whole platform with every PLIE's share at N = 100, in ms (docs/benchmarks.md):
 * read longest first, so that two lanes end close together.
 */
const STATEMENT_MS: Record<Family, number> = { people: 148, companies: 125, realised: 99, contracts: 67, planned: 31, exits: 22 };
const LONGEST_FIRST = [...ALL_FAMILIES].sort((a, b) => STATEMENT_MS[b] - STATEMENT_MS[a]);

/** One statement per family asked, run by `readAll`; a family not asked is not read: every part gets what no rows give. */
async function familiesOf(scope: IndicatorScope, period: Period, splits: readonly Split[], asked: ReadonlySet<Family>, readAll: ReadAll): Promise<Families> {
  const read = LONGEST_FIRST.filter((family) => asked.has(family));
  const counted = await readAll(read.map((family) => (lane: EntityManager) => (FAMILIES[family].count as FamilyQuery<unknown>)(lane, scope, period, splits)));
  const byFamily = new Map(read.map((family, index) => [family, counted[index]]));
  return Object.fromEntries(ALL_FAMILIES.map((family) =>
    [family, byFamily.get(family) ?? (() => FAMILIES[family].tally().result())])) as unknown as Families;
}

/**
 * The people by living in a QPV or not, never by which: for a viewer who may not read them, the list of the
 * QPVs found would name where a few people live even with every count hidden (a buyer reads "QPV or not" only).
 */
function qpvOrNot({ counts, keys }: Keyed<CountTable>): Keyed<CountTable> {
  const split = (cells: Readonly<Record<string, number>>, sum: (values: number[]) => number) =>
    ({ [IN_QPV]: sum(Object.entries(cells).filter(([key]) => key !== NO_QPV).map(([, value]) => value)), [NO_QPV]: cells[NO_QPV] ?? 0 });
  const add = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    counts: { ...counts, breakdowns: { ...counts.breakdowns, byQpv: split(counts.breakdowns.byQpv!, add) } },
    keys: keys && { ...keys, breakdowns: { ...keys.breakdowns, byQpv: split(keys.breakdowns.byQpv ?? {}, combinedKey) } },
  };
}

/** The count tables of a part as its viewer may see them (disclosure.ts): people, contracts, exits. */
function shownCounts([people, ...others]: readonly Keyed<CountTable>[], period: Period, options: IndicatorOptions): { disclosure: Disclosure; shown: ShownTable[] } {
  if (options.exact) return { disclosure: 'EXACT', shown: [people!, ...others].map(({ counts }) => showAll(counts)) };
  const tables = [qpvOrNot(people!), ...others];
  if (!onPublicationGrid(period)) return { disclosure: 'OFF_GRID', shown: tables.map(({ counts }) => hideAll(counts)) };
  const threshold = options.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  return {
    disclosure: 'PERTURBED',
    shown: tables.map(({ counts, keys }) => {
      if (!keys) throw new Error('counts without cell keys cannot be perturbed: only the whole platform has none, and it is shown exact');
      return perturbTable(counts, keys, threshold);
    }),
  };
}

/** A family's counts as a table: its total, and its other fields the breakdowns of it. */
const asTable = ({ counts: { total, ...breakdowns }, keys }: Keyed<{ total: number }>): Keyed<CountTable> =>
  ({ counts: { total, breakdowns: breakdowns as CountTable['breakdowns'] }, keys });

/** One part's indicators from the families' figures of its key. */
function assemble(families: Families, part: IndicatorPart, period: Period, options: IndicatorOptions, markets: MarketProgress[],
  targets: (shownPeople: ShownTable) => TargetProgress[] = () => []): Indicators {
  const key = part.share ? shareKey(part.share) : WHOLE_PART;
  const etpBase = options.etpBase ?? ETP_BASE_LEGAL;
  const split = families.realised(key);
  const summary = families.planned(key);
  const [people, contracts, exits] = [families.people(key), families.contracts(key), families.exits(key)];
  const { disclosure, shown: [shownPeople, shownContracts, shownExits] } = shownCounts([people, contracts, exits].map(asTable), period, options);
  return {
    part,
    period,
    realised: { ...hoursFigure(split.total, etpBase), split },
    planned: { ...hoursFigure(summary.hours, etpBase), summary },
    markets,
    people: people.counts,
    contracts: contracts.counts,
    exits: exits.counts,
    disclosure,
    shownPeople: shownPeople!,
    shownContracts: shownContracts!,
    shownExits: shownExits!,
    companies: families.companies(key),
    targets: targets(shownPeople!),
  };
}

/** The splits that count the shares: by kind, each kind's every signatory or, `selected`, those asked only. */
function sharesSplits(shares: readonly Share[], selected: boolean): Split[] {
  const kinds = [...new Set(shares.map((share) => share.kind))];
  if (!selected) return kinds;
  return kinds.map((kind) => ({ kind, organisationIds: shares.filter((share) => share.kind === kind).map((share) => share.organisationId) }));
}

/** Whose markets a share lists: a PLIE's are those it facilitates, a buyer's those it buys. */
const LISTED: Record<Share['kind'], (market: MarketProgress) => string | null> = { PLIE: (market) => market.facilitatorId, BUYER: (market) => market.buyerId };

/**
 * Every indicator family of a scope for a period, and of the shares asked, from the indicator facts the
 * acting organisation may read (row-level security decides, see queries/scope.ts): one statement per
 * family counts the whole and every share at once (grouped by part), in the request transaction or beside it (ask.readAll).
 */
export async function computeIndicators(em: EntityManager, scope: IndicatorScope, period: Period, ask: IndicatorAsk): Promise<ScopeIndicators> {
  // The viewer's own share is often a signatory's too: each part once.
  const byKey = new Map([...(ask.shares ?? []), ...(ask.own ? [ask.own] : [])].map((share) => [shareKey(share), share]));
  const shares = [...byKey.values()];
  if (scope.kind === 'EVERYTHING' && shares.some((share) => share.kind === 'BUYER')) throw new Error('a buyer has no share of the whole platform');
  const splits: Split[] = ['WHOLE', ...sharesSplits(shares, ask.selectedShares ?? false)];
  const families = await familiesOf(scope, period, splits, ask.families ?? new Set(ALL_FAMILIES), ask.readAll ?? oneAfterAnother(em));
  const options = ask.optionsOf(undefined);
  const charterTargets = scope.kind === 'CHARTER' ? await em.find(CharterTarget, { charter: scope.id }, { orderBy: { kind: 'asc' } }) : null;
  const listed = options.marketList || charterTargets || shares.some((share) => ask.optionsOf(share).marketList) ? await marketProgress(em, scope, period) : [];
  const total = assemble(families, { scope }, period, options, options.marketList || charterTargets ? listed : [],
    charterTargets ? (shownPeople) => charterTargetProgress(charterTargets, listed, shownPeople) : undefined);
  return {
    total,
    shares: new Map(shares.map((share) => {
      const shareOptions = ask.optionsOf(share);
      const markets = shareOptions.marketList ? listed.filter((market) => LISTED[share.kind](market) === share.organisationId) : [];
      return [shareKey(share), assemble(families, { scope, share }, period, shareOptions, markets)];
    })),
  };
}
