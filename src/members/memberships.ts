import { LockMode } from '@mikro-orm/core';
import { conflict, notFound } from '../context/errors.js';
import { Membership, MembershipRole } from '../db/entities/index.js';
import { manages, type MembersContext } from './context.js';

/** A membership this admin manages, locked for the change; others answer NOT_FOUND. */
async function managedMembership(ctx: MembersContext, membershipId: string, version: number | undefined): Promise<Membership> {
  const membership = await ctx.em.findOne(Membership, membershipId, { populate: ['organisation'] });
  if (!membership || !manages(ctx, membership.organisation.id)) throw notFound('Adhésion');
  if (version != null) await ctx.em.lock(membership, LockMode.OPTIMISTIC, version);
  return membership;
}

/** Refuses to leave an organisation without an active administrator. */
async function keepAnAdministrator(ctx: MembersContext, membership: Membership): Promise<void> {
  if (membership.role !== MembershipRole.ADMIN || !membership.active) return;
  const admins = await ctx.em.find(
    Membership,
    { organisation: membership.organisation, role: MembershipRole.ADMIN, active: true },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (admins.length <= 1) {
    throw conflict("C'est le dernier administrateur de l'organisation : nommez-en un autre d'abord", { reason: 'LAST_ADMIN' });
  }
}

export async function changeMemberRole(ctx: MembersContext, input: { membershipId: string; role: MembershipRole; version?: number }): Promise<Membership> {
  const membership = await managedMembership(ctx, input.membershipId, input.version);
  if (input.role !== MembershipRole.ADMIN) await keepAnAdministrator(ctx, membership);
  membership.role = input.role;
  await ctx.em.flush();
  return membership;
}

/** Deactivates a membership: kept for the history, never deleted; only a new invitation, accepted, makes it active again. */
export async function deactivateMember(ctx: MembersContext, input: { membershipId: string; version?: number }): Promise<Membership> {
  const membership = await managedMembership(ctx, input.membershipId, input.version);
  await keepAnAdministrator(ctx, membership);
  membership.active = false;
  await ctx.em.flush();
  return membership;
}
