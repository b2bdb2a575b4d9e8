/**
 * A PLIE's own follow-up rows (the people it follows, their placements and hours) in the spreadsheet
 * format the import reads (src/imports/spreadsheet/columns.ts): importing an export changes nothing.
 * Rows are read through a cursor, so memory stays flat whatever the size. Every placement and hours line
 * of the people the PLIE follows is in, whoever facilitates the market: a market the PLIE may not read is
 * named through app_followed_people_markets() and its lots (reference, buyer SIRET, lot number only).
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from '../db/raw-sql.js';
import { columnsOf, type Column, type ColumnGroup } from '../imports/spreadsheet/columns.js';
import { excelCsv } from './excel-csv.js';
import { xlsxWriter } from './xlsx-writer.js';

const FETCH_ROWS = 2000;

type Depth = 'person' | 'placement' | 'hours';

const SELECTED: Record<string, string> = {
  lastName: 'i.last_name', firstName: 'i.first_name', birthDate: "to_char(i.birth_date, 'YYYY-MM-DD')",
  sex: 'b.sex', entryDate: "to_char(b.entry_date, 'YYYY-MM-DD')", residenceCommune: 'b.residence_commune', qpv: 'coalesce(q.code, q.name)',
  isBrsa: 'b.is_brsa', isDeld: 'b.is_deld', isRqth: 'b.is_rqth', isAse: 'b.is_ase', qualificationLevel: 'b.qualification_level',
  employerSiret: 'c.siret', marketReference: 'm.reference', buyerSiret: 'm.buyer_siret', startDate: "to_char(p.start_date, 'YYYY-MM-DD')",
  lotNumber: 'l.number', contractType: 'p.contract_type', modality: 'p.modality', endDate: "to_char(p.end_date, 'YYYY-MM-DD')",
  weeklyHours: 'p.weekly_hours', month: "to_char(h.month, 'YYYY-MM-DD')", hours: 'h.hours',
};

const GROUPS: Record<Depth, ColumnGroup[]> = {
  person: ['person', 'typology'],
  placement: ['person', 'placementKey', 'terms'],
  hours: ['person', 'placementKey', 'hours'],
};

/** The sheets of an XLSX export, in the order the import needs them. */
const SHEETS: { name: string; depth: Depth }[] = [
  { name: 'Participants', depth: 'person' },
  { name: "Mises à l'emploi", depth: 'placement' },
  { name: 'Heures', depth: 'hours' },
];

/** One CSV: each hours line with its person and placement; a person or placement without hours still has its line. */
const CSV_GROUPS: ColumnGroup[] = ['person', 'typology', 'placementKey', 'terms', 'hours'];

/** The people exported: a condition on their identity (`i`) with its `$n` parameters, from the access model. */
export interface PeopleCondition {
  sql: string;
  params: unknown[];
}

function query(columns: readonly Column[], depth: Depth | 'all', people: string): string {
  const join = depth === 'all' ? 'left join' : 'join';
  const placements = depth !== 'person' ? `
    ${join} placement p on p.beneficiary_id = b.id
    left join company c on c.id = p.company_id
    left join app_followed_people_markets() m on m.id = p.market_id
    left join app_followed_people_lots() l on l.id = p.lot_id` : '';
  const hours = depth === 'hours' || depth === 'all' ? `${join} monthly_hours h on h.placement_id = p.id` : '';
  return `select ${columns.map((column) => `${SELECTED[column.field]} as "${column.field}"`).join(', ')}
      from beneficiary b
      join beneficiary_identity i on i.beneficiary_id = b.id
      left join qpv q on q.id = b.qpv_id
      ${placements}
      ${hours}
     where ${people}
     order by lower(i.last_name), lower(i.first_name), i.birth_date${depth === 'person' ? '' : ', p.start_date, p.id'}${hours ? ', h.month' : ''}`;
}

/** The rows of a query, a page at a time, through a cursor of the open transaction. */
async function* cursorRows(sql: Sql, text: string, params: unknown[]): AsyncIterable<Record<string, unknown>> {
  await sql(`declare follow_up_export no scroll cursor for ${text}`, params);
  try {
    for (;;) {
      const rows = await sql<Record<string, unknown>>(`fetch ${FETCH_ROWS} from follow_up_export`);
      yield* rows;
      if (rows.length < FETCH_ROWS) return;
    }
  } finally {
    await sql('close follow_up_export');
  }
}

export async function exportFollowUpCsv(sql: Sql, people: PeopleCondition, out: Writable): Promise<void> {
  const columns = columnsOf(CSV_GROUPS);
  const csv = excelCsv(columns.map((column) => column.header));
  async function* records() {
    for await (const row of cursorRows(sql, query(columns, 'all', people.sql), people.params)) {
      yield columns.map((column) => column.kind.write(row[column.field], 'csv'));
    }
  }
  await pipeline(records, csv, out);
}

export async function exportFollowUpXlsx(sql: Sql, people: PeopleCondition, out: Writable): Promise<void> {
  const workbook = await xlsxWriter(out);
  for (const { name, depth } of SHEETS) {
    const columns = columnsOf(GROUPS[depth]);
    const sheet = workbook.addWorksheet(name);
    sheet.columns = columns.map((column) => ({
      header: column.header, key: column.field, width: Math.max(12, column.header.length + 2),
      style: column.field === 'month' ? { numFmt: 'mm/yyyy' } : column.kind.write('2000-01-01', 'xlsx') instanceof Date ? { numFmt: 'dd/mm/yyyy' } : {},
    }));
    for await (const row of cursorRows(sql, query(columns, depth, people.sql), people.params)) {
      sheet.addRow(columns.map((column) => column.kind.write(row[column.field], 'xlsx'))).commit();
    }
    sheet.commit();
  }
  await workbook.commit();
}
