/** A report, as GET /reports/… asks for it: built in the viewer's transaction, for the organisation they act for. */
import type { ServiceContext } from '../context/request-context.js';
import { forbidden } from '../context/errors.js';
import { anruReport, type AnruRequest } from './anru.js';
import { departementSummary, type DepartementRequest } from './departement.js';
import type { Report } from './report.js';

export type ReportRequest = ({ name: 'anru' } & AnruRequest) | ({ name: 'departement' } & DepartementRequest);

/** A report speaks for an organisation: the viewer must act for one. */
export function requireActingOrganisation({ viewer }: ServiceContext): void {
  if (!viewer.acting) throw forbidden('Choisissez l’organisation pour laquelle vous agissez (en-tête X-Organisation)');
}

export async function produceReport(ctx: ServiceContext, request: ReportRequest): Promise<Report> {
  requireActingOrganisation(ctx);
  return request.name === 'anru' ? anruReport(ctx.em, ctx.viewer, request) : departementSummary(ctx.em, ctx.viewer, request);
}
