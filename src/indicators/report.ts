/**
 * The indicators a viewer asked for, as they may see them: the scope as a whole, their own share of it,
 * and for a charter's coordinator and the Département the share of each signatory; every figure labelled
 * in French, and the counts of people, contracts and exits exact for those who must report them (and a
 * PLIE's own share), protected for everyone else (disclosure.ts).
 * The API and the files (src/reports) both render this, so that they show the same numbers.
 */
import type { EntityManager, QueryBuilder } from '@mikro-orm/postgresql';
import { can, readableIds, reads } from '../access/can.js';
import { actAsSession } from '../access/session.js';
import { everything } from '../access/model/predicates.js';
import { accessTo, BUYER_KINDS, FOLLOWER_KINDS } from '../access/model/rules.js';
import { Charter, CharterSignatory, Market, Operation, Organisation, OrganisationKind, Qpv } from '../db/entities/index.js';
import { AGE_BAND_LABELS, bandsUnder } from '../domain/age.js';
import type { Viewer } from '../context/request-context.js';
import { sideBySide } from '../db/read-lanes.js';
import { forbidden, notFound } from '../context/errors.js';
import { Validation } from '../reporting/validation.js';
import {
  CLAUSE_MECHANISM_LABELS, COMPANY_KIND_LABELS, CONTRACT_TYPE_LABELS, EXIT_CATEGORY_LABELS, HEADCOUNT_LABELS, MARKET_NATURE_LABELS, MODALITY_LABELS, SEX_LABELS,
  TARGET_KIND_LABELS,
} from '../reporting/labels.js';
import { ALL_FAMILIES, computeIndicators, type Family, type Indicators } from './compute.js';
import { DISCLOSURE_NOTES, type Disclosure } from './disclosure.js';
import { CONTRACT_DURATION_BAND_LABELS } from './contract-duration.js';
import { hoursFigure, type HoursFigure } from './insertion-rate.js';
import type { Period } from './period.js';
import { UNKNOWN_DETAIL } from './queries/companies.js';
import { IN_QPV, NO_QPV } from './queries/people.js';
import { shareKey, type IndicatorScope, type Share } from './queries/scope.js';
import { DEFAULT_SUPPRESSION_THRESHOLD, sumOfShown, type ShownCount } from './suppression.js';

export interface CountCell extends ShownCount {
  key: string;
  label: string;
}

export interface HoursCell extends HoursFigure {
  key: string;
  label: string;
  suppressed: false;
}

/** Hours of the people's contracts (by type, by modality): hidden with the few people they would describe. */
export interface ShownHoursCell extends Omit<HoursCell, 'hours' | 'etp' | 'suppressed'> {
  hours: number | null;
  etp: number | null;
  suppressed: boolean;
}

export interface TargetView {
  kind: string;
  label: string;
  target: number;
  achieved: number | null;
  progress: number | null;
  suppressed: boolean;
}

export interface MarketView {
  marketId: string;
  nature: string;
  plannedHours: number | null;
  plannedBasis: string;
  realisedInPeriod: number;
  targetRate: number | null;
  rateAchieved: number | null;
  progress: number | null;
}

/** One set of indicators, for the whole scope or a share of it. */
export interface IndicatorView {
  realised: HoursFigure;
  planned: HoursFigure & { marketsStated: number; marketsComputed: number; marketsUnknown: number };
  hoursByNature: HoursCell[];
  plannedByNature: HoursCell[];
  /** Markets running in the period, by the legal mechanism of their clause. */
  marketsByClause: CountCell[];
  hoursByModality: ShownHoursCell[];
  hoursByContractType: ShownHoursCell[];
  people: ShownCount;
  peopleBySex: CountCell[];
  peopleByAgeBand: CountCell[];
  /** Under 25, under 26, under 30 at entry: sums of age bands. */
  youngPeople: CountCell[];
  peopleByQpv: CountCell[];
  /** BRSA, DELD, RQTH, ASE at entry, and access to training: how many people are concerned. */
  peopleStatuses: CountCell[];
  contracts: ShownCount;
  contractsByType: CountCell[];
  contractsByModality: CountCell[];
  contractsByDuration: CountCell[];
  companies: number;
  companiesByHeadcount: CountCell[];
  companiesBySector: CountCell[];
  companiesByKind: CountCell[];
  exits: ShownCount;
  exitsByCategory: CountCell[];
  targets: TargetView[];
  markets: MarketView[];
  /** How the counts of people, contracts and exits were protected, and the page's words for it. */
  disclosure: Disclosure;
  disclosureNote: string;
}

