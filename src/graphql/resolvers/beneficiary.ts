import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, InputType, Int, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { readsDetail } from '../../access/can.js';
import { Beneficiary, ContractType, Placement, PlacementModality, QualificationLevel, Sex } from '../../db/entities/index.js';
import { ageBand } from '../../domain/age.js';
import { firstDayOfMonth, lastDayOfMonth } from '../../domain/dates.js';
import type { RequestContext, Viewer } from '../../context/request-context.js';
import { connectionComplexity, connectionType, PageArgs, paginate, SortDirection, sortOrder } from '../relay/connection.js';
import { AgeBandValue, BeneficiaryIdentityNode, BeneficiaryNode, ExitNode, PlacementMonthNode, PlacementNode } from '../types/beneficiary.js';
import { QpvNode } from '../types/charter.js';
import { CompanyNode, LotNode, MarketNode } from '../types/market.js';
import { OrganisationNode } from '../types/organisation.js';
import { LocalDate } from '../types/scalars.js';
import { optionalRelation, searchCondition } from './filters.js';
import { DUPLICATES_LIMIT, probableDuplicates } from '../../follow-up/duplicates.js';

@InputType()
class BeneficiaryFilter {
  @Field(() => String, { nullable: true, description: 'Organisation id of the PLIE following the person.' })
  followedById?: string;

  @Field(() => Sex, { nullable: true })
  sex?: Sex;

  @Field(() => Boolean, { nullable: true })
  isBrsa?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Lives in a QPV.' })
  inQpv?: boolean;

  @Field(() => LocalDate, { nullable: true })
  enteredFrom?: string;

  @Field(() => LocalDate, { nullable: true })
  enteredTo?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Words each found, case-insensitively, in the last or first name: only among the people whose identity the viewer may read.',
  })
  search?: string;

  @Field(() => Boolean, { nullable: true, description: 'With an exit recorded (true), or none yet (false).' })
  exited?: boolean;

  @Field(() => [AgeBandValue], { nullable: true, description: 'Age bands at entry, any of them (under 26: UNDER_25 and AGE_25).' })
  ageBands?: AgeBandValue[];
}

/** Ages at entry of each band, both ends included. */
const AGE_BAND_RANGES: Record<AgeBandValue, [number, number]> = {
  UNDER_25: [0, 24], AGE_25: [25, 25], AGE_26_29: [26, 29], AGE_30_44: [30, 44], AGE_45_54: [45, 54], AGE_55_PLUS: [55, 200],
};

export enum BeneficiarySortField {
  ENTRY_DATE = 'ENTRY_DATE',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(BeneficiarySortField, { name: 'BeneficiarySortField' });

@InputType()
class BeneficiaryOrder {
  @Field(() => BeneficiarySortField)
  field!: BeneficiarySortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

@ArgsType()
class BeneficiariesArgs extends PageArgs {
  @Field(() => BeneficiaryFilter, { nullable: true })
  filter?: BeneficiaryFilter;

  @Field(() => BeneficiaryOrder, { nullable: true })
  orderBy?: BeneficiaryOrder;
}

const BeneficiaryConnection = connectionType(BeneficiaryNode, 'Beneficiary');

function dateRange(from: string | undefined, to: string | undefined) {
  const range = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
  return Object.keys(range).length ? range : undefined;
}

/** A field of a person's detailed typology, as the viewer may read it: the value, or null. */
const detail = <T>(viewer: Viewer, value: T): T | null => (readsDetail(viewer, 'beneficiary') ? value : null);

@Resolver(() => BeneficiaryNode)
export class BeneficiaryResolver {
  @Query(() => BeneficiaryConnection, { complexity: connectionComplexity })
  beneficiaries(@Args() { filter = {}, orderBy, ...page }: BeneficiariesArgs, @Ctx() { em }: RequestContext) {
    const entered = dateRange(filter.enteredFrom, filter.enteredTo);
    const where: FilterQuery<Beneficiary> = {
      ...optionalRelation('followedBy', filter.followedById, 'Organisation', 'filter.followedById'),
      ...(filter.sex ? { sex: filter.sex } : {}),
      ...(filter.isBrsa != null ? { isBrsa: filter.isBrsa } : {}),
      ...(filter.inQpv != null ? { qpv: filter.inQpv ? { $ne: null } : null } : {}),
      ...(entered ? { entryDate: entered } : {}),
      ...(filter.search?.trim() ? { identity: searchCondition(filter.search, ['lastName', 'firstName']) } : {}),
      ...(filter.exited != null ? { exits: filter.exited ? { $some: {} } : { $none: {} } } : {}),
      ...(filter.ageBands?.length
        ? { $or: filter.ageBands.map((band) => ({ ageAtEntry: { $gte: AGE_BAND_RANGES[band][0], $lte: AGE_BAND_RANGES[band][1] } })) }
        : {}),
    };
    const order = sortOrder(orderBy, { ENTRY_DATE: 'entryDate', CREATED_AT: 'createdAt' }, BeneficiarySortField.ENTRY_DATE);
    return paginate(em, Beneficiary, where, order, page);
  }

