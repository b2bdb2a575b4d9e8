/**
 * A report as a file shows it: a title, the lines that identify it (scope, period, ETP base, date,
 * organisation, suppression), then sections of labelled figures. Built from the same IndicatorReport as
 * the `indicators` query (src/indicators/report.ts), rendered to XLSX or CSV (render-*.ts).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organisation } from '../db/entities/index.js';
import { addDays } from '../domain/dates.js';
import { frenchDate } from '../reporting/labels.js';
import type { Viewer } from '../context/request-context.js';
import type { Period } from '../indicators/period.js';
import type { CountCell, HoursCell, IndicatorReport, ShownHoursCell } from '../indicators/report.js';
import type { ShownCount } from '../indicators/suppression.js';

/** How a value reads: a count, hours (with their ETP), or a rate (a fraction, 0.05 for 5 %). */
export type RowKind = 'count' | 'hours' | 'rate';

export interface ReportRow {
  label: string;
  /** Null: suppressed (secret statistique) or unknown; written as an empty cell. */
  value: number | null;
  kind: RowKind;
  /** For hours: in full-time equivalents on the report's base. */
  etp?: number;
}

export interface ReportSection {
  title: string;
  rows: ReportRow[];
}

export interface IdentityLine {
  label: string;
  text: string;
}

/** The same figures as some sections, one column per section: read across, to compare them side by side. */
export interface ReportGrid {
  title: string;
  columns: string[];
  rows: { label: string; kind: RowKind; values: (number | null)[] }[];
}

export interface Report {
  title: string;
  /** For the downloaded file's name. */
  fileName: string;
  identity: IdentityLine[];
  sections: ReportSection[];
  /** Written as a worksheet of its own in XLSX; CSV keeps to the sections. */
  grid?: ReportGrid;
}

/** The sections side by side: their rows must be the same labels in the same order. */
export function gridOf(title: string, sections: readonly ReportSection[]): ReportGrid {
  const [first] = sections;
  return {
    title,
    columns: sections.map((section) => section.title),
    rows: (first?.rows ?? []).map((row, index) => ({ label: row.label, kind: row.kind, values: sections.map((section) => section.rows[index]!.value) })),
  };
}

const frenchNumber = (value: number) => new Intl.NumberFormat('fr-FR').format(value).replace(/\s/g, ' ');

/** « du 01/01/2025 au 30/06/2025 »: the period's end is excluded, the last day shown is the day before. */
const periodText = ({ start, end }: Period) => `du ${frenchDate(start)} au ${frenchDate(addDays(end, -1))}`;

const GENERATED_AT = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });

/** What identifies a report: scope, period, ETP base, when, for whom, and the suppression rule. */
export async function identityOf(em: EntityManager, viewer: Viewer, indicators: Pick<IndicatorReport, 'scope' | 'period' | 'etpBase' | 'total'>): Promise<IdentityLine[]> {
  const organisation = await em.findOneOrFail(Organisation, viewer.acting!.organisationId);
  return [
    { label: 'Périmètre', text: indicators.scope.name },
    { label: 'Période', text: periodText(indicators.period) },
    { label: 'Base ETP', text: `${frenchNumber(indicators.etpBase)} heures` },
    { label: 'Édité le', text: GENERATED_AT.format(new Date()) },
    { label: 'Organisation', text: organisation.name },
    {
      label: 'Secret statistique',
      text: indicators.total.disclosureNote,
    },
  ];
}

export const countRow = (label: string, count: ShownCount | number): ReportRow =>
  typeof count === 'number' ? { label, value: count, kind: 'count' } : { label, value: count.value, kind: 'count' };

export const hoursRow = (label: string, figure: { hours: number | null; etp: number | null }): ReportRow => ({ label, value: figure.hours, kind: 'hours', etp: figure.etp ?? undefined });

export const rateRow = (label: string, rate: number | null): ReportRow => ({ label, value: rate, kind: 'rate' });

export const countRows = (cells: readonly CountCell[]) => cells.map((cell) => countRow(cell.label, cell));

export const hoursRows = (cells: readonly (HoursCell | ShownHoursCell)[]) => cells.map((cell) => hoursRow(cell.label, cell));

/** The cell of a breakdown by its key. */
export function cellOf<T extends { key: string }>(cells: readonly T[], key: string): T {
  const cell = cells.find((candidate) => candidate.key === key);
  if (!cell) throw new Error(`no cell ${key} among ${cells.map((candidate) => candidate.key).join(', ')}`);
  return cell;
}
