import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ClauseMechanism, CompanyKind, HeadcountBand, MarketNature, MarketStatus } from '../../db/entities/index.js';
import { Node } from '../relay/node.js';
import { CharterNode, OperationNode } from './charter.js';
import { OrganisationNode } from './organisation.js';
import { LocalDate } from './scalars.js';

export enum PlannedHoursBasisValue {
  STATED = 'STATED',
  COMPUTED = 'COMPUTED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(PlannedHoursBasisValue, {
  name: 'PlannedHoursBasis',
  valuesConfig: {
    STATED: { description: 'Hours stated by the buyer.' },
    COMPUTED: { description: 'Amount HT × labour rate × insertion rate ÷ loaded hourly cost.' },
    UNKNOWN: { description: 'Neither stated hours nor every parameter of the formula.' },
  },
});

@ObjectType('PlannedHours')
export class PlannedHoursNode {
  @Field(() => Float, { nullable: true })
  hours!: number | null;

  @Field(() => PlannedHoursBasisValue)
  basis!: PlannedHoursBasisValue;
}

@ObjectType('Company', { implements: Node, description: 'Entreprise attributaire.' })
export class CompanyNode extends Node {
  @Field()
  siret!: string;

  @Field(() => String, { nullable: true, description: 'Null while unknown (a winner imported from the DECP comes with its SIRET only).' })
  name!: string | null;

  @Field(() => HeadcountBand, { nullable: true, description: 'Null while unknown.' })
  headcountBand!: HeadcountBand | null;

  @Field(() => String, { nullable: true, description: 'Null while unknown.' })
  nafCode!: string | null;

  @Field(() => CompanyKind)
  kind!: CompanyKind;

  @Field(() => Int, { description: 'Optimistic-locking version.' })
  version!: number;
}

@ObjectType('Market', { implements: Node, description: 'Public market carrying an insertion clause.' })
export class MarketNode extends Node {
  @Field()
  reference!: string;

  @Field()
  object!: string;

  @Field(() => MarketNature)
  nature!: MarketNature;

  @Field(() => MarketStatus)
  status!: MarketStatus;

  @Field(() => String, { nullable: true })
  cpvCode!: string | null;

  @Field(() => LocalDate, { nullable: true })
  notificationDate!: string | null;

  @Field(() => LocalDate, { nullable: true })
  startDate!: string | null;

  @Field(() => LocalDate, { nullable: true })
  endDate!: string | null;

  @Field(() => Int, { nullable: true })
  durationMonths!: number | null;

  @Field(() => Float, { nullable: true })
  amountHt!: number | null;

  @Field(() => ClauseMechanism)
  clauseMechanism!: ClauseMechanism;

  @Field(() => Float, { nullable: true })
  labourRate!: number | null;

  @Field(() => Float, { nullable: true })
  insertionRate!: number | null;

  @Field(() => Float, { nullable: true })
  hourlyCost!: number | null;

  @Field(() => Float, { nullable: true })
  statedHours!: number | null;

  @Field(() => String, { nullable: true })
  decpId!: string | null;

  @Field(() => Int, { description: 'Optimistic-locking version.' })
  version!: number;

  @Field(() => OrganisationNode)
  buyer!: OrganisationNode;

  @Field(() => OrganisationNode, { nullable: true })
  facilitator!: OrganisationNode | null;

  @Field(() => OperationNode, { nullable: true })
  operation!: OperationNode | null;

  @Field(() => CharterNode, { nullable: true })
  charter!: CharterNode | null;

  @Field(() => PlannedHoursNode)
  plannedHours!: PlannedHoursNode;

  @Field(() => Float, { description: 'Insertion hours reported on the market so far.' })
  realisedHours!: number;

  @Field(() => [LotNode])
  lots!: LotNode[];
}

@ObjectType('Lot', { implements: Node })
export class LotNode extends Node {
  @Field(() => Int)
  number!: number;

  @Field()
  title!: string;

  @Field(() => Int, { description: 'Optimistic-locking version.' })
  version!: number;

  @Field(() => [AwardNode], { description: 'The companies the lot was awarded to (attributaires).' })
  awards!: AwardNode[];

  @Field(() => MarketNode)
  market!: MarketNode;
}

@ObjectType('Award', { implements: Node })
export class AwardNode extends Node {
  @Field(() => CompanyNode)
  company!: CompanyNode;

  @Field(() => Float, { nullable: true })
  amountHt!: number | null;

  @Field(() => Int, { description: 'Optimistic-locking version.' })
  version!: number;

  @Field(() => LotNode)
  lot!: LotNode;
}
