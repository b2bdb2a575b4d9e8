import { Check, Entity, Enum, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';
import { CompanyKind, HeadcountBand } from './enums.js';

@Entity({ ...rowLevelSecurity('company') })
@Check({ name: 'company_siret_format', expression: "siret ~ '^[0-9]{14}$'" })
@Check({ name: 'company_naf_format', expression: "naf_code ~ '^[0-9]{2}\\.[0-9]{2}[A-Z]$'" })
export class Company extends BaseEntity {
  @Property({ type: 'text' })
  @Unique()
  siret!: string;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => HeadcountBand })
  headcountBand!: HeadcountBand;

  /** NAF (APE) code, e.g. "43.99C". */
  @Property({ type: 'text' })
  @Index()
  nafCode!: string;

  @Enum({ items: () => CompanyKind })
  @Index()
  kind!: CompanyKind;
}
