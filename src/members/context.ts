import { assertCan, reads } from '../access/can.js';
import { PERSON } from '../access/operations.js';
import type { RequestContext, ServiceContext } from '../context/request-context.js';
import { forbidden } from '../context/errors.js';
import type { User } from '../db/entities/index.js';

/** What the members' actions need of a request: its transaction, who asks, and its id for the audit trail. */
export type MembersContext = ServiceContext & Pick<RequestContext, 'requestId'>;

const ANOTHER_ORGANISATION = 'Seul le Département gère les membres d’une autre organisation';

/**
 * The organisation whose members are listed: the acting one, or another whose memberships the viewer reads
 * whole (the Département).
 */
export function listedOrganisation(ctx: MembersContext, organisationId: string | undefined): string {
  const acting = ctx.viewer.acting!.organisationId;
  if (organisationId !== undefined && organisationId !== acting && reads(ctx.viewer, 'membership') !== 'all') throw forbidden(ANOTHER_ORGANISATION);
  return organisationId ?? acting;
}

/** The organisation an admin invites into, or lists the invitations of: the acting one, or any the model lets them (the Département's). */
export async function invitingOrganisation(ctx: MembersContext, organisationId: string | undefined): Promise<string> {
  const target = organisationId ?? ctx.viewer.acting!.organisationId;
  await assertCan(ctx, 'create', 'invitation', { row: { organisation_id: target } }, forbidden(ANOTHER_ORGANISATION));
  return target;
}

/** The person signed in: invitations are made and answered by people, never by an API key. */
export function person({ viewer }: MembersContext): User {
  const verdict = PERSON.allows(viewer);
  if (verdict !== true) throw verdict;
  return viewer.user!;
}
