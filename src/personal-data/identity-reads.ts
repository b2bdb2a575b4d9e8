/**
 * Who read whose identity (issue 15, point 1): every answer that carries identities (GraphQL's `identity`, the
 * follow-up export, a person's record) records who read it, acting for which organisation, which people, when,
 * through what, with the request id, in `identity_read`: apart from the audit trail of writes, never an identity
 * itself. It is written before the answer is sent: an answer whose reads could not be recorded is not sent. A GraphQL
 * answer's, once its transaction has ended, in one of their own; an export's, in the export's own transaction, which
 * then commits even when the client left half-way (a second connection per export would let a burst of exports hold
 * every connection of the pool, each waiting for another).
 */
import type { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { numbered, reads as readsOf, scope } from '../access/can.js';
import { actAsSession } from '../access/session.js';
import type { Viewer } from '../context/request-context.js';
import { transactionSql, type Sql } from '../db/raw-sql.js';

export enum ReadChannel {
  GRAPHQL = 'GRAPHQL',
  FOLLOW_UP_EXPORT = 'FOLLOW_UP_EXPORT',
  PERSON_RECORD = 'PERSON_RECORD',
}

/** The most people one record names: an export of a whole PLIE is several records. */
export const PEOPLE_PER_RECORD = 1000;

/** The people whose identity one answer carries, by the PLIE that follows them. */
export class IdentityReads {
  private readonly byFollower = new Map<string, Set<string>>();

  add(followedById: string, beneficiaryId: string): void {
    const people = this.byFollower.get(followedById) ?? new Set<string>();
    people.add(beneficiaryId);
    this.byFollower.set(followedById, people);
  }

  get empty(): boolean {
    return this.byFollower.size === 0;
  }

  /** One record per following PLIE and per PEOPLE_PER_RECORD people: a record stays small whatever the export. */
  groups(): { followed_by_id: string; beneficiary_ids: string[] }[] {
    return [...this.byFollower].flatMap(([followedById, people]) => {
      const ids = [...people];
      return Array.from({ length: Math.ceil(ids.length / PEOPLE_PER_RECORD) }, (_, index) =>
        ({ followed_by_id: followedById, beneficiary_ids: ids.slice(index * PEOPLE_PER_RECORD, (index + 1) * PEOPLE_PER_RECORD) }));
    });
  }
}

/** An answer about to be sent (a file, a record) and the identities it carries. */
export interface IdentityBearingAnswer {
  write: (out: Writable) => Promise<void>;
  reads: IdentityReads;
}

/** The identities a condition on `beneficiary_identity i` selects (`$n` parameters), as an export is about to send them. */
export async function identitiesSelected(sql: Sql, condition: { sql: string; params: unknown[] }): Promise<IdentityReads> {
  const reads = new IdentityReads();
  const rows = await sql<{ followed_by_id: string; beneficiary_id: string }>(
    `select i.followed_by_id, i.beneficiary_id from beneficiary_identity i where ${condition.sql}`, condition.params);
  for (const row of rows) reads.add(row.followed_by_id, row.beneficiary_id);
  return reads;
}

/** Records the reads in the caller's transaction, which the caller commits whatever became of the answer. */
export async function recordIdentityReads(sql: Sql, viewer: Viewer, requestId: string, channel: ReadChannel, reads: IdentityReads): Promise<void> {
  if (reads.empty) return;
  await sql(
    `insert into identity_read (id, organisation_id, user_id, api_key_id, followed_by_id, beneficiary_ids, channel, request_id)
     select gen_random_uuid(), $1, $2, $3, g.followed_by_id, g.beneficiary_ids, $4, $5
       from jsonb_to_recordset($6::jsonb) as g(followed_by_id uuid, beneficiary_ids uuid[])`,
    [viewer.acting!.organisationId, viewer.userId, viewer.apiKey?.id ?? null, channel, requestId, JSON.stringify(reads.groups())],
  );
}

/** Records the reads in a transaction of their own, for an answer whose transaction has ended (a query's rolls back). */
export async function recordIdentityReadsApart(orm: MikroORM, viewer: Viewer, requestId: string, channel: ReadChannel, reads: IdentityReads): Promise<void> {
  if (reads.empty) return;
  await orm.em.fork({ clear: true }).transactional(async (em) => {
    await actAsSession(em, viewer);
    await recordIdentityReads(transactionSql(em), viewer, requestId, channel, reads);
  });
}

/** One read of a person's identity, as the person's record lists it: when, by which organisation, through what. */
export interface PersonRead {
  at: string;
  organisation: string;
  channel: ReadChannel;
  requestId: string | null;
}

/**
 * Who read the person's identity, oldest first, as far as the viewer reads the read log (its PLIE's
 * administrators); null when it reads none of it, so that "nobody" and "not yours to see" differ.
 */
export async function readsOfPerson(sql: Sql, viewer: Viewer, beneficiaryId: string): Promise<PersonRead[] | null> {
  if (readsOf(viewer, 'identity_read') === 'none') return null;
  const readable = numbered(scope(viewer, 'identity_read', 'r'), 2);
  return sql<PersonRead>(
    `select to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at, o.name as organisation, r.channel, r.request_id as "requestId"
       from identity_read r join organisation o on o.id = r.organisation_id
      where r.beneficiary_ids @> array[$1::uuid] and ${readable.sql}
      order by r.created_at, r.id`,
    [beneficiaryId, ...readable.params]);
}
