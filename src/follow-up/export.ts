/** A PLIE's follow-up rows, in the spreadsheet format the import reads (exports/follow-up.ts). */
import type { Writable } from 'node:stream';
import { transactionSql } from '../db/raw-sql.js';
import { exportFollowUpCsv, exportFollowUpXlsx } from '../exports/follow-up.js';
import type { ServiceContext } from '../context/request-context.js';
import { guard } from '../access/operations.js';

const WRITERS = { csv: exportFollowUpCsv, xlsx: exportFollowUpXlsx } as const;

export type FollowUpFormat = keyof typeof WRITERS;

/** Refuses, before anything is sent, an organisation that may not export; otherwise the writer of its rows. */
export function followUpExport(ctx: ServiceContext, format: FollowUpFormat): (out: Writable) => Promise<void> {
  guard(ctx.viewer, 'GET /exports/follow-up');
  const plie = ctx.viewer.acting!.organisationId;
  return (out) => WRITERS[format](transactionSql(ctx.em), plie, out);
}
