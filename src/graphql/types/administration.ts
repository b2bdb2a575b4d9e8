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

@ObjectType('MemberPayload')
export class MemberPayload {
  @Field(() => MembershipNode)
  membership!: MembershipNode;
}
