/** A PLIE's follow-up rows, in the spreadsheet format the import reads (exports/follow-up.ts). */
import { transactionSql } from '../db/raw-sql.js';
import { exportFollowUpCsv, exportFollowUpXlsx } from '../exports/follow-up.js';
import type { ServiceContext } from '../context/request-context.js';
import { numbered, scope } from '../access/can.js';
import { guard } from '../access/operations.js';
import { identitiesSelected, type IdentityBearingAnswer } from '../personal-data/identity-reads.js';

export const FOLLOW_UP_WRITERS = { csv: exportFollowUpCsv, xlsx: exportFollowUpXlsx } as const;

export type FollowUpFormat = keyof typeof FOLLOW_UP_WRITERS;

/** Refuses, before anything is sent, an organisation that may not export; otherwise the writer of its rows, and the identities they carry. */
export async function followUpExport(ctx: ServiceContext, format: FollowUpFormat): Promise<IdentityBearingAnswer> {
  guard(ctx.viewer, 'GET /exports/follow-up');
  // The people whose identity the organisation reads: for a PLIE, those it follows.
  const people = numbered(scope(ctx.viewer, 'beneficiary_identity', 'i'), 1);
  const sql = transactionSql(ctx.em);
  return { write: (out) => FOLLOW_UP_WRITERS[format](sql, people, out), reads: await identitiesSelected(sql, people) };
}
