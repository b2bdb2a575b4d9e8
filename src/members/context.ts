import type { RequestContext } from '../context/request-context.js';
import { forbidden } from '../context/errors.js';
import { OrganisationKind, type User } from '../db/entities/index.js';

/** What the members' actions need of a request: its transaction, who asks, and its id for the audit trail. */
export type MembersContext = Pick<RequestContext, 'em' | 'viewer' | 'requestId'>;

const isDepartement = ({ viewer }: MembersContext) => viewer.acting?.kind === OrganisationKind.DEPARTEMENT;

/** The organisation whose members an admin manages: the acting one, or for the Département any one. */
export function managedOrganisation(ctx: MembersContext, organisationId: string | undefined): string {
  const acting = ctx.viewer.acting!.organisationId;
  const target = organisationId ?? acting;
  if (target !== acting && !isDepartement(ctx)) throw forbidden('Seul le Département gère les membres d’une autre organisation');
  return target;
}

/** Whether this admin manages that organisation's members (a row of another one answers NOT_FOUND). */
export const manages = (ctx: MembersContext, organisationId: string) => organisationId === ctx.viewer.acting?.organisationId || isDepartement(ctx);

/** The person signed in: invitations are made and answered by people, never by an API key. */
export function person({ viewer }: MembersContext): User {
  if (!viewer.user) throw forbidden('Réservé à une personne connectée, pas à une clé d’API');
  return viewer.user;
}
