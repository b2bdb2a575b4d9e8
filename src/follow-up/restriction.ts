/**
 * The restriction of a person's processing (GDPR art. 18), asked through the controller of the PLIE that follows
 * them: their follow-up is frozen (no new placement, hours, exit or change) and they stay counted, until the same PLIE
 * lifts it. The database refuses any write to a frozen follow-up whatever the path (migration
 * beneficiary_restriction); the services say so first, in French.
 */
import { LockMode } from '@mikro-orm/core';
import type { Beneficiary } from '../db/entities/index.js';
import type { ServiceContext } from '../context/request-context.js';
import { conflict, type DomainError } from '../context/errors.js';
import type { RowRef } from '../context/rows.js';
import { followedBeneficiary } from './access.js';

/** The SQLSTATE the database raises for a write to a frozen follow-up. */
const RESTRICTED_SQLSTATE = 'CL001';

export const restrictedRefusal = (): DomainError => conflict(
  'Le traitement des données de cette personne est limité : rien ne peut être ajouté ni changé à son suivi tant que le PLIE qui la suit ne lève pas la limitation',
  { reason: 'RESTRICTED' },
);

/** A write the database refused because it touched a frozen follow-up. */
export const isRestrictedWrite = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === RESTRICTED_SQLSTATE;

export function requireUnrestricted(beneficiary: Beneficiary): void {
  if (beneficiary.restrictedAt) throw restrictedRefusal();
}

async function setRestriction(ctx: ServiceContext, id: RowRef, version: number, restricted: boolean): Promise<Beneficiary> {
  const beneficiary = await followedBeneficiary(ctx, id);
  await ctx.em.lock(beneficiary, LockMode.OPTIMISTIC, version);
  if (Boolean(beneficiary.restrictedAt) !== restricted) {
    beneficiary.restrictedAt = restricted ? new Date() : null;
    await ctx.em.flush();
  }
  return beneficiary;
}

/** Freezes the follow-up of a person the acting PLIE follows, at the version read. */
export const restrictBeneficiary = (ctx: ServiceContext, id: RowRef, version: number) => setRestriction(ctx, id, version, true);

/** Lifts the restriction of a person the acting PLIE follows. */
export const liftBeneficiaryRestriction = (ctx: ServiceContext, id: RowRef, version: number) => setRestriction(ctx, id, version, false);
