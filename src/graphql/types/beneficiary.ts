import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  ContractSubsidy, ContractType, ExitCategoryValue, ExitOutcome, PlacementModality, QualificationLevel, Sex,
} from '../../db/entities/index.js';
import { detailReaders } from '../../access/model/rules.js';
import { Node } from '../relay/node.js';
import { QpvNode } from './charter.js';
import { CompanyNode, LotNode, MarketNode } from './market.js';
import { OrganisationNode } from './organisation.js';
import { LocalDate } from './scalars.js';

export enum AgeBandValue {
  UNDER_25 = 'UNDER_25',
  AGE_25 = 'AGE_25',
  AGE_26_29 = 'AGE_26_29',
  AGE_30_44 = 'AGE_30_44',
  AGE_45_54 = 'AGE_45_54',
  AGE_55_PLUS = 'AGE_55_PLUS',
}
registerEnumType(AgeBandValue, { name: 'AgeBand', description: 'Age band at entry; under 25, 26 and 30 are sums of bands.' });

@ObjectType('BeneficiaryIdentity', { description: 'Personal data of a beneficiary, for those allowed to see it.' })
export class BeneficiaryIdentityNode {
  @Field()
  lastName!: string;

  @Field()
  firstName!: string;

  @Field(() => LocalDate)
  birthDate!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;
}

@ObjectType('Exit', { implements: Node, description: 'Sortie: the end of a path and its computed category.' })
export class ExitNode extends Node {
  @Field(() => LocalDate)
  exitDate!: string;

  @Field(() => ExitOutcome)
  outcome!: ExitOutcome;

  @Field(() => ContractSubsidy)
  subsidy!: ContractSubsidy;

  @Field(() => LocalDate, { nullable: true })
  contractStart!: string | null;

  @Field(() => LocalDate, { nullable: true })
  contractEnd!: string | null;

  @Field(() => ExitCategoryValue)
  category!: ExitCategoryValue;

  @Field({ description: 'Code of the classification rule applied.' })
  rule!: string;
}

/** The fields of a person's detailed typology: the access model's `readDetail` on beneficiary says who reads them. */
const DETAIL = `Detailed typology: null unless the viewer acts for an organisation of kind ${detailReaders('beneficiary').join(' or ')}; `
  + 'the others read the typology the indicators count (sex, ageBand, livesInQpv, the statuses).';

@ObjectType('Beneficiary', { implements: Node, description: 'A person followed by a PLIE (typology; identity apart).' })
export class BeneficiaryNode extends Node {
  @Field(() => OrganisationNode)
  followedBy!: OrganisationNode;

  @Field(() => Sex)
  sex!: Sex;

  @Field(() => LocalDate)
  entryDate!: string;

  @Field(() => Int, { nullable: true, description: `Whole years at entry. ${DETAIL}` })
  ageAtEntry!: number | null;

  @Field(() => AgeBandValue, { description: 'Age band at entry, the one the indicators count: for every reader of the person.' })
  ageBand!: AgeBandValue;

  @Field(() => String, { nullable: true, description: `Commune of residence. ${DETAIL}` })
  residenceCommune!: string | null;

  @Field(() => Boolean, { description: 'Lives in a QPV (quartier prioritaire), as the indicators count it: for every reader of the person.' })
  livesInQpv!: boolean;

  @Field(() => QpvNode, { nullable: true, description: `The QPV the person lives in; null when none. ${DETAIL}` })
  qpv!: QpvNode | null;

  @Field()
  isBrsa!: boolean;

  @Field()
  isDeld!: boolean;

  @Field()
  isAse!: boolean;

  @Field()
  isRqth!: boolean;

  @Field(() => QualificationLevel, { nullable: true, description: `Qualification level. ${DETAIL}` })
  qualificationLevel!: QualificationLevel | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Set while the processing of the person is restricted (GDPR art. 18): nothing of their follow-up is added or changed; they stay counted.',
  })
  restrictedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set when the identity was erased (GDPR art. 17): the rest of the record stays, without it, and is counted.' })
  erasedAt!: Date | null;

  @Field(() => BeneficiaryIdentityNode, { nullable: true })
  identity!: BeneficiaryIdentityNode | null;

  @Field(() => [PlacementNode])
  placements!: PlacementNode[];

  @Field(() => [ExitNode])
  exits!: ExitNode[];

  @Field(() => Int, { description: 'Optimistic-locking version.' })
  version!: number;
}

@ObjectType('PlacementMonth', { simpleResolvers: true, description: 'The hours reported on a placement for one month.' })
export class PlacementMonthNode {
  @Field(() => LocalDate, { description: 'The first day of the month.' })
  month!: string;

  @Field(() => Float)
  hours!: number;
}

@ObjectType('Placement', { implements: Node, description: "Mise à l'emploi: a contract on a market." })
export class PlacementNode extends Node {
  @Field(() => BeneficiaryNode)
  beneficiary!: BeneficiaryNode;

  @Field(() => CompanyNode)
  company!: CompanyNode;

  @Field(() => MarketNode, { nullable: true, description: 'Null when the market is not one the viewer may read (a person it follows, placed on a market another PLIE facilitates).' })
  market!: MarketNode | null;

  @Field(() => LotNode, { nullable: true })
  lot!: LotNode | null;

  @Field(() => ContractType)
  contractType!: ContractType;

  @Field(() => PlacementModality)
  modality!: PlacementModality;

  @Field(() => LocalDate)
  startDate!: string;

  @Field(() => LocalDate, { nullable: true })
  endDate!: string | null;

  @Field(() => Float)
  weeklyHours!: number;

  @Field(() => Float, { description: 'Hours reported on this placement so far.' })
  realisedHours!: number;

  @Field(() => Int, { description: 'Optimistic-locking version; reporting hours leaves it unchanged.' })
  version!: number;
}
