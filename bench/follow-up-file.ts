/**
 * The import benchmark's data: a PLIE's follow-up of `lines` hour lines, in the shape facilitators
 * keep it (one person per placement, twelve months of hours each, start dates spread over a long market),
 * planned deterministically so that the file and the raw-SQL baseline hold the same rows; and that plan
 * written, streamed, as French Excel writes a CSV (« ; », Windows-1252, decimal commas, dd/mm/yyyy).
 */
import { stringify } from 'csv-stringify';
import iconv from 'iconv-lite';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ContractType, PlacementModality, QualificationLevel, Sex } from '../src/db/entities/index.js';
import { COLUMNS } from '../src/imports/spreadsheet/columns.js';

export const MONTHS_PER_PLACEMENT = 12;

export interface BenchMarket {
  id: string;
  reference: string;
  buyerSiret: string | null;
  /** First day of the market's first month. */
  startDate: string;
  months: number;
}

export interface PlannedPerson {
  lastName: string;
  firstName: string;
  birthDate: string;
  sex: Sex;
  entryDate: string;
  residenceCommune: string;
  /** The quartier prioritaire, by its name, as facilitators write it. */
  qpv: string | null;
  isBrsa: boolean;
  isDeld: boolean;
  isRqth: boolean;
  isAse: boolean;
  qualificationLevel: QualificationLevel;
}

export interface PlannedPlacement {
  person: PlannedPerson;
  employerSiret: string;
  startDate: string;
  endDate: string;
  contractType: ContractType;
  modality: PlacementModality;
  weeklyHours: number;
  hours: { month: string; hours: number }[];
}

const FIRST_NAMES = ['Zoé', 'Hélène', 'Jérôme', 'François', 'Anaïs', 'Noël', 'Inès', 'Loïc'];
const COMMUNES = ['Calais', 'Boulogne-sur-Mer', 'Béthune', 'Lens', 'Saint-Omer'];
export const BENCH_QPV = { name: 'Beau-Marais', commune: 'Calais' } as const;
const QUALIFICATIONS = Object.values(QualificationLevel);
const CONTRACTS = [ContractType.CDD, ContractType.CDDI, ContractType.TEMPORARY_MISSION, ContractType.CDI];
const MODALITIES = [PlacementModality.DIRECT_HIRE, PlacementModality.SIAE_SUBCONTRACTING, PlacementModality.TEMPORARY_WORK, PlacementModality.GEIQ];
const WEEKLY_HOURS = [35, 24.5, 30, 20];

/** The ISO date `months` months and `days` days after the first day of `iso`'s month. */
function shifted(iso: string, months: number, days = 0): string {
  const date = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Placement `index` of the plan: its person's names are unique within `namespace`. */
function placementAt(index: number, lines: number, namespace: string, market: BenchMarket, employerSirets: string[]): PlannedPlacement {
  const firstMonth = index % (market.months - MONTHS_PER_PLACEMENT);
  // A start on any day of the month: the placement ends the day before, twelve months later, within the market.
  const startDate = shifted(market.startDate, firstMonth, index % 28);
  const months = Math.min(MONTHS_PER_PLACEMENT, lines - index * MONTHS_PER_PLACEMENT);
  return {
    person: {
      lastName: `Banc ${namespace}-${String(index).padStart(7, '0')}`,
      firstName: FIRST_NAMES[index % FIRST_NAMES.length]!,
      birthDate: shifted(startDate, -12 * (20 + (index % 40)) - (index % 12), index % 28),
      sex: index % 2 ? Sex.MALE : Sex.FEMALE,
      entryDate: startDate,
      residenceCommune: COMMUNES[index % COMMUNES.length]!,
      // Every tenth person lives in Calais' Beau-Marais (a demo QPV), so that the lines exercise the QPV lookup.
      qpv: index % 10 === 0 ? BENCH_QPV.name : null,
      isBrsa: index % 3 === 0,
      isDeld: index % 4 === 0,
      isRqth: index % 10 === 0,
      isAse: index % 25 === 0,
      qualificationLevel: QUALIFICATIONS[index % QUALIFICATIONS.length]!,
    },
    employerSiret: employerSirets[index % employerSirets.length]!,
    startDate,
    endDate: shifted(startDate, MONTHS_PER_PLACEMENT, Number(startDate.slice(8, 10)) - 2),
    contractType: CONTRACTS[index % CONTRACTS.length]!,
    modality: MODALITIES[index % MODALITIES.length]!,
    weeklyHours: WEEKLY_HOURS[index % WEEKLY_HOURS.length]!,
    hours: Array.from({ length: months }, (_, month) => ({ month: shifted(startDate, month), hours: 60 + ((index * 37 + month * 11) % 320) / 4 })),
  };
}

/** The placements of a follow-up of `lines` hour lines, one at a time. */
export function* plannedPlacements(lines: number, namespace: string, market: BenchMarket, employerSirets: string[]): Generator<PlannedPlacement> {
  for (let index = 0; index * MONTHS_PER_PLACEMENT < lines; index++) yield placementAt(index, lines, namespace, market, employerSirets);
}

/** Each hour line's values by column field, as an export reads them from the database. */
function* lineValues(placements: Iterable<PlannedPlacement>, market: BenchMarket): Generator<Record<string, unknown>> {
  for (const { person, hours, ...placement } of placements) {
    for (const line of hours) {
      yield {
        ...person, employerSiret: placement.employerSiret, marketReference: market.reference, buyerSiret: market.buyerSiret,
        startDate: placement.startDate, lotNumber: null, contractType: placement.contractType, modality: placement.modality,
        endDate: placement.endDate, weeklyHours: placement.weeklyHours, month: line.month, hours: line.hours,
      };
    }
  }
}

/** Writes the plan to `path` as French Excel saves a CSV, without holding more than a stream's buffers. */
export async function writeFollowUpCsv(path: string, placements: Iterable<PlannedPlacement>, market: BenchMarket): Promise<void> {
  async function* records() {
    for (const values of lineValues(placements, market)) yield COLUMNS.map((column) => column.kind.write(values[column.field], 'csv'));
  }
  const csv = stringify({ delimiter: ';', record_delimiter: 'windows', header: true, columns: COLUMNS.map((column) => column.header) })
    .setEncoding('utf8'); // iconv's encoder takes text
  await pipeline(records, csv, iconv.encodeStream('win1252'), createWriteStream(path));
}
