/**
 * The markets of a generated département, about 850 a year, with their lots, awards and clause
 * parameters, in the shapes of the demo: works for the landlords and the communes, engineering,
 * services and gestion urbaine de proximité, the Département's colleges and roads.
 * The markets stay in memory for the département being generated (placements are drawn on them).
 */
import { ClauseMechanism, Company, CompanyKind, MarketNature, MarketStatus, OrganisationKind, Programme } from '../../src/db/entities/index.js';
import { addDays, addMonths, periodEnd } from '../../src/domain/dates.js';
import { plannedInsertionHours } from '../../src/domain/planned-hours.js';
import { randomDate, roundTo } from '../demo/common.js';
import { Random } from '../random.js';
import type { Row, TableRows } from './copy.js';
import { baseRow, range, type Buyer, type OperationRef, type Period, type Territory } from './territory.js';

export const MARKETS_PER_YEAR = 850;
const NOTIFICATION_LEAD_MONTHS = 12;

export interface ScaleLot {
  id: string;
  awardees: readonly { company: Company; amountHt: number }[];
}

/** What placements need of a market. */
export interface ScaleMarket {
  id: string;
  /** PLIE (1-based) that facilitates the market. */
  facilitator: number;
  nature: MarketNature;
  startDate: string;
  endDate: string;
  lots: readonly ScaleLot[];
  /** Weight of the market when people are placed: the square root of its planned hours, as in the demo. */
  weight: number;
}

export interface GeneratedMarkets {
  /** Markets open to placements (facilitated, notified, awarded). */
  placeable: ScaleMarket[];
  tables: TableRows[];
}

const { WORKS, ENGINEERING, SERVICES, GUP } = MarketNature;
const { EXECUTION_CONDITION, AWARD_CRITERION, RESERVED_MARKET, INSERTION_OBJECT } = ClauseMechanism;

const NATURES_BY_BUYER: Readonly<Record<string, readonly (readonly [MarketNature, number])[]>> = {
  [OrganisationKind.DEPARTEMENT]: [[WORKS, 60], [ENGINEERING, 15], [SERVICES, 25]],
  [OrganisationKind.BAILLEUR]: [[WORKS, 65], [ENGINEERING, 10], [GUP, 25]],
  [OrganisationKind.VILLE]: [[WORKS, 45], [ENGINEERING, 5], [SERVICES, 20], [GUP, 30]],
  [OrganisationKind.EPCI]: [[WORKS, 55], [ENGINEERING, 15], [SERVICES, 20], [GUP, 10]],
};

interface NatureShape {
  cpv: readonly string[];
  durations: readonly (readonly [number, number])[];
  /** log10 of the amount excluding tax, from and to. */
  amount: readonly [number, number];
  mechanisms: readonly (readonly [ClauseMechanism, number])[];
  labourRate: readonly [number, number];
  insertionRate: number;
  lotTitles: readonly string[];
}

const SERVICES_SHAPE: NatureShape = {
  cpv: ['90910000-9', '90911200-8', '77310000-6', '90511000-2'],
  durations: [[12, 30], [24, 30], [36, 30], [48, 10]],
  amount: [4.8, 6.3],
  mechanisms: [[EXECUTION_CONDITION, 60], [AWARD_CRITERION, 15], [RESERVED_MARKET, 15], [INSERTION_OBJECT, 10]],
  labourRate: [0.45, 0.55],
  insertionRate: 0.1,
  lotTitles: ['Nettoyage des locaux', 'Vitrerie', 'Espaces verts', 'Collecte des déchets'],
};

const SHAPES: Readonly<Record<MarketNature, NatureShape>> = {
  [WORKS]: {
    cpv: ['45000000-7', '45111100-9', '45211000-9', '45214200-2', '45233140-2', '45261000-4', '45321000-3', '45453000-7'],
    durations: [[6, 10], [9, 15], [12, 25], [18, 20], [24, 20], [36, 10]],
    amount: [5, 6.9],
    mechanisms: [[EXECUTION_CONDITION, 75], [AWARD_CRITERION, 25]],
    labourRate: [0.3, 0.45],
    insertionRate: 0.05,
    lotTitles: ['Gros œuvre', 'Menuiseries', 'Électricité', 'Chauffage – plomberie', 'Peinture', 'Couverture', 'Isolation', 'Voirie et réseaux divers'],
  },
  [ENGINEERING]: {
    cpv: ['71000000-8', '71200000-0', '71221000-3', '71520000-9'],
    durations: [[12, 30], [24, 30], [36, 20], [48, 20]],
    amount: [4.7, 6],
    mechanisms: [[AWARD_CRITERION, 60], [EXECUTION_CONDITION, 40]],
    labourRate: [0.2, 0.3],
    insertionRate: 0.05,
    lotTitles: ["Maîtrise d'œuvre", 'Ordonnancement, pilotage et coordination', 'Contrôle technique'],
  },
  [SERVICES]: SERVICES_SHAPE,
  // Gestion urbaine de proximité: services too, in the QPVs.
  [GUP]: {
    ...SERVICES_SHAPE,
    cpv: ['77310000-6', '90911200-8', '90910000-9', '90511000-2'],
    lotTitles: ['Entretien des espaces verts', "Halls et cages d'escalier", 'Enlèvement des encombrants', 'Petits travaux de remise en état'],
  },
};

