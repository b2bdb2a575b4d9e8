import { DecimalType, type Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';
// Rel<>: beneficiary.ts imports this file too, so the class must not be read while decorating.
import { Beneficiary } from './beneficiary.js';
import { Company } from './company.js';
import { ContractSubsidy, ContractType, ExitCategoryValue, ExitOutcome, PlacementModality } from './enums.js';
import { Lot, Market } from './market.js';

/** Mise à l'emploi: a work contract of a beneficiary with a company on a market. */
@Entity({ ...rowLevelSecurity('placement') })
@Unique({ name: 'placement_natural_key', properties: ['beneficiary', 'company', 'market', 'startDate'] })
@Check({ name: 'placement_dates', expression: 'end_date is null or end_date >= start_date' })
@Check({ name: 'placement_weekly_hours', expression: 'weekly_hours > 0 and weekly_hours <= 48' })
export class Placement extends BaseEntity {
  @ManyToOne(() => Beneficiary, { index: true })
  beneficiary!: Rel<Beneficiary>;

  @ManyToOne(() => Company, { index: true })
  company!: Company;

  @ManyToOne(() => Market, { index: true })
  market!: Market;

  @ManyToOne(() => Lot, { nullable: true, index: true })
  lot: Lot | null = null;

  @Enum({ items: () => ContractType })
  contractType!: ContractType;

  @Enum({ items: () => PlacementModality })
  modality!: PlacementModality;

  @Property({ type: 'date' })
  @Index()
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  endDate: string | null = null;

  @Property({ type: new DecimalType('number'), precision: 5, scale: 2 })
  weeklyHours!: number;
}

/** Hours worked on a placement in one calendar month, as reported by the facilitator. */
@Entity({ ...rowLevelSecurity('monthly_hours') })
@Unique({ name: 'monthly_hours_natural_key', properties: ['placement', 'month'] })
@Check({ name: 'monthly_hours_first_of_month', expression: 'extract(day from month) = 1' })
@Check({ name: 'monthly_hours_range', expression: 'hours >= 0 and hours <= 744' })
export class MonthlyHours extends BaseEntity {
  @ManyToOne(() => Placement, { index: true })
  placement!: Placement;

  /** First day of the month worked. */
  @Property({ type: 'date' })
  @Index()
  month!: string;

  @Property({ type: new DecimalType('number'), precision: 6, scale: 2 })
  hours!: number;
}

/** End of a beneficiary's path; the category is computed from the outcome, never typed in. */
@Entity({ tableName: 'beneficiary_exit', ...rowLevelSecurity('beneficiary_exit') })
@Unique({ properties: ['beneficiary', 'exitDate'] })
@Check({ name: 'exit_contract_dates', expression: 'contract_end is null or contract_start is null or contract_end >= contract_start' })
export class Exit extends BaseEntity {
  @ManyToOne(() => Beneficiary, { index: true })
  beneficiary!: Rel<Beneficiary>;

  @Property({ type: 'date' })
  exitDate!: string;

  @Enum({ items: () => ExitOutcome })
  outcome!: ExitOutcome;

  @Enum({ items: () => ContractSubsidy, default: ContractSubsidy.NONE })
  subsidy: ContractSubsidy = ContractSubsidy.NONE;

  @Property({ type: 'date', nullable: true })
  contractStart: string | null = null;

  @Property({ type: 'date', nullable: true })
  contractEnd: string | null = null;

  @Enum({ items: () => ExitCategoryValue })
  @Index()
  category!: ExitCategoryValue;

  /** Code of the classification rule that produced the category. */
  @Property({ type: 'text' })
  rule!: string;
}
