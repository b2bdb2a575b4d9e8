import { Collection, DecimalType } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToMany, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';
import { CharterTargetKind, Programme } from './enums.js';
import { Market } from './market.js';
import { Organisation } from './organisation.js';

/** Quartier prioritaire de la politique de la ville. */
@Entity({ ...rowLevelSecurity('qpv') })
@Unique({ properties: ['commune', 'name'] })
export class Qpv extends BaseEntity {
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  commune!: string;

  /** Official QPV code where known. */
  @Property({ type: 'text', nullable: true })
  @Unique()
  code: string | null = null;
}

/** Charte locale d'insertion / plan local d'insertion. */
@Entity({ ...rowLevelSecurity('charter') })
@Check({ name: 'charter_period', expression: 'end_date >= start_date' })
// Unique within its coordinator only: a name taken by another tenant's charter must not be revealed by a refusal.
@Unique({ properties: ['coordinator', 'name'] })
export class Charter extends BaseEntity {
  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => Organisation, { index: true })
  coordinator!: Organisation;

  @Property({ type: 'date' })
  startDate!: string;

  @Property({ type: 'date' })
  endDate!: string;

  @ManyToMany({ entity: () => Qpv, pivotEntity: () => CharterQpv })
  qpvs = new Collection<Qpv>(this);

  @OneToMany(() => CharterSignatory, (signatory) => signatory.charter)
  signatories = new Collection<CharterSignatory>(this);

  @OneToMany(() => CharterTarget, (target) => target.charter)
  targets = new Collection<CharterTarget>(this);
}

/** QPV concerned by a charter. */
@Entity({ ...rowLevelSecurity('charter_qpv') })
@Unique({ properties: ['charter', 'qpv'] })
export class CharterQpv extends BaseEntity {
  @ManyToOne(() => Charter, { index: true })
  charter!: Charter;

  @ManyToOne(() => Qpv, { index: true })
  qpv!: Qpv;
}

@Entity({ ...rowLevelSecurity('charter_signatory') })
@Unique({ properties: ['charter', 'organisation'] })
export class CharterSignatory extends BaseEntity {
  @ManyToOne(() => Charter, { index: true })
  charter!: Charter;

  @ManyToOne(() => Organisation, { index: true })
  organisation!: Organisation;

  @Property({ type: 'date', nullable: true })
  signedOn: string | null = null;
}

@Entity({ ...rowLevelSecurity('charter_target') })
@Unique({ properties: ['charter', 'kind'] })
@Check({ name: 'charter_target_rate', expression: 'value >= 0 and value <= 1' })
export class CharterTarget extends BaseEntity {
  @ManyToOne(() => Charter, { index: true })
  charter!: Charter;

  @Enum({ items: () => CharterTargetKind })
  kind!: CharterTargetKind;

  /** A share between 0 and 1 (0.05 = at least 5 %). */
  @Property({ type: new DecimalType('number'), precision: 5, scale: 4 })
  value!: number;

  /** For the share of young beneficiaries: the age under which a person counts (25 in Calais). */
  @Property({ type: 'smallint', nullable: true })
  ageThreshold: number | null = null;
}

/** Programme or operation grouping markets (an NPNRU project, an ERBM renovation, ...). */
@Entity({ ...rowLevelSecurity('operation') })
@Unique({ properties: ['name', 'owner'] })
export class Operation extends BaseEntity {
  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => Programme })
  @Index()
  programme!: Programme;

  /** Organisation leading the operation. */
  @ManyToOne(() => Organisation, { index: true })
  owner!: Organisation;

  @ManyToOne(() => Charter, { nullable: true, index: true })
  charter: Charter | null = null;

  @Property({ type: 'text' })
  territory!: string;

  @OneToMany(() => Market, (market) => market.operation)
  markets = new Collection<Market>(this);
}
