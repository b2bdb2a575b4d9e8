/** A PLIE's follow-up rows, in the spreadsheet format the import reads (exports/follow-up.ts). */
import type { Writable } from 'node:stream';
import { transactionSql } from '../db/raw-sql.js';
import { exportFollowUpCsv, exportFollowUpXlsx } from '../exports/follow-up.js';
import type { ServiceContext } from '../context/request-context.js';
import { numbered, scope } from '../access/can.js';
import { guard } from '../access/operations.js';

const WRITERS = { csv: exportFollowUpCsv, xlsx: exportFollowUpXlsx } as const;

export type FollowUpFormat = keyof typeof WRITERS;

/** Refuses, before anything is sent, an organisation that may not export; otherwise the writer of its rows. */
export function followUpExport(ctx: ServiceContext, format: FollowUpFormat): (out: Writable) => Promise<void> {
  guard(ctx.viewer, 'GET /exports/follow-up');
  // The people whose identity the organisation reads: for a PLIE, those it follows.
  const people = numbered(scope(ctx.viewer, 'beneficiary_identity', 'i'), 1);
  return (out) => WRITERS[format](transactionSql(ctx.em), people, out);
}
