import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OrganisationKind } from '../../db/entities/index.js';
import { LocalDate } from './scalars.js';

// The indicator types are plain data, built whole before the answer is written (indicators/report.ts):
// `simpleResolvers` gives their fields GraphQL's default resolver instead of type-graphql's wrapper, which
// costs per field, and a report of every PLIE has hundreds of thousands of them.

export enum IndicatorScopeKind {
  EVERYTHING = 'EVERYTHING',
  CHARTER = 'CHARTER',
  ORGANISATION = 'ORGANISATION',
  OPERATION = 'OPERATION',
  MARKET = 'MARKET',
}
registerEnumType(IndicatorScopeKind, { name: 'IndicatorScopeKind', description: 'What indicators cover; EVERYTHING is for the Département.' });

export enum IndicatorDisclosure {
  EXACT = 'EXACT',
  PERTURBED = 'PERTURBED',
  OFF_GRID = 'OFF_GRID',
}
registerEnumType(IndicatorDisclosure, {
  name: 'IndicatorDisclosure',
  description: 'How the counts of people, contracts and exits of a set were protected (docs/indicators.md).',
  valuesConfig: {
    EXACT: { description: 'Exact: for a viewer who reads the rows counted, or who must report these figures (the Département, a charter’s coordinator).' },
    PERTURBED: { description: 'Each count within 2 of the truth, by its cell key; under 5: suppressed. A total may differ from the sum of its breakdown.' },
    OFF_GRID: { description: 'Suppressed: these counts are published by calendar semester or year only.' },
  },
});

@InputType()
export class IndicatorScopeInput {
  @Field(() => IndicatorScopeKind) kind!: IndicatorScopeKind;
  @Field(() => ID, { nullable: true, description: 'The charter, organisation, operation or market; none for EVERYTHING.' }) id?: string;
}

@InputType({ description: 'One of: a semester ("2025-S1"), a calendar year, or two dates (both included).' })
export class PeriodInput {
  @Field(() => String, { nullable: true }) semester?: string;
  @Field(() => Int, { nullable: true }) year?: number;
  @Field(() => LocalDate, { nullable: true }) from?: string;
  @Field(() => LocalDate, { nullable: true }) to?: string;
}

@ObjectType('IndicatorCount', { simpleResolvers: true, description: 'A count, of people, contracts, companies or exits, protected as its set says (IndicatorSet.disclosure).' })
export class CountCellNode {
  @Field() key!: string;
  @Field() label!: string;
  @Field(() => Int, { nullable: true, description: 'Null when suppressed.' }) value!: number | null;
  @Field() suppressed!: boolean;
}

@ObjectType('IndicatorHours', {
  simpleResolvers: true,
  description: 'Hours, and in full-time equivalents on the stated base. Suppressed only by contract type and modality, with the few people they would describe.',
})
export class HoursCellNode {
  @Field() key!: string;
  @Field() label!: string;
  @Field(() => Float, { nullable: true, description: 'Null when suppressed.' }) hours!: number | null;
  @Field(() => Float, { nullable: true, description: 'Null when suppressed.' }) etp!: number | null;
  @Field() suppressed!: boolean;
}

@ObjectType('HoursTotal', { simpleResolvers: true })
export class HoursFigureNode {
  @Field(() => Float) hours!: number;
  @Field(() => Float) etp!: number;
  @Field(() => Float, { description: 'Hours of one full-time equivalent.' }) etpBase!: number;
}

@ObjectType('PlannedHoursTotal', { simpleResolvers: true, description: "Planned hours of the scope's markets running in the period (whole clauses), and how they are known." })
export class PlannedFigureNode extends HoursFigureNode {
  @Field(() => Int, { description: 'Markets whose hours the buyer stated.' }) marketsStated!: number;
  @Field(() => Int, { description: 'Markets whose hours the formula computed.' }) marketsComputed!: number;
  @Field(() => Int, { description: 'Markets whose hours cannot be known yet.' }) marketsUnknown!: number;
}

@ObjectType('CountTotal', { simpleResolvers: true, description: 'A total of people, contracts or exits, protected as its set says (IndicatorSet.disclosure).' })
export class ShownCountNode {
  @Field(() => Int, { nullable: true }) value!: number | null;
  @Field() suppressed!: boolean;
}

@ObjectType('TargetProgress', { simpleResolvers: true, description: 'A charter target against what was reached.' })
export class TargetNode {
  @Field() kind!: string;
  @Field() label!: string;
  @Field(() => Float) target!: number;
  @Field(() => Float, { nullable: true }) achieved!: number | null;
  @Field(() => Float, { nullable: true, description: 'achieved ÷ target: 1 when the target is met.' }) progress!: number | null;
  @Field({ description: 'Hidden because it would reveal a suppressed count.' }) suppressed!: boolean;
}

