import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { Beneficiary, Company, ContractType, Lot, Market, Placement, PlacementModality } from '../../db/entities/index.js';
import { isIsoDate } from '../../domain/dates.js';
import { checkPlacementTerms } from '../../reporting/rules.js';
import { Validation } from '../../reporting/validation.js';
import type { RequestContext, Viewer } from '../../context/request-context.js';
import { notFound } from '../../context/errors.js';
import { PlacementNode } from '../types/beneficiary.js';
import { LocalDate } from '../types/scalars.js';
import { findByGlobalId, saveUnique, mustFind, related } from './lookup.js';

/** A contract of a followed person on a market; on update, an absent field is left as it is. */
@InputType()
class PlacementFields {
  @Field(() => ID, { nullable: true }) beneficiaryId?: string;
  @Field(() => ID, { nullable: true }) marketId?: string;
  @Field(() => ID, { nullable: true, description: 'The employer: the awardee, or the agency, GEIQ or SIAE through which the person works.' }) companyId?: string;
  @Field(() => ID, { nullable: true }) lotId?: string | null;
  @Field(() => ContractType, { nullable: true }) contractType?: ContractType;
  @Field(() => PlacementModality, { nullable: true }) modality?: PlacementModality;
  @Field(() => LocalDate, { nullable: true }) startDate?: string;
  @Field(() => LocalDate, { nullable: true }) endDate?: string | null;
  @Field(() => Float, { nullable: true }) weeklyHours?: number;
}

@InputType()
class UpdatePlacementInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => PlacementFields) fields!: PlacementFields;
}

const SCALARS = ['contractType', 'modality', 'startDate', 'endDate', 'weeklyHours'] as const;

/** The PLIE that follows the person writes the placement (docs/permissions.md). */
const followsPerson = (viewer: Viewer, beneficiary: Beneficiary | null) => beneficiary?.followedBy.id === viewer.acting!.organisationId;

async function applyPlacement(em: EntityManager, viewer: Viewer, placement: Placement, fields: PlacementFields): Promise<void> {
  const validation = new Validation();
  for (const name of SCALARS) if (fields[name] !== undefined) Object.assign(placement, { [name]: fields[name] });
  if (fields.beneficiaryId !== undefined) {
    const beneficiary = await findByGlobalId(em, Beneficiary, 'Beneficiary', fields.beneficiaryId);
    validation.check(followsPerson(viewer, beneficiary), 'beneficiaryId', 'UNKNOWN', 'Aucun participant suivi par votre PLIE ne correspond');
    if (beneficiary) placement.beneficiary = beneficiary;
  }
  if (fields.marketId !== undefined) {
    const market = await related(em, Market, 'Market', fields.marketId, validation, 'marketId');
    if (market) placement.market = market;
  }
  if (fields.companyId !== undefined) {
    const company = await related(em, Company, 'Company', fields.companyId, validation, 'companyId');
    if (company) placement.company = company;
  }
  if (fields.lotId !== undefined) {
    const lot = fields.lotId ? await related(em, Lot, 'Lot', fields.lotId, validation, 'lotId') : null;
    validation.check(!lot || lot.market.id === placement.market?.id, 'lotId', 'LOT_OF_ANOTHER_MARKET', "Ce lot n'appartient pas au marché de la mise à l'emploi");
    placement.lot = lot;
  }
  const market = placement.market as Market | undefined;
  validation
    // A reference given but not found is already a problem of its own (UNKNOWN).
    .check(Boolean(placement.beneficiary) || fields.beneficiaryId != null, 'beneficiaryId', 'REQUIRED', 'Le participant est obligatoire')
    .check(Boolean(market) || fields.marketId != null, 'marketId', 'REQUIRED', 'Le marché est obligatoire')
    .check(Boolean(placement.company) || fields.companyId != null, 'companyId', 'REQUIRED', "L'employeur est obligatoire")
    .check(Boolean(placement.contractType), 'contractType', 'REQUIRED', 'Le type de contrat est obligatoire')
    .check(Boolean(placement.modality), 'modality', 'REQUIRED', "La modalité d'embauche est obligatoire")
    .check(isIsoDate(placement.startDate), 'startDate', 'REQUIRED', 'La date de début est obligatoire');
  checkPlacementTerms(validation, placement, market ?? null);
  validation.conclude();
}

const saved = (em: EntityManager, placement: Placement) => saveUnique(em, placement, 'placement_natural_key', 'DUPLICATE_PLACEMENT',
  'Cette mise à l’emploi est déjà enregistrée (même participant, employeur, marché et date de début)');

@Resolver()
export class PlacementWriteResolver {
  @Mutation(() => PlacementNode, { description: "Records a placement (mise à l'emploi) of a person the acting PLIE follows." })
  async createPlacement(@Arg('fields') fields: PlacementFields, @Ctx() { em, viewer }: RequestContext) {
    const placement = new Placement();
    await applyPlacement(em, viewer, placement, fields);
    return saved(em, placement);
  }

  @Mutation(() => PlacementNode)
  async updatePlacement(@Arg('input') { id, version, fields }: UpdatePlacementInput, @Ctx() { em, viewer }: RequestContext) {
    const placement = await mustFind(em, Placement, 'Placement', id, 'Mise à l’emploi');
    await em.populate(placement, ['beneficiary', 'market']);
    if (!followsPerson(viewer, placement.beneficiary)) throw notFound('Mise à l’emploi');
    await em.lock(placement, LockMode.OPTIMISTIC, version);
    await applyPlacement(em, viewer, placement, fields);
    return saved(em, placement);
  }
}
