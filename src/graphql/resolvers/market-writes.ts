import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { Charter, ClauseMechanism, Market, MarketNature, MarketStatus, Operation, Organisation, OrganisationKind } from '../../db/entities/index.js';
import { compareIsoDates } from '../../domain/dates.js';
import { isNonNegative, isRate, Validation } from '../../reporting/validation.js';
import type { RequestContext } from '../../context/request-context.js';
import { notFound } from '../../context/errors.js';
import { MarketNode } from '../types/market.js';
import { LocalDate } from '../types/scalars.js';
import { findByGlobalId, saveUnique, related } from './lookup.js';

const CPV = /^[0-9]{8}(-[0-9])?$/;

/** What a buyer states about a market; on update, an absent field is left as it is and null clears it. */
@InputType()
class MarketFields {
  @Field(() => String, { nullable: true }) reference?: string;
  @Field(() => String, { nullable: true }) object?: string;
  @Field(() => MarketNature, { nullable: true }) nature?: MarketNature;
  @Field(() => ClauseMechanism, { nullable: true }) clauseMechanism?: ClauseMechanism;
  @Field(() => MarketStatus, { nullable: true }) status?: MarketStatus;
  @Field(() => ID, { nullable: true, description: 'The PLIE whose facilitators follow the clause.' }) facilitatorId?: string | null;
  @Field(() => ID, { nullable: true }) operationId?: string | null;
  @Field(() => ID, { nullable: true }) charterId?: string | null;
  @Field(() => String, { nullable: true }) cpvCode?: string | null;
  @Field(() => LocalDate, { nullable: true }) notificationDate?: string | null;
  @Field(() => LocalDate, { nullable: true }) startDate?: string | null;
  @Field(() => LocalDate, { nullable: true }) endDate?: string | null;
  @Field(() => Int, { nullable: true }) durationMonths?: number | null;
  @Field(() => Float, { nullable: true }) amountHt?: number | null;
  @Field(() => Float, { nullable: true, description: "Taux de main d'œuvre, 0 to 1." }) labourRate?: number | null;
  @Field(() => Float, { nullable: true, description: "Taux d'insertion, 0 to 1." }) insertionRate?: number | null;
  @Field(() => Float, { nullable: true, description: 'Coût horaire chargé, euros.' }) hourlyCost?: number | null;
  @Field(() => Float, { nullable: true, description: 'Hours stated by the buyer; they apply instead of the formula.' }) statedHours?: number | null;
}

@InputType()
class UpdateMarketInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => MarketFields) fields!: MarketFields;
}

const SCALARS = ['reference', 'object', 'nature', 'clauseMechanism', 'status', 'cpvCode', 'notificationDate', 'startDate', 'endDate',
  'durationMonths', 'amountHt', 'labourRate', 'insertionRate', 'hourlyCost', 'statedHours'] as const;

async function applyFields(em: EntityManager, market: Market, fields: MarketFields): Promise<void> {
  const validation = new Validation();
  for (const name of SCALARS) if (fields[name] !== undefined) Object.assign(market, { [name]: fields[name] });
  if (fields.facilitatorId !== undefined) {
    const facilitator = fields.facilitatorId && await related(em, Organisation, 'Organisation', fields.facilitatorId, validation, 'facilitatorId');
    validation.check(!facilitator || facilitator.kind === OrganisationKind.PLIE, 'facilitatorId', 'NOT_A_PLIE', "L'organisation qui suit la clause doit être un PLIE");
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

/** A market the acting organisation buys; NOT_FOUND otherwise, even when it may read it (as its facilitator or the Département). */
export async function boughtMarket(em: EntityManager, organisationId: string, globalId: string): Promise<Market> {
  const market = await findByGlobalId(em, Market, 'Market', globalId);
  if (!market || market.buyer.id !== organisationId) throw notFound('Marché');
  return market;
}

/** The same, locked at the version its editor read. */
async function ownMarket(em: EntityManager, organisationId: string, globalId: string, version: number): Promise<Market> {
  const market = await boughtMarket(em, organisationId, globalId);
  await em.lock(market, LockMode.OPTIMISTIC, version);
  return market;
}

const saved = (em: EntityManager, market: Market) =>
  saveUnique(em, market, 'market_buyer_id_reference_unique', 'DUPLICATE_REFERENCE', 'Vous avez déjà un marché de cette référence');

@Resolver()
export class MarketWriteResolver {
  @Mutation(() => MarketNode, { description: 'Declares a market of the acting organisation (the buyer); its planned hours come back computed.' })
  async createMarket(@Arg('fields') fields: MarketFields, @Ctx() { em, viewer }: RequestContext) {
    const market = Object.assign(new Market(), { buyer: em.getReference(Organisation, viewer.acting!.organisationId) });
    await applyFields(em, market, fields);
    return saved(em, market);
  }

  @Mutation(() => MarketNode)
  async updateMarket(@Arg('input') { id, version, fields }: UpdateMarketInput, @Ctx() { em, viewer }: RequestContext) {
    const market = await ownMarket(em, viewer.acting!.organisationId, id, version);
    await applyFields(em, market, fields);
    return saved(em, market);
  }

  @Mutation(() => MarketNode, { description: 'Archives a market: kept, with its placements and hours, for the history.' })
  async archiveMarket(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() { em, viewer }: RequestContext) {
    const market = await ownMarket(em, viewer.acting!.organisationId, id, version);
    market.status = MarketStatus.ARCHIVED;
    return saved(em, market);
  }
}
