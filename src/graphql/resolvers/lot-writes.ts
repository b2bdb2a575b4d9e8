import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { Award, Company, Lot, Placement } from '../../db/entities/index.js';
import { isNonNegative, Validation } from '../../reporting/validation.js';
import type { RequestContext } from '../../context/request-context.js';
import { notFound } from '../../context/errors.js';
import { AwardNode, LotNode, MarketNode } from '../types/market.js';
import { findByGlobalId, saveUnique, related } from './lookup.js';
import { boughtMarket } from './market-writes.js';

/** Lots are numbered from 1, as in the consultation documents. */
const MAX_LOT_NUMBER = 999;

/** On update, an absent field is left as it is. */
@InputType()
class LotFields {
  @Field(() => Int, { nullable: true }) number?: number;
  @Field(() => String, { nullable: true }) title?: string;
}

@InputType()
class UpdateLotInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => LotFields) fields!: LotFields;
}

@InputType()
class AwardLotInput {
  @Field(() => ID) lotId!: string;
  @Field(() => ID, { description: 'The awardee (attributaire); registerCompany registers it first.' }) companyId!: string;
  @Field(() => Float, { nullable: true, description: "The awardee's share of the lot, euros excluding tax." }) amountHt?: number | null;
}

/** The company is what an award is: to name another one, withdraw the award and award the lot again. */
@InputType()
class AwardFields {
  @Field(() => Float, { nullable: true, description: 'Null clears it.' }) amountHt?: number | null;
}

@InputType()
class UpdateAwardInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => AwardFields) fields!: AwardFields;
}


/** A lot of a market the acting organisation buys; NOT_FOUND otherwise, as for its markets. */
async function boughtLot(em: EntityManager, buyer: string, globalId: string): Promise<Lot> {
  const lot = await findByGlobalId(em, Lot, 'Lot', globalId);
  if (lot) await em.populate(lot, ['market']);
  if (!lot || lot.market.buyer.id !== buyer) throw notFound('Lot');
  return lot;
}

/** An award of a lot the acting organisation buys, locked at the version read. */
async function boughtAward(em: EntityManager, buyer: string, globalId: string, version: number): Promise<Award> {
  const award = await findByGlobalId(em, Award, 'Award', globalId);
  if (award) await em.populate(award, ['lot.market']);
  if (!award || award.lot.market.buyer.id !== buyer) throw notFound('Attribution');
  await em.lock(award, LockMode.OPTIMISTIC, version);
  return award;
}

function applyLot(lot: Lot, fields: LotFields): void {
  if (fields.number !== undefined) lot.number = fields.number;
  if (fields.title !== undefined) lot.title = fields.title?.trim();
  new Validation()
    .check(lot.number != null, 'number', 'REQUIRED', 'Le numéro du lot est obligatoire')
    .check(lot.number == null || (lot.number >= 1 && lot.number <= MAX_LOT_NUMBER), 'number', 'LOT_NUMBER_OUT_OF_RANGE',
      `Le numéro du lot doit être compris entre 1 et ${MAX_LOT_NUMBER}`)
    .check(Boolean(lot.title), 'title', 'REQUIRED', "L'intitulé du lot est obligatoire")
    .conclude();
}

const checkAmount = (validation: Validation, amountHt: number | null | undefined) =>
  validation.check(isNonNegative(amountHt), 'amountHt', 'NEGATIVE_VALUE', 'Le montant HT ne peut pas être négatif');

const savedLot = (em: EntityManager, lot: Lot) => saveUnique(em, lot, 'lot_market_id_number_unique', 'DUPLICATE_LOT_NUMBER', 'Ce marché a déjà un lot de ce numéro');

@Resolver()
export class LotWriteResolver {
  @Mutation(() => LotNode, { description: 'Adds a lot to a market the acting organisation buys.' })
  async createLot(@Arg('marketId', () => ID) marketId: string, @Arg('fields') fields: LotFields, @Ctx() { em, viewer }: RequestContext) {
    const market = await boughtMarket(em, viewer.acting!.organisationId, marketId);
    const lot = Object.assign(new Lot(), { market });
    applyLot(lot, fields);
    return savedLot(em, lot);
  }

  @Mutation(() => LotNode)
  async updateLot(@Arg('input') { id, version, fields }: UpdateLotInput, @Ctx() { em, viewer }: RequestContext) {
    const lot = await boughtLot(em, viewer.acting!.organisationId, id);
    await em.lock(lot, LockMode.OPTIMISTIC, version);
    applyLot(lot, fields);
    return savedLot(em, lot);
  }

  @Mutation(() => MarketNode, {
    description: 'Removes a lot declared by mistake, with its awards; refused (LOT_IN_USE) once a placement names it. Answers the market.',
  })
  async removeLot(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() { em, viewer }: RequestContext) {
    const lot = await boughtLot(em, viewer.acting!.organisationId, id);
    await em.lock(lot, LockMode.OPTIMISTIC, version);
    const placements = await em.count(Placement, { lot });
    new Validation()
      .check(placements === 0, 'id', 'LOT_IN_USE', `Le lot ${lot.number} porte ${placements} mise(s) à l'emploi : il reste pour l'historique`)
      .conclude();
    em.remove([...await em.find(Award, { lot }), lot]);
    await em.flush();
    return lot.market;
  }

  @Mutation(() => AwardNode, { description: 'Names a company the lot was awarded to (attributaire).' })
  async awardLot(@Arg('input') input: AwardLotInput, @Ctx() { em, viewer }: RequestContext) {
    const lot = await boughtLot(em, viewer.acting!.organisationId, input.lotId);
    const validation = new Validation();
    const company = await related(em, Company, 'Company', input.companyId, validation, 'companyId');
    checkAmount(validation, input.amountHt).conclude();
    const award = Object.assign(new Award(), { lot, company: company!, amountHt: input.amountHt ?? null });
    return saveUnique(em, award, 'award_lot_id_company_id_unique', 'ALREADY_AWARDED', 'Cette entreprise est déjà attributaire de ce lot');
  }

  @Mutation(() => AwardNode)
  async updateAward(@Arg('input') { id, version, fields }: UpdateAwardInput, @Ctx() { em, viewer }: RequestContext) {
    const award = await boughtAward(em, viewer.acting!.organisationId, id, version);
    if (fields.amountHt !== undefined) award.amountHt = fields.amountHt;
    checkAmount(new Validation(), award.amountHt).conclude();
    await em.flush();
    return award;
  }

  @Mutation(() => LotNode, { description: 'Withdraws an award declared by mistake; refused (AWARD_IN_USE) once a placement on the lot is with that company. Answers the lot.' })
  async withdrawAward(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() { em, viewer }: RequestContext) {
    const award = await boughtAward(em, viewer.acting!.organisationId, id, version);
    const placements = await em.count(Placement, { lot: award.lot, company: award.company });
    new Validation()
      .check(placements === 0, 'id', 'AWARD_IN_USE', `${placements} mise(s) à l'emploi sur ce lot sont chez cet attributaire : l'attribution reste pour l'historique`)
      .conclude();
    await em.remove(award).flush();
    return award.lot;
  }
}
