/**
 * The follow-up's item-level checks, asked of the access model (src/access/model/rules.ts): a row the
 * model does not let the acting organisation write answers NOT_FOUND, as for no row, when it may not
 * even say that it exists.
 */
import { can, canEach } from '../access/can.js';
import { Beneficiary } from '../db/entities/index.js';
import type { ServiceContext } from '../context/request-context.js';
import { forbidden, notFound } from '../context/errors.js';
import { mustFind, type RowRef } from '../context/rows.js';

/** A person whose record the acting organisation may correct (the PLIE that follows them). */
export async function followedBeneficiary(ctx: ServiceContext, ref: RowRef): Promise<Beneficiary> {
  const beneficiary = await mustFind(ctx.em, Beneficiary, 'Beneficiary', ref, 'Participant');
  if (!(await can(ctx, 'update', 'beneficiary', { ids: [beneficiary.id] }))) throw notFound('Participant');
  return beneficiary;
}

/** Whether the acting organisation may place this person (the PLIE that follows them). */
export const mayPlace = async (ctx: ServiceContext, beneficiary: Beneficiary | null) =>
  beneficiary !== null && can(ctx, 'create', 'placement', { row: { beneficiary_id: beneficiary.id } });

/** Whether the acting organisation may change this placement (the PLIE that follows the person or facilitates the market). */
export const mayChangePlacement = (ctx: ServiceContext, placementId: string) => can(ctx, 'update', 'placement', { ids: [placementId] });

export const HOURS_REPORTER_REFUSAL = 'Les heures sont déclarées par le PLIE qui suit la personne ou qui anime la clause du marché';

/** Whether the acting organisation may report this placement's hours. */
const mayReportHours = (ctx: ServiceContext, placementId: string) => can(ctx, 'create', 'monthly_hours', { row: { placement_id: placementId } });

/** The placements, among these, whose hours the viewer reports: one check for a whole month's grid. */
export async function hoursReportable(ctx: ServiceContext, placementIds: readonly string[]): Promise<Set<string>> {
  const allowed = await canEach(ctx, 'create', 'monthly_hours', placementIds.map((id) => ({ placement_id: id })));
  return new Set(placementIds.filter((_, index) => allowed[index]));
}

/** Hours are reported by the PLIE that follows the person or facilitates the market. */
export async function requireHoursReporter(ctx: ServiceContext, placementId: string): Promise<void> {
  if (!(await mayReportHours(ctx, placementId))) throw forbidden(HOURS_REPORTER_REFUSAL);
}