const LOT_COUNTS: readonly (readonly [number, number])[] = [[1, 45], [2, 20], [3, 20], [4, 15]];

/** Who can win a lot: trades of the market's nature; inclusive employers for a reserved or insertion market. */
function awardeePools(companies: readonly Company[]): (nature: MarketNature, mechanism: ClauseMechanism) => readonly Company[] {
  const naf = (...prefixes: string[]) => (c: Company) => prefixes.some((p) => c.nafCode!.startsWith(p));
  const ordinary = companies.filter((c) => c.kind === CompanyKind.ORDINARY);
  const inclusive = companies.filter((c) => [CompanyKind.SIAE_ACI, CompanyKind.SIAE_EI, CompanyKind.ADAPTED].includes(c.kind));
  const pools = {
    works: ordinary.filter(naf('41', '42', '43')),
    worksInclusive: inclusive.filter(naf('43')),
    engineering: ordinary.filter(naf('71')),
    services: ordinary.filter(naf('81')),
    servicesInclusive: inclusive.filter(naf('81', '88')),
  };
  return (nature, mechanism) => {
    const reserved = mechanism === RESERVED_MARKET || mechanism === INSERTION_OBJECT;
    if (nature === ENGINEERING) return pools.engineering;
    if (nature === WORKS) return reserved ? pools.worksInclusive : pools.works;
    return reserved ? pools.servicesInclusive : pools.services;
  };
}

/** The operation a market belongs to, if any: the charter's NPNRU or GUP operation, a landlord's renovation, the Département's programme. */
function operationOf(rng: Random, buyer: Buyer, facilitator: number, nature: MarketNature, operations: readonly OperationRef[]): OperationRef | null {
  const find = (programme: Programme, plie: number | null) => operations.find((o) => o.programme === programme && o.plie === plie) ?? null;
  if (buyer.kind === OrganisationKind.DEPARTEMENT) return rng.chance(0.7) ? find(Programme.DEPARTEMENT, null) : null;
  if (nature === GUP) return find(Programme.GUP, facilitator);
  if (nature === SERVICES) return null;
  if (buyer.kind === OrganisationKind.BAILLEUR && rng.chance(0.25)) return find(Programme.ERBM, buyer.plies[0]!);
  return rng.chance(0.5) ? find(Programme.NPNRU, facilitator) : null;
}

