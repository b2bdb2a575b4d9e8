/** The people of the acting PLIE that a person about to be registered probably duplicates. */
import { Beneficiary, BeneficiaryIdentity } from '../db/entities/index.js';
import { isProbableDuplicate, type PersonName } from '../domain/duplicates.js';
import type { ServiceContext } from '../context/request-context.js';
import { assertCan } from '../access/can.js';
import { forbidden } from '../context/errors.js';

/** At most this many people answered. */
export const DUPLICATES_LIMIT = 10;
/** People of one PLIE born the same day looked at: far more than any PLIE follows. */
const SAME_BIRTH_DATE_SCANNED = 1000;

/**
 * The people the acting PLIE follows born on the same day under a close name (domain/duplicates.ts),
 * only the acting PLIE's own people, whatever else the viewer may read.
 */
export async function probableDuplicates(ctx: ServiceContext, person: PersonName, limit = 5): Promise<Beneficiary[]> {
  const plie = ctx.viewer.acting!.organisationId;
  await assertCan(ctx, 'create', 'beneficiary', { row: { followed_by_id: plie } }, forbidden('Seul un PLIE enregistre et suit des participants'));
  // No name is that long (the import refuses over 200 characters): nothing could be close.
  if (!person.lastName.trim() || !person.firstName.trim() || person.lastName.length > 200 || person.firstName.length > 200) return [];
  const sameDay = await ctx.em.find(
    BeneficiaryIdentity,
    { followedBy: plie, birthDate: person.birthDate },
    { limit: SAME_BIRTH_DATE_SCANNED, orderBy: { createdAt: 'asc' } },
  );
  const close = sameDay.filter((identity) => isProbableDuplicate(person, identity));
  const ids = close.slice(0, Math.min(Math.max(limit, 1), DUPLICATES_LIMIT)).map((identity) => identity.beneficiary.id);
  if (!ids.length) return [];
  const people = await ctx.em.find(Beneficiary, { id: { $in: ids }, followedBy: plie });
  return ids.map((id) => people.find((row) => row.id === id)).filter((row): row is Beneficiary => row !== undefined);
}
