import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { ContractType, PlacementModality } from '../../db/entities/index.js';
import { createPlacement, updatePlacement } from '../../follow-up/placements.js';
import type { RequestContext } from '../../context/request-context.js';
import { rowRef, withRowRefs } from '../relay/global-id.js';
import { PlacementNode } from '../types/beneficiary.js';
import { LocalDate } from '../types/scalars.js';

/** A contract of a followed person on a market; on update, an absent field is left as it is. */
@InputType()
class PlacementFields {
  @Field(() => ID, { nullable: true }) beneficiaryId?: string;
  @Field(() => ID, { nullable: true }) marketId?: string;
  @Field(() => ID, { nullable: true, description: 'The employer: the awardee, or the agency, GEIQ or SIAE through which the person works.' }) companyId?: string;
  @Field(() => ID, { nullable: true }) lotId?: string | null;
  @Field(() => ContractType, { nullable: true }) contractType?: ContractType;
  @Field(() => PlacementModality, { nullable: true }) modality?: PlacementModality;
  @Field(() => LocalDate, { nullable: true }) startDate?: string;
  @Field(() => LocalDate, { nullable: true }) endDate?: string | null;
  @Field(() => Float, { nullable: true }) weeklyHours?: number;
}

@InputType()
class UpdatePlacementInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => PlacementFields) fields!: PlacementFields;
}

const references = (fields: PlacementFields) => withRowRefs(fields, 'beneficiaryId', 'marketId', 'companyId', 'lotId');

@Resolver()
export class PlacementWriteResolver {
  @Mutation(() => PlacementNode, { description: "Records a placement (mise à l'emploi) of a person the acting PLIE follows." })
  createPlacement(@Arg('fields') fields: PlacementFields, @Ctx() ctx: RequestContext) {
    return createPlacement(ctx, references(fields));
  }

  @Mutation(() => PlacementNode)
  updatePlacement(@Arg('input') { id, version, fields }: UpdatePlacementInput, @Ctx() ctx: RequestContext) {
    return updatePlacement(ctx, rowRef(id), version, references(fields));
  }
}
