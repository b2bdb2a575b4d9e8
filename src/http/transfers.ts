/**
 * Files over HTTP, with the same authentication as /graphql: POST /imports receives a follow-up
 * spreadsheet and answers 202 with the import job to follow (query `importJob`); GET
 * /exports/follow-up.csv and .xlsx send the acting PLIE's own rows in the format the import reads;
 * GET /exports/person.json, .csv and .xlsx?id=… one person's record (rights of access and portability).
 */
import busboy from 'busboy';
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
import { ImportJob, ImportStatus } from '../db/entities/index.js';
import { parseGlobalId } from '../graphql/relay/global-id.js';
import { REFUSED_ROWS_KEPT_DAYS, writeRefusedCsv, writeRefusedXlsx } from '../imports/refused-rows.js';
import { IMPORT_LIMITS } from '../imports/limits.js';
import { discard, FileTooLarge, receiveFile, type ReceivedFile } from '../imports/queue/file-store.js';
import { asHttpError, credentialOf, expectMethod, HttpError, notFound, requestTransaction, sendJson, viewerTransaction, type HttpDependencies, type RequestScope } from './common.js';

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

const TRUE_WORDS = ['1', 'true', 'oui', 'on'];
const flag = (url: URL, name: string) => TRUE_WORDS.includes((url.searchParams.get(name) ?? '').toLowerCase());

const badRequest = (message: string) => new HttpError(400, ErrorCode.BAD_USER_INPUT, message);
const tooLarge = () => new HttpError(413, ErrorCode.BAD_USER_INPUT, new FileTooLarge(IMPORT_LIMITS.uploadBytes).message);

function checkFileName(fileName: string | undefined): string {
  if (!fileName) throw badRequest('Nom du fichier manquant : ajoutez ?fileName=… à l’adresse');
  if (fileName.length > IMPORT_LIMITS.fileNameChars) throw badRequest(`Nom du fichier trop long (au plus ${IMPORT_LIMITS.fileNameChars} caractères)`);
  if (fileName.includes('\0')) throw badRequest('Nom du fichier invalide : il contient un caractère nul (U+0000), qu’aucun texte de la plateforme ne peut contenir');
  return fileName;
}

const isMultipart = (req: http.IncomingMessage) => /^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '');

/** The fields a multipart upload may carry beside its file part: the options, each at most a short word. */
const MULTIPART_FIELDS = ['dryRun', 'allOrNothing', 'fileName'];

interface MultipartUpload {
  file: ReceivedFile;
  fileName: string;
  fields: Map<string, string>;
}

/**
 * A multipart/form-data upload (the console's form): one part named `file`, streamed into a temporary file as it
 * comes (never held in memory), and the fields `dryRun`, `allOrNothing` (and `fileName`, the file part's own name
 * otherwise). A refusal (a second file, no file, a name too long, a file too large) leaves no temporary file and no
 * job; a file too large is refused as soon as it passes the limit, without reading the rest.
 */
