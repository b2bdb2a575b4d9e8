import { ArrayType } from '@mikro-orm/core';
import { Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';

/**
 * Who read whose identity: one row per request (or export) and per PLIE following the people read, kept apart from
 * the audit trail of writes. It names the people by their ids (pseudonyms), never by their identity.
 */
@Entity({ ...rowLevelSecurity('identity_read') })
@Index({ properties: ['userId', 'createdAt'] })
@Index({ properties: ['apiKeyId', 'createdAt'] })
@Index({ properties: ['followedById', 'createdAt'] })
@Index({ name: 'identity_read_people', expression: 'create index identity_read_people on identity_read using gin (beneficiary_ids)' })
export class IdentityRead extends BaseEntity {
  /** The organisation the reader acted for. */
  @Property({ type: 'uuid' })
  organisationId!: string;

  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  apiKeyId: string | null = null;

  /** The PLIE that follows the people read. */
  @Property({ type: 'uuid' })
  followedById!: string;

  @Property({ type: ArrayType, columnType: 'uuid[]' })
  beneficiaryIds!: string[];

  /** Through what: the API's GraphQL, the follow-up export, a person's record. */
  @Property({ type: 'text' })
  channel!: string;

  @Property({ type: 'text', nullable: true })
  requestId: string | null = null;
}
