import type { FilterQuery } from '@mikro-orm/postgresql';
import { Args, ArgsType, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root } from 'type-graphql';
import { IdentityRead } from '../../db/entities/index.js';
import type { RequestContext } from '../../context/request-context.js';
import { filterUuid } from '../relay/global-id.js';
import { connectionComplexity, connectionType, PageArgs, paginate } from '../relay/connection.js';
import { IdentityReadNode } from '../types/administration.js';
import { OrganisationNode } from '../types/organisation.js';

@InputType()
class IdentityReadFilter {
  @Field(() => String, { nullable: true, description: 'Database id of the user who read.' })
  userId?: string;

  @Field(() => String, { nullable: true, description: 'Database id of the API key that read.' })
  apiKeyId?: string;

  @Field(() => String, { nullable: true, description: 'Database id of a person: the reads of their identity.' })
  beneficiaryId?: string;

  @Field(() => Date, { nullable: true, description: 'Reads at or after this time.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Reads before this time.' })
  to?: Date;
}

@ArgsType()
class IdentityReadsArgs extends PageArgs {
  @Field(() => IdentityReadFilter, { nullable: true })
  filter?: IdentityReadFilter;
}

const IdentityReadConnection = connectionType(IdentityReadNode, 'IdentityRead');

@Resolver(() => IdentityReadNode)
export class IdentityReadResolver {
  @Query(() => IdentityReadConnection, {
    complexity: connectionComplexity,
    description: 'Who read whose identity, newest first: every read for the Département’s administrators, the reads of the people '
      + 'a PLIE follows for its administrators. For a breach: every identity a user or a key read between two dates.',
  })
  identityReads(@Args() { filter = {}, ...page }: IdentityReadsArgs, @Ctx() { em }: RequestContext) {
    const where: FilterQuery<IdentityRead> = {
      ...(filter.userId ? { userId: filterUuid(filter.userId, 'userId') } : {}),
      ...(filter.apiKeyId ? { apiKeyId: filterUuid(filter.apiKeyId, 'apiKeyId') } : {}),
      ...(filter.beneficiaryId ? { beneficiaryIds: { $contains: [filterUuid(filter.beneficiaryId, 'beneficiaryId')] } } : {}),
      ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) } } : {}),
    };
    return paginate(em, IdentityRead, where, { createdAt: 'desc' }, page);
  }

  @FieldResolver(() => OrganisationNode, { description: 'The organisation the reader acted for.' })
  organisation(@Root() read: IdentityRead, @Ctx() { loaders }: RequestContext) {
    return loaders.organisation.load(read.organisationId);
  }

  @FieldResolver(() => OrganisationNode, { description: 'The PLIE that follows the people read.' })
  followedBy(@Root() read: IdentityRead, @Ctx() { loaders }: RequestContext) {
    return loaders.organisation.load(read.followedById);
  }
}
