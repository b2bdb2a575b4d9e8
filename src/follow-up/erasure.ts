/**
 * The erasure of a person (GDPR art. 17), asked through the controller of the PLIE that follows them: their identity
 * (names, birth date, contact details) is destroyed; their typology, placements, hours and exits stay without it, so
 * that every indicator stays exactly the same. Irreversible: for the PLIE's administrators only. A restriction ends
 * with it (nothing identifies the person any more).
 */
import { LockMode } from '@mikro-orm/core';
import { assertCan } from '../access/can.js';
import { BeneficiaryIdentity, type Beneficiary } from '../db/entities/index.js';
import type { ServiceContext } from '../context/request-context.js';
import { conflict, forbidden } from '../context/errors.js';
import type { RowRef } from '../context/rows.js';
import { followedBeneficiary } from './access.js';

/** Nothing identifies an erased person any more: their identity is neither corrected nor erased again. */
export function requireNotErased(beneficiary: Beneficiary): void {
  if (beneficiary.erasedAt) throw conflict('L’identité de cette personne a été effacée : elle ne peut plus être corrigée', { reason: 'ERASED' });
}

export async function eraseBeneficiary(ctx: ServiceContext, id: RowRef, version: number): Promise<Beneficiary> {
  const { em } = ctx;
  const beneficiary = await followedBeneficiary(ctx, id);
  await assertCan(ctx, 'delete', 'beneficiary_identity', { row: { followed_by_id: beneficiary.followedBy.id } }, forbidden("L'effacement d'une personne est réservé aux administrateurs du PLIE qui la suit"));
  await em.lock(beneficiary, LockMode.OPTIMISTIC, version);
  requireNotErased(beneficiary);
  const identity = await em.findOne(BeneficiaryIdentity, { beneficiary });
  if (identity) em.remove(identity);
  Object.assign(beneficiary, { erasedAt: new Date(), restrictedAt: null });
  await em.flush();
  return beneficiary;
}
