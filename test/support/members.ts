/** Members as their administrators and invitees make them, through the API. */
import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { AcceptInvitationDocument, InviteMemberDocument, type MembershipRole } from '../generated/graphql.js';
import { execute, tokenFor } from './api.js';
import { demoUser } from './sql.js';

export interface Admin {
  email: string;
  organisationId: string;
  /** The organisation's global id. */
  organisation: string;
  token: string;
}

/** An administrator of the demo data, in an organisation of that kind. */
export async function adminOf(kind: string): Promise<Admin> {
  const admin = await demoUser(kind, 'ADMIN');
  return { ...admin, token: await tokenFor(admin.email), organisation: toGlobalId('Organisation', admin.organisationId) };
}

export const newEmail = (prefix = 'invite') => `${prefix}-${randomUUID()}@test.demo`;

/** The admin invites the e-mail into their organisation (or, for the Département, into `organisation`). */
export function invite(url: string, admin: Admin, email: string, role: MembershipRole = 'VIEWER', organisation = admin.organisation, displayName = 'Personne Invitée') {
  return execute(url, InviteMemberDocument, { input: { email, displayName, role, organisationId: organisation } }, { token: admin.token });
}

/** Whoever signs in with that e-mail accepts the invitation. */
export async function accept(url: string, email: string, invitationId: string) {
  return execute(url, AcceptInvitationDocument, { invitationId }, { token: await tokenFor(email) });
}

/** The invitation, then its acceptance by the invitee: the membership, or why it was refused. */
export async function join(url: string, admin: Admin, email: string, role: MembershipRole = 'VIEWER', organisation = admin.organisation) {
  const invited = await invite(url, admin, email, role, organisation);
  if (!invited.data) throw new Error(`invitation refused: ${JSON.stringify(invited.errors)}`);
  return accept(url, email, invited.data.inviteMember.invitation.id);
}
