/**
 * Reports over HTTP, with the same authentication as /graphql (docs/indicators.md):
 * GET /reports/anru.{xlsx,csv}?charter=ID&semester=2025-S1[&etpBase=1607] and
 * GET /reports/departement.{xlsx,csv}?year=2025[&etpBase=1607]. The report is built in the viewer's
 * transaction, then written once it has ended.
 */
import type http from 'node:http';
import type { Writable } from 'node:stream';
import { ETP_BASE_LEGAL } from '../domain/etp.js';
import { parseGlobalId } from '../graphql/relay/global-id.js';
import { Validation } from '../reporting/validation.js';
import { produceReport, type ReportRequest } from '../reports/produce.js';
import { writeReportCsv } from '../reports/render-csv.js';
import { writeReportXlsx } from '../reports/render-xlsx.js';
import type { Report } from '../reports/report.js';
import { asHttpError, credentialOf, expectMethod, notFound, viewerTransaction, type HttpDependencies, type RequestScope } from './common.js';

const FORMATS: Record<string, { type: string; write: (report: Report, out: Writable) => Promise<void> }> = {
  csv: { type: 'text/csv; charset=utf-8', write: writeReportCsv },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', write: writeReportXlsx },
};

/** The ETP base, 1,607 hours unless stated; indicatorReport checks its range. */
function etpBaseOf(params: URLSearchParams, validation: Validation): number {
  const text = params.get('etpBase');
  const etpBase = text === null ? ETP_BASE_LEGAL : Number(text);
  validation.check(Number.isFinite(etpBase), 'etpBase', 'INVALID_NUMBER', 'La base ETP (etpBase) doit être un nombre d’heures');
  return etpBase;
}

function anru(params: URLSearchParams): ReportRequest {
  const validation = new Validation();
  const charter = parseGlobalId(params.get('charter') ?? '');
  const semester = params.get('semester') ?? '';
  validation
    .check(charter?.typeName === 'Charter', 'charter', 'INVALID_SCOPE', 'Indiquez la charte par son identifiant (charter=…)')
    .check(/^\d{4}-S[12]$/.test(semester), 'semester', 'INVALID_PERIOD', 'Indiquez le semestre sous la forme 2025-S1 ou 2025-S2 (semester=…)');
  const etpBase = etpBaseOf(params, validation);
  validation.conclude();
  return { name: 'anru', charterId: charter!.id, semester, etpBase };
}

function departement(params: URLSearchParams): ReportRequest {
  const validation = new Validation();
  const year = params.get('year') ?? '';
  validation.check(/^\d{4}$/.test(year), 'year', 'INVALID_PERIOD', "Indiquez l'année sur quatre chiffres (year=2025)");
  const etpBase = etpBaseOf(params, validation);
  validation.conclude();
  return { name: 'departement', year: Number(year), etpBase };
}

const REPORTS: Record<string, (params: URLSearchParams) => ReportRequest> = { anru, departement };

const ROUTE = /^\/reports\/(\w+)\.(\w+)$/;

export async function handleReport(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, request: RequestScope, path: string) {
  expectMethod(req, 'GET');
  const [, name, extension] = ROUTE.exec(path) ?? [];
  const parse = REPORTS[name ?? ''];
  const format = FORMATS[extension ?? ''];
  if (!parse || !format) throw notFound(path);
  const credential = await credentialOf(req, deps);
  let report: Report;
  try {
    const asked = parse(new URL(req.url ?? '/', 'http://localhost').searchParams);
    const ctx = await viewerTransaction(req, deps, credential, request);
    try {
      report = await produceReport(ctx, asked);
    } finally {
      await ctx.rollback();
    }
  } catch (error) {
    throw asHttpError(error);
  }
  res.writeHead(200, { 'content-type': format.type, 'content-disposition': `attachment; filename="${report.fileName}.${extension}"` });
  await format.write(report, res);
}
