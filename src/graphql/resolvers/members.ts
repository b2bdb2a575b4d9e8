import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Invitation, InvitationStatus, Membership, MembershipRole } from '../../db/entities/index.js';
import type { RequestContext } from '../../context/request-context.js';
import { invitingOrganisation, listedOrganisation } from '../../members/context.js';
import { acceptInvitation, inviteMember, pendingInvitations, refuseInvitation, revokeInvitation } from '../../members/invitations.js';
import { changeMemberRole, deactivateMember } from '../../members/memberships.js';
import { connectionComplexity, connectionType, PageArgs, paginate } from '../relay/connection.js';
import { expectGlobalId } from '../relay/global-id.js';
import { MemberPayload } from '../types/administration.js';
import { InvitationNode, InvitationPayload } from '../types/invitation.js';
import { MembershipNode, OrganisationNode, ViewerNode } from '../types/organisation.js';

@InputType()
class InviteMemberInput {
  @Field()
  email!: string;

  @Field({ description: 'The name to give the account if none exists yet for this e-mail; an existing account keeps its own.' })
  displayName!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field(() => ID, { nullable: true, description: 'The organisation to join; the acting one by default. Only the Département names another.' })
  organisationId?: string;
}

@InputType()
class ChangeMemberRoleInput {
  @Field(() => ID)
  membershipId!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field(() => Int, { nullable: true, description: 'The version read; a stale one answers CONFLICT.' })
  version?: number;
}

@InputType()
class DeactivateMemberInput {
  @Field(() => ID)
  membershipId!: string;

  @Field(() => Int, { nullable: true, description: 'The version read; a stale one answers CONFLICT.' })
  version?: number;
}

@InputType()
class RevokeInvitationInput {
  @Field(() => ID)
  invitationId!: string;

  @Field(() => Int, { nullable: true, description: 'The version read; a stale one answers CONFLICT.' })
  version?: number;
}

@ArgsType()
class MembersArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Another organisation, for the Département.' })
  organisationId?: string;

  @Field(() => Boolean, { defaultValue: false })
  includeInactive!: boolean;
}

@ArgsType()
class InvitationsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Another organisation, for the Département.' })
  organisationId?: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Also those accepted, refused or revoked.' })
  includeClosed!: boolean;
}

const organisationIdOf = (organisationId: string | undefined) =>
  organisationId == null ? undefined : expectGlobalId(organisationId, 'Organisation', 'organisationId');

const MembershipConnection = connectionType(MembershipNode, 'Membership');

const InvitationConnection = connectionType(InvitationNode, 'Invitation');

@Resolver()
export class MemberResolver {
  @Query(() => MembershipConnection, { complexity: connectionComplexity, description: 'Members of the acting organisation.' })
  members(@Args() { organisationId, includeInactive, ...page }: MembersArgs, @Ctx() ctx: RequestContext) {
    const organisation = listedOrganisation(ctx, organisationIdOf(organisationId));
    return paginate(ctx.em, Membership, { organisation, ...(includeInactive ? {} : { active: true }) }, { createdAt: 'asc' }, page);
  }

  @Query(() => InvitationConnection, { complexity: connectionComplexity, description: "Invitations of the acting organisation, newest first: those pending by default." })
  async invitations(@Args() { organisationId, includeClosed, ...page }: InvitationsArgs, @Ctx() ctx: RequestContext) {
    const organisation = await invitingOrganisation(ctx, organisationIdOf(organisationId));
    return paginate(ctx.em, Invitation, { organisation, ...(includeClosed ? {} : { status: InvitationStatus.PENDING }) }, { createdAt: 'desc' }, page);
  }

  @Mutation(() => InvitationPayload, {
    description: 'Invites an e-mail into an organisation with a role: the same answer whether an account exists for it or not. Whoever signs in with that e-mail accepts or refuses it.',
  })
  async inviteMember(@Arg('input') { organisationId, ...input }: InviteMemberInput, @Ctx() ctx: RequestContext): Promise<InvitationPayload> {
    const invitation = await inviteMember(ctx, { ...input, organisationId: organisationIdOf(organisationId) });
    return { invitation: invitation as unknown as InvitationNode };
  }

  @Mutation(() => InvitationPayload, { description: 'Withdraws a pending invitation of an organisation this admin manages.' })
  async revokeInvitation(@Arg('input') input: RevokeInvitationInput, @Ctx() ctx: RequestContext): Promise<InvitationPayload> {
    const invitation = await revokeInvitation(ctx, { ...input, invitationId: expectGlobalId(input.invitationId, 'Invitation', 'invitationId') });
    return { invitation: invitation as unknown as InvitationNode };
  }

  @Mutation(() => MemberPayload, { description: 'Accepts an invitation sent to your e-mail: you become a member with the role offered.' })
  async acceptInvitation(@Arg('invitationId', () => ID) invitationId: string, @Ctx() ctx: RequestContext): Promise<MemberPayload> {
    const membership = await acceptInvitation(ctx, expectGlobalId(invitationId, 'Invitation', 'invitationId'));
    return { membership: membership as unknown as MembershipNode };
  }

  @Mutation(() => InvitationPayload, { description: 'Refuses an invitation sent to your e-mail.' })
  async refuseInvitation(@Arg('invitationId', () => ID) invitationId: string, @Ctx() ctx: RequestContext): Promise<InvitationPayload> {
    const invitation = await refuseInvitation(ctx, expectGlobalId(invitationId, 'Invitation', 'invitationId'));
    return { invitation: invitation as unknown as InvitationNode };
  }

  @Mutation(() => MemberPayload)
  async changeMemberRole(@Arg('input') input: ChangeMemberRoleInput, @Ctx() ctx: RequestContext): Promise<MemberPayload> {
    const membership = await changeMemberRole(ctx, { ...input, membershipId: expectGlobalId(input.membershipId, 'Membership', 'membershipId') });
    return { membership: membership as unknown as MembershipNode };
  }

  @Mutation(() => MemberPayload, { description: 'Deactivates a membership: kept for the history, never deleted; a new invitation, accepted, makes it active again.' })
  async deactivateMember(@Arg('input') input: DeactivateMemberInput, @Ctx() ctx: RequestContext): Promise<MemberPayload> {
    const membership = await deactivateMember(ctx, { ...input, membershipId: expectGlobalId(input.membershipId, 'Membership', 'membershipId') });
    return { membership: membership as unknown as MembershipNode };
  }
}

@Resolver(() => InvitationNode)
export class InvitationResolver {
  @FieldResolver(() => OrganisationNode)
  organisation(@Root() invitation: Invitation, @Ctx() { loaders }: RequestContext) {
    return loaders.organisation.load(invitation.organisation.id);
  }
}

@Resolver(() => ViewerNode)
export class ViewerInvitationResolver {
  @FieldResolver(() => [InvitationNode], { description: 'Invitations sent to your e-mail that wait for your answer (acceptInvitation, refuseInvitation).' })
  invitations(@Ctx() ctx: RequestContext) {
    return pendingInvitations(ctx);
  }
}