@ObjectType('MarketIndicator', { simpleResolvers: true, description: "A market's clause and how far it has got by the end of the period." })
export class MarketViewNode {
  @Field(() => ID, { description: 'The market, by its database id (as a Market node: readable only by its buyer, its facilitator and the Département).' }) marketId!: string;
  @Field() nature!: string;
  @Field(() => Float, { nullable: true }) plannedHours!: number | null;
  @Field() plannedBasis!: string;
  @Field(() => Float) realisedInPeriod!: number;
  @Field(() => Float, { nullable: true }) targetRate!: number | null;
  @Field(() => Float, { nullable: true }) rateAchieved!: number | null;
  @Field(() => Float, { nullable: true }) progress!: number | null;
}

@ObjectType('IndicatorSet', { simpleResolvers: true, description: 'The indicators of the scope, or of a share of it.' })
export class IndicatorViewNode {
  @Field(() => HoursFigureNode) realised!: HoursFigureNode;
  @Field(() => PlannedFigureNode) planned!: PlannedFigureNode;
  @Field(() => [HoursCellNode]) hoursByNature!: HoursCellNode[];
  @Field(() => [HoursCellNode]) plannedByNature!: HoursCellNode[];
  @Field(() => [CountCellNode], { description: 'Markets running in the period, by the legal mechanism of their clause.' }) marketsByClause!: CountCellNode[];
  @Field(() => [HoursCellNode]) hoursByModality!: HoursCellNode[];
  @Field(() => [HoursCellNode]) hoursByContractType!: HoursCellNode[];
  @Field(() => ShownCountNode, { description: 'Distinct people who worked in the period.' }) people!: ShownCountNode;
  @Field(() => [CountCellNode]) peopleBySex!: CountCellNode[];
  @Field(() => [CountCellNode], { description: 'By age at entry into the scheme.' }) peopleByAgeBand!: CountCellNode[];
  @Field(() => [CountCellNode], { description: 'Under 25, 26 and 30 at entry.' }) youngPeople!: CountCellNode[];
  @Field(() => [CountCellNode]) peopleByQpv!: CountCellNode[];
  @Field(() => [CountCellNode], { description: 'BRSA, DELD, RQTH, ASE at entry, and access to training.' }) peopleStatuses!: CountCellNode[];
  @Field(() => ShownCountNode, { description: 'Placements worked in the period.' }) contracts!: ShownCountNode;
  @Field(() => [CountCellNode]) contractsByType!: CountCellNode[];
  @Field(() => [CountCellNode]) contractsByModality!: CountCellNode[];
  @Field(() => [CountCellNode]) contractsByDuration!: CountCellNode[];
  @Field(() => Int, { description: 'Distinct employers of the placements worked.' }) companies!: number;
  @Field(() => [CountCellNode]) companiesByHeadcount!: CountCellNode[];
  @Field(() => [CountCellNode], { description: 'By NAF division.' }) companiesBySector!: CountCellNode[];
  @Field(() => [CountCellNode]) companiesByKind!: CountCellNode[];
  @Field(() => ShownCountNode, { description: 'Exits dated in the period.' }) exits!: ShownCountNode;
  @Field(() => [CountCellNode]) exitsByCategory!: CountCellNode[];
  @Field(() => [TargetNode], { description: "A charter's targets, for the charter as a whole." }) targets!: TargetNode[];
  @Field(() => [MarketViewNode]) markets!: MarketViewNode[];
  @Field(() => IndicatorDisclosure) disclosure!: IndicatorDisclosure;
  @Field({ description: 'How the counts were protected, in French, for the page that shows them.' }) disclosureNote!: string;
}

@ObjectType('SignatoryIndicators', { simpleResolvers: true })
export class SignatoryViewNode {
  @Field(() => ID, { description: "The organisation's database id." }) organisationId!: string;
  @Field() name!: string;
  @Field(() => OrganisationKind) kind!: OrganisationKind;
  @Field({ description: 'The code of its département, e.g. "62".' }) departementCode!: string;
  @Field(() => IndicatorViewNode) indicators!: IndicatorViewNode;
}

@ObjectType('IndicatorScope', { simpleResolvers: true })
export class ScopeNode {
  @Field(() => IndicatorScopeKind) kind!: IndicatorScopeKind;
  @Field(() => ID, { nullable: true }) id?: string;
  @Field() name!: string;
}

@ObjectType('IndicatorPeriod', { simpleResolvers: true, description: 'From start included to end excluded.' })
export class PeriodNode {
  @Field(() => LocalDate) start!: string;
  @Field(() => LocalDate) end!: string;
}

@ObjectType('IndicatorReport', { simpleResolvers: true, description: 'The whole scope, the acting organisation’s share, and each signatory’s for those who may see them.' })
export class IndicatorReportNode {
  @Field(() => ScopeNode) scope!: ScopeNode;
  @Field(() => PeriodNode) period!: PeriodNode;
  @Field(() => Float) etpBase!: number;
  @Field(() => Int, { description: 'Protected counts that would show below it are suppressed.' }) suppressionThreshold!: number;
  @Field(() => IndicatorViewNode) total!: IndicatorViewNode;
  @Field(() => IndicatorViewNode, { nullable: true, description: 'A buyer: its markets; a PLIE: the people it follows. Null for the Département and the État.' }) share!: IndicatorViewNode | null;
  /** Resolved by IndicatorResolver.bySignatory, which takes its argument. */
  bySignatory!: SignatoryViewNode[] | null;
}
