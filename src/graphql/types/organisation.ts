import { Field, Int, ObjectType } from 'type-graphql';
import { MembershipRole, OrganisationKind } from '../../db/entities/index.js';
import { Node } from '../relay/node.js';

@ObjectType('Organisation', { implements: Node, description: 'A partner organisation (a tenant of the platform).' })
export class OrganisationNode extends Node {
  @Field(() => OrganisationKind)
  kind!: OrganisationKind;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  siret!: string | null;

  @Field()
  territory!: string;

  @Field()
  departementCode!: string;
}

@ObjectType('User', { implements: Node })
export class UserNode extends Node {
  @Field()
  email!: string;

  @Field()
  displayName!: string;
}

@ObjectType('Membership', { implements: Node })
export class MembershipNode extends Node {
  @Field(() => OrganisationNode)
  organisation!: OrganisationNode;

  @Field(() => UserNode)
  user!: UserNode;

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field()
  active!: boolean;

  @Field(() => Int, { description: 'Optimistic-locking version.' })
  version!: number;
}

@ObjectType('ApiKey', { implements: Node, description: "A partner front-end's credential, for one organisation and one role." })
export class ApiKeyNode extends Node {
  @Field()
  name!: string;

  @Field({ description: 'Public start of the key (clk_<prefix>_…), to recognise it.' })
  prefix!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType('Viewer', { description: 'The signed-in user, or the API key, and the organisation they act for.' })
export class ViewerNode {
  @Field(() => UserNode, { nullable: true, description: 'Null when the request is made with an API key.' })
  user!: UserNode | null;

  @Field(() => ApiKeyNode, { nullable: true, description: 'The API key the request is made with, if any.' })
  apiKey!: ApiKeyNode | null;

  @Field(() => [MembershipNode], { description: 'Active memberships.' })
  memberships!: MembershipNode[];

  @Field(() => OrganisationNode, { nullable: true, description: 'Chosen with the X-Organisation header when there are several memberships.' })
  actingOrganisation!: OrganisationNode | null;

  @Field(() => MembershipRole, { nullable: true })
  actingRole!: MembershipRole | null;
}
