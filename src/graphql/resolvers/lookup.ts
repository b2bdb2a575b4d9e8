import type { EntityManager } from '@mikro-orm/postgresql';
import { apiError, ErrorCode, notFound } from '../errors.js';
import { parseGlobalId } from '../relay/global-id.js';

/** The row a global id names, if it is of that type and the viewer may read it; null otherwise. */
export async function findByGlobalId<T extends object>(em: EntityManager, entity: new () => T, typeName: string, globalId: string): Promise<T | null> {
  const parsed = parseGlobalId(globalId);
  return parsed?.typeName === typeName ? em.findOne(entity, parsed.id as never) : null;
}

/** The same, or NOT_FOUND, exactly as for a row that does not exist. */
export async function mustFind<T extends object>(em: EntityManager, entity: new () => T, typeName: string, globalId: string, what: string): Promise<T> {
  const row = await findByGlobalId(em, entity, typeName, globalId);
  if (!row) throw notFound(what);
  return row;
}

/** Flushes; a violation of the natural key `constraint` answers CONFLICT, with that reason and message. */
export async function flushUnique(em: EntityManager, constraint: string, reason: string, message: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if ((error as { constraint?: string }).constraint === constraint) throw apiError(ErrorCode.CONFLICT, message, { reason });
    throw error;
  }
}
