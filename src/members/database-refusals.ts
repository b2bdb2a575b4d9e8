import { conflict } from '../context/errors.js';

/** What the database refuses about memberships, by the name its triggers raise with, as a client is answered. */
const REFUSALS: Record<string, () => Error> = {
  membership_departement_seat: () => conflict(
    "Un membre du Département ne peut pas être en même temps membre d'une autre organisation : désactivez d'abord l'une des deux adhésions",
    { reason: 'DEPARTEMENT_SEAT' },
  ),
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
