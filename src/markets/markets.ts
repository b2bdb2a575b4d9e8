/** The markets a buyer declares, edits and archives; their planned hours are computed from what it states. */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FOLLOWER_KINDS } from '../access/model/rules.js';
import { Charter, Market, MarketStatus, Operation, Organisation, type ClauseMechanism, type MarketNature } from '../db/entities/index.js';
import { compareIsoDates } from '../domain/dates.js';
import { isNonNegative, isRate, Validation } from '../reporting/validation.js';
import type { ServiceContext } from '../context/request-context.js';
import { related, saveUnique, type RowRef } from '../context/rows.js';
import { boughtMarket } from './bought.js';

const CPV = /^[0-9]{8}(-[0-9])?$/;

/** What a buyer states about a market; on update, an absent field is left as it is and null clears it. */
export interface MarketChanges {
  reference?: string;
  object?: string;
  nature?: MarketNature;
  clauseMechanism?: ClauseMechanism;
  status?: MarketStatus;
  facilitatorId?: RowRef | null;
  operationId?: RowRef | null;
  charterId?: RowRef | null;
  cpvCode?: string | null;
  notificationDate?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  durationMonths?: number | null;
  amountHt?: number | null;
  labourRate?: number | null;
  insertionRate?: number | null;
  hourlyCost?: number | null;
  statedHours?: number | null;
}

const SCALARS = ['reference', 'object', 'nature', 'clauseMechanism', 'status', 'cpvCode', 'notificationDate', 'startDate', 'endDate',
  'durationMonths', 'amountHt', 'labourRate', 'insertionRate', 'hourlyCost', 'statedHours'] as const;

async function applyFields(em: EntityManager, market: Market, fields: MarketChanges): Promise<void> {
  const validation = new Validation();
  for (const name of SCALARS) if (fields[name] !== undefined) Object.assign(market, { [name]: fields[name] });
  if (fields.facilitatorId !== undefined) {
    const facilitator = fields.facilitatorId && await related(em, Organisation, 'Organisation', fields.facilitatorId, validation, 'facilitatorId');
    validation.check(!facilitator || FOLLOWER_KINDS.has(facilitator.kind), 'facilitatorId', 'NOT_A_PLIE', "L'organisation qui suit la clause doit être un PLIE");
    market.facilitator = facilitator || null;
  }
  if (fields.operationId !== undefined) market.operation = (fields.operationId && await related(em, Operation, 'Operation', fields.operationId, validation, 'operationId')) || null;
  if (fields.charterId !== undefined) market.charter = (fields.charterId && await related(em, Charter, 'Charter', fields.charterId, validation, 'charterId')) || null;
  validation
    .check(Boolean(market.reference?.trim()), 'reference', 'REQUIRED', 'La référence du marché est obligatoire')
    .check(Boolean(market.object?.trim()), 'object', 'REQUIRED', "L'objet du marché est obligatoire")
    .check(Boolean(market.nature), 'nature', 'REQUIRED', 'La nature du marché est obligatoire')
    .check(Boolean(market.clauseMechanism), 'clauseMechanism', 'REQUIRED', 'Le mécanisme de la clause est obligatoire')
    .check(market.cpvCode == null || CPV.test(market.cpvCode), 'cpvCode', 'INVALID_CPV', 'Code CPV invalide (8 chiffres, par exemple 45000000-7)')
    .check(!market.startDate || !market.endDate || compareIsoDates(market.endDate, market.startDate) >= 0, 'endDate', 'END_BEFORE_START', 'La date de fin précède la date de début')
    .check(isNonNegative(market.durationMonths), 'durationMonths', 'NEGATIVE_VALUE', 'La durée ne peut pas être négative')
    .check(isNonNegative(market.amountHt), 'amountHt', 'NEGATIVE_VALUE', 'Le montant HT ne peut pas être négatif')
    .check(isRate(market.labourRate), 'labourRate', 'RATE_OUT_OF_RANGE', "Le taux de main d'œuvre doit être compris entre 0 et 1")
    .check(isRate(market.insertionRate), 'insertionRate', 'RATE_OUT_OF_RANGE', "Le taux d'insertion doit être compris entre 0 et 1")
    .check(market.hourlyCost == null || market.hourlyCost > 0, 'hourlyCost', 'NOT_POSITIVE', 'Le coût horaire doit être positif')
    .check(isNonNegative(market.statedHours), 'statedHours', 'NEGATIVE_VALUE', "Le nombre d'heures ne peut pas être négatif")
    .check(market.status !== MarketStatus.ARCHIVED, 'status', 'USE_ARCHIVE', 'Pour archiver un marché, utilisez archiveMarket')
    .conclude();
}

/** A market the acting organisation buys, locked at the version its editor read. */
async function ownMarket(ctx: ServiceContext, ref: RowRef, version: number): Promise<Market> {
  const market = await boughtMarket(ctx, ref);
  await ctx.em.lock(market, LockMode.OPTIMISTIC, version);
  return market;
}

const saved = (em: EntityManager, market: Market) =>
  saveUnique(em, market, 'market_buyer_id_reference_unique', 'DUPLICATE_REFERENCE', 'Vous avez déjà un marché de cette référence');

/** Declares a market of the acting organisation, its buyer. */
export async function createMarket(ctx: ServiceContext, fields: MarketChanges): Promise<Market> {
  const market = Object.assign(new Market(), { buyer: ctx.em.getReference(Organisation, ctx.viewer.acting!.organisationId) });
  await applyFields(ctx.em, market, fields);
  return saved(ctx.em, market);
}

export async function updateMarket(ctx: ServiceContext, id: RowRef, version: number, fields: MarketChanges): Promise<Market> {
  const market = await ownMarket(ctx, id, version);
  await applyFields(ctx.em, market, fields);
  return saved(ctx.em, market);
}

/** Kept, with its placements and hours, for the history. */
export async function archiveMarket(ctx: ServiceContext, id: RowRef, version: number): Promise<Market> {
  const market = await ownMarket(ctx, id, version);
  market.status = MarketStatus.ARCHIVED;
  return saved(ctx.em, market);
}
