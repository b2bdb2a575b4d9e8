/** Registering the people a PLIE follows, with their identity and statuses at entry, and correcting them. */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Beneficiary, BeneficiaryIdentity, Organisation, Qpv, type QualificationLevel, type Sex } from '../db/entities/index.js';
import { isIsoDate } from '../domain/dates.js';
import { checkAgeAtEntry, checkQpv } from '../reporting/rules.js';
import { Validation } from '../reporting/validation.js';
import type { ServiceContext } from '../context/request-context.js';
import { toGlobalId } from '../context/global-id.js';
import { findRow, type RowRef } from '../context/rows.js';
import { assertCan } from '../access/can.js';
import { forbidden } from '../context/errors.js';
import { followedBeneficiary } from './access.js';
import { requireNotErased } from './erasure.js';
import { requireUnrestricted } from './restriction.js';

/** On update, an absent field is left as it is; null clears an optional one. */
export interface BeneficiaryChanges {
  lastName?: string;
  firstName?: string;
  birthDate?: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  sex?: Sex;
  entryDate?: string;
  residenceCommune?: string;
  qpvId?: RowRef | null;
  isBrsa?: boolean;
  isDeld?: boolean;
  isAse?: boolean;
  isRqth?: boolean;
  qualificationLevel?: QualificationLevel;
}

const TYPOLOGY = ['sex', 'entryDate', 'residenceCommune', 'isBrsa', 'isDeld', 'isAse', 'isRqth', 'qualificationLevel'] as const;
const IDENTITY = ['lastName', 'firstName', 'birthDate', 'email', 'phone', 'address'] as const;

/** Another person of the same PLIE with the same names and birth date. */
function namesake(em: EntityManager, plie: string, identity: BeneficiaryIdentity): Promise<BeneficiaryIdentity | null> {
  return em.findOne(BeneficiaryIdentity, {
    followedBy: plie,
    birthDate: identity.birthDate,
    lastName: { $ilike: identity.lastName.replace(/[%_\\]/g, '\\$&') },
    firstName: { $ilike: identity.firstName.replace(/[%_\\]/g, '\\$&') },
    ...(identity.beneficiary?.id ? { beneficiary: { $ne: identity.beneficiary.id } } : {}),
  });
}

async function applyBeneficiary(em: EntityManager, plie: string, beneficiary: Beneficiary, identity: BeneficiaryIdentity, fields: BeneficiaryChanges) {
  const validation = new Validation();
  for (const name of TYPOLOGY) if (fields[name] != null) Object.assign(beneficiary, { [name]: fields[name] });
  for (const name of IDENTITY) if (fields[name] !== undefined) Object.assign(identity, { [name]: typeof fields[name] === 'string' ? fields[name]!.trim() || null : fields[name] });
  if (fields.qpvId !== undefined) {
    const qpv = fields.qpvId ? await findRow(em, Qpv, 'Qpv', fields.qpvId) : null;
    if (fields.qpvId) checkQpv(validation, 'qpvId', fields.qpvId.given, qpv, beneficiary.residenceCommune ?? '');
    beneficiary.qpv = qpv;
  }
  validation
    .check(Boolean(identity.lastName), 'lastName', 'REQUIRED', 'Le nom est obligatoire')
    .check(Boolean(identity.firstName), 'firstName', 'REQUIRED', 'Le prénom est obligatoire')
    .check(isIsoDate(identity.birthDate), 'birthDate', 'REQUIRED', 'La date de naissance est obligatoire')
    .check(isIsoDate(beneficiary.entryDate), 'entryDate', 'REQUIRED', "La date d'entrée est obligatoire")
    .check(Boolean(beneficiary.sex), 'sex', 'REQUIRED', 'Le sexe est obligatoire')
    .check(Boolean(beneficiary.residenceCommune?.trim()), 'residenceCommune', 'REQUIRED', 'La commune de résidence est obligatoire')
    .check(Boolean(beneficiary.qualificationLevel), 'qualificationLevel', 'REQUIRED', 'Le niveau de qualification est obligatoire');
  const age = checkAgeAtEntry(validation, identity.birthDate, beneficiary.entryDate);
  if (age !== null) beneficiary.ageAtEntry = age;
  if (identity.lastName && identity.firstName && isIsoDate(identity.birthDate)) {
    const existing = await namesake(em, plie, identity);
    if (existing) {
      validation.problems.push({
        field: 'lastName', code: 'ALREADY_REGISTERED',
        message: `${identity.firstName} ${identity.lastName}, né(e) le ${identity.birthDate}, est déjà suivi(e) par votre PLIE`,
        existingId: toGlobalId('Beneficiary', existing.beneficiary.id),
      });
    }
  }
  validation.conclude();
}

/** A person the acting PLIE now follows. */
export async function registerBeneficiary(ctx: ServiceContext, fields: BeneficiaryChanges): Promise<Beneficiary> {
  const { em } = ctx;
  const plie = ctx.viewer.acting!.organisationId;
  await assertCan(ctx, 'create', 'beneficiary', { row: { followed_by_id: plie } }, forbidden('Seul un PLIE enregistre et suit des participants'));
  const followedBy = em.getReference(Organisation, plie);
  const beneficiary = Object.assign(new Beneficiary(), { followedBy });
  const identity = Object.assign(new BeneficiaryIdentity(), { beneficiary, followedBy });
  await applyBeneficiary(em, plie, beneficiary, identity, fields);
  await em.persist([beneficiary, identity]).flush();
  return beneficiary;
}

/** Corrects a person the acting PLIE follows, at the version its editor read. */
export async function updateBeneficiary(ctx: ServiceContext, id: RowRef, version: number, fields: BeneficiaryChanges): Promise<Beneficiary> {
  const { em } = ctx;
  const beneficiary = await followedBeneficiary(ctx, id);
  requireUnrestricted(beneficiary);
  requireNotErased(beneficiary);
  await em.lock(beneficiary, LockMode.OPTIMISTIC, version);
  const identity = await em.findOneOrFail(BeneficiaryIdentity, { beneficiary });
  await applyBeneficiary(em, beneficiary.followedBy.id, beneficiary, identity, fields);
  await em.flush();
  return beneficiary;
}