function receiveMultipart(req: http.IncomingMessage, url: URL): Promise<MultipartUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers, defParamCharset: 'utf8',
        // One byte more than the limit: receiveFile sees it and refuses (FileTooLarge).
        limits: { files: 1, fileSize: IMPORT_LIMITS.uploadBytes + 1, fields: MULTIPART_FIELDS.length, fieldSize: 1000, parts: MULTIPART_FIELDS.length + 1 },
      });
    } catch {
      reject(badRequest('Envoi illisible : le formulaire (multipart/form-data) n’a pas de délimiteur'));
      return;
    }
    const fields = new Map<string, string>();
    let received: Promise<ReceivedFile> | undefined;
    let fileName: string | undefined;
    let refusal: HttpError | undefined;
    let settled = false;
    /** Ends at once: the rest of the body is read and dropped, so that the sender still reads the answer. */
    const fail = (error: HttpError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      void received?.then((file) => discard(file.path), () => undefined);
      reject(error);
    };
    parser.on('file', (name, stream, info) => {
      if (received) {
        stream.resume();
        refusal ??= badRequest('Un seul fichier par import : le formulaire en envoyait plusieurs');
        return;
      }
      if (name !== 'file') {
        stream.resume();
        refusal ??= badRequest(`Partie inattendue du formulaire : le fichier s’envoie dans la partie « file »`);
        return;
      }
      try {
        fileName = checkFileName(url.searchParams.get('fileName') ?? info.filename);
      } catch (error) {
        stream.resume();
        fail(error as HttpError);
        return;
      }
      const receiving = receiveFile(stream, IMPORT_LIMITS.uploadBytes);
      received = receiving;
      receiving.catch((error: unknown) => fail(error instanceof FileTooLarge ? tooLarge() : badRequest('Le fichier n’a pas pu être reçu en entier : envoyez-le à nouveau')));
    });
    parser.on('field', (name, value, info) => {
      if (!MULTIPART_FIELDS.includes(name) || info.valueTruncated) refusal ??= badRequest(`Champ inattendu du formulaire : « ${name.slice(0, 40)} »`);
      else fields.set(name, value);
    });
    parser.on('filesLimit', () => {
      refusal ??= badRequest('Un seul fichier par import : le formulaire en envoyait plusieurs');
    });
    parser.on('fieldsLimit', () => {
      refusal ??= badRequest('Trop de champs dans le formulaire : seuls « file », « dryRun » et « allOrNothing » sont lus');
    });
    parser.on('partsLimit', () => {
      refusal ??= badRequest('Trop de parties dans le formulaire : seuls « file », « dryRun » et « allOrNothing » sont lus');
    });
    parser.on('error', () => fail(badRequest('Envoi illisible : le formulaire (multipart/form-data) est mal formé ou incomplet')));
    parser.on('close', () => {
      if (settled) return;
      if (!received) {
        fail(refusal ?? badRequest('Fichier manquant : envoyez-le dans la partie « file » du formulaire'));
        return;
      }
      received.then((file) => {
        if (settled) return void discard(file.path);
        settled = true;
        if (refusal) {
          void discard(file.path);
          reject(refusal);
        } else resolve({ file, fileName: fileName!, fields });
      }, () => undefined);
    });
    req.on('error', () => fail(badRequest('Le fichier n’a pas pu être reçu en entier : envoyez-le à nouveau')));
    req.pipe(parser);
  });
}

/**
 * POST /imports: the file as the body (`?fileName=…&dryRun=1&allOrNothing=1`, the command line's way), or a
 * multipart/form-data form (a browser's way: a `file` part, and the fields `dryRun`, `allOrNothing`). The sender's
 * right is checked before a byte of the file is read.
 */
export async function handleImport(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, request: RequestScope) {
  expectMethod(req, 'POST');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const multipart = isMultipart(req);
  const namedFile = multipart ? undefined : checkFileName(url.searchParams.get('fileName') ?? (req.headers['x-file-name'] as string | undefined));
  if (multipart && url.searchParams.has('fileName')) checkFileName(url.searchParams.get('fileName')!);
  const credential = await credentialOf(req, deps);
  // The sender's right needs no statement: the transaction is begun only to read a person's session.
  const transaction = await requestTransaction(req, deps, credential, request);
  const { viewer } = transaction;
  try {
    guard(viewer, 'POST /imports');
  } catch (error) {
    throw asHttpError(error);
  } finally {
    await transaction.rollback();
  }
  // A body announced too large is refused before a byte of it is read; one that grows too large, as it comes.
  const announced = Number(req.headers['content-length'] ?? 0);
  if (announced > IMPORT_LIMITS.uploadBytes + (multipart ? MULTIPART_OVERHEAD_BYTES : 0)) throw tooLarge();
  const scope = { viewer, logger: request.logger };
  let job;
  if (multipart) {
    const upload = await receiveMultipart(req, url);
    const option = (name: string) => TRUE_WORDS.includes((upload.fields.get(name) ?? url.searchParams.get(name) ?? '').toLowerCase());
    job = await deps.imports.record(scope, upload.file, upload.fileName, { dryRun: option('dryRun'), allOrNothing: option('allOrNothing') });
  } else {
    const options = { dryRun: flag(url, 'dryRun'), allOrNothing: flag(url, 'allOrNothing') };
    job = await deps.imports.receive(scope, req, namedFile!, IMPORT_LIMITS.uploadBytes, options).catch((error: unknown) => {
      throw error instanceof FileTooLarge ? tooLarge() : error;
    });
  }
  sendJson(res, 202, { importJob: { id: toGlobalId('ImportJob', job.id), status: job.status } });
}

