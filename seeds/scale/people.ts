/**
 * The people of a generated département, about 1,600 entering a year, with their identities, their
 * placements on the markets (about 1,900 a year), the hours worked each month (about 600,000 hours a
 * year) and their exits. Drawn person by person, with the demo's rules for who they are, which
 * employer hires them on which contract, how many hours a month they work and how their path ends;
 * yielded in batches, so that memory does not grow with the number of people.
 */
import { Company, CompanyKind, Sex } from '../../src/db/entities/index.js';
import { addDays, addMonths } from '../../src/domain/dates.js';
import { drawContact, drawPerson, drawStatuses } from '../demo/beneficiaries.js';
import { maxDate, minDate, randomDate } from '../demo/common.js';
import { chooseEmployment, drawExit, reportingDay, weeklyHours, workedMonths } from '../demo/placements.js';
import { Random } from '../random.js';
import type { Row, TableRows } from './copy.js';
import type { ScaleMarket } from './markets.js';
import { baseRow, PLIES_PER_DEPARTEMENT, timestamp, type Period, type Territory } from './territory.js';

export const PEOPLE_PER_YEAR = 1_600;
const PEOPLE_PER_BATCH = 2_000;
const WARM_UP_MONTHS = 12;
/** Relative sizes of the eight PLIEs. */
const PLIE_WEIGHTS = [20, 15, 12, 12, 10, 10, 11, 10];
/** About 1.2 placements a person: 1,900 placements for 1,600 people a year. */
const PLACEMENTS_PER_PERSON: readonly (readonly [number, number])[] = [[0, 15], [1, 58], [2, 21], [3, 6]];
/**
 * Months a person works on a market: the contract may go on elsewhere, but the clause counts the
 * hours on the market only. About 320 hours a placement, as the département-wide figures give.
 */
const MONTHS_ON_MARKET: readonly (readonly [number, number])[] = [[1, 34], [2, 28], [3, 20], [4, 8], [6, 7], [9, 3]];
/** Share of people placed on a market of the next PLIE's territory (commuting distance). */
const NEIGHBOUR_SHARE = 0.05;

/** Markets open to a placement starting on a given day, by PLIE and month, so that a draw looks at a few hundred at most. */
class OpenMarkets {
  private readonly buckets = new Map<string, ScaleMarket[]>();

  constructor(markets: readonly ScaleMarket[]) {
    for (const market of markets) {
      // Open to a placement starting on `day` when it starts within six months and has a month left.
      for (let month = addDays(market.startDate, -180).slice(0, 7); month <= addDays(market.endDate, -30).slice(0, 7); month = addMonths(`${month}-01`, 1).slice(0, 7)) {
        const key = `${market.facilitator}:${month}`;
        const bucket = this.buckets.get(key);
        if (bucket) bucket.push(market);
        else this.buckets.set(key, [market]);
      }
    }
  }

  on(plie: number, day: string): ScaleMarket[] {
    const bucket = this.buckets.get(`${plie}:${day.slice(0, 7)}`) ?? [];
    const latestStart = addDays(day, 180);
    const earliestEnd = addDays(day, 30);
    return bucket.filter((m) => m.startDate <= latestStart && m.endDate >= earliestEnd);
  }
}

interface Batch {
  beneficiaries: Row[];
  identities: Row[];
  placements: Row[];
  hours: Row[];
  exits: Row[];
}

const emptyBatch = (): Batch => ({ beneficiaries: [], identities: [], placements: [], hours: [], exits: [] });

const tablesOf = (batch: Batch): TableRows[] => [
  { table: 'beneficiary', rows: batch.beneficiaries },
  { table: 'beneficiary_identity', rows: batch.identities },
  { table: 'placement', rows: batch.placements },
  { table: 'monthly_hours', rows: batch.hours },
  { table: 'beneficiary_exit', rows: batch.exits },
];

