import type { FilterQuery } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Ctx, Field, FieldResolver, Float, Info, InputType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { Award, ClauseMechanism, Company, CompanyKind, HeadcountBand, Lot, Market, MarketNature, MarketStatus } from '../../db/entities/index.js';
import { plannedInsertionHours } from '../../domain/planned-hours.js';
import type { RequestContext } from '../../context/request-context.js';
import { compiledMarketsPage, fromMarketsPage, type MarketRoot } from '../compiled/markets-page.js';
import { compiledReads } from '../compiled/page.js';
import { connectionComplexity, connectionType, PageArgs, paginate, SortDirection, sortOrder } from '../relay/connection.js';
import { CharterNode, OperationNode } from '../types/charter.js';
import { AwardNode, CompanyNode, LotNode, MarketNode, PlannedHoursNode, PlannedHoursBasisValue } from '../types/market.js';
import { OrganisationNode } from '../types/organisation.js';
import { connectionFieldsAsked } from '../selection.js';
import { LocalDate } from '../types/scalars.js';
import { optionalRelation, searchCondition } from './filters.js';

export enum MarketSortField {
  REFERENCE = 'REFERENCE',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(MarketSortField, { name: 'MarketSortField' });

@InputType()
class MarketOrder {
  @Field(() => MarketSortField)
  field!: MarketSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

@InputType()
class MarketFilter {
  @Field(() => String, { nullable: true, description: 'Organisation id of the buyer.' })
  buyerId?: string;

  @Field(() => String, { nullable: true, description: 'Organisation id of the facilitating PLIE.' })
  facilitatorId?: string;

  @Field(() => String, { nullable: true })
  operationId?: string;

  @Field(() => String, { nullable: true })
  charterId?: string;

  @Field(() => [MarketNature], { nullable: true })
  natures?: MarketNature[];

  @Field(() => [ClauseMechanism], { nullable: true })
  clauseMechanisms?: ClauseMechanism[];

  @Field(() => [MarketStatus], { nullable: true })
  statuses?: MarketStatus[];

  @Field(() => LocalDate, { nullable: true, description: 'Notified on or after this date.' })
  notifiedFrom?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Notified on or before this date.' })
  notifiedTo?: string;

  @Field(() => String, { nullable: true, description: 'Words found in the reference or the object.' })
  search?: string;
}

@ArgsType()
class MarketsArgs extends PageArgs {
  @Field(() => MarketFilter, { nullable: true })
  filter?: MarketFilter;

  @Field(() => MarketOrder, { nullable: true })
  orderBy?: MarketOrder;
}

const MarketConnection = connectionType(MarketNode, 'Market');

function marketWhere(filter: MarketFilter = {}): FilterQuery<Market> {
  const notified = {
    ...(filter.notifiedFrom ? { $gte: filter.notifiedFrom } : {}),
    ...(filter.notifiedTo ? { $lte: filter.notifiedTo } : {}),
  };
  return {
    ...optionalRelation('buyer', filter.buyerId, 'Organisation', 'filter.buyerId'),
    ...optionalRelation('facilitator', filter.facilitatorId, 'Organisation', 'filter.facilitatorId'),
    ...optionalRelation('operation', filter.operationId, 'Operation', 'filter.operationId'),
    ...optionalRelation('charter', filter.charterId, 'Charter', 'filter.charterId'),
    ...(filter.natures ? { nature: { $in: filter.natures } } : {}),
    ...(filter.clauseMechanisms ? { clauseMechanism: { $in: filter.clauseMechanisms } } : {}),
    ...(filter.statuses ? { status: { $in: filter.statuses } } : {}),
    ...(Object.keys(notified).length ? { notificationDate: notified } : {}),
    ...searchCondition(filter.search, ['reference', 'object']),
  };
}

@Resolver(() => MarketNode)
export class MarketResolver {
  @Query(() => MarketConnection, { complexity: connectionComplexity })
  markets(@Args() args: MarketsArgs, @Ctx() { em }: RequestContext, @Info() info: GraphQLResolveInfo) {
    const order = sortOrder(args.orderBy, { REFERENCE: 'reference', CREATED_AT: 'createdAt', UPDATED_AT: 'updatedAt' }, MarketSortField.REFERENCE);
    if (!compiledReads.markets) return paginate(em, Market, marketWhere(args.filter), order, args);
    return compiledMarketsPage(em, { filter: args.filter ?? {}, order, page: args, asked: connectionFieldsAsked(info) });
  }