export interface SignatoryView {
  organisationId: string;
  name: string;
  territory: string;
  departementCode: string;
  kind: OrganisationKind;
  indicators: IndicatorView;
}

export interface IndicatorReport {
  scope: IndicatorScope & { name: string };
  period: Period;
  etpBase: number;
  suppressionThreshold: number;
  total: IndicatorView;
  /** The acting organisation's share; null when it has none (the Département, the État). */
  share: IndicatorView | null;
  /** Each signatory's share: for a charter's coordinator and the Département; every PLIE's over the whole platform. Null when not asked for. */
  bySignatory: SignatoryView[] | null;
}

export interface IndicatorRequest {
  scope: IndicatorScope;
  period: Period;
  etpBase: number;
  /** Each signatory's share costs a computation each: only when asked for. */
  bySignatory?: boolean;
  /** Only the signatories of these départements (their codes); all when absent. */
  signatoriesIn?: ReadonlySet<string>;
  /** Each market's own figures: one row per market of the scope, only when asked for. */
  marketList?: boolean;
  /** The figures wanted (IndicatorView's names, familiesOf): only their families are counted. All when absent. */
  figures?: Iterable<string>;
}

/**
 * The families (compute.ts) each figure of a view is made of. Hours by contract type and by modality are
 * hidden with the people they would describe, and a charter's targets include shares of its people: both
 * need the people.
 */
const FAMILIES_OF_FIGURE: Record<keyof IndicatorView, readonly Family[]> = {
  realised: ['realised'], hoursByNature: ['realised'], hoursByModality: ['realised', 'people'], hoursByContractType: ['realised', 'people'],
  planned: ['planned'], plannedByNature: ['planned'], marketsByClause: ['planned'],
  people: ['people'], peopleBySex: ['people'], peopleByAgeBand: ['people'], youngPeople: ['people'], peopleByQpv: ['people'], peopleStatuses: ['people'],
  contracts: ['contracts'], contractsByType: ['contracts'], contractsByModality: ['contracts'], contractsByDuration: ['contracts'],
  companies: ['companies'], companiesByHeadcount: ['companies'], companiesBySector: ['companies'], companiesByKind: ['companies'],
  exits: ['exits'], exitsByCategory: ['exits'],
  targets: ['people'], markets: [], disclosure: [], disclosureNote: [],
};

/** The families the figures named are made of (names that are not figures are ignored); every family when none are named. */
function familiesOf(figures: Iterable<string> | undefined): ReadonlySet<Family> {
  if (!figures) return new Set(ALL_FAMILIES);
  return new Set([...figures].flatMap((figure) => (Object.hasOwn(FAMILIES_OF_FIGURE, figure) ? FAMILIES_OF_FIGURE[figure as keyof IndicatorView] : [])));
}

/** Whether the figure is among those wanted (every figure when none are named). */
function asksFor(request: IndicatorRequest, figure: keyof IndicatorView): boolean {
  return !request.figures || [...request.figures].includes(figure);
}

/** A PLIE's share, or a buyer's; the Département, which sees everything, and the État have none. */
function shareOf(organisationId: string, kind: OrganisationKind): Share | undefined {
  if (FOLLOWER_KINDS.has(kind)) return { organisationId, kind: 'PLIE' };
  return BUYER_KINDS.has(kind) && accessTo('hours_fact').read[kind] !== everything ? { organisationId, kind: 'BUYER' } : undefined;
}

/**
 * The scope's name, when the viewer may ask for it: what the ORM shows the viewer decides, as for any
 * read, before the facts (row-level security) decide what is counted. Null: no such scope for this viewer.
 */
async function scopeName(em: EntityManager, viewer: Viewer, scope: IndicatorScope): Promise<string | null> {
  switch (scope.kind) {
    case 'EVERYTHING':
      if (reads(viewer, 'platform_hours') === 'none') throw forbidden('Seul le Département consulte les indicateurs de toute la plateforme');
      return 'Toute la plateforme';
    case 'CHARTER':
      return (await em.findOne(Charter, scope.id))?.name ?? null;
    case 'OPERATION':
      return (await em.findOne(Operation, scope.id))?.name ?? null;
    case 'MARKET': {
      const market = await em.findOne(Market, scope.id);
      return market ? `${market.reference} : ${market.object}` : null;
    }
    case 'ORGANISATION':
      if (scope.id !== viewer.acting!.organisationId && reads(viewer, 'hours_fact') !== 'all') return null;
      return (await em.findOne(Organisation, scope.id))?.name ?? null;
  }
}

