import { Check, Entity, Enum, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';
import { CompanyKind, HeadcountBand } from './enums.js';

/**
 * A company, known by its SIRET. Its name, headcount and NAF code are null while unknown: a winner
 * imported from the DECP open data comes with its SIRET only, until someone completes it.
 */
@Entity({ ...rowLevelSecurity('company') })
@Check({ name: 'company_siret_format', expression: "siret ~ '^[0-9]{14}$'" })
@Check({ name: 'company_naf_format', expression: "naf_code ~ '^[0-9]{2}\\.[0-9]{2}[A-Z]$'" })
export class Company extends BaseEntity {
  @Property({ type: 'text' })
  @Unique()
  siret!: string;

  @Property({ type: 'text', nullable: true })
  name: string | null = null;

  @Enum({ items: () => HeadcountBand, nullable: true })
  headcountBand: HeadcountBand | null = null;

  /** NAF (APE) code, e.g. "43.99C". */
  @Property({ type: 'text', nullable: true })
  @Index()
  nafCode: string | null = null;

  @Enum({ items: () => CompanyKind })
  @Index()
  kind!: CompanyKind;
}
