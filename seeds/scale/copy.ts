/** Rows written with PostgreSQL's COPY FROM STDIN (text format), streamed: a table is never held whole in memory. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null;
export type Row = Record<string, CopyValue>;

/** Rows of one table, in an order that satisfies the foreign keys of the tables that follow. */
export interface TableRows {
  table: string;
  rows: Iterable<Row>;
}

const CHUNK_CHARACTERS = 64 * 1024;

/** A value in COPY's text format: \N for null, backslash escapes for the characters that delimit rows and columns. */
function encode(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function* lines(columns: readonly string[], rows: Iterable<Row>, counted: { rows: number }): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += columns.map((column) => encode(row[column] ?? null)).join('\t') + '\n';
    counted.rows++;
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Copies the rows into the table and returns how many were written; the columns are those of the
 * first row (every row of a table has the same keys). Triggers and constraints apply as for inserts.
 */
export async function copyRows(client: pg.Client, { table, rows }: TableRows): Promise<number> {
  const iterator = rows[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) return 0;
  const columns = Object.keys(first.value);
  const all = (function* () {
    yield first.value;
    for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
  })();
  const counted = { rows: 0 };
  const sql = `copy ${table} (${columns.join(', ')}) from stdin`;
  await pipeline(Readable.from(lines(columns, all, counted)), client.query(copyFrom(sql)));
  return counted.rows;
}
