import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';
import { MembershipRole } from './enums.js';
import { Organisation } from './organisation.js';

/**
 * A partner front-end's credential: one organisation, one role. Only a hash of the secret is kept;
 * the key is shown once, at creation. Revoked, never deleted.
 */
@Entity({ ...rowLevelSecurity('api_key') })
export class ApiKey extends BaseEntity {
  @ManyToOne(() => Organisation, { index: true })
  organisation!: Organisation;

  @Enum({ items: () => MembershipRole })
  role!: MembershipRole;

  /** What the key is for, in its creator's words. */
  @Property({ type: 'text' })
  name!: string;

  /** Public part of the key, to find it and to recognise it in lists. */
  @Property({ type: 'text' })
  @Unique()
  prefix!: string;

  /** SHA-256 of the secret part, hex. */
  @Property({ type: 'text' })
  secretHash!: string;

  @Property({ type: 'uuid' })
  @Index()
  createdBy!: string;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