/** A cell for each label, in their order, with the count `shown` gives for its key. */
const countCells = (labels: Record<string, string>, shown: (key: string) => ShownCount): CountCell[] =>
  Object.keys(labels).map((key) => {
    const { value, suppressed } = shown(key);
    return { key, label: labels[key]!, value, suppressed };
  });
const NONE_SHOWN: ShownCount = { value: 0, suppressed: false };
const cells = (values: Record<string, ShownCount>, labels: Record<string, string>) => countCells(labels, (key) => values[key] ?? NONE_SHOWN);
const plain = (values: Record<string, number>, labels: Record<string, string>) => countCells(labels, (key) => ({ value: values[key] ?? 0, suppressed: false }));
const hoursCells = (values: Record<string, number>, labels: Record<string, string>, etpBase: number): HoursCell[] =>
  Object.entries(labels).map(([key, label]) => ({ key, label, ...hoursFigure(values[key] ?? 0, etpBase), suppressed: false }));
/**
 * Hours by contract type or modality, unless the set is protected and its people are too few to be shown
 * (a suppressed total, or fewer than the threshold off the grid): then which contracts those few had is hidden.
 */
function contractHoursCells(indicators: Indicators, values: Record<string, number>, labels: Record<string, string>, etpBase: number, threshold: number): ShownHoursCell[] {
  const { disclosure, shownPeople, people } = indicators;
  const few = disclosure !== 'EXACT' && shownPeople.total.suppressed && (disclosure === 'PERTURBED' || people.total < threshold);
  return hoursCells(values, labels, etpBase).map((cell) => (few ? { ...cell, hours: null, etp: null, suppressed: true } : cell));
}
const labelsOf = (keys: Iterable<string>, label: (key: string) => string) => Object.fromEntries([...keys].map((key) => [key, label(key)]));

/** The QPVs people live in by name (or all of them together), then those living in none: the same order whatever order the rows came in. */
function qpvLabels(keys: string[], names: Map<string, string>): Record<string, string> {
  const named = keys.filter((id) => id !== NO_QPV && id !== IN_QPV).map((id) => [id, names.get(id) ?? id] as const).sort(([, a], [, b]) => a.localeCompare(b, 'fr'));
  const fixed = [[IN_QPV, 'En QPV'], [NO_QPV, 'Hors QPV']] as const;
  return Object.fromEntries([...named, ...fixed.filter(([key]) => keys.includes(key))]);
}

const HEADCOUNT_CELL_LABELS = { ...HEADCOUNT_LABELS, [UNKNOWN_DETAIL]: 'Effectif non renseigné' };
const sectorLabel = (naf: string) => (naf === UNKNOWN_DETAIL ? 'Secteur non renseigné' : `NAF ${naf}`);
const STATUS_LABELS = { brsa: 'BRSA', deld: "Demandeurs d'emploi de longue durée", rqth: 'RQTH', ase: 'Aide sociale à l’enfance', trainingAccess: 'Accès à la formation' };
const YOUTH = [[25, 'Moins de 25 ans'], [26, 'Moins de 26 ans'], [30, 'Moins de 30 ans']] as const;

/**
 * The facts let a signatory count every market of a charter, but a market's own figures are listed only
 * to those who may read the market itself: its buyer, its facilitator, the Département (docs/permissions.md).
 */
