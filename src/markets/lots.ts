/** The lots of a buyer's markets, numbered as in the consultation documents. */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Award, Lot, Placement, type Market } from '../db/entities/index.js';
import { Validation } from '../reporting/validation.js';
import type { ServiceContext } from '../context/request-context.js';
import { saveUnique, type RowRef } from '../context/rows.js';
import { boughtLot, boughtMarket } from './bought.js';

/** Lots are numbered from 1, as in the consultation documents. */
const MAX_LOT_NUMBER = 999;

/** On update, an absent field is left as it is. */
export interface LotChanges {
  number?: number;
  title?: string;
}

function applyLot(lot: Lot, fields: LotChanges): void {
  if (fields.number !== undefined) lot.number = fields.number;
  if (fields.title !== undefined) lot.title = fields.title?.trim();
  new Validation()
    .check(lot.number != null, 'number', 'REQUIRED', 'Le numéro du lot est obligatoire')
    .check(lot.number == null || (lot.number >= 1 && lot.number <= MAX_LOT_NUMBER), 'number', 'LOT_NUMBER_OUT_OF_RANGE',
      `Le numéro du lot doit être compris entre 1 et ${MAX_LOT_NUMBER}`)
    .check(Boolean(lot.title), 'title', 'REQUIRED', "L'intitulé du lot est obligatoire")
    .conclude();
}

const savedLot = (em: EntityManager, lot: Lot) => saveUnique(em, lot, 'lot_market_id_number_unique', 'DUPLICATE_LOT_NUMBER', 'Ce marché a déjà un lot de ce numéro');

/** Adds a lot to a market the acting organisation buys. */
export async function createLot(ctx: ServiceContext, marketId: RowRef, fields: LotChanges): Promise<Lot> {
  const market = await boughtMarket(ctx, marketId);
  const lot = Object.assign(new Lot(), { market });
  applyLot(lot, fields);
  return savedLot(ctx.em, lot);
}

export async function updateLot(ctx: ServiceContext, id: RowRef, version: number, fields: LotChanges): Promise<Lot> {
  const lot = await boughtLot(ctx, id);
  await ctx.em.lock(lot, LockMode.OPTIMISTIC, version);
  applyLot(lot, fields);
  return savedLot(ctx.em, lot);
}

/** Removes a lot declared by mistake, with its awards, while no placement names it; answers its market. */
export async function removeLot(ctx: ServiceContext, id: RowRef, version: number): Promise<Market> {
  const { em } = ctx;
  const lot = await boughtLot(ctx, id);
  await em.lock(lot, LockMode.OPTIMISTIC, version);
  const placements = await em.count(Placement, { lot });
  new Validation()
    .check(placements === 0, 'id', 'LOT_IN_USE', `Le lot ${lot.number} porte ${placements} mise(s) à l'emploi : il reste pour l'historique`)
    .conclude();
  em.remove([...await em.find(Award, { lot }), lot]);
  await em.flush();
  return lot.market;
}