  @FieldResolver(() => OrganisationNode)
  buyer(@Root() market: MarketRoot, @Ctx() { loaders }: RequestContext) {
    return fromMarketsPage(market, 'buyer', () => loaders.organisation.load(market.buyer.id));
  }

  @FieldResolver(() => OrganisationNode, { nullable: true })
  facilitator(@Root() market: MarketRoot, @Ctx() { loaders }: RequestContext) {
    return fromMarketsPage(market, 'facilitator', () => (market.facilitator ? loaders.organisation.load(market.facilitator.id) : null));
  }

  @FieldResolver(() => OperationNode, { nullable: true })
  operation(@Root() market: MarketRoot, @Ctx() { loaders }: RequestContext) {
    return fromMarketsPage(market, 'operation', () => (market.operation ? loaders.operation.load(market.operation.id) : null));
  }

  @FieldResolver(() => CharterNode, { nullable: true })
  charter(@Root() market: MarketRoot, @Ctx() { loaders }: RequestContext) {
    return fromMarketsPage(market, 'charter', () => (market.charter ? loaders.charter.load(market.charter.id) : null));
  }

  @FieldResolver(() => PlannedHoursNode)
  plannedHours(@Root() market: MarketRoot): PlannedHoursNode {
    const { hours, basis } = plannedInsertionHours(market);
    return { hours, basis: basis as PlannedHoursBasisValue };
  }

  @FieldResolver(() => Float)
  realisedHours(@Root() market: MarketRoot, @Ctx() { loaders }: RequestContext) {
    return fromMarketsPage(market, 'realisedHours', () => loaders.realisedHoursByMarket.load(market.id));
  }

  @FieldResolver(() => [LotNode])
  lots(@Root() market: MarketRoot, @Ctx() { loaders }: RequestContext) {
    return loaders.lotsByMarket.load(market.id);
  }
}

@Resolver(() => LotNode)
export class LotResolver {
  @FieldResolver(() => [AwardNode])
  awards(@Root() lot: Lot, @Ctx() { loaders }: RequestContext) {
    return loaders.awardsByLot.load(lot.id);
  }

  @FieldResolver(() => MarketNode)
  market(@Root() lot: Lot, @Ctx() { loaders }: RequestContext) {
    return loaders.market.load(lot.market.id);
  }
}

@Resolver(() => AwardNode)
export class AwardResolver {
  @FieldResolver(() => CompanyNode)
  company(@Root() award: Award, @Ctx() { loaders }: RequestContext) {
    return loaders.company.load(award.company.id);
  }

  @FieldResolver(() => LotNode)
  lot(@Root() award: Award, @Ctx() { loaders }: RequestContext) {
    return loaders.lot.load(award.lot.id);
  }
}

@InputType()
class CompanyFilter {
  @Field(() => [CompanyKind], { nullable: true })
  kinds?: CompanyKind[];

  @Field(() => [HeadcountBand], { nullable: true })
  headcountBands?: HeadcountBand[];

  @Field(() => String, { nullable: true, description: 'NAF code prefix, e.g. "43" or "43.99".' })
  nafPrefix?: string;

  @Field(() => String, { nullable: true, description: 'Words found in the name, or digits of the SIRET.' })
  search?: string;
}

@ArgsType()
class CompaniesArgs extends PageArgs {
  @Field(() => CompanyFilter, { nullable: true })
  filter?: CompanyFilter;
}

const CompanyConnection = connectionType(CompanyNode, 'Company');

@Resolver(() => CompanyNode)
export class CompanyResolver {
  @Query(() => CompanyConnection, { complexity: connectionComplexity, description: 'Companies, by name.' })
  companies(@Args() { filter = {}, ...page }: CompaniesArgs, @Ctx() { em }: RequestContext) {
    const where: FilterQuery<Company> = {
      ...(filter.kinds ? { kind: { $in: filter.kinds } } : {}),
      ...(filter.headcountBands ? { headcountBand: { $in: filter.headcountBands } } : {}),
      ...(filter.nafPrefix ? { nafCode: { $like: `${filter.nafPrefix.replace(/[%_\\]/g, '')}%` } } : {}),
      ...searchCondition(filter.search, ['name', 'siret']),
    };
    return paginate(em, Company, where, { name: 'asc' }, page);
  }
}