function view(indicators: Indicators, etpBase: number, threshold: number, qpvNames: Map<string, string>, readableMarkets: ReadonlySet<string>): IndicatorView {
  const { breakdowns } = indicators.shownPeople;
  const contracts = indicators.shownContracts.breakdowns;
  const { summary } = indicators.planned;
  return {
    realised: indicators.realised,
    planned: { ...hoursFigure(summary.hours, etpBase), marketsStated: summary.marketsByBasis.STATED, marketsComputed: summary.marketsByBasis.COMPUTED, marketsUnknown: summary.marketsByBasis.UNKNOWN },
    hoursByNature: hoursCells(indicators.realised.split.byNature, MARKET_NATURE_LABELS, etpBase),
    plannedByNature: hoursCells(summary.byNature, MARKET_NATURE_LABELS, etpBase),
    marketsByClause: plain(summary.marketsByClause, CLAUSE_MECHANISM_LABELS),
    hoursByModality: contractHoursCells(indicators, indicators.realised.split.byModality, MODALITY_LABELS, etpBase, threshold),
    hoursByContractType: contractHoursCells(indicators, indicators.realised.split.byContractType, CONTRACT_TYPE_LABELS, etpBase, threshold),
    people: indicators.shownPeople.total,
    peopleBySex: cells(breakdowns.bySex!, SEX_LABELS),
    peopleByAgeBand: cells(breakdowns.byAgeBand!, AGE_BAND_LABELS),
    youngPeople: YOUTH.map(([threshold, label]) => ({ key: `UNDER_${threshold}`, label, ...sumOfShown(breakdowns.byAgeBand!, bandsUnder(threshold)) })),
    peopleByQpv: cells(breakdowns.byQpv!, qpvLabels(Object.keys(breakdowns.byQpv!), qpvNames)),
    peopleStatuses: Object.entries(STATUS_LABELS).map(([key, label]) => ({ key: key.toUpperCase(), label, ...breakdowns[key]!.YES! })),
    contracts: indicators.shownContracts.total,
    contractsByType: cells(contracts.byContractType!, CONTRACT_TYPE_LABELS),
    contractsByModality: cells(contracts.byModality!, MODALITY_LABELS),
    contractsByDuration: cells(contracts.byDurationBand!, CONTRACT_DURATION_BAND_LABELS),
    companies: indicators.companies.total,
    companiesByHeadcount: plain(indicators.companies.byHeadcountBand, HEADCOUNT_CELL_LABELS),
    companiesBySector: plain(indicators.companies.byNafDivision, labelsOf(Object.keys(indicators.companies.byNafDivision).sort(), sectorLabel)),
    companiesByKind: plain(indicators.companies.byKind, COMPANY_KIND_LABELS),
    exits: indicators.shownExits.total,
    exitsByCategory: cells(indicators.shownExits.breakdowns.byCategory!, EXIT_CATEGORY_LABELS),
    targets: indicators.targets.map((target) => ({ ...target, label: TARGET_KIND_LABELS[target.kind] })),
    markets: indicators.markets.filter((market) => readableMarkets.has(market.marketId)).map((market) => ({
      marketId: market.marketId, nature: market.nature, plannedHours: market.planned.hours, plannedBasis: market.planned.basis,
      realisedInPeriod: market.realisedInPeriod, targetRate: market.targetRate, rateAchieved: market.rateAchieved, progress: market.progress,
    })),
    disclosure: indicators.disclosure,
    disclosureNote: DISCLOSURE_NOTES[indicators.disclosure],
  };
}

type Signatory = Pick<Organisation, 'id' | 'name' | 'kind' | 'territory' | 'departementCode'>;

/** The rows of a query of the ORM, scoped by its filters, as plain objects: hundreds of them would cost more as entities. */
async function plainRows<R>(query: Pick<QueryBuilder<object>, 'applyFilters' | 'execute'>): Promise<R[]> {
  await query.applyFilters();
  return query.execute<R[]>('all', false);
}

/**
 * Whose shares the viewer sees: for the charter's coordinator and the Département, each signatory of a
 * charter with a share (buyers and PLIEs); for the Département over the whole platform, every PLIE
 * (their shares add up: each person is followed by one PLIE).
 */
async function signatories(em: EntityManager, scope: IndicatorScope, departements?: ReadonlySet<string>): Promise<Signatory[] | null> {
  const inDepartements = departements && { departementCode: { $in: [...departements] } };
  if (scope.kind === 'EVERYTHING') {
    return plainRows(em.createQueryBuilder(Organisation).select(['id', 'name', 'kind', 'territory', 'departementCode as departementCode'])
      .where({ kind: OrganisationKind.PLIE, ...inDepartements }).orderBy({ territory: 'asc', name: 'asc' }));
  }
  if (scope.kind !== 'CHARTER') return null;
  const rows = await em.find(CharterSignatory, { charter: scope.id, ...(inDepartements && { organisation: inDepartements }) }, { populate: ['organisation'], orderBy: { organisation: { name: 'asc' } } });
  return rows.map((row) => row.organisation).filter((organisation) => shareOf(organisation.id, organisation.kind));
}

