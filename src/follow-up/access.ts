/**
 * Who may write the follow-up, each check as the actions have always made it (docs/permissions.md);
 * one named call each, for the access model to take over.
 */
import { Beneficiary, OrganisationKind, type Placement } from '../db/entities/index.js';
import type { ServiceContext } from '../context/request-context.js';
import { forbidden, notFound } from '../context/errors.js';
import { mustFind, type RowRef } from '../context/rows.js';

/** Only a PLIE registers and follows people: the acting organisation, if it is one. */
export function requireActingPlie({ viewer }: ServiceContext): string {
  if (viewer.acting?.kind !== OrganisationKind.PLIE) throw forbidden('Seul un PLIE enregistre et suit des participants');
  return viewer.acting.organisationId;
}

/** A person the acting PLIE follows; NOT_FOUND for anyone else's, as for no one. */
export async function followedBeneficiary(ctx: ServiceContext, ref: RowRef): Promise<Beneficiary> {
  const plie = requireActingPlie(ctx);
  const beneficiary = await mustFind(ctx.em, Beneficiary, 'Beneficiary', ref, 'Participant');
  if (beneficiary.followedBy.id !== plie) throw notFound('Participant');
  return beneficiary;
}

/** The PLIE that follows the person writes the placement. */
export const followsPerson = ({ viewer }: ServiceContext, beneficiary: Beneficiary | null) =>
  beneficiary?.followedBy.id === viewer.acting!.organisationId;

/** Hours are reported by the PLIE that follows the person or facilitates the market (the placement's relations populated). */
export function requireHoursReporter({ viewer }: ServiceContext, placement: Placement): void {
  const organisation = viewer.acting!.organisationId;
  if (placement.beneficiary.followedBy.id !== organisation && placement.market.facilitator?.id !== organisation) {
    throw forbidden('Les heures sont déclarées par le PLIE qui suit la personne ou qui anime la clause du marché');
  }
}

/** Only a PLIE exports the follow-up of the people it follows: the acting organisation, if it is one. */
export function requireExportingPlie({ viewer }: ServiceContext): string {
  if (viewer.acting?.kind !== OrganisationKind.PLIE) throw forbidden('Seul un PLIE exporte le suivi de ses participants');
  return viewer.acting.organisationId;
}
