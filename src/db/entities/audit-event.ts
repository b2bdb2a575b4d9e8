import { Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';

/** One write: who made it, acting for which organisation, on what, and the change. Never updated. */
@Entity({ ...rowLevelSecurity('audit_event') })
@Index({ properties: ['entity', 'entityId'] })
export class AuditEvent extends BaseEntity {
  @Property({ type: 'uuid', nullable: true })
  @Index()
  userId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  apiKeyId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  @Index()
  organisationId: string | null = null;

  @Property({ type: 'text' })
  entity!: string;

  @Property({ type: 'uuid' })
  entityId!: string;

  /** CREATE, UPDATE, ARCHIVE, DELETE, IMPORT... */
  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'jsonb' })
  changes!: Record<string, unknown>;

  /** The request's `x-request-id` (or a job's, a tool run's id): a client that lost an answer finds its writes by it. */
  @Property({ type: 'text', nullable: true })
  @Index()
  requestId: string | null = null;
}
