import { LockMode } from '@mikro-orm/core';
import { assertCan } from '../access/can.js';
import { conflict, notFound } from '../context/errors.js';
import { Membership, MembershipRole, type Organisation } from '../db/entities/index.js';
import type { MembersContext } from './context.js';

/** A membership this admin may change, locked for the change; others answer NOT_FOUND. */
async function managedMembership(ctx: MembersContext, membershipId: string, version: number | undefined): Promise<Membership> {
  await assertCan(ctx, 'update', 'membership', { ids: [membershipId] }, notFound('Adhésion'));
  const membership = await ctx.em.findOneOrFail(Membership, membershipId);
  if (version != null) await ctx.em.lock(membership, LockMode.OPTIMISTIC, version);
  return membership;
}

/**
 * Makes `change` keep the organisation an active administrator: its administrators' rows are locked first, so that
 * two changes at once are checked one after the other, and the change is refused if none is left after it.
 */
async function keepingAnAdministrator(ctx: MembersContext, organisation: Organisation, change: () => void): Promise<void> {
  const admins = { organisation, role: MembershipRole.ADMIN, active: true };
  await ctx.em.find(Membership, admins, { lockMode: LockMode.PESSIMISTIC_WRITE });
  change();
  await ctx.em.flush();
  if ((await ctx.em.count(Membership, admins)) === 0) {
    throw conflict("C'est le dernier administrateur de l'organisation : nommez-en un autre d'abord", { reason: 'LAST_ADMIN' });
  }
}

export async function changeMemberRole(ctx: MembersContext, input: { membershipId: string; role: MembershipRole; version?: number }): Promise<Membership> {
  const membership = await managedMembership(ctx, input.membershipId, input.version);
  await keepingAnAdministrator(ctx, membership.organisation, () => {
    membership.role = input.role;
  });
  return membership;
}

/** Deactivates a membership: kept for the history, never deleted; only a new invitation, accepted, makes it active again. */
export async function deactivateMember(ctx: MembersContext, input: { membershipId: string; version?: number }): Promise<Membership> {
  const membership = await managedMembership(ctx, input.membershipId, input.version);
  await keepingAnAdministrator(ctx, membership.organisation, () => {
    membership.active = false;
  });
  return membership;
}