  @Query(() => [BeneficiaryNode], {
    description: 'People the acting PLIE follows, born that day under a close name (typo, accents, case, names swapped): '
      + 'a probable duplicate of the person about to be registered. For its editors; never another PLIE’s people.',
  })
  probableDuplicates(
    @Arg('lastName') lastName: string,
    @Arg('firstName') firstName: string,
    @Arg('birthDate', () => LocalDate) birthDate: string,
    @Arg('first', () => Int, { defaultValue: 5, description: `At most ${DUPLICATES_LIMIT}.` }) first: number,
    @Ctx() ctx: RequestContext,
  ) {
    return probableDuplicates(ctx, { lastName, firstName, birthDate }, first);
  }

  @FieldResolver(() => OrganisationNode)
  followedBy(@Root() beneficiary: Beneficiary, @Ctx() { loaders }: RequestContext) {
    return loaders.organisation.load(beneficiary.followedBy.id);
  }

  @FieldResolver(() => AgeBandValue)
  ageBand(@Root() beneficiary: Beneficiary): AgeBandValue {
    return ageBand(beneficiary.ageAtEntry) as AgeBandValue;
  }

  @FieldResolver(() => Boolean)
  livesInQpv(@Root() beneficiary: Beneficiary): boolean {
    return beneficiary.qpv !== null;
  }

  // The detailed typology: null for a viewer the access model does not let read it (readDetail).

  @FieldResolver(() => Int, { nullable: true })
  ageAtEntry(@Root() beneficiary: Beneficiary, @Ctx() { viewer }: RequestContext): number | null {
    return detail(viewer, beneficiary.ageAtEntry);
  }

  @FieldResolver(() => String, { nullable: true })
  residenceCommune(@Root() beneficiary: Beneficiary, @Ctx() { viewer }: RequestContext): string | null {
    return detail(viewer, beneficiary.residenceCommune);
  }

  @FieldResolver(() => QualificationLevel, { nullable: true })
  qualificationLevel(@Root() beneficiary: Beneficiary, @Ctx() { viewer }: RequestContext): QualificationLevel | null {
    return detail(viewer, beneficiary.qualificationLevel);
  }

  @FieldResolver(() => QpvNode, { nullable: true })
  qpv(@Root() beneficiary: Beneficiary, @Ctx() { loaders, viewer }: RequestContext) {
    const qpv = detail(viewer, beneficiary.qpv);
    return qpv ? loaders.qpv.load(qpv.id) : null;
  }

  /** An identity answered is recorded as read (src/personal-data/identity-reads.ts). */
  @FieldResolver(() => BeneficiaryIdentityNode, { nullable: true })
  async identity(@Root() beneficiary: Beneficiary, @Ctx() { loaders, identityReads }: RequestContext) {
    const identity = await loaders.identityByBeneficiary.load(beneficiary.id);
    if (identity) identityReads.add(identity.followedBy.id, beneficiary.id);
    return identity;
  }

  @FieldResolver(() => [PlacementNode])
  placements(@Root() beneficiary: Beneficiary, @Ctx() { loaders }: RequestContext) {
    return loaders.placementsByBeneficiary.load(beneficiary.id);
  }

