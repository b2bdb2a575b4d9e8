/**
 * What a buyer changes: its own markets, their lots and awards, as the access model says
 * (src/access/model/rules.ts). A row the acting organisation may not change answers NOT_FOUND, even
 * when it may read it (as the market's facilitator or the Département).
 */
import { LockMode } from '@mikro-orm/core';
import { assertCan } from '../access/can.js';
import { Award, Lot, Market } from '../db/entities/index.js';
import type { ServiceContext } from '../context/request-context.js';
import { notFound } from '../context/errors.js';
import { findRow, type RowRef } from '../context/rows.js';

async function changeable<T extends { id: string }>(ctx: ServiceContext, row: T | null, table: string, what: string): Promise<T> {
  if (!row) throw notFound(what);
  await assertCan(ctx, 'update', table, { ids: [row.id] }, notFound(what));
  return row;
}

/** A market the acting organisation buys. */
export async function boughtMarket(ctx: ServiceContext, ref: RowRef): Promise<Market> {
  return changeable(ctx, await findRow(ctx.em, Market, 'Market', ref), 'market', 'Marché');
}

/** A lot of a market the acting organisation buys. */
export async function boughtLot(ctx: ServiceContext, ref: RowRef): Promise<Lot> {
  const lot = await changeable(ctx, await findRow(ctx.em, Lot, 'Lot', ref), 'lot', 'Lot');
  await ctx.em.populate(lot, ['market']);
  return lot;
}

/** An award of a lot the acting organisation buys, locked at the version read. */
export async function boughtAward(ctx: ServiceContext, ref: RowRef, version: number): Promise<Award> {
  const award = await changeable(ctx, await findRow(ctx.em, Award, 'Award', ref), 'award', 'Attribution');
  await ctx.em.populate(award, ['lot.market']);
  await ctx.em.lock(award, LockMode.OPTIMISTIC, version);
  return award;
}
