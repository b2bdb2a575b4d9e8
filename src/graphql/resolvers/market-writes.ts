import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { ClauseMechanism, MarketNature, MarketStatus } from '../../db/entities/index.js';
import { archiveMarket, createMarket, updateMarket } from '../../markets/markets.js';
import type { RequestContext } from '../../context/request-context.js';
import { rowRef, withRowRefs } from '../relay/global-id.js';
import { MarketNode } from '../types/market.js';
import { LocalDate } from '../types/scalars.js';

/** What a buyer states about a market; on update, an absent field is left as it is and null clears it. */
@InputType()
class MarketFields {
  @Field(() => String, { nullable: true }) reference?: string;
  @Field(() => String, { nullable: true }) object?: string;
  @Field(() => MarketNature, { nullable: true }) nature?: MarketNature;
  @Field(() => ClauseMechanism, { nullable: true }) clauseMechanism?: ClauseMechanism;
  @Field(() => MarketStatus, { nullable: true }) status?: MarketStatus;
  @Field(() => ID, { nullable: true, description: 'The PLIE whose facilitators follow the clause.' }) facilitatorId?: string | null;
  @Field(() => ID, { nullable: true }) operationId?: string | null;
  @Field(() => ID, { nullable: true }) charterId?: string | null;
  @Field(() => String, { nullable: true }) cpvCode?: string | null;
  @Field(() => LocalDate, { nullable: true }) notificationDate?: string | null;
  @Field(() => LocalDate, { nullable: true }) startDate?: string | null;
  @Field(() => LocalDate, { nullable: true }) endDate?: string | null;
  @Field(() => Int, { nullable: true }) durationMonths?: number | null;
  @Field(() => Float, { nullable: true }) amountHt?: number | null;
  @Field(() => Float, { nullable: true, description: "Taux de main d'œuvre, 0 to 1." }) labourRate?: number | null;
  @Field(() => Float, { nullable: true, description: "Taux d'insertion, 0 to 1." }) insertionRate?: number | null;
  @Field(() => Float, { nullable: true, description: 'Coût horaire chargé, euros.' }) hourlyCost?: number | null;
  @Field(() => Float, { nullable: true, description: 'Hours stated by the buyer; they apply instead of the formula.' }) statedHours?: number | null;
}

@InputType()
class UpdateMarketInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => MarketFields) fields!: MarketFields;
}

const references = (fields: MarketFields) => withRowRefs(fields, 'facilitatorId', 'operationId', 'charterId');

@Resolver()
export class MarketWriteResolver {
  @Mutation(() => MarketNode, { description: 'Declares a market of the acting organisation (the buyer); its planned hours come back computed.' })
  createMarket(@Arg('fields') fields: MarketFields, @Ctx() ctx: RequestContext) {
    return createMarket(ctx, references(fields));
  }

  @Mutation(() => MarketNode)
  updateMarket(@Arg('input') { id, version, fields }: UpdateMarketInput, @Ctx() ctx: RequestContext) {
    return updateMarket(ctx, rowRef(id), version, references(fields));
  }

  @Mutation(() => MarketNode, { description: 'Archives a market: kept, with its placements and hours, for the history.' })
  archiveMarket(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() ctx: RequestContext) {
    return archiveMarket(ctx, rowRef(id), version);
  }
}
