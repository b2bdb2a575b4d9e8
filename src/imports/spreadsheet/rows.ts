/** A sheet's header row matched to the columns, and each following row read into the parts it fills. */
import { COLUMNS, columnOfHeader, type Column, type ColumnGroup } from './columns.js';
import { CellError, isBlank, type Cell } from './values.js';
import { describe, IMPORT_LIMITS } from '../limits.js';
import type { ContractType, ImportProblemRecord, PlacementModality, QualificationLevel, Sex } from '../../db/entities/index.js';

export interface PersonKey { lastName: string; firstName: string; birthDate: string }
export interface Typology {
  sex: Sex; entryDate: string; residenceCommune: string;
  /** The quartier prioritaire, by its code or its name. */
  qpv: string | null;
  isBrsa: boolean; isDeld: boolean; isRqth: boolean; isAse: boolean; qualificationLevel: QualificationLevel;
}
export interface PlacementKey { employerSiret: string; marketReference: string; buyerSiret: string | null; startDate: string }
export interface Terms { lotNumber: number | null; contractType: ContractType; modality: PlacementModality; endDate: string | null; weeklyHours: number }
export interface HoursLine { month: string; hours: number }

/** Where a problem is, for the person who fixes the file. */
export type RowProblem = ImportProblemRecord;

export interface SheetRow {
  sheet: string;
  row: number;
  person?: PersonKey;
  typology?: Typology;
  placementKey?: PlacementKey;
  terms?: Terms;
  hours?: HoursLine;
  problems: RowProblem[];
}

export interface SheetLayout {
  sheet: string;
  /** Column of each position of the header, undefined where the header is not one of ours. */
  columns: (Column | undefined)[];
  groups: Set<ColumnGroup>;
}

/** PostgreSQL's text holds no NUL character (U+0000): a CSV may carry one, read as it is. */
const NUL = '\0';

/** The layout of a sheet, or problems when it cannot be read; null for a sheet that is not a follow-up sheet at all. */
export function layoutOf(sheet: string, header: Cell[]): { layout: SheetLayout; problems: RowProblem[] } | null {
  const columns = header.map((cell) => (isBlank(cell) ? undefined : columnOfHeader(String(cell))));
  if (!columns.some(Boolean)) return null;
  const problems: RowProblem[] = [];
  const seen = new Set<Column>();
  columns.forEach((column, index) => {
    if (!column) return;
    if (seen.has(column)) problems.push({ sheet, row: 1, column: String(header[index]).replaceAll(NUL, ''), code: 'DUPLICATE_COLUMN', message: `La colonne « ${column.header} » apparaît deux fois` });
    seen.add(column);
  });
  const groups = new Set([...seen].map((column) => column.group));
  const needed = COLUMNS.filter((column) => !column.optional && (column.group === 'person' || groups.has(column.group)));
  if (groups.has('terms') || groups.has('hours')) needed.push(...COLUMNS.filter((column) => column.group === 'placementKey' && !column.optional));
  for (const column of new Set(needed)) {
    if (!seen.has(column)) problems.push({ sheet, row: 1, column: column.header, code: 'MISSING_COLUMN', message: `Il manque la colonne « ${column.header} »` });
  }
  return { layout: { sheet, columns, groups }, problems };
}

const DEPENDS_ON: Partial<Record<ColumnGroup, ColumnGroup>> = { terms: 'placementKey', hours: 'placementKey' };

/** One row: each group the row fills is read whole; a filled group with an empty required cell is a problem. */
export function readRow(layout: SheetLayout, row: number, cells: Cell[]): SheetRow | null {
  const filled = new Map<ColumnGroup, Record<string, unknown>>();
  layout.columns.forEach((column, index) => {
    if (column && !isBlank(cells[index])) filled.set(column.group, {});
  });
  if (!filled.size) return null;
  const result: SheetRow = { sheet: layout.sheet, row, problems: [] };
  const problem = (column: Column, code: string, message: string) => result.problems.push({ sheet: layout.sheet, row, column: column.header, code, message });
  filled.set('person', filled.get('person') ?? {});
  for (const [group, parent] of Object.entries(DEPENDS_ON) as [ColumnGroup, ColumnGroup][]) {
    if (filled.has(group) && !filled.has(parent)) filled.set(parent, {});
  }
  layout.columns.forEach((column, index) => {
    const values = column && filled.get(column.group);
    if (!column || !values) return;
    const cell = cells[index];
    if (isBlank(cell)) {
      values[column.field] = column.empty;
      return;
    }
    if (typeof cell === 'string' && cell.includes(NUL)) {
      problem(column, 'NUL_CHARACTER', `« ${column.header} » contient un caractère nul (U+0000), qu'aucun texte de la plateforme ne peut contenir : retirez-le`);
      return;
    }
    if (typeof cell === 'string' && cell.length > IMPORT_LIMITS.fieldChars) {
      problem(column, 'TOO_LONG', `« ${column.header} » dépasse ${IMPORT_LIMITS.fieldChars} caractères (${describe.number(cell.length)}) : la ligne n'a pas été lue`);
      return;
    }
    try {
      values[column.field] = column.kind.read(cell);
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      problem(column, error.code, error.message);
    }
  });
  for (const [group, values] of filled) {
    for (const column of COLUMNS) {
      if (column.group !== group || column.optional || values[column.field] != null) continue;
      if (!result.problems.some((p) => p.column === column.header)) problem(column, 'REQUIRED', `« ${column.header} » est obligatoire sur cette ligne`);
    }
    for (const column of COLUMNS) if (column.group === group && values[column.field] === undefined) values[column.field] = column.empty;
    Object.assign(result, { [group]: values });
  }
  return result;
}
