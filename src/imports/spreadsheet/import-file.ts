/**
 * A follow-up spreadsheet read to the end, in batches, inside the caller's transaction: the caller
 * commits or rolls back (a dry run, or all-or-nothing with problems, rolls back; so does a crash).
 */
import type { ImportCounts, ImportProblemRecord } from '../../db/entities/index.js';
import { describe, FileRefused, IMPORT_LIMITS, shorten } from '../limits.js';
import type { Sql } from '../../db/raw-sql.js';
import { BatchProcessor, WARNING_CODES } from './batch.js';
import type { ImportActor } from './writes.js';
import { References } from './references.js';
import { layoutOf, readRow, type RowProblem, type SheetRow } from './rows.js';
import { openSpreadsheet } from './sources.js';
import { isBlank, type Cell } from './values.js';
import { RefusedRows, type RefusedSheet } from '../refused-rows.js';

/**
 * Rows checked and written together: large enough that each statement's fixed cost (the row-level-security
 * sub-selects over the PLIE's rows) is spread thin, small enough for flat memory.
 */
export const BATCH_ROWS = 10_000;
/** Problems kept for the report; all are counted. */
export const MAX_LISTED_PROBLEMS = 1000;

export interface ImportSource {
  path: string;
  fileName: string;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface ImportReport {
  counts: ImportCounts;
  problems: ImportProblemRecord[];
  problemCount: number;
  /** The refused lines as the file had them, with their reason (the first MAX_KEPT_REFUSED_ROWS). */
  refusedRows: RefusedSheet[];
}

const emptyCounts = (): ImportCounts => ({
  rows: 0, accepted: 0, refused: 0, beneficiariesCreated: 0, beneficiariesUpdated: 0,
  placementsCreated: 0, placementsUpdated: 0, hoursCreated: 0, hoursUpdated: 0, hoursUnchanged: 0, warnings: 0,
});

class Report {
  readonly counts = emptyCounts();
  readonly problems: ImportProblemRecord[] = [];
  problemCount = 0;

  add(problems: RowProblem[]): void {
    this.problemCount += problems.length;
    this.counts.warnings = (this.counts.warnings ?? 0) + problems.filter((problem) => WARNING_CODES.has(problem.code)).length;
    this.problems.push(...problems.slice(0, MAX_LISTED_PROBLEMS - this.problems.length));
  }

  addCounts(counts: Partial<ImportCounts>): void {
    for (const [name, value] of Object.entries(counts) as [keyof ImportCounts, number][]) this.counts[name] += value;
  }
}

export async function importSpreadsheet(sql: Sql, actor: ImportActor, source: ImportSource, onProgress: (progress: ImportProgress) => Promise<void>): Promise<ImportReport> {
  const spreadsheet = await openSpreadsheet(source.path, source.fileName);
  const processor = new BatchProcessor(sql, new References(sql, actor.viewer), actor);
  const report = new Report();
  const refusedRows = new RefusedRows();
  let batch: SheetRow[] = [];
  /** The cells of the batch's rows as read, and their sheet's header, kept until the batch says which it refused. */
  let batchCells = new Map<SheetRow, { header: Cell[]; cells: Cell[] }>();
  // The next batch is read while the previous one is written: two batches at most in memory.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const rows = batch;
    const cellsOf = batchCells;
    batch = [];
    batchCells = new Map();
    await writing;
    writing = (async () => {
      const result = await processor.process(rows);
      report.add(result.problems);
      const refused = new Map(result.refusedRows.map(({ sheet, row, problems }) => [`${sheet}\u0000${row}`, problems]));
      for (const row of rows) {
        const source = cellsOf.get(row);
        const problems = refused.get(`${row.sheet}\u0000${row.row}`);
        if (source && problems) refusedRows.add(row.sheet, source.header, row.row, source.cells, problems);
      }
      report.addCounts({ accepted: result.accepted, refused: result.refused, ...result.written });
      await onProgress({ bytesRead: spreadsheet.bytesRead(), totalBytes: spreadsheet.totalBytes, rows: report.counts.rows });
    })();
    // Its failure is thrown where it is awaited, by the next batch or at the end; not reported as unhandled meanwhile.
    writing.catch(() => undefined);
  };
  let sourceRows = 0;
  let readableSheets = 0;
  for await (const sheet of spreadsheet.sheets) {
    const name = shorten(sheet.name);
    let layout: ReturnType<typeof layoutOf> | undefined;
    let header: Cell[] = [];
    for await (const { row, cells } of sheet.rows) {
      if (++sourceRows > IMPORT_LIMITS.rows) throw new FileRefused(`Le fichier a plus de ${describe.number(IMPORT_LIMITS.rows)} lignes : il n'a pas été lu en entier`);
      if (layout === undefined) {
        // The header is the sheet's first row that is not empty.
        if (cells.every(isBlank)) continue;
        layout = layoutOf(name, cells);
        header = cells;
        if (!layout) report.add([{ sheet: name, row: 0, column: null, code: 'IGNORED_SHEET', message: `La feuille « ${name} » n'a aucune colonne reconnue : elle n'a pas été lue` }]);
        else {
          readableSheets += 1;
          report.add(layout.problems);
        }
        continue;
      }
      if (!layout) continue;
      const read = readRow(layout.layout, row, cells);
      if (!read) continue;
      report.counts.rows += 1;
      // A sheet whose header is unusable refuses its rows; the header's problems say why.
      if (layout.problems.length) {
        report.counts.refused += 1;
        refusedRows.add(name, header, row, cells, layout.problems);
      } else {
        batch.push(read);
        batchCells.set(read, { header, cells });
      }
      if (batch.length >= BATCH_ROWS) await flush();
    }
  }
  if (!readableSheets) {
    throw new FileRefused("Aucune feuille n'a de colonne reconnue (Nom, Prénom, Date de naissance…) : le fichier est vide ou n'est pas un suivi, rien n'a été importé");
  }
  if (batch.length) await flush();
  await writing;
  return { counts: report.counts, problems: report.problems, problemCount: report.problemCount, refusedRows: refusedRows.all };
}
