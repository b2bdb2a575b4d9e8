import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import {
  Beneficiary, BeneficiaryIdentity, ContractSubsidy, Exit, ExitCategoryValue, ExitOutcome, MonthlyHours, Organisation, OrganisationKind,
  Placement, Qpv, QualificationLevel, Sex,
} from '../../db/entities/index.js';
import { firstDayOfMonth, isIsoDate } from '../../domain/dates.js';
import { classifyExit } from '../../domain/exit-classification.js';
import { checkAgeAtEntry, checkMonthlyHours, checkQpv } from '../../reporting/rules.js';
import { Validation } from '../../reporting/validation.js';
import type { RequestContext, Viewer } from '../../context/request-context.js';
import { forbidden, notFound } from '../../context/errors.js';
import { toGlobalId } from '../relay/global-id.js';
import { BeneficiaryNode, ExitNode, PlacementNode } from '../types/beneficiary.js';
import { LocalDate } from '../types/scalars.js';
import { findByGlobalId, saveUnique, mustFind } from './lookup.js';

@InputType()
class BeneficiaryFields {
  @Field(() => String, { nullable: true }) lastName?: string;
  @Field(() => String, { nullable: true }) firstName?: string;
  @Field(() => LocalDate, { nullable: true }) birthDate?: string;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => Sex, { nullable: true }) sex?: Sex;
  @Field(() => LocalDate, { nullable: true, description: 'Entry into the scheme: statuses and age are those of that day.' }) entryDate?: string;
  @Field(() => String, { nullable: true }) residenceCommune?: string;
  @Field(() => ID, { nullable: true }) qpvId?: string | null;
  @Field(() => Boolean, { nullable: true }) isBrsa?: boolean;
  @Field(() => Boolean, { nullable: true }) isDeld?: boolean;
  @Field(() => Boolean, { nullable: true }) isAse?: boolean;
  @Field(() => Boolean, { nullable: true }) isRqth?: boolean;
  @Field(() => QualificationLevel, { nullable: true }) qualificationLevel?: QualificationLevel;
}

@InputType()
class UpdateBeneficiaryInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => BeneficiaryFields) fields!: BeneficiaryFields;
}

@InputType()
class ReportHoursInput {
  @Field(() => ID) placementId!: string;
  @Field(() => LocalDate, { description: 'Any day of the month worked.' }) month!: string;
  @Field(() => Float) hours!: number;
  @Field(() => Int, {
    nullable: true,
    description: "The placement's version read (its dates and terms the hours are checked against); a stale one answers CONFLICT. "
      + 'Reporting hours leaves it unchanged. Without it, the month’s figure is replaced whatever the placement became.',
  })
  version?: number | null;
}

@InputType()
class RecordExitInput {
  @Field(() => ID) beneficiaryId!: string;
  @Field(() => LocalDate) exitDate!: string;
  @Field(() => ExitOutcome) outcome!: ExitOutcome;
  @Field(() => ContractSubsidy, { defaultValue: ContractSubsidy.NONE }) subsidy!: ContractSubsidy;
  @Field(() => LocalDate, { nullable: true }) contractStart?: string | null;
  @Field(() => LocalDate, { nullable: true }) contractEnd?: string | null;
}

const TYPOLOGY = ['sex', 'entryDate', 'residenceCommune', 'isBrsa', 'isDeld', 'isAse', 'isRqth', 'qualificationLevel'] as const;
const IDENTITY = ['lastName', 'firstName', 'birthDate', 'email', 'phone', 'address'] as const;

function actingPlie(viewer: Viewer): string {
  if (viewer.acting?.kind !== OrganisationKind.PLIE) throw forbidden('Seul un PLIE enregistre et suit des participants');
  return viewer.acting.organisationId;
}

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