export function generateMarkets(territory: Territory, period: Period): GeneratedMarkets {
  const k = territory.number;
  const rng = new Random(`scale:${k}:markets`);
  const poolFor = awardeePools(territory.companies);
  const buyerWeights = territory.buyers.map((b) => [b, b.weight] as const);
  const serials = new Map<string, number>();
  const markets: Row[] = [];
  const lots: Row[] = [];
  const awards: Row[] = [];
  const placeable: ScaleMarket[] = [];
  // Notified a year ahead, so that the first year of the period has markets running, as any other year.
  const notifiedFrom = addMonths(period.firstDay, -NOTIFICATION_LEAD_MONTHS);
  const notifiedTo = addMonths(period.lastDay, -NOTIFICATION_LEAD_MONTHS);
  // The last ones are still being prepared: not notified, no facilitator, nothing awarded.
  const draftsFrom = addDays(notifiedTo, -60);

  for (const year of range(period.years)) {
    for (let i = 0; i < MARKETS_PER_YEAR; i++) {
      const buyer = rng.weighted(buyerWeights);
      const nature = rng.weighted(NATURES_BY_BUYER[buyer.kind]!);
      const shape = SHAPES[nature];
      const facilitator = rng.pick(buyer.plies);
      const notified = randomDate(rng, addMonths(notifiedFrom, 12 * (year - 1)), addDays(addMonths(notifiedFrom, 12 * year), -1));
      const serialKey = `${buyer.code}:${notified.slice(0, 4)}`;
      const serial = (serials.get(serialKey) ?? 0) + 1;
      serials.set(serialKey, serial);
      const reference = `${buyer.code}-${notified.slice(0, 4)}-${String(serial).padStart(4, '0')}`;
      const draft = notified >= draftsFrom && rng.chance(0.3);
      const durationMonths = rng.weighted(shape.durations);
      const startDate = draft ? null : addDays(notified, rng.int(14, 45));
      const endDate = startDate === null ? null : periodEnd(startDate, durationMonths);
      const amountHt = roundTo(10 ** rng.float(shape.amount[0], shape.amount[1]), 100);
      const mechanism = rng.weighted(shape.mechanisms);
      const clause = clauseParameters(rng, shape, amountHt);
      const operation = operationOf(rng, buyer, facilitator, nature, territory.operations);
      const status = draft
        ? MarketStatus.DRAFT
        : endDate! < period.lastDay
          ? rng.chance(0.02) ? MarketStatus.ARCHIVED : MarketStatus.CLOSED
          : MarketStatus.ACTIVE;
      const createdOn = draft ? draftsFrom : notified;
      const market = {
        ...baseRow(`scale:${k}:market:${reference}`, createdOn),
        buyer_id: buyer.id,
        facilitator_id: draft ? null : territory.plies[facilitator - 1]!.id,
        operation_id: operation?.id ?? null,
        charter_id: operation?.charterId ?? null,
        reference,
        object: `${rng.pick(shape.lotTitles)} – marché ${reference}`,
        nature,
        status,
        cpv_code: rng.pick(shape.cpv),
        notification_date: draft ? null : notified,
        start_date: startDate,
        end_date: endDate,
        duration_months: durationMonths,
        amount_ht: amountHt,
        clause_mechanism: mechanism,
        ...clause,
        // Markets notified since 2024 are in the DECP open data.
        decp_id: !draft && notified >= '2024-01-01' ? reference.replaceAll('-', '') : null,
      };
      markets.push(market);

      const lotCount = rng.weighted(LOT_COUNTS);
      const shares = range(lotCount).map(() => rng.float(1, 3));
      const totalShare = shares.reduce((sum, s) => sum + s, 0);
      const titles = rng.shuffle(shape.lotTitles);
      const pool = poolFor(nature, mechanism);
      const marketLots: ScaleLot[] = [];
      for (const number of range(lotCount)) {
        const lot = { ...baseRow(`scale:${k}:lot:${reference}:${number}`, createdOn), market_id: market.id, number, title: lotCount === 1 ? 'Lot unique' : titles[(number - 1) % titles.length]! };
        lots.push(lot);
        if (draft) continue;
        // A joint bid (groupement) now and then.
        const winners = rng.chance(0.08) ? rng.shuffle(pool).slice(0, 2) : [rng.pick(pool)];
        const amount = roundTo((amountHt * shares[number - 1]!) / totalShare / winners.length, 100);
        for (const company of winners) {
          awards.push({ ...baseRow(`scale:${k}:award:${reference}:${number}:${company.id}`, createdOn), lot_id: lot.id, company_id: company.id, amount_ht: amount });
        }
        marketLots.push({ id: lot.id, awardees: winners.map((company) => ({ company, amountHt: amount })) });
      }
      if (!draft) {
        const planned = plannedInsertionHours({
          amountHt, labourRate: clause.labour_rate, insertionRate: clause.insertion_rate, hourlyCost: clause.hourly_cost, statedHours: clause.stated_hours,
        }).hours ?? 0;
        placeable.push({ id: market.id, facilitator, nature, startDate: startDate!, endDate: endDate!, lots: marketLots, weight: Math.sqrt(Math.max(planned, 100)) });
      }
    }
  }
  return {
    placeable,
    tables: [{ table: 'market', rows: markets }, { table: 'lot', rows: lots }, { table: 'award', rows: awards }],
  };
}

interface ClauseColumns {
  labour_rate: number | null;
  insertion_rate: number | null;
  hourly_cost: number | null;
  stated_hours: number | null;
}

/** Mostly the ANRU kit's parameters; sometimes hours stated by the buyer instead, sometimes both (the stated hours apply). */
function clauseParameters(rng: Random, shape: NatureShape, amountHt: number): ClauseColumns {
  const labourRate = roundTo(rng.float(shape.labourRate[0], shape.labourRate[1]), 0.05);
  const hourlyCost = rng.int(23, 30);
  const formula = Math.round((amountHt * labourRate * shape.insertionRate) / hourlyCost);
  const form = rng.weighted([['KIT', 80], ['STATED', 15], ['BOTH', 5]] as const);
  const kit = { labour_rate: labourRate, insertion_rate: shape.insertionRate, hourly_cost: hourlyCost };
  if (form === 'KIT') return { ...kit, stated_hours: null };
  const stated = roundTo(formula * rng.float(0.8, 1.2), 10);
  return form === 'STATED' ? { labour_rate: null, insertion_rate: null, hourly_cost: null, stated_hours: stated } : { ...kit, stated_hours: stated };
}
