import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { ContractSubsidy, ExitOutcome, QualificationLevel, Sex } from '../../db/entities/index.js';
import { registerBeneficiary, updateBeneficiary } from '../../follow-up/beneficiaries.js';
import { recordExit } from '../../follow-up/exits.js';
import { eraseBeneficiary } from '../../follow-up/erasure.js';
import { MAX_MONTH_LINES, reportHours, reportMonthHours } from '../../follow-up/hours.js';
import { liftBeneficiaryRestriction, restrictBeneficiary } from '../../follow-up/restriction.js';
import type { RequestContext } from '../../context/request-context.js';
import { rowRef, withRowRefs } from '../relay/global-id.js';
import { BeneficiaryNode, ExitNode, PlacementNode } from '../types/beneficiary.js';
import { LocalDate } from '../types/scalars.js';

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
class BeneficiaryVersionInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
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
class MonthHoursLine {
  @Field(() => ID) placementId!: string;
  @Field(() => Float) hours!: number;
  @Field(() => Int, { nullable: true, description: "The placement's version read; a stale one refuses the line (STALE_VERSION)." })
  version?: number | null;
}

@InputType()
class ReportMonthHoursInput {
  @Field(() => LocalDate, { description: 'Any day of the month worked.' }) month!: string;
  @Field(() => [MonthHoursLine], { description: `At most ${MAX_MONTH_LINES} lines, one per placement.` }) lines!: MonthHoursLine[];
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

@Resolver()
export class FollowUpWriteResolver {
  @Mutation(() => BeneficiaryNode, { description: 'Registers a person the acting PLIE follows, with their identity and statuses at entry.' })
  registerBeneficiary(@Arg('fields') fields: BeneficiaryFields, @Ctx() ctx: RequestContext) {
    return registerBeneficiary(ctx, withRowRefs(fields, 'qpvId'));
  }

  @Mutation(() => BeneficiaryNode)
  updateBeneficiary(@Arg('input') { id, version, fields }: UpdateBeneficiaryInput, @Ctx() ctx: RequestContext) {
    return updateBeneficiary(ctx, rowRef(id), version, withRowRefs(fields, 'qpvId'));
  }

  @Mutation(() => BeneficiaryNode, {
    description: 'Restricts the processing of a person the acting PLIE follows (GDPR art. 18, asked through the controller): '
      + 'nothing of their follow-up can be added or changed (CONFLICT, reason RESTRICTED) until the PLIE lifts it; they stay counted.',
  })
  restrictBeneficiary(@Arg('input') { id, version }: BeneficiaryVersionInput, @Ctx() ctx: RequestContext) {
    return restrictBeneficiary(ctx, rowRef(id), version);
  }

  @Mutation(() => BeneficiaryNode, { description: 'Lifts the restriction of a person the acting PLIE follows.' })
  liftBeneficiaryRestriction(@Arg('input') { id, version }: BeneficiaryVersionInput, @Ctx() ctx: RequestContext) {
    return liftBeneficiaryRestriction(ctx, rowRef(id), version);
  }

  @Mutation(() => BeneficiaryNode, {
    description: 'Erases the identity of a person the acting PLIE follows (GDPR art. 17, asked through the controller): names, birth date and '
      + 'contact details are destroyed for good; the typology, placements, hours and exits stay without them, so that every indicator stays the same. '
      + "For the PLIE's administrators.",
  })
  eraseBeneficiary(@Arg('input') { id, version }: BeneficiaryVersionInput, @Ctx() ctx: RequestContext) {
    return eraseBeneficiary(ctx, rowRef(id), version);
  }

  @Mutation(() => PlacementNode, { description: 'The hours worked on a placement in a month; reporting the month again replaces the figure.' })
  reportHours(@Arg('input') input: ReportHoursInput, @Ctx() ctx: RequestContext) {
    return reportHours(ctx, withRowRefs(input, 'placementId'));
  }

  @Mutation(() => [PlacementNode], {
    description: 'The hours of one month on many placements, all or nothing: each line is checked as reportHours checks it; when any is refused, '
      + 'nothing is written and BAD_USER_INPUT lists the problems of every refused line, under `lines.N.field`. Answers the placements in the order of the lines.',
  })
  reportMonthHours(@Arg('input') { month, lines }: ReportMonthHoursInput, @Ctx() ctx: RequestContext) {
    return reportMonthHours(ctx, { month, lines: lines.map((line) => withRowRefs(line, 'placementId')) });
  }

  @Mutation(() => ExitNode, { description: 'The end of a path; its category (durable, transition, positive, other) is computed.' })
  recordExit(@Arg('input') input: RecordExitInput, @Ctx() ctx: RequestContext) {
    return recordExit(ctx, withRowRefs(input, 'beneficiaryId'));
  }
}
