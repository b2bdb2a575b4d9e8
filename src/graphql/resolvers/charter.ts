import type { FilterQuery } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Ctx, Field, FieldResolver, Info, InputType, Query, Resolver, Root } from 'type-graphql';
import { Charter, Operation, Programme } from '../../db/entities/index.js';
import type { RequestContext } from '../../context/request-context.js';
import { CHARTERS_ORDER, compiledChartersPage, fromChartersPage, type CharterRoot } from '../compiled/charters-page.js';
import { compiledReads } from '../compiled/page.js';
import { connectionComplexity, connectionType, PageArgs, paginate } from '../relay/connection.js';
import { CharterNode, CharterTargetNode, OperationNode, QpvNode } from '../types/charter.js';
import { connectionFieldsAsked } from '../selection.js';
import { OrganisationNode } from '../types/organisation.js';
import { optionalRelation, searchCondition } from './filters.js';

@InputType()
class CharterFilter {
  @Field(() => String, { nullable: true, description: 'Organisation id of a signatory.' })
  signatoryId?: string;

  @Field(() => String, { nullable: true, description: 'Organisation id of the coordinator.' })
  coordinatorId?: string;

  @Field(() => String, { nullable: true })
  search?: string;
}

@ArgsType()
class ChartersArgs extends PageArgs {
  @Field(() => CharterFilter, { nullable: true })
  filter?: CharterFilter;
}

const CharterConnection = connectionType(CharterNode, 'Charter');

@Resolver(() => CharterNode)
export class CharterResolver {
  @Query(() => CharterConnection, { complexity: connectionComplexity, description: 'Charters, by name.' })
  charters(@Args() { filter = {}, ...page }: ChartersArgs, @Ctx() { em }: RequestContext, @Info() info: GraphQLResolveInfo) {
    const order = CHARTERS_ORDER;
    if (compiledReads.charters) {
      return compiledChartersPage(em, { filter, order, page, asked: connectionFieldsAsked(info) });
    }
    const signatory = optionalRelation('organisation', filter.signatoryId, 'Organisation', 'filter.signatoryId');
    const where: FilterQuery<Charter> = {
      ...optionalRelation('coordinator', filter.coordinatorId, 'Organisation', 'filter.coordinatorId'),
      ...(filter.signatoryId ? { signatories: signatory } : {}),
      ...searchCondition(filter.search, ['name']),
    };
    return paginate(em, Charter, where, order, page);
  }

  @FieldResolver(() => OrganisationNode)
  coordinator(@Root() charter: CharterRoot, @Ctx() { loaders }: RequestContext) {
    return fromChartersPage(charter, 'coordinator', () => loaders.organisation.load(charter.coordinator.id));
  }

  @FieldResolver(() => [OrganisationNode])
  signatories(@Root() charter: CharterRoot, @Ctx() { loaders }: RequestContext) {
    return fromChartersPage(charter, 'signatories', async () => {
      const links = await loaders.signatoriesByCharter.load(charter.id);
      return loaders.organisation.loadMany(links.map((link) => link.organisation.id));
    });
  }

  @FieldResolver(() => [QpvNode])
  qpvs(@Root() charter: CharterRoot, @Ctx() { loaders }: RequestContext) {
    return fromChartersPage(charter, 'qpvs', async () => {
      const links = await loaders.qpvLinksByCharter.load(charter.id);
      return loaders.qpv.loadMany(links.map((link) => link.qpv.id));
    });
  }

  @FieldResolver(() => [CharterTargetNode])
  targets(@Root() charter: CharterRoot, @Ctx() { loaders }: RequestContext) {
    return fromChartersPage(charter, 'targets', () => loaders.targetsByCharter.load(charter.id));
  }
}

@InputType()
class OperationFilter {
  @Field(() => [Programme], { nullable: true })
  programmes?: Programme[];

  @Field(() => String, { nullable: true })
  charterId?: string;

  @Field(() => String, { nullable: true, description: 'Organisation id of the owner.' })
  ownerId?: string;

  @Field(() => String, { nullable: true })
  search?: string;
}

@ArgsType()
class OperationsArgs extends PageArgs {
  @Field(() => OperationFilter, { nullable: true })
  filter?: OperationFilter;
}

const OperationConnection = connectionType(OperationNode, 'Operation');

@Resolver(() => OperationNode)
export class OperationResolver {
  @Query(() => OperationConnection, { complexity: connectionComplexity, description: 'Operations and programmes, by name.' })
  operations(@Args() { filter = {}, ...page }: OperationsArgs, @Ctx() { em }: RequestContext) {
    const where: FilterQuery<Operation> = {
      ...(filter.programmes ? { programme: { $in: filter.programmes } } : {}),
      ...optionalRelation('charter', filter.charterId, 'Charter', 'filter.charterId'),
      ...optionalRelation('owner', filter.ownerId, 'Organisation', 'filter.ownerId'),
      ...searchCondition(filter.search, ['name', 'territory']),
    };
    return paginate(em, Operation, where, { name: 'asc' }, page);
  }

  @FieldResolver(() => OrganisationNode)
  owner(@Root() operation: Operation, @Ctx() { loaders }: RequestContext) {
    return loaders.organisation.load(operation.owner.id);
  }

  @FieldResolver(() => CharterNode, { nullable: true })
  charter(@Root() operation: Operation, @Ctx() { loaders }: RequestContext) {
    return operation.charter ? loaders.charter.load(operation.charter.id) : null;
  }
}
