import { Collection } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';
import { InvitationStatus, MembershipRole, OrganisationKind } from './enums.js';

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

/**
 * A person's account. Its first sign-in binds it to the identity that signed in (issuer and subject), found by the
 * e-mail the issuer vouched for; later sign-ins find it by that identity, and another one with the same e-mail is
 * refused. Only the database's sign-in function (app_sign_in) writes the binding, or creates an account.
 */
@Entity({ tableName: 'app_user', ...rowLevelSecurity('app_user') })
@Check({ name: 'app_user_email_lowercase', expression: 'email = lower(email)' })
@Check({ name: 'app_user_oidc_identity_whole', expression: '(oidc_issuer is null) = (oidc_subject is null)' })
@Unique({ name: 'app_user_oidc_identity_unique', properties: ['oidcIssuer', 'oidcSubject'] })
export class User extends BaseEntity {
  @Property({ type: 'text' })
  @Unique()
  email!: string;

  @Property({ type: 'text' })
  displayName!: string;

  /** Issuer of the identity the account is bound to (an OpenID provider, or the platform's development key). */
  @Property({ type: 'text', nullable: true })
  oidcIssuer: string | null = null;

  /** Subject of that identity at its issuer. */
  @Property({ type: 'text', nullable: true })
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

  /** The invitation whose acceptance created it, or last made it active again; none for those made before invitations. */
  @ManyToOne(() => Invitation, { nullable: true, unique: true })
  invitation: Invitation | null = null;
}

/**
 * A role in an organisation offered by one of its administrators to whoever signs in with that e-mail. It names no
 * account, so the inviter never learns whether one exists; only the invitee answers it (app_answer_invitation), and
 * accepting one is the only way a membership is created or made active again. Closed, never deleted.
 */
@Entity({ ...rowLevelSecurity('invitation') })
@Check({ name: 'invitation_email_lowercase', expression: 'email = lower(email)' })
@Index({ name: 'invitation_pending_unique', expression: "create unique index invitation_pending_unique on invitation (organisation_id, email) where status = 'PENDING'" })
export class Invitation extends BaseEntity {
  @ManyToOne(() => Organisation, { index: true })
  organisation!: Organisation;

  @Property({ type: 'text' })
  @Index()
  email!: string;

  /** The name the inviter gave; an account created when the invitee first signs in takes it, an existing one keeps its own. */
  @Property({ type: 'text' })
  displayName!: string;

  @Enum({ items: () => MembershipRole })
  role!: MembershipRole;

  @ManyToOne(() => User, { index: true })
  invitedBy!: User;

  @Enum({ items: () => InvitationStatus, default: InvitationStatus.PENDING })
  status: InvitationStatus = InvitationStatus.PENDING;

  /** When it was accepted, refused or revoked. */
  @Property({ type: 'timestamptz', length: 3, nullable: true })
  closedAt: Date | null = null;
}
