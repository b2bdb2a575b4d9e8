import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { InvitationStatus, MembershipRole } from '../../db/entities/index.js';
import { Node } from '../relay/node.js';
import { OrganisationNode } from './organisation.js';

registerEnumType(InvitationStatus, { name: 'InvitationStatus', description: 'PENDING until the invitee accepts or refuses it, or an administrator revokes it.' });

@ObjectType('Invitation', {
  implements: Node,
  description: 'A role offered to an e-mail. It names no account: only whoever signs in with that e-mail sees it and answers it.',
})
export class InvitationNode extends Node {
  @Field(() => OrganisationNode)
  organisation!: OrganisationNode;

  @Field()
  email!: string;

  @Field({ description: 'The name the inviter gave.' })
  displayName!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field(() => InvitationStatus)
  status!: InvitationStatus;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was accepted, refused or revoked.' })
  closedAt!: Date | null;

  @Field(() => Int, { description: 'Optimistic-locking version.' })
  version!: number;
}

@ObjectType('InvitationPayload')
export class InvitationPayload {
  @Field(() => InvitationNode)
  invitation!: InvitationNode;
}
