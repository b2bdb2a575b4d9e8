import { LockMode } from '@mikro-orm/core';
import { assertCan } from '../access/can.js';
import { badInput, conflict, notFound } from '../context/errors.js';
import { Invitation, InvitationStatus, Membership, Organisation, User, type MembershipRole } from '../db/entities/index.js';
import { invitingOrganisation, person, type MembersContext } from './context.js';
import { invitationClosed, underMembershipRules } from './database-refusals.js';

/** An address of at most 254 characters (RFC 5321), in ASCII, so that it lowers the same in JavaScript and PostgreSQL. */
const EMAIL = /^[\x21-\x3f\x41-\x7e]+@[\x21-\x3f\x41-\x7e]+\.[\x21-\x3f\x41-\x7e]+$/;
const MAX_EMAIL = 254;
const MAX_NAME = 200;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

export interface InvitationInput {
  email: string;
  displayName: string;
  role: MembershipRole;
  /** The organisation to join; the acting one by default. Only the Département names another. */
  organisationId?: string;
}

/** Whether that e-mail is an active member of the organisation: something its admins already see in its members. */
async function isActiveMember(ctx: MembersContext, organisationId: string, email: string): Promise<boolean> {
  const user = await ctx.em.findOne(User, { email });
  return user !== null && (await ctx.em.count(Membership, { user, organisation: organisationId, active: true })) > 0;
}

/**
 * Invites an e-mail into an organisation with a role. The answer is the same whether an account exists for it or
 * not, and nothing changes for that account until its owner accepts.
 */
export async function inviteMember(ctx: MembersContext, input: InvitationInput): Promise<Invitation> {
  const inviter = person(ctx);
  const email = input.email.trim().toLowerCase();
  const displayName = input.displayName.trim();
  if (email.length > MAX_EMAIL || !EMAIL.test(email)) throw badInput('Adresse électronique invalide', { field: 'email', reason: 'INVALID_EMAIL' });
  if (!displayName) throw badInput('Le nom de la personne est obligatoire', { field: 'displayName', reason: 'REQUIRED' });
  if (displayName.length > MAX_NAME || CONTROL.test(displayName)) {
    throw badInput(`Le nom de la personne tient en ${MAX_NAME} caractères au plus, sans caractère de contrôle`, { field: 'displayName', reason: 'INVALID_NAME' });
  }
  const organisationId = await invitingOrganisation(ctx, input.organisationId);
  if (await isActiveMember(ctx, organisationId, email)) throw conflict('Cette personne est déjà membre de l’organisation', { reason: 'ALREADY_MEMBER' });
  const invitation = Object.assign(new Invitation(), {
    organisation: ctx.em.getReference(Organisation, organisationId),
    email,
    displayName,
    role: input.role,
    invitedBy: inviter,
  });
  await underMembershipRules(() => ctx.em.persist(invitation).flush());
  return invitation;
}

/** Revokes a pending invitation of an organisation this admin manages; others answer NOT_FOUND. */
export async function revokeInvitation(ctx: MembersContext, input: { invitationId: string; version?: number }): Promise<Invitation> {
  await assertCan(ctx, 'update', 'invitation', { ids: [input.invitationId] }, notFound('Invitation'));
  const invitation = await ctx.em.findOneOrFail(Invitation, input.invitationId);
  if (input.version != null) await ctx.em.lock(invitation, LockMode.OPTIMISTIC, input.version);
  if (invitation.status !== InvitationStatus.PENDING) throw invitationClosed();
  Object.assign(invitation, { status: InvitationStatus.REVOKED, closedAt: new Date() });
  await ctx.em.flush();
  return invitation;
}

/** The invitations waiting for the signed-in person's answer, oldest first; none for an API key. */
export function pendingInvitations(ctx: MembersContext): Promise<Invitation[]> {
  if (!ctx.viewer.user) return Promise.resolve([]);
  return ctx.em.find(Invitation, { email: ctx.viewer.user.email, status: InvitationStatus.PENDING }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** The invitee's answer, through the database's only way to give it (app_answer_invitation): the membership, if accepted. */
async function answer(ctx: MembersContext, invitationId: string, accept: boolean): Promise<string | null> {
  person(ctx);
  const [row] = await underMembershipRules(() => ctx.em.execute<{ id: string | null }[]>(
    'select app_answer_invitation(?, ?, ?) as id', [invitationId, accept, ctx.requestId],
  ));
  return row?.id ?? null;
}

/** Accepts an invitation sent to the signed-in person: the membership is created, or made active again, with the role offered. */
export async function acceptInvitation(ctx: MembersContext, invitationId: string): Promise<Membership> {
  const membershipId = await answer(ctx, invitationId, true);
  return ctx.em.findOneOrFail(Membership, membershipId!);
}

/** Refuses an invitation sent to the signed-in person. */
export async function refuseInvitation(ctx: MembersContext, invitationId: string): Promise<Invitation> {
  await answer(ctx, invitationId, false);
  return ctx.em.findOneOrFail(Invitation, invitationId, { refresh: true });
}
