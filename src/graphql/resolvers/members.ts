import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, ArgsType, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Membership, MembershipRole, Organisation, OrganisationKind, User } from '../../db/entities/index.js';
import type { RequestContext, Viewer } from '../../context/request-context.js';
import { badInput, conflict, forbidden, notFound } from '../../context/errors.js';
import { connectionComplexity, connectionType, PageArgs, paginate } from '../relay/connection.js';
import { expectGlobalId } from '../relay/global-id.js';
import { MemberPayload } from '../types/administration.js';
import { MembershipNode } from '../types/organisation.js';
import { underMembershipRules } from '../../members/database-refusals.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@InputType()
class InviteMemberInput {
  @Field()
  email!: string;

  @Field()
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

@ArgsType()
class MembersArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Another organisation, for the Département.' })
  organisationId?: string;

  @Field(() => Boolean, { defaultValue: false })
  includeInactive!: boolean;
}

const MembershipConnection = connectionType(MembershipNode, 'Membership');

const isDepartement = (viewer: Viewer) => viewer.acting?.kind === OrganisationKind.DEPARTEMENT;

/** The organisation whose members are managed: the acting one, or for the Département any one. */
function managedOrganisation(viewer: Viewer, organisationId: string | undefined): string {
  const acting = viewer.acting!.organisationId;
  const target = organisationId == null ? acting : expectGlobalId(organisationId, 'Organisation', 'organisationId');
  if (target !== acting && !isDepartement(viewer)) throw forbidden('Seul le Département gère les membres d’une autre organisation');
  return target;
}

/** A membership this admin manages, locked for the change; others answer NOT_FOUND. */
async function managedMembership(em: EntityManager, viewer: Viewer, membershipId: string, version: number | undefined) {
  const id = expectGlobalId(membershipId, 'Membership', 'membershipId');
  const membership = await em.findOne(Membership, id, { populate: ['organisation'] });
  const manages = membership && (membership.organisation.id === viewer.acting!.organisationId || isDepartement(viewer));
  if (!manages) throw notFound('Adhésion');
  if (version != null) await em.lock(membership, LockMode.OPTIMISTIC, version);
  return membership;
}

/** Refuses to leave an organisation without an active administrator. */
async function keepAnAdministrator(em: EntityManager, membership: Membership): Promise<void> {
  if (membership.role !== MembershipRole.ADMIN || !membership.active) return;
  const admins = await em.find(
    Membership,
    { organisation: membership.organisation, role: MembershipRole.ADMIN, active: true },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (admins.length <= 1) {
    throw conflict("C'est le dernier administrateur de l'organisation : nommez-en un autre d'abord", { reason: 'LAST_ADMIN' });
  }
}

@Resolver()
export class MemberResolver {
  @Query(() => MembershipConnection, { complexity: connectionComplexity, description: 'Members of the acting organisation.' })
  members(@Args() { organisationId, includeInactive, ...page }: MembersArgs, @Ctx() { em, viewer }: RequestContext) {
    const organisation = managedOrganisation(viewer, organisationId);
    return paginate(em, Membership, { organisation, ...(includeInactive ? {} : { active: true }) }, { createdAt: 'asc' }, page);
  }

  @Mutation(() => MemberPayload, { description: 'Adds a person to an organisation with a role (or reactivates them); creates their account if new.' })
  async inviteMember(@Arg('input') input: InviteMemberInput, @Ctx() { em, viewer }: RequestContext): Promise<MemberPayload> {
    const email = input.email.trim().toLowerCase();
    const displayName = input.displayName.trim();
    if (!EMAIL.test(email)) throw badInput(`Adresse électronique invalide : « ${input.email} »`, { field: 'email', reason: 'INVALID_EMAIL' });
    if (!displayName) throw badInput('Le nom de la personne est obligatoire', { field: 'displayName', reason: 'REQUIRED' });
    const organisationId = managedOrganisation(viewer, input.organisationId);
    const [{ id: userId }] = (await em.execute<{ id: string }[]>('select app_user_for_invitation(?, ?) as id', [email, displayName])) as [{ id: string }];
    const existing = await em.findOne(Membership, { user: userId, organisation: organisationId });
    if (existing?.active) throw conflict('Cette personne est déjà membre de l’organisation', { reason: 'ALREADY_MEMBER' });
    const membership = existing ?? Object.assign(new Membership(), {
      user: em.getReference(User, userId),
      organisation: em.getReference(Organisation, organisationId),
    });
    Object.assign(membership, { role: input.role, active: true });
    await underMembershipRules(() => em.persist(membership).flush());
    return { membership: membership as unknown as MembershipNode };
  }

  @Mutation(() => MemberPayload)
  async changeMemberRole(@Arg('input') input: ChangeMemberRoleInput, @Ctx() { em, viewer }: RequestContext): Promise<MemberPayload> {
    const membership = await managedMembership(em, viewer, input.membershipId, input.version);
    if (input.role !== MembershipRole.ADMIN) await keepAnAdministrator(em, membership);
    membership.role = input.role;
    await em.flush();
    return { membership: membership as unknown as MembershipNode };
  }

  @Mutation(() => MemberPayload, { description: 'Deactivates a membership: kept for the history, never deleted.' })
  async deactivateMember(@Arg('input') input: DeactivateMemberInput, @Ctx() { em, viewer }: RequestContext): Promise<MemberPayload> {
    const membership = await managedMembership(em, viewer, input.membershipId, input.version);
    await keepAnAdministrator(em, membership);
    membership.active = false;
    await em.flush();
    return { membership: membership as unknown as MembershipNode };
  }
}
