import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { awardLot, updateAward, withdrawAward } from '../../markets/awards.js';
import { createLot, removeLot, updateLot } from '../../markets/lots.js';
import type { RequestContext } from '../../context/request-context.js';
import { rowRef, withRowRefs } from '../relay/global-id.js';
import { AwardNode, LotNode, MarketNode } from '../types/market.js';

/** On update, an absent field is left as it is. */
@InputType()
class LotFields {
  @Field(() => Int, { nullable: true }) number?: number;
  @Field(() => String, { nullable: true }) title?: string;
}

@InputType()
class UpdateLotInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => LotFields) fields!: LotFields;
}

@InputType()
class AwardLotInput {
  @Field(() => ID) lotId!: string;
  @Field(() => ID, { description: 'The awardee (attributaire); registerCompany registers it first.' }) companyId!: string;
  @Field(() => Float, { nullable: true, description: "The awardee's share of the lot, euros excluding tax." }) amountHt?: number | null;
}

/** The company is what an award is: to name another one, withdraw the award and award the lot again. */
@InputType()
class AwardFields {
  @Field(() => Float, { nullable: true, description: 'Null clears it.' }) amountHt?: number | null;
}

@InputType()
class UpdateAwardInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => AwardFields) fields!: AwardFields;
}

@Resolver()
export class LotWriteResolver {
  @Mutation(() => LotNode, { description: 'Adds a lot to a market the acting organisation buys.' })
  createLot(@Arg('marketId', () => ID) marketId: string, @Arg('fields') fields: LotFields, @Ctx() ctx: RequestContext) {
    return createLot(ctx, rowRef(marketId), fields);
  }

  @Mutation(() => LotNode)
  updateLot(@Arg('input') { id, version, fields }: UpdateLotInput, @Ctx() ctx: RequestContext) {
    return updateLot(ctx, rowRef(id), version, fields);
  }

  @Mutation(() => MarketNode, {
    description: 'Removes a lot declared by mistake, with its awards; refused (LOT_IN_USE) once a placement names it. Answers the market.',
  })
  removeLot(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() ctx: RequestContext) {
    return removeLot(ctx, rowRef(id), version);
  }

  @Mutation(() => AwardNode, { description: 'Names a company the lot was awarded to (attributaire).' })
  awardLot(@Arg('input') input: AwardLotInput, @Ctx() ctx: RequestContext) {
    return awardLot(ctx, withRowRefs(input, 'lotId', 'companyId'));
  }

  @Mutation(() => AwardNode)
  updateAward(@Arg('input') { id, version, fields }: UpdateAwardInput, @Ctx() ctx: RequestContext) {
    return updateAward(ctx, rowRef(id), version, fields);
  }

  @Mutation(() => LotNode, { description: 'Withdraws an award declared by mistake; refused (AWARD_IN_USE) once a placement on the lot is with that company. Answers the lot.' })
  withdrawAward(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() ctx: RequestContext) {
    return withdrawAward(ctx, rowRef(id), version);
  }
}