async function applyBeneficiary(em: EntityManager, plie: string, beneficiary: Beneficiary, identity: BeneficiaryIdentity, fields: BeneficiaryFields) {
  const validation = new Validation();
  for (const name of TYPOLOGY) if (fields[name] != null) Object.assign(beneficiary, { [name]: fields[name] });
  for (const name of IDENTITY) if (fields[name] !== undefined) Object.assign(identity, { [name]: typeof fields[name] === 'string' ? fields[name]!.trim() || null : fields[name] });
  if (fields.qpvId !== undefined) {
    const qpv = fields.qpvId ? await findByGlobalId(em, Qpv, 'Qpv', fields.qpvId) : null;
    if (fields.qpvId) checkQpv(validation, 'qpvId', fields.qpvId, qpv, beneficiary.residenceCommune ?? '');
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

@Resolver()
export class FollowUpWriteResolver {
  @Mutation(() => BeneficiaryNode, { description: 'Registers a person the acting PLIE follows, with their identity and statuses at entry.' })
  async registerBeneficiary(@Arg('fields') fields: BeneficiaryFields, @Ctx() { em, viewer }: RequestContext) {
    const plie = actingPlie(viewer);
    const followedBy = em.getReference(Organisation, plie);
    const beneficiary = Object.assign(new Beneficiary(), { followedBy });
    const identity = Object.assign(new BeneficiaryIdentity(), { beneficiary, followedBy });
    await applyBeneficiary(em, plie, beneficiary, identity, fields);
    await em.persist([beneficiary, identity]).flush();
    return beneficiary;
  }

  @Mutation(() => BeneficiaryNode)
  async updateBeneficiary(@Arg('input') { id, version, fields }: UpdateBeneficiaryInput, @Ctx() { em, viewer }: RequestContext) {
    const plie = actingPlie(viewer);
    const beneficiary = await mustFind(em, Beneficiary, 'Beneficiary', id, 'Participant');
    if (beneficiary.followedBy.id !== plie) throw notFound('Participant');
    await em.lock(beneficiary, LockMode.OPTIMISTIC, version);
    const identity = await em.findOneOrFail(BeneficiaryIdentity, { beneficiary });
    await applyBeneficiary(em, plie, beneficiary, identity, fields);
    await em.flush();
    return beneficiary;
  }

  @Mutation(() => PlacementNode, { description: 'The hours worked on a placement in a month; reporting the month again replaces the figure.' })
  async reportHours(@Arg('input') input: ReportHoursInput, @Ctx() { em, viewer }: RequestContext) {
    const placement = await mustFind(em, Placement, 'Placement', input.placementId, 'Mise à l’emploi');
    if (input.version != null) await em.lock(placement, LockMode.OPTIMISTIC, input.version);
    const month = firstDayOfMonth(input.month);
    const validation = new Validation();
    checkMonthlyHours(validation, input.hours, month, placement);
    validation.conclude();
    await em.populate(placement, ['beneficiary', 'market']);
    const organisation = viewer.acting!.organisationId;
    if (placement.beneficiary.followedBy.id !== organisation && placement.market.facilitator?.id !== organisation) {
      throw forbidden('Les heures sont déclarées par le PLIE qui suit la personne ou qui anime la clause du marché');
    }
    const existing = await em.findOne(MonthlyHours, { placement, month });
    const row = existing ?? Object.assign(new MonthlyHours(), { placement, month });
    row.hours = input.hours;
    await em.persist(row).flush();
    return placement;
  }

  @Mutation(() => ExitNode, { description: 'The end of a path; its category (durable, transition, positive, other) is computed.' })
  async recordExit(@Arg('input') input: RecordExitInput, @Ctx() { em, viewer }: RequestContext) {
    const plie = actingPlie(viewer);
    const beneficiary = await mustFind(em, Beneficiary, 'Beneficiary', input.beneficiaryId, 'Participant');
    if (beneficiary.followedBy.id !== plie) throw notFound('Participant');
    const { category, rule } = classifyExit({ outcome: input.outcome, subsidy: input.subsidy, contractStart: input.contractStart, contractEnd: input.contractEnd });
    const exit = Object.assign(new Exit(), {
      beneficiary, exitDate: input.exitDate, outcome: input.outcome, subsidy: input.subsidy,
      contractStart: input.contractStart ?? null, contractEnd: input.contractEnd ?? null, category: category as ExitCategoryValue, rule,
    });
    return saveUnique(em, exit, 'beneficiary_exit_beneficiary_id_exit_date_unique', 'DUPLICATE_EXIT', 'Une sortie est déjà enregistrée à cette date pour ce participant');
  }
}