  @FieldResolver(() => [ExitNode])
  exits(@Root() beneficiary: Beneficiary, @Ctx() { loaders }: RequestContext) {
    return loaders.exitsByBeneficiary.load(beneficiary.id);
  }
}

@InputType()
class PlacementFilter {
  @Field(() => String, { nullable: true })
  marketId?: string;

  @Field(() => String, { nullable: true })
  beneficiaryId?: string;

  @Field(() => String, { nullable: true })
  companyId?: string;

  @Field(() => [ContractType], { nullable: true })
  contractTypes?: ContractType[];

  @Field(() => [PlacementModality], { nullable: true })
  modalities?: PlacementModality[];

  @Field(() => LocalDate, { nullable: true, description: 'Placements running on that day.' })
  activeOn?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Placements running on at least one day of the month of that day (any day of the month): those whose hours the month may report.' })
  activeIn?: string;
}

@ArgsType()
class PlacementsArgs extends PageArgs {
  @Field(() => PlacementFilter, { nullable: true })
  filter?: PlacementFilter;
}

const PlacementConnection = connectionType(PlacementNode, 'Placement');

@Resolver(() => PlacementNode)
export class PlacementResolver {
  @Query(() => PlacementConnection, { complexity: connectionComplexity, description: 'Placements, by start date.' })
  placements(@Args() { filter = {}, ...page }: PlacementsArgs, @Ctx() { em }: RequestContext) {
    const where: FilterQuery<Placement> = {
      ...optionalRelation('market', filter.marketId, 'Market', 'filter.marketId'),
      ...optionalRelation('beneficiary', filter.beneficiaryId, 'Beneficiary', 'filter.beneficiaryId'),
      ...optionalRelation('company', filter.companyId, 'Company', 'filter.companyId'),
      ...(filter.contractTypes ? { contractType: { $in: filter.contractTypes } } : {}),
      ...(filter.modalities ? { modality: { $in: filter.modalities } } : {}),
      ...(filter.activeOn
        ? { startDate: { $lte: filter.activeOn }, $or: [{ endDate: null }, { endDate: { $gte: filter.activeOn } }] }
        : {}),
      ...(filter.activeIn
        ? { $and: [{ startDate: { $lte: lastDayOfMonth(filter.activeIn) } }, { $or: [{ endDate: null }, { endDate: { $gte: firstDayOfMonth(filter.activeIn) } }] }] }
        : {}),
    };
    return paginate(em, Placement, where, { startDate: 'asc' }, page);
  }

  @FieldResolver(() => BeneficiaryNode)
  beneficiary(@Root() placement: Placement, @Ctx() { loaders }: RequestContext) {
    return loaders.beneficiary.load(placement.beneficiary.id);
  }

  @FieldResolver(() => CompanyNode)
  company(@Root() placement: Placement, @Ctx() { loaders }: RequestContext) {
    return loaders.company.load(placement.company.id);
  }

  @FieldResolver(() => MarketNode, { nullable: true })
  market(@Root() placement: Placement, @Ctx() { loaders }: RequestContext) {
    return loaders.market.load(placement.market.id);
  }

  @FieldResolver(() => LotNode, { nullable: true })
  lot(@Root() placement: Placement, @Ctx() { loaders }: RequestContext) {
    return placement.lot ? loaders.lot.load(placement.lot.id) : null;
  }

  @FieldResolver(() => Float)
  realisedHours(@Root() placement: Placement, @Ctx() { loaders }: RequestContext) {
    return loaders.realisedHoursByPlacement.load(placement.id);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Hours reported on this placement for the month of that day (any day of the month); null when none.' })
  monthHours(@Root() placement: Placement, @Arg('month', () => LocalDate) month: string, @Ctx() { loaders }: RequestContext) {
    return loaders.monthHoursByPlacement.load(`${placement.id}|${firstDayOfMonth(month)}`);
  }

  @FieldResolver(() => [PlacementMonthNode], { description: 'The hours reported on this placement, month by month, oldest first.' })
  monthlyHours(@Root() placement: Placement, @Ctx() { loaders }: RequestContext) {
    return loaders.monthlyHoursByPlacement.load(placement.id);
  }
}