/** What a form adds around its file (boundaries, part headers, the option fields): a body may pass the limit by this much. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

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
    await (recorded ? ctx.commit() : ctx.rollback());
  }
}

const REFUSED_FORMATS: Record<string, { type: string; extension: string; write: typeof writeRefusedCsv }> = {
  '/exports/import-refused.csv': { type: CSV, extension: 'csv', write: writeRefusedCsv },
  '/exports/import-refused.xlsx': { type: XLSX, extension: 'xlsx', write: writeRefusedXlsx },
};

/**
 * GET /exports/import-refused.csv and .xlsx?id=… (an ImportJob id): the lines the import refused, as the file had
 * them, with « Motif du refus » last, for the organisation's own jobs only (another's: 404, as a job it cannot read).
 * The CSV holds one sheet: a workbook whose refused lines are on several sheets is downloaded as XLSX.
 */
export async function handleRefusedRows(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, request: RequestScope, path: string) {
  expectMethod(req, 'GET');
  const format = REFUSED_FORMATS[path];
  if (!format) throw notFound(path);
  const given = new URL(req.url ?? '/', 'http://localhost').searchParams.get('id');
  if (!given) throw badRequest('Import manquant : ajoutez ?id=… (l’identifiant de l’import) à l’adresse');
  const parsed = parseGlobalId(given);
  const credential = await credentialOf(req, deps);
  const transaction = await viewerTransaction(req, deps, credential, request);
  const { em, viewer } = transaction;
  try {
    guard(viewer, 'GET /exports/import-refused');
    // Row-level security: only the acting organisation's own jobs are found.
    const job = parsed?.typeName === 'ImportJob'
      ? await em.findOne(ImportJob, { id: parsed.id, organisation: viewer.acting!.organisationId }, { populate: ['refusedRows'] })
      : null;
    if (!job) throw new HttpError(404, ErrorCode.NOT_FOUND, 'Aucun import de votre organisation n’a cet identifiant');
    if (job.status !== ImportStatus.COMPLETED) throw new HttpError(409, ErrorCode.BAD_USER_INPUT, 'L’import n’est pas terminé : ses lignes refusées se téléchargent quand il l’est');
    if (job.finishedAt && Date.now() - job.finishedAt.getTime() > REFUSED_ROWS_KEPT_DAYS * 24 * 3600 * 1000) {
      throw new HttpError(410, ErrorCode.NOT_FOUND, `Les lignes refusées d’un import ne sont gardées que ${REFUSED_ROWS_KEPT_DAYS} jours : vérifiez le fichier à nouveau pour les retrouver`);
    }
    if (format.extension === 'csv' && job.refusedRows.length > 1) {
      throw badRequest('Les lignes refusées sont sur plusieurs feuilles du classeur : téléchargez-les en XLSX');
    }
    const base = job.fileName.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N} ._-]/gu, '_').slice(0, 100) || 'import';
    const fileName = `${base} - lignes refusées.${format.extension}`;
    res.writeHead(200, {
      'content-type': format.type,
      'content-disposition': `attachment; filename="lignes-refusees.${format.extension}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'cache-control': 'no-store',
    });
    await format.write(job.refusedRows, res);
  } catch (error) {
    throw asHttpError(error);
  } finally {
    await transaction.rollback();
  }
}
