import type { FilterQuery } from '@mikro-orm/postgresql';
import { Args, ArgsType, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root } from 'type-graphql';
import { AuditEvent } from '../../db/entities/index.js';
import { REQUEST_ID, type RequestContext } from '../../context/request-context.js';
import { badInput } from '../../context/errors.js';
import { filterUuid } from '../relay/global-id.js';
import { connectionComplexity, connectionType, PageArgs, paginate } from '../relay/connection.js';
import { AuditEventNode } from '../types/administration.js';
import { OrganisationNode } from '../types/organisation.js';

@InputType()
class AuditFilter {
  @Field(() => String, { nullable: true, description: 'Entity name, e.g. "Membership".' })
  entity?: string;

  @Field(() => String, { nullable: true, description: 'Database id of the row written.' })
  entityId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The `x-request-id` of the request that wrote (sent by the client, or received in its answer): whether a write whose answer was lost was committed.',
  })
  requestId?: string;

  @Field(() => String, { nullable: true, description: 'What the write did: CREATE, UPDATE or DELETE.' })
  action?: string;

  @Field(() => String, { nullable: true, description: 'Database id of the user who wrote.' })
  userId?: string;

  @Field(() => String, { nullable: true, description: 'Database id of the API key that wrote.' })
  apiKeyId?: string;

  @Field(() => Date, { nullable: true, description: 'Writes at or after this time.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Writes before this time.' })
  to?: Date;
}

@ArgsType()
class AuditEventsArgs extends PageArgs {
  @Field(() => AuditFilter, { nullable: true })
  filter?: AuditFilter;
}

const AuditEventConnection = connectionType(AuditEventNode, 'AuditEvent');

/** Only an id the platform could have kept finds anything: any other is refused, and not quoted back. */
function checkedRequestId(value: string): string {
  if (!REQUEST_ID.test(value)) throw badInput("Ce n'est pas un identifiant de requête (1 à 128 lettres, chiffres, « _ », « . », « : » ou « - »)", { field: 'filter.requestId' });
  return value;
}

/** An action is a word in capitals (CREATE, UPDATE, DELETE…): anything else is refused, and not quoted back. */
function checkedAction(value: string): string {
  if (!/^[A-Z_]{1,40}$/.test(value)) throw badInput("Ce n'est pas une action du journal (CREATE, UPDATE ou DELETE)", { field: 'filter.action' });
  return value;
}

@Resolver(() => AuditEventNode)
export class AuditResolver {
  @Query(() => AuditEventConnection, { complexity: connectionComplexity, description: "Audit trail, newest first: the organisation's for its admins (every organisation's for the Département's), the events of one's own writes for anyone else, person or API key." })
  auditEvents(@Args() { filter = {}, ...page }: AuditEventsArgs, @Ctx() { em }: RequestContext) {
    const where: FilterQuery<AuditEvent> = {
      ...(filter.entity ? { entity: filter.entity } : {}),
      ...(filter.entityId ? { entityId: filterUuid(filter.entityId, 'entityId') } : {}),
      ...(filter.requestId != null ? { requestId: checkedRequestId(filter.requestId) } : {}),
      ...(filter.action ? { action: checkedAction(filter.action) } : {}),
      ...(filter.userId ? { userId: filterUuid(filter.userId, 'userId') } : {}),
      ...(filter.apiKeyId ? { apiKeyId: filterUuid(filter.apiKeyId, 'apiKeyId') } : {}),
      ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) } } : {}),
    };
    return paginate(em, AuditEvent, where, { createdAt: 'desc' }, page);
  }

  @FieldResolver(() => OrganisationNode, { nullable: true })
  organisation(@Root() event: AuditEvent, @Ctx() { loaders }: RequestContext) {
    return event.organisationId ? loaders.organisation.load(event.organisationId) : null;
  }
}
