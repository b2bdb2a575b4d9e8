/** The hours worked on a placement, one figure per month, replaced when reported again. */
import { LockMode } from '@mikro-orm/core';
import { MonthlyHours, Placement } from '../db/entities/index.js';
import { firstDayOfMonth } from '../domain/dates.js';
import { checkMonthlyHours } from '../reporting/rules.js';
import { Validation } from '../reporting/validation.js';
import type { ServiceContext } from '../context/request-context.js';
import { mustFind, type RowRef } from '../context/rows.js';
import { requireHoursReporter } from './access.js';

export interface HoursReport {
  placementId: RowRef;
  /** Any day of the month worked. */
  month: string;
  hours: number;
  /** The placement's version read, if given: a stale one answers CONFLICT. */
  version?: number | null;
}

/** Reports the month's hours; answers the placement, unchanged. */
export async function reportHours(ctx: ServiceContext, input: HoursReport): Promise<Placement> {
  const { em } = ctx;
  const placement = await mustFind(em, Placement, 'Placement', input.placementId, 'Mise à l’emploi');
  if (input.version != null) await em.lock(placement, LockMode.OPTIMISTIC, input.version);
  const month = firstDayOfMonth(input.month);
  const validation = new Validation();
  checkMonthlyHours(validation, input.hours, month, placement);
  validation.conclude();
  await requireHoursReporter(ctx, placement.id);
  const existing = await em.findOne(MonthlyHours, { placement, month });
  const row = existing ?? Object.assign(new MonthlyHours(), { placement, month });
  row.hours = input.hours;
  await em.persist(row).flush();
  return placement;
}
