/**
 * Files over HTTP, with the same authentication as /graphql: POST /imports receives a follow-up
 * spreadsheet and answers 202 with the import job to follow (query `importJob`); GET
 * /exports/follow-up.csv and .xlsx send the acting PLIE's own rows in the format the import reads;
 * GET /exports/person.json, .csv and .xlsx?id=… one person's record (rights of access and portability).
 */
import type http from 'node:http';
import { ErrorCode } from '../context/errors.js';
import { toGlobalId } from '../context/global-id.js';
import type { ServiceContext } from '../context/request-context.js';
import type { RowRef } from '../context/rows.js';
import { followUpExport } from '../follow-up/export.js';
import { personRecord, personRecordFile } from '../follow-up/person-record.js';
import { ReadChannel, recordIdentityReads, type IdentityBearingAnswer } from '../personal-data/identity-reads.js';
import { transactionSql } from '../db/raw-sql.js';
import { rowRef } from '../graphql/relay/global-id.js';
import { guard } from '../access/operations.js';
import { IMPORT_LIMITS } from '../imports/limits.js';
import { FileTooLarge } from '../imports/queue/file-store.js';
import { asHttpError, credentialOf, expectMethod, HttpError, notFound, sendJson, viewerTransaction, type HttpDependencies, type RequestScope } from './common.js';

const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type ExportAnswer = (ctx: ServiceContext, url: URL) => Promise<IdentityBearingAnswer>;

/** The person a person's export is about (`?id=`, a Beneficiary id). */
function personOf(url: URL): RowRef {
  const id = url.searchParams.get('id');
  if (!id) throw new HttpError(400, ErrorCode.BAD_USER_INPUT, 'Personne manquante : ajoutez ?id=… (l’identifiant de la personne) à l’adresse');
  return rowRef(id);
}

const EXPORTS: Record<string, { type: string; file: string; channel: ReadChannel; answer: ExportAnswer }> = {
  '/exports/follow-up.csv': { type: CSV, file: 'suivi.csv', channel: ReadChannel.FOLLOW_UP_EXPORT, answer: (ctx) => followUpExport(ctx, 'csv') },
  '/exports/follow-up.xlsx': { type: XLSX, file: 'suivi.xlsx', channel: ReadChannel.FOLLOW_UP_EXPORT, answer: (ctx) => followUpExport(ctx, 'xlsx') },
  '/exports/person.json': { type: 'application/json; charset=utf-8', file: 'personne.json', channel: ReadChannel.PERSON_RECORD, answer: (ctx, url) => personRecord(ctx, personOf(url)) },
  '/exports/person.csv': { type: CSV, file: 'personne.csv', channel: ReadChannel.PERSON_RECORD, answer: (ctx, url) => personRecordFile(ctx, personOf(url), 'csv') },
  '/exports/person.xlsx': { type: XLSX, file: 'personne.xlsx', channel: ReadChannel.PERSON_RECORD, answer: (ctx, url) => personRecordFile(ctx, personOf(url), 'xlsx') },
};

const flag = (url: URL, name: string) => ['1', 'true', 'oui'].includes((url.searchParams.get(name) ?? '').toLowerCase());

export async function handleImport(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, request: RequestScope) {
  expectMethod(req, 'POST');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const fileName = url.searchParams.get('fileName') ?? (req.headers['x-file-name'] as string | undefined);
  if (!fileName) throw new HttpError(400, ErrorCode.BAD_USER_INPUT, 'Nom du fichier manquant : ajoutez ?fileName=… à l’adresse');
  if (fileName.length > IMPORT_LIMITS.fileNameChars) {
    throw new HttpError(400, ErrorCode.BAD_USER_INPUT, `Nom du fichier trop long (au plus ${IMPORT_LIMITS.fileNameChars} caractères)`);
  }
  const credential = await credentialOf(req, deps);
  const { em, viewer } = await viewerTransaction(req, deps, credential, request);
  try {
    guard(viewer, 'POST /imports');
  } catch (error) {
    throw asHttpError(error);
  } finally {
    await em.rollback();
  }
  // A body announced too large is refused before a byte of it is read; one that grows too large, as it comes.
  const announced = Number(req.headers['content-length'] ?? 0);
  if (announced > IMPORT_LIMITS.uploadBytes) throw new HttpError(413, ErrorCode.BAD_USER_INPUT, new FileTooLarge(IMPORT_LIMITS.uploadBytes).message);
  const options = { dryRun: flag(url, 'dryRun'), allOrNothing: flag(url, 'allOrNothing') };
  const job = await deps.imports.receive({ viewer, logger: request.logger }, req, fileName, IMPORT_LIMITS.uploadBytes, options).catch((error: unknown) => {
    throw error instanceof FileTooLarge ? new HttpError(413, ErrorCode.BAD_USER_INPUT, error.message) : error;
  });
  sendJson(res, 202, { importJob: { id: toGlobalId('ImportJob', job.id), status: job.status } });
}

export async function handleExport(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, request: RequestScope, path: string) {
  expectMethod(req, 'GET');
  const format = EXPORTS[path];
  if (!format) throw notFound(path);
  const credential = await credentialOf(req, deps);
  const ctx = await viewerTransaction(req, deps, credential, request);
  let recorded = false;
  try {
    const { write, reads } = await format.answer(ctx, new URL(req.url ?? '/', 'http://localhost'));
    await recordIdentityReads(transactionSql(ctx.em), ctx.viewer, request.id, format.channel, reads);
    recorded = true;
    res.writeHead(200, { 'content-type': format.type, 'content-disposition': `attachment; filename="${format.file}"` });
    await write(res);
  } catch (error) {
    throw asHttpError(error);
  } finally {
    // The export writes nothing but the record of its reads, kept once any of it may have been sent.
    if (recorded) await ctx.em.commit();
    else await ctx.em.rollback();
  }
}