/** The people of the département, a batch at a time; each batch's tables in foreign-key order. */
export function* peopleBatches(territory: Territory, markets: readonly ScaleMarket[], period: Period): Generator<TableRows[]> {
  const k = territory.number;
  const rng = new Random(`scale:${k}:people`);
  const hoursRng = new Random(`scale:${k}:monthly-hours`);
  const exitRng = new Random(`scale:${k}:exits`);
  const open = new OpenMarkets(markets);
  const employers = employersOf(territory.companies);
  const naturalKeys = new Map<number, Set<string>>(territory.plies.map((p) => [p.index, new Set<string>()]));
  const plieWeights = territory.plies.map((p, i) => [p, PLIE_WEIGHTS[i]!] as const);
  // The last placements start two weeks before the end of the period, so that they get some hours.
  const lastStart = addDays(period.lastDay, -14);
  // People enter from a year before the period, so that its first year looks like any other (people placed the
  // year before still work), to its end.
  const entriesFrom = addMonths(period.firstDay, -WARM_UP_MONTHS);
  const entrants = Math.round((PEOPLE_PER_YEAR * (12 * period.years + WARM_UP_MONTHS)) / 12);
  let batch = emptyBatch();

  for (let rank = 1; rank <= entrants; rank++) {
    const plie = rng.weighted(plieWeights);
    const sex = rng.chance(0.35) ? Sex.FEMALE : Sex.MALE;
    const entryDate = randomDate(rng, entriesFrom, period.lastDay);
    const person = drawPerson(rng, sex, entryDate, naturalKeys.get(plie.index)!);
    const qpv = rng.chance(0.35) ? rng.pick(plie.qpvs) : null;
    const beneficiary = {
      ...baseRow(`scale:${k}:beneficiary:${rank}`, entryDate),
      followed_by_id: plie.id,
      sex,
      entry_date: entryDate,
      age_at_entry: person.ageAtEntry,
      residence_commune: qpv?.commune ?? rng.weighted(plie.communes),
      qpv_id: qpv?.id ?? null,
      ...snakeCase(drawStatuses(rng, person.ageAtEntry)),
    };
    const identity = {
      beneficiary_id: beneficiary.id,
      followed_by_id: plie.id,
      last_name: person.lastName,
      first_name: person.firstName,
      birth_date: person.birthDate,
      ...drawContact(rng, person.firstName, person.lastName),
      address: null,
      created_at: timestamp(entryDate),
      updated_at: timestamp(entryDate),
    };
    const placements: Row[] = [];
    const hours: Row[] = [];

    const count = rng.weighted(PLACEMENTS_PER_PERSON);
    let cursor = addDays(entryDate, rng.int(7, 90));
    let lastEnd: string | null = null;
    for (let n = 1; n <= count && cursor <= lastStart; n++) {
      const where = rng.chance(NEIGHBOUR_SHARE) ? (plie.index % PLIES_PER_DEPARTEMENT) + 1 : plie.index;
      const candidates = open.on(where, cursor);
      if (candidates.length === 0) break;
      const market = rng.weighted(candidates.map((m) => [m, m.weight] as const));
      const lot = rng.weighted(market.lots.map((l) => [l, l.awardees.reduce((sum, a) => sum + a.amountHt, 0) + 1] as const));
      const awardee = rng.pick(lot.awardees).company;
      const startDate = maxDate(cursor, addDays(market.startDate, rng.int(0, 30)));
      if (startDate > minDate(addDays(market.endDate, -14), lastStart)) break;
      const employment = chooseEmployment(rng, market.nature, awardee, 'ALL', qpv !== null, person.ageAtEntry, employers);
      let planned = addDays(addMonths(startDate, rng.weighted(MONTHS_ON_MARKET)), -1);
      if (rng.chance(0.3)) planned = addDays(planned, -rng.int(1, 12));
      const endDate = maxDate(startDate, minDate(planned, market.endDate));
      const placement = {
        ...baseRow(`scale:${k}:placement:${rank}:${n}`, startDate),
        beneficiary_id: beneficiary.id,
        company_id: employment.company.id,
        market_id: market.id,
        lot_id: lot.id,
        contract_type: employment.contractType,
        modality: employment.modality,
        start_date: startDate,
        end_date: endDate,
        weekly_hours: weeklyHours(rng, employment.contractType),
      };
      const worked = workedMonths(hoursRng, { startDate, endDate, weeklyHours: placement.weekly_hours }, period.firstDay, period.lastDay);
      // Before the period, only what is still running when it starts is kept.
      if (endDate >= period.firstDay) placements.push(placement);
      for (const { month, hours: hoursWorked } of worked) {
        hours.push({ ...baseRow(`scale:${placement.id}:${month}`, reportingDay(month, period.lastDay)), placement_id: placement.id, month, hours: hoursWorked });
      }
      lastEnd = endDate;
      cursor = addDays(endDate, rng.int(7, 120));
    }

    const exit = drawExit(exitRng, { entryDate, livesInQpv: qpv !== null, placed: lastEnd !== null, lastEnd });
    // Someone who entered before the period is in the data only while still working in it.
    if (entryDate < period.firstDay && placements.length === 0) continue;
    batch.beneficiaries.push(beneficiary);
    batch.identities.push(identity);
    batch.placements.push(...placements);
    batch.hours.push(...hours);
    if (exit) {
      batch.exits.push({
        ...baseRow(`scale:${k}:exit:${rank}`, exit.exitDate),
        beneficiary_id: beneficiary.id,
        exit_date: exit.exitDate,
        outcome: exit.outcome,
        subsidy: exit.subsidy,
        contract_start: exit.contractStart,
        contract_end: exit.contractEnd,
        category: exit.category,
        rule: exit.rule,
      });
    }

    if (batch.beneficiaries.length === PEOPLE_PER_BATCH) {
      yield tablesOf(batch);
      batch = emptyBatch();
    }
  }
  if (batch.beneficiaries.length > 0) yield tablesOf(batch);
}

/** chooseEmployment's employers of given kinds; a generated département has one pool for all its territories. */
function employersOf(companies: readonly Company[]): (area: unknown, kinds: readonly CompanyKind[]) => Company[] {
  const byKinds = new Map<string, Company[]>();
  return (_area, kinds) => {
    const key = kinds.join();
    let found = byKinds.get(key);
    if (!found) byKinds.set(key, (found = companies.filter((c) => kinds.includes(c.kind))));
    return found;
  };
}

function snakeCase(statuses: ReturnType<typeof drawStatuses>): Row {
  return {
    is_brsa: statuses.isBrsa,
    is_deld: statuses.isDeld,
    is_ase: statuses.isAse,
    is_rqth: statuses.isRqth,
    qualification_level: statuses.qualificationLevel,
  };
}
