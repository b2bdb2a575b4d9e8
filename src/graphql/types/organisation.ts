import { Field, ObjectType } from 'type-graphql';
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

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field()
  active!: boolean;
}

@ObjectType('Viewer', { description: 'The signed-in user and the organisation they act for.' })
export class ViewerNode {
  @Field(() => UserNode)
  user!: UserNode;

  @Field(() => [MembershipNode], { description: 'Active memberships.' })
  memberships!: MembershipNode[];

  @Field(() => OrganisationNode, { nullable: true, description: 'Chosen with the X-Organisation header when there are several memberships.' })
  actingOrganisation!: OrganisationNode | null;

  @Field(() => MembershipRole, { nullable: true })
  actingRole!: MembershipRole | null;
}
