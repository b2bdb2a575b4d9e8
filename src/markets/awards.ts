/** Who won a lot (attributaire): named, its amount corrected, withdrawn when declared by mistake. */
import { Award, Company, Placement, type Lot } from '../db/entities/index.js';
import { isNonNegative, Validation } from '../reporting/validation.js';
import type { ServiceContext } from '../context/request-context.js';
import { related, saveUnique, type RowRef } from '../context/rows.js';
import { boughtAward, boughtLot } from './bought.js';

export interface LotAward {
  lotId: RowRef;
  companyId: RowRef;
  /** The awardee's share of the lot, euros excluding tax. */
  amountHt?: number | null;
}

/** The company is what an award is: to name another one, withdraw the award and award the lot again. */
export interface AwardChanges {
  amountHt?: number | null;
}

const checkAmount = (validation: Validation, amountHt: number | null | undefined) =>
  validation.check(isNonNegative(amountHt), 'amountHt', 'NEGATIVE_VALUE', 'Le montant HT ne peut pas être négatif');

/** Names a company a lot of the acting organisation's market was awarded to. */
export async function awardLot(ctx: ServiceContext, input: LotAward): Promise<Award> {
  const lot = await boughtLot(ctx, input.lotId);
  const validation = new Validation();
  const company = await related(ctx.em, Company, 'Company', input.companyId, validation, 'companyId');
  checkAmount(validation, input.amountHt).conclude();
  const award = Object.assign(new Award(), { lot, company: company!, amountHt: input.amountHt ?? null });
  return saveUnique(ctx.em, award, 'award_lot_id_company_id_unique', 'ALREADY_AWARDED', 'Cette entreprise est déjà attributaire de ce lot');
}

export async function updateAward(ctx: ServiceContext, id: RowRef, version: number, fields: AwardChanges): Promise<Award> {
  const award = await boughtAward(ctx, id, version);
  if (fields.amountHt !== undefined) award.amountHt = fields.amountHt;
  checkAmount(new Validation(), award.amountHt).conclude();
  await ctx.em.flush();
  return award;
}

/** Withdraws an award declared by mistake, while no placement on the lot is with that company; answers the lot. */
export async function withdrawAward(ctx: ServiceContext, id: RowRef, version: number): Promise<Lot> {
  const { em } = ctx;
  const award = await boughtAward(ctx, id, version);
  const placements = await em.count(Placement, { lot: award.lot, company: award.company });
  new Validation()
    .check(placements === 0, 'id', 'AWARD_IN_USE', `${placements} mise(s) à l'emploi sur ce lot sont chez cet attributaire : l'attribution reste pour l'historique`)
    .conclude();
  await em.remove(award).flush();
  return award.lot;
}
