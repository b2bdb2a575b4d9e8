/** A report, as GET /reports/… asks for it: built in the viewer's transaction, for the organisation they act for. */
import type { ServiceContext } from '../context/request-context.js';
import { guard } from '../access/operations.js';
import { anruReport, type AnruRequest } from './anru.js';
import { departementSummary, type DepartementRequest } from './departement.js';
import type { Report } from './report.js';

export type ReportRequest = ({ name: 'anru' } & AnruRequest) | ({ name: 'departement' } & DepartementRequest);

/** Who may ask for each report is the access model's (src/access/operations.ts). */
export async function produceReport(ctx: ServiceContext, request: ReportRequest): Promise<Report> {
  guard(ctx.viewer, `GET /reports/${request.name}`);
  return request.name === 'anru' ? anruReport(ctx.em, ctx.viewer, request) : departementSummary(ctx.em, ctx.viewer, request);
}
