import type { FilterQuery } from '@mikro-orm/postgresql';
import { Args, ArgsType, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root } from 'type-graphql';
import { Membership, Organisation, OrganisationKind, User } from '../../db/entities/index.js';
import { heldOrPlain } from '../../db/held-entity.js';
import type { RequestContext } from '../../context/request-context.js';
import { connectionComplexity, connectionType, PageArgs, paginate } from '../relay/connection.js';
import { MembershipNode, OrganisationNode, UserNode, ViewerNode } from '../types/organisation.js';
import { searchCondition } from './filters.js';

@InputType()
class OrganisationFilter {
  @Field(() => [OrganisationKind], { nullable: true })
  kinds?: OrganisationKind[];

  @Field(() => String, { nullable: true, description: 'Département code, e.g. "62".' })
  departementCode?: string;

  @Field(() => String, { nullable: true, description: 'Words found in the name or the territory.' })
  search?: string;
}

@ArgsType()
class OrganisationsArgs extends PageArgs {
  @Field(() => OrganisationFilter, { nullable: true })
  filter?: OrganisationFilter;
}

const OrganisationConnection = connectionType(OrganisationNode, 'Organisation');

@Resolver(() => OrganisationNode)
export class OrganisationResolver {
  @Query(() => OrganisationConnection, { complexity: connectionComplexity, description: 'Organisations, by name.' })
  organisations(@Args() { filter = {}, ...page }: OrganisationsArgs, @Ctx() { em }: RequestContext) {
    const where: FilterQuery<Organisation> = {
      ...(filter.kinds ? { kind: { $in: filter.kinds } } : {}),
      ...(filter.departementCode ? { departementCode: filter.departementCode } : {}),
      ...searchCondition(filter.search, ['name', 'territory']),
    };
    return paginate(em, Organisation, where, { name: 'asc' }, page);
  }
}

/**
 * What the Membership resolvers read of a membership: its relations' ids. The viewer's are plain rows; typed as an
 * entity class, the root would be made an entity by type-graphql at each field.
 */
type MembershipRoot = Pick<Membership, 'organisation' | 'user'>;

@Resolver(() => MembershipNode)
export class MembershipResolver {
  @FieldResolver(() => OrganisationNode)
  organisation(@Root() membership: MembershipRoot, @Ctx() { loaders }: RequestContext) {
    return loaders.organisation.load(membership.organisation.id);
  }

  @FieldResolver(() => UserNode)
  user(@Root() membership: MembershipRoot, @Ctx() { loaders }: RequestContext) {
    return loaders.user.load(membership.user.id);
  }
}

@Resolver(() => ViewerNode)
export class ViewerResolver {
  @Query(() => ViewerNode, { description: 'Who is asking, and for which organisation.' })
  viewer(@Ctx() { viewer, loaders, em }: RequestContext) {
    const { apiKey, acting, sessionRows } = viewer;
    return {
      user: sessionRows && heldOrPlain(em, User, sessionRows.user),
      apiKey: apiKey && { ...apiKey, lastUsedAt: new Date(), revokedAt: null },
      memberships: sessionRows?.memberships.map(({ membership }) => heldOrPlain(em, Membership, membership)) ?? [],
      actingOrganisation: acting && loaders.organisation.load(acting.organisationId),
      actingRole: acting?.role ?? null,
    };
  }
}
