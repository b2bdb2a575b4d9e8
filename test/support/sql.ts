import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { withClient } from '../../src/db/roles.js';

/** Raw SQL as the owner role: the independent reference the API's answers are compared with. */
export async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return asOwner(async (client) => (await client.query<T>(text, params)).rows);
}

/** Works on a connection of the owner role, which row-level security does not restrict. */
export function asOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(process.env.TEST_OWNER_URL!, work);
}

/** Works on a connection of the application role, with no request settings unless the work sets them. */
export function asApplicationRole<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(process.env.TEST_APP_URL!, work);
}

/** Works in a transaction of one of the ORM's connections, rolled back however the work ends. */
export async function inRolledBackTransaction<T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const em = orm.em.fork() as EntityManager;
  await em.begin();
  try {
    return await work(em);
  } finally {
    await em.rollback();
  }
}

/** E-mail of an active member with that role in an organisation of that kind. */
export async function demoUser(kind: string, role: string): Promise<{ email: string; organisationId: string }> {
  const [row] = await sql<{ email: string; organisation_id: string }>(
    `select u.email, o.id as organisation_id
       from app_user u join membership m on m.user_id = u.id join organisation o on o.id = m.organisation_id
      where o.kind = $1 and m.role = $2 and m.active
        and (select count(*) from membership other where other.user_id = u.id and other.active) = 1
        and u.email not like '%@test.demo'
      order by o.name, u.email limit 1`,
    [kind, role],
  );
  if (!row) throw new Error(`no demo ${role} in a ${kind}`);
  return { email: row.email, organisationId: row.organisation_id };
}
