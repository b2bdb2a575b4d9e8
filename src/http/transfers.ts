/**
 * Files over HTTP, with the same authentication as /graphql: POST /imports receives a follow-up
 * spreadsheet and answers 202 with the import job to follow (query `importJob`); GET
 * /exports/follow-up.csv and .xlsx send the acting PLIE's own rows in the format the import reads.
 */
import type http from 'node:http';
import { ErrorCode } from '../context/errors.js';
import { toGlobalId } from '../context/global-id.js';
import { followUpExport } from '../follow-up/export.js';
import { guard } from '../access/operations.js';
import { IMPORT_LIMITS } from '../imports/limits.js';
import { FileTooLarge, receiveFile } from '../imports/upload.js';
import { asHttpError, credentialOf, expectMethod, HttpError, notFound, sendJson, viewerTransaction, type HttpDependencies, type RequestScope } from './common.js';

const EXPORTS = {
  '/exports/follow-up.csv': { format: 'csv', type: 'text/csv; charset=utf-8', file: 'suivi.csv' },
  '/exports/follow-up.xlsx': { format: 'xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', file: 'suivi.xlsx' },
} as const;

const flag = (url: URL, name: string) => ['1', 'true', 'oui'].includes((url.searchParams.get(name) ?? '').toLowerCase());

export async function handleImport(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, request: RequestScope) {
  expectMethod(req, 'POST');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const fileName = url.searchParams.get('fileName') ?? (req.headers['x-file-name'] as string | undefined);
  if (!fileName) throw new HttpError(400, ErrorCode.BAD_USER_INPUT, 'Nom du fichier manquant : ajoutez ?fileName=… à l’adresse');
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
  const file = await receiveFile(req, fileName, IMPORT_LIMITS.uploadBytes).catch((error: unknown) => {
    throw error instanceof FileTooLarge ? new HttpError(413, ErrorCode.BAD_USER_INPUT, error.message) : error;
  });
  const job = await deps.imports.start({ viewer, logger: request.logger }, file, { dryRun: flag(url, 'dryRun'), allOrNothing: flag(url, 'allOrNothing') });
  sendJson(res, 202, { importJob: { id: toGlobalId('ImportJob', job.id), status: job.status } });
}

export async function handleExport(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, request: RequestScope, path: string) {
  expectMethod(req, 'GET');
  const format = EXPORTS[path as keyof typeof EXPORTS];
  if (!format) throw notFound(path);
  const credential = await credentialOf(req, deps);
  const ctx = await viewerTransaction(req, deps, credential, request);
  try {
    const write = followUpExport(ctx, format.format);
    res.writeHead(200, { 'content-type': format.type, 'content-disposition': `attachment; filename="${format.file}"` });
    await write(res);
  } catch (error) {
    throw asHttpError(error);
  } finally {
    await ctx.em.rollback();
  }
}
