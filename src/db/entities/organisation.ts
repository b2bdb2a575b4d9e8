import { Collection } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';
import { MembershipRole, OrganisationKind } from './enums.js';

@Entity({ ...rowLevelSecurity('organisation') })
@Check({ name: 'organisation_siret_format', expression: "siret is null or siret ~ '^[0-9]{14}$'" })
export class Organisation extends BaseEntity {
  @Enum({ items: () => OrganisationKind })
  @Index()
  kind!: OrganisationKind;

  @Property({ type: 'text' })
  @Unique()
  name!: string;

  @Property({ type: 'text', nullable: true })
  @Unique()
  siret: string | null = null;

  /** Territory covered, in people's words (e.g. "Calaisis", "Pas-de-Calais"). */
  @Property({ type: 'text' })
  territory!: string;

  /** Département code (INSEE), e.g. "62". */
  @Property({ type: 'text' })
  @Index()
  departementCode!: string;
}

@Entity({ tableName: 'app_user', ...rowLevelSecurity('app_user') })
@Check({ name: 'app_user_email_lowercase', expression: 'email = lower(email)' })
export class User extends BaseEntity {
  @Property({ type: 'text' })
  @Unique()
  email!: string;

  @Property({ type: 'text' })
  displayName!: string;

  /** Subject of the OpenID Connect provider, once the user has signed in through it. */
  @Property({ type: 'text', nullable: true })
  @Unique()
  oidcSubject: string | null = null;

  @OneToMany(() => Membership, (membership) => membership.user)
  memberships = new Collection<Membership>(this);
}

/** A user's role in an organisation. Deactivated, never deleted, so the audit trail keeps its meaning. */
@Entity({ ...rowLevelSecurity('membership') })
@Unique({ properties: ['user', 'organisation'] })
export class Membership extends BaseEntity {
  @ManyToOne(() => User, { index: true })
  user!: User;

  @ManyToOne(() => Organisation, { index: true })
  organisation!: Organisation;

  @Enum({ items: () => MembershipRole })
  role!: MembershipRole;

  @Property({ type: 'boolean', default: true })
  active: boolean = true;
}
