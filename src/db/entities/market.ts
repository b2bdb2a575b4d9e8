import { Collection, DecimalType } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';
import { Charter, Operation } from './charter.js';
import { Company } from './company.js';
import { ClauseMechanism, MarketNature, MarketStatus } from './enums.js';
import { Organisation } from './organisation.js';

@Entity({ ...rowLevelSecurity('market') })
@Unique({ properties: ['buyer', 'reference'] })
@Unique({ properties: ['buyer', 'decpId'] })
@Check({ name: 'market_rates', expression: '(labour_rate is null or (labour_rate >= 0 and labour_rate <= 1)) and (insertion_rate is null or (insertion_rate >= 0 and insertion_rate <= 1))' })
@Check({ name: 'market_amounts', expression: '(amount_ht is null or amount_ht >= 0) and (hourly_cost is null or hourly_cost > 0) and (stated_hours is null or stated_hours >= 0)' })
@Check({ name: 'market_dates', expression: 'end_date is null or start_date is null or end_date >= start_date' })
@Check({ name: 'market_cpv_format', expression: "cpv_code is null or cpv_code ~ '^[0-9]{8}(-[0-9])?$'" })
export class Market extends BaseEntity {
  /** Maître d'ouvrage. */
  @ManyToOne(() => Organisation, { index: true })
  buyer!: Organisation;

  /** PLIE whose facilitators follow the clause. */
  @ManyToOne(() => Organisation, { nullable: true, index: true })
  facilitator: Organisation | null = null;

  @ManyToOne(() => Operation, { nullable: true, index: true })
  operation: Operation | null = null;

  @ManyToOne(() => Charter, { nullable: true, index: true })
  charter: Charter | null = null;

  /** The buyer's own reference for the market. */
  @Property({ type: 'text' })
  reference!: string;

  @Property({ type: 'text' })
  object!: string;

  @Enum({ items: () => MarketNature })
  @Index()
  nature!: MarketNature;

  @Enum({ items: () => MarketStatus, default: MarketStatus.ACTIVE })
  status: MarketStatus = MarketStatus.ACTIVE;

  @Property({ type: 'text', nullable: true })
  cpvCode: string | null = null;

  @Property({ type: 'date', nullable: true })
  @Index()
  notificationDate: string | null = null;

  @Property({ type: 'date', nullable: true })
  startDate: string | null = null;

  @Property({ type: 'date', nullable: true })
  endDate: string | null = null;

  @Property({ type: 'smallint', nullable: true })
  durationMonths: number | null = null;

  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, nullable: true })
  amountHt: number | null = null;

  @Enum({ items: () => ClauseMechanism })
  clauseMechanism!: ClauseMechanism;

  /** Taux de main d'œuvre, 0 to 1. */
  @Property({ type: new DecimalType('number'), precision: 5, scale: 4, nullable: true })
  labourRate: number | null = null;

  /** Taux d'insertion, 0 to 1. */
  @Property({ type: new DecimalType('number'), precision: 5, scale: 4, nullable: true })
  insertionRate: number | null = null;

  /** Coût horaire chargé, euros. */
  @Property({ type: new DecimalType('number'), precision: 8, scale: 2, nullable: true })
  hourlyCost: number | null = null;

  /** Hours stated by the buyer; when present they apply instead of the formula. */
  @Property({ type: new DecimalType('number'), precision: 10, scale: 2, nullable: true })
  statedHours: number | null = null;

  /** Identifier of the market in the DECP open data, when it came from there. */
  @Property({ type: 'text', nullable: true })
  decpId: string | null = null;

  @OneToMany(() => Lot, (lot) => lot.market)
  lots = new Collection<Lot>(this);
}

@Entity({ ...rowLevelSecurity('lot') })
@Unique({ properties: ['market', 'number'] })
export class Lot extends BaseEntity {
  @ManyToOne(() => Market, { index: true })
  market!: Market;

  @Property({ type: 'smallint' })
  number!: number;

  @Property({ type: 'text' })
  title!: string;

  @OneToMany(() => Award, (award) => award.lot)
  awards = new Collection<Award>(this);
}

/** A lot awarded to a company (attributaire). */
@Entity({ ...rowLevelSecurity('award') })
@Unique({ properties: ['lot', 'company'] })
@Check({ name: 'award_amount', expression: 'amount_ht is null or amount_ht >= 0' })
export class Award extends BaseEntity {
  @ManyToOne(() => Lot, { index: true })
  lot!: Lot;

  @ManyToOne(() => Company, { index: true })
  company!: Company;

  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, nullable: true })
  amountHt: number | null = null;
}
