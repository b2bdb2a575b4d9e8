import { Field, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node } from '../relay/node.js';
import { ApiKeyNode, MembershipNode, OrganisationNode } from './organisation.js';

@ObjectType('CreatedApiKey')
export class CreatedApiKeyNode {
  @Field(() => ApiKeyNode)
  apiKey!: ApiKeyNode;

  @Field({ description: 'The key itself, shown this once: only its hash is kept.' })
  secret!: string;
}

@ObjectType('AuditEvent', { implements: Node, description: 'One write: who, for which organisation, on what, what changed.' })
export class AuditEventNode extends Node {
  @Field(() => Date)
  createdAt!: Date;

  @Field()
  entity!: string;

  @Field({ description: 'Database id of the row written.' })
  entityId!: string;

  @Field()
  action!: string;

  @Field(() => GraphQLJSONObject)
  changes!: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  userId!: string | null;

  @Field(() => String, { nullable: true })
  apiKeyId!: string | null;

  @Field(() => OrganisationNode, { nullable: true })
  organisation!: OrganisationNode | null;

  @Field(() => String, { nullable: true })
  requestId!: string | null;
}

@ObjectType('IdentityRead', { implements: Node, description: 'Who read whose identity: one answer (or export) and the people of one PLIE it carried.' })
export class IdentityReadNode extends Node {
  @Field(() => Date)
  createdAt!: Date;

  @Field(() => String, { nullable: true })
  userId!: string | null;

  @Field(() => String, { nullable: true })
  apiKeyId!: string | null;

  @Field(() => OrganisationNode)
  organisation!: OrganisationNode;

  @Field(() => OrganisationNode)
  followedBy!: OrganisationNode;

  // Up to 1,000 ids a record: weighed so that a page holds at most a few hundred records.
  @Field(() => [String], { complexity: 20, description: 'Database ids of the people whose identity was read (1,000 at most a record).' })
  beneficiaryIds!: string[];

  @Field({ description: 'Through what: GRAPHQL, FOLLOW_UP_EXPORT or PERSON_RECORD.' })
  channel!: string;

  @Field(() => String, { nullable: true })
  requestId!: string | null;
}

@ObjectType('MemberPayload')
export class MemberPayload {
  @Field(() => MembershipNode)
  membership!: MembershipNode;
}
