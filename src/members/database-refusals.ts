import { conflict, notFound } from '../context/errors.js';

/** An invitation accepted, refused or revoked already. */
export const invitationClosed = () =>
  conflict("Cette invitation n'attend plus de réponse : elle a été acceptée, refusée ou révoquée", { reason: 'INVITATION_CLOSED' });

/** What the database refuses about invitations and memberships, by the name its constraints and triggers raise with. */
const REFUSALS: Record<string, () => Error> = {
  membership_departement_seat: () => conflict(
    "Un membre du Département ne peut pas être en même temps membre d'une autre organisation : désactivez d'abord l'une des deux adhésions",
    { reason: 'DEPARTEMENT_SEAT' },
  ),
  invitation_pending_unique: () => conflict('Une invitation de cette adresse attend déjà sa réponse', { reason: 'ALREADY_INVITED' }),
  invitation_of_invitee: () => notFound('Invitation'),
  invitation_pending: invitationClosed,
};

/** Runs a write; a refusal of the database's membership rules becomes the domain error that says why. */
export async function underMembershipRules<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const refusal = REFUSALS[(error as { constraint?: string }).constraint ?? ''];
    throw refusal ? refusal() : error;
  }
}
