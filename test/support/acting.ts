/**
 * One database layer at a time, as a given reader or writer: the application role under row-level security
 * with the request's session settings (the ORM's tenant filter off), or the owner, which bypasses row-level
 * security, with the ORM's tenant filter alone. The settings and the filter's parameters are those the
 * request sets (src/access/session.ts), so these checks follow it when it changes.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { actAsSession } from '../../src/access/session.js';
import type { Viewer } from '../../src/context/request-context.js';
import type { MembershipRole, OrganisationKind, User } from '../../src/db/entities/index.js';
import { initOrm } from '../../src/db/orm.js';
import { transactionSql, type Sql } from '../../src/db/raw-sql.js';
import { CompiledQuery, type Transaction } from 'kysely';

/** Who acts: a person (userId) or an API key (apiKeyId), for one organisation, with one role there. */
export interface Actor {
  organisationId: string;
  kind: OrganisationKind;
  role: MembershipRole;
  userId: string | null;
  apiKeyId: string | null;
}

function viewerOf(actor: Actor): Viewer {
  const acting = { organisationId: actor.organisationId, kind: actor.kind, role: actor.role };
  return {
    userId: actor.userId,
    sessionRows: null,
    user: actor.userId ? ({ id: actor.userId } as User) : null,
    apiKey: actor.apiKeyId ? { id: actor.apiKeyId, name: 'test', prefix: 'test', createdAt: new Date(), ...acting } : null,
    acting,
  };
}

export type Layer = 'row-level security alone' | 'ORM tenant filter alone';

const orms = new Map<Layer, Promise<MikroORM>>();

function ormOf(layer: Layer): Promise<MikroORM> {
  let orm = orms.get(layer);
  if (!orm) {
    orm = layer === 'row-level security alone'
      ? initOrm({ clientUrl: process.env.TEST_APP_URL!, tenantScoped: false, poolSize: 2 })
      : initOrm({ clientUrl: process.env.TEST_OWNER_URL!, tenantScoped: true, poolSize: 2 });
    orms.set(layer, orm);
  }
  return orm;
}

/** Closes the ORMs opened by `asActor` (call it in afterAll). */
export async function closeActorOrms(): Promise<void> {
  const opened = [...orms.values()];
  orms.clear();
  for (const orm of opened) await (await orm).close();
}

/**
 * Runs `work` in one transaction of that layer, with the actor's session, and rolls it back whatever
 * happens: `sql` sends parameterised SQL in that transaction, `em` is the entity manager.
 */
export async function asActor<T>(layer: Layer, actor: Actor, work: (sql: Sql, em: EntityManager) => Promise<T>): Promise<T> {
  const em = (await ormOf(layer)).em.fork() as EntityManager;
  await em.begin();
  try {
    await actAsSession(em, viewerOf(actor));
    return await work(transactionSql(em), em);
  } finally {
    await em.rollback();
  }
}

/** A statement in the entity manager's open transaction, with the number of rows it wrote. */
export function statements(em: EntityManager) {
  const transaction = em.getTransactionContext<Transaction<unknown>>()!;
  return async (text: string, params: unknown[] = []) => {
    const result = await transaction.executeQuery(CompiledQuery.raw(text, params));
    return Number(result.numAffectedRows ?? 0n);
  };
}
