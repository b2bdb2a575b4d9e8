/** The hours worked on a placement, one figure per month, replaced when reported again. */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Beneficiary, MonthlyHours, Placement } from '../db/entities/index.js';
import { firstDayOfMonth } from '../domain/dates.js';
import { checkMonthlyHours } from '../reporting/rules.js';
import { Validation, type Problem } from '../reporting/validation.js';
import type { ServiceContext } from '../context/request-context.js';
import { badInput } from '../context/errors.js';
import { mustFind, type RowRef } from '../context/rows.js';
import { HOURS_REPORTER_REFUSAL, hoursReportable, requireHoursReporter } from './access.js';
import { restrictedRefusal } from './restriction.js';

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
  await writeHours(em, [{ placement, hours: input.hours }], month);
  return placement;
}

/** At most this many lines in one report of a month. */
export const MAX_MONTH_LINES = 2000;

export interface MonthHoursReport {
  /** Any day of the month worked. */
  month: string;
  lines: { placementId: RowRef; hours: number; version?: number | null }[];
}

/**
 * Reports one month's hours of many placements together, all or nothing: every line passes the checks of
 * reportHours (the placement readable, its version if given, the figure and the month, the reporter, a follow-up
 * not frozen); the problems of every refused line come back together, under `lines.N.field`, and nothing is written.
 * Answers the placements, in the order of the lines.
 */
export async function reportMonthHours(ctx: ServiceContext, input: MonthHoursReport): Promise<Placement[]> {
  const { em } = ctx;
  if (input.lines.length > MAX_MONTH_LINES) {
    const message = `Au plus ${MAX_MONTH_LINES} lignes par enregistrement (${input.lines.length} reçues) : enregistrez le mois en plusieurs fois`;
    throw badInput(message, { problems: [{ field: 'lines', code: 'TOO_MANY_LINES', message }] });
  }
  const month = firstDayOfMonth(input.month);
  const ids = input.lines.flatMap(({ placementId: { node } }) => (node?.typeName === 'Placement' ? [node.id] : []));
  const placements = new Map((ids.length ? await em.find(Placement, { id: { $in: ids } }) : []).map((row) => [row.id, row]));
  const restricted = await restrictedPeople(em, [...placements.values()]);
  const reportable = await hoursReportable(ctx, [...placements.keys()]);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const accepted: { placement: Placement; hours: number }[] = [];
  for (const [index, line] of input.lines.entries()) {
    const at = `lines.${index}`;
    const node = line.placementId.node;
    const placement = node?.typeName === 'Placement' ? placements.get(node.id) : undefined;
    const validation = new Validation();
    if (!placement) {
      problems.push({ field: `${at}.placementId`, code: 'NOT_FOUND', message: 'Mise à l’emploi introuvable' });
      continue;
    }
    validation
      .check(!seen.has(placement.id), 'placementId', 'DUPLICATE_LINE', 'Cette mise à l’emploi figure déjà sur une autre ligne')
      .check(line.version == null || line.version === placement.version, 'version', 'STALE_VERSION',
        'La mise à l’emploi a changé depuis votre lecture : rechargez la page avant d’enregistrer');
    seen.add(placement.id);
    checkMonthlyHours(validation, line.hours, month, placement);
    if (!validation.problems.length) {
      if (!reportable.has(placement.id)) {
        validation.check(false, 'placementId', 'FORBIDDEN', HOURS_REPORTER_REFUSAL);
      } else {
        validation.check(!restricted.has(placement.beneficiary.id), 'placementId', 'RESTRICTED', restrictedRefusal().message);
      }
    }
    problems.push(...validation.problems.map((problem) => ({ ...problem, field: `${at}.${problem.field}` })));
    if (!validation.problems.length) accepted.push({ placement, hours: line.hours });
  }
  if (problems.length) {
    const refused = new Set(problems.map(({ field }) => field.split('.').slice(0, 2).join('.'))).size;
    throw badInput(`Rien n’a été enregistré : ${refused === 1 ? '1 ligne refusée' : `${refused} lignes refusées`} sur ${input.lines.length}`, { problems });
  }
  await writeHours(em, accepted, month);
  return input.lines.map(({ placementId }) => placements.get(placementId.node!.id)!);
}

/** The people of these placements, among those the viewer reads, whose follow-up is frozen; the database refuses the others' writes anyway. */
async function restrictedPeople(em: EntityManager, placements: Placement[]): Promise<Set<string>> {
  const people = [...new Set(placements.map((placement) => placement.beneficiary.id))];
  if (!people.length) return new Set();
  const rows = await em.find(Beneficiary, { id: { $in: people }, restrictedAt: { $ne: null } });
  return new Set(rows.map((row) => row.id));
}

/** Sets the month's figure of each placement, replacing the one reported before; one flush. */
async function writeHours(em: EntityManager, lines: { placement: Placement; hours: number }[], month: string): Promise<void> {
  if (!lines.length) return;
  const existing = await em.find(MonthlyHours, { placement: { $in: lines.map(({ placement }) => placement.id) }, month });
  const byPlacement = new Map(existing.map((row) => [row.placement.id, row]));
  for (const { placement, hours } of lines) {
    const row = byPlacement.get(placement.id) ?? Object.assign(new MonthlyHours(), { placement, month });
    row.hours = hours;
    em.persist(row);
  }
  await em.flush();
}
