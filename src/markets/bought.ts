/**
 * What a buyer changes: its own markets, their lots and awards. The check is the one the actions have
 * always made (docs/permissions.md), one named call for the access model to take over: a row of a market
 * the acting organisation does not buy answers NOT_FOUND, even when it may read it (as the market's
 * facilitator or the Département).
 */
import { LockMode } from '@mikro-orm/core';
import { Award, Lot, Market } from '../db/entities/index.js';
import type { ServiceContext } from '../context/request-context.js';
import { notFound } from '../context/errors.js';
import { findRow, type RowRef } from '../context/rows.js';

const buys = ({ viewer }: ServiceContext, market: Market) => market.buyer.id === viewer.acting!.organisationId;

/** A market the acting organisation buys. */
export async function boughtMarket(ctx: ServiceContext, ref: RowRef): Promise<Market> {
  const market = await findRow(ctx.em, Market, 'Market', ref);
  if (!market || !buys(ctx, market)) throw notFound('Marché');
  return market;
}

/** A lot of a market the acting organisation buys. */
export async function boughtLot(ctx: ServiceContext, ref: RowRef): Promise<Lot> {
  const lot = await findRow(ctx.em, Lot, 'Lot', ref);
  if (lot) await ctx.em.populate(lot, ['market']);
  if (!lot || !buys(ctx, lot.market)) throw notFound('Lot');
  return lot;
}

/** An award of a lot the acting organisation buys, locked at the version read. */
export async function boughtAward(ctx: ServiceContext, ref: RowRef, version: number): Promise<Award> {
  const award = await findRow(ctx.em, Award, 'Award', ref);
  if (award) await ctx.em.populate(award, ['lot.market']);
  if (!award || !buys(ctx, award.lot.market)) throw notFound('Attribution');
  await ctx.em.lock(award, LockMode.OPTIMISTIC, version);
  return award;
}
