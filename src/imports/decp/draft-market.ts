import type { MarketNature } from '../../db/entities/enums.js';
import { periodEnd } from '../../domain/dates.js';
import { natureOfCpv } from './nature.js';
import type { DecpMarket } from './record.js';

/**
 * The fields the DECP owns: while the market is a draft, a corrected file updates them (the buyer corrects
 * them in its DECP publication). Everything else is the buyer's to complete, and set by the import only
 * when it creates the draft: reference, object, clause mechanism and parameters, facilitator, operation,
 * charter, status.
 */
export interface DecpOwnedFields {
  cpvCode: string | null;
  notificationDate: string | null;
  durationMonths: number | null;
  amountHt: number | null;
}

/** Fields derived from the DECP-owned ones: they follow them as long as the buyer has not changed them. */
export interface DerivedFields {
  startDate: string | null;
  endDate: string | null;
  nature: MarketNature | null;
}

export type DecpFields = DecpOwnedFields & DerivedFields;

const OWNED = ['cpvCode', 'notificationDate', 'durationMonths', 'amountHt'] as const;
const DERIVED = ['startDate', 'endDate', 'nature'] as const;

/** Start on the notification date, end on the last day of the duration, nature from the CPV code. */
export function derivedFields({ cpvCode, notificationDate, durationMonths }: DecpOwnedFields): DerivedFields {
  return {
    startDate: notificationDate,
    endDate: notificationDate !== null && durationMonths !== null && durationMonths >= 1 ? periodEnd(notificationDate, durationMonths) : null,
    nature: cpvCode === null ? null : natureOfCpv(cpvCode),
  };
}

/** What the record sets: the DECP-owned fields and what they derive. */
export function decpFields(market: DecpMarket): DecpOwnedFields & { startDate: string; endDate: string; nature: MarketNature } {
  return {
    cpvCode: market.cpvCode,
    notificationDate: market.notificationDate,
    durationMonths: market.durationMonths,
    amountHt: market.amountHt,
    startDate: market.notificationDate,
    endDate: periodEnd(market.notificationDate, market.durationMonths),
    nature: natureOfCpv(market.cpvCode),
  };
}

/**
 * What a corrected record changes in a draft: the DECP-owned fields that differ, and the derived fields
 * that still hold what the current DECP-owned fields derive (the buyer left them) and would change. Empty
 * when the record brings nothing new, so that importing a file again writes nothing.
 */
export function draftChanges(current: DecpFields, market: DecpMarket): Partial<DecpFields> {
  const next = decpFields(market);
  const left = derivedFields(current);
  const changes: Partial<DecpFields> = {};
  for (const field of OWNED) if (current[field] !== next[field]) Object.assign(changes, { [field]: next[field] });
  for (const field of DERIVED) if (current[field] === left[field] && current[field] !== next[field]) Object.assign(changes, { [field]: next[field] });
  return changes;
}
