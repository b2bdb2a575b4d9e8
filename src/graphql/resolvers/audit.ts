import type { FilterQuery } from '@mikro-orm/postgresql';
import { Args, ArgsType, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root } from 'type-graphql';
import { AuditEvent } from '../../db/entities/index.js';
import type { RequestContext } from '../../context/request-context.js';
import { badInput } from '../../context/errors.js';
import { UUID } from '../relay/global-id.js';
import { connectionComplexity, connectionType, PageArgs, paginate } from '../relay/connection.js';
import { AuditEventNode } from '../types/administration.js';
import { OrganisationNode } from '../types/organisation.js';

@InputType()
class AuditFilter {
  @Field(() => String, { nullable: true, description: 'Entity name, e.g. "Membership".' })
  entity?: string;

  @Field(() => String, { nullable: true, description: 'Database id of the row written.' })
  entityId?: string;
}

@ArgsType()
class AuditEventsArgs extends PageArgs {
  @Field(() => AuditFilter, { nullable: true })
  filter?: AuditFilter;
}

const AuditEventConnection = connectionType(AuditEventNode, 'AuditEvent');

function checkedUuid(value: string): string {
  if (!UUID.test(value)) throw badInput(`« ${value} » n'est pas un identifiant de ligne`, { field: 'filter.entityId' });
  return value;
}

@Resolver(() => AuditEventNode)
export class AuditResolver {
  @Query(() => AuditEventConnection, { complexity: connectionComplexity, description: 'Audit trail, newest first: its own for an admin, all for the Département.' })
  auditEvents(@Args() { filter = {}, ...page }: AuditEventsArgs, @Ctx() { em }: RequestContext) {
    const where: FilterQuery<AuditEvent> = {
      ...(filter.entity ? { entity: filter.entity } : {}),
      ...(filter.entityId ? { entityId: checkedUuid(filter.entityId) } : {}),
    };
    return paginate(em, AuditEvent, where, { createdAt: 'desc' }, page);
  }

  @FieldResolver(() => OrganisationNode, { nullable: true })
  organisation(@Root() event: AuditEvent, @Ctx() { loaders }: RequestContext) {
    return event.organisationId ? loaders.organisation.load(event.organisationId) : null;
  }
}