/**
 * Whether the viewer must report the scope's figures, and is bound by the partnership agreement to keep
 * them: the Département, and a charter's coordinator for its charter (docs/permissions.md, readBreakdown).
 * They read the figures exact, and each signatory's share.
 */
async function accountableFor(em: EntityManager, viewer: Viewer, scope: IndicatorScope): Promise<boolean> {
  if (reads(viewer, 'hours_fact') === 'all') return true;
  return scope.kind === 'CHARTER' && can({ em, viewer }, 'readBreakdown', 'charter', { ids: [scope.id] });
}

export async function indicatorReport(em: EntityManager, viewer: Viewer, request: IndicatorRequest, threshold = DEFAULT_SUPPRESSION_THRESHOLD): Promise<IndicatorReport> {
  new Validation().check(request.etpBase > 0 && request.etpBase <= 2500, 'etpBase', 'ETP_BASE_OUT_OF_RANGE', 'La base ETP doit être comprise entre 1 et 2 500 heures').conclude();
  const name = await scopeName(em, viewer, request.scope);
  if (name === null) throw notFound('Périmètre');
  const accountable = await accountableFor(em, viewer, request.scope);
  const others = request.bySignatory && accountable ? await signatories(em, request.scope, request.signatoriesIn) : null;
  // signatories() keeps the organisations that have a share.
  const signatoryShares = (others ?? []).map((organisation) => ({ organisation, share: shareOf(organisation.id, organisation.kind)! }));
  const own = shareOf(viewer.acting!.organisationId, viewer.acting!.kind);
  const computed = await computeIndicators(em, request.scope, request.period, {
    shares: signatoryShares.map(({ share }) => share),
    own,
    optionsOf: (share) => ({
      // A PLIE reads the rows of the people it follows: its own share is exact, as everything is to those accountable.
      exact: accountable || (share?.kind === 'PLIE' && share.organisationId === viewer.acting!.organisationId),
      etpBase: request.etpBase,
      suppressionThreshold: threshold,
      marketList: request.marketList,
    }),
    families: familiesOf(request.figures),
    selectedShares: request.signatoriesIn !== undefined,
    readAll: sideBySide(em, (lane) => actAsSession(lane, viewer)),
  });
  const { total } = computed;
  const share = own ? computed.shares.get(shareKey(own))! : null;
  const bySignatory = others && signatoryShares.map(({ organisation: { id, name, kind, territory, departementCode }, share: signatoryShare }) =>
    ({ organisationId: id, name, territory, departementCode, kind, indicators: computed.shares.get(shareKey(signatoryShare))! }));
  // The whole platform's people live in thousands of QPVs: their names only for the figure that shows them.
  const qpvNames = asksFor(request, 'peopleByQpv') ? await namesOfQpvs(em, [total, share, ...(bySignatory ?? []).map(({ indicators }) => indicators)]) : new Map<string, string>();
  const listed = [total, share, ...(bySignatory ?? []).map(({ indicators }) => indicators)].flatMap((each) => each?.markets.map((market) => market.marketId) ?? []);
  const readableMarkets = await readableIds({ em, viewer }, 'market', [...new Set(listed)]);
  const asView = (indicators: Indicators) => view(indicators, request.etpBase, threshold, qpvNames, readableMarkets);
  return {
    scope: { ...request.scope, name },
    period: request.period,
    etpBase: request.etpBase,
    suppressionThreshold: threshold,
    total: asView(total),
    share: share && asView(share),
    bySignatory: bySignatory && bySignatory.map(({ indicators, ...signatory }) => ({ ...signatory, indicators: asView(indicators) })),
  };
}

/** Names of the QPVs the people of these indicators live in: a few, where the platform has thousands. */
async function namesOfQpvs(em: EntityManager, indicators: (Indicators | null)[]): Promise<Map<string, string>> {
  const ids = new Set(indicators.flatMap((each) => Object.keys(each?.people.byQpv ?? {})).filter((id) => id !== NO_QPV));
  if (ids.size === 0) return new Map();
  const rows = await plainRows<{ id: string; name: string }>(em.createQueryBuilder(Qpv).select(['id', 'name']).where({ id: { $in: [...ids] } }));
  return new Map(rows.map((qpv) => [qpv.id, qpv.name]));
}
