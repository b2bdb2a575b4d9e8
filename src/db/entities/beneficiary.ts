import { Collection } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, OneToMany, OneToOne, Property } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';
import { Qpv } from './charter.js';
import { QualificationLevel, Sex } from './enums.js';
import { Organisation } from './organisation.js';
import { Exit, Placement } from './placement.js';

/**
 * A person followed by a PLIE: only the typology used by indicators.
 * Names, birth date and contact details live in BeneficiaryIdentity, which fewer people may read.
 */
@Entity({ ...rowLevelSecurity('beneficiary') })
@Check({ name: 'beneficiary_age_at_entry', expression: 'age_at_entry >= 14 and age_at_entry <= 99' })
export class Beneficiary extends BaseEntity {
  /** The PLIE that follows the person. */
  @ManyToOne(() => Organisation, { index: true })
  followedBy!: Organisation;

  @Enum({ items: () => Sex })
  sex!: Sex;

  /** Date of entry into the scheme: the date at which statuses and age are taken. */
  @Property({ type: 'date' })
  entryDate!: string;

  /** Whole years at entry, computed from the birth date when the person is registered. */
  @Property({ type: 'smallint' })
  ageAtEntry!: number;

  @Property({ type: 'text' })
  residenceCommune!: string;

  @ManyToOne(() => Qpv, { nullable: true, index: true })
  qpv: Qpv | null = null;

  /** Bénéficiaire du RSA at entry. */
  @Property({ type: 'boolean', default: false })
  isBrsa: boolean = false;

  /** Demandeur d'emploi de longue durée at entry. */
  @Property({ type: 'boolean', default: false })
  isDeld: boolean = false;

  /** Left child welfare (aide sociale à l'enfance). */
  @Property({ type: 'boolean', default: false })
  isAse: boolean = false;

  /** Reconnaissance de la qualité de travailleur handicapé. */
  @Property({ type: 'boolean', default: false })
  isRqth: boolean = false;

  @Enum({ items: () => QualificationLevel })
  qualificationLevel!: QualificationLevel;

  /**
   * Set while the processing of the person's data is restricted (GDPR art. 18), by the PLIE that follows them:
   * nothing of their follow-up is added or changed until that PLIE lifts it; they stay counted.
   */
  @Property({ type: 'timestamptz', nullable: true })
  restrictedAt: Date | null = null;

  /** Set when the person's identity was erased (GDPR art. 17): the typology, placements and hours stay, counted. */
  @Property({ type: 'timestamptz', nullable: true })
  erasedAt: Date | null = null;

  @OneToOne(() => BeneficiaryIdentity, (identity) => identity.beneficiary, { nullable: true })
  identity: BeneficiaryIdentity | null = null;

  @OneToMany(() => Placement, (placement) => placement.beneficiary)
  placements = new Collection<Placement>(this);

  @OneToMany(() => Exit, (exit) => exit.beneficiary)
  exits = new Collection<Exit>(this);
}

/** Personal data of a beneficiary, one row per person, kept apart from the typology. */
@Entity({ ...rowLevelSecurity('beneficiary_identity') })
@Index({ name: 'beneficiary_identity_natural_key', expression: 'create unique index beneficiary_identity_natural_key on beneficiary_identity (followed_by_id, lower(last_name), lower(first_name), birth_date)' })
export class BeneficiaryIdentity {
  @OneToOne(() => Beneficiary, { primary: true, owner: true, fieldName: 'beneficiary_id' })
  beneficiary!: Beneficiary;

  /** Same PLIE as the beneficiary; repeated here so the natural key and access rules need no join. */
  @ManyToOne(() => Organisation, { index: true })
  followedBy!: Organisation;

  @Property({ type: 'text' })
  lastName!: string;

  @Property({ type: 'text' })
  firstName!: string;

  @Property({ type: 'date' })
  birthDate!: string;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ version: true, type: 'integer', default: 1 })
  version!: number;
}
