import type { EntityManager } from '@mikro-orm/postgresql';
import type { Validation } from '../../reporting/validation.js';
import { conflict, notFound } from '../../context/errors.js';
import { parseGlobalId } from '../relay/global-id.js';

/** The row a global id names, if it is of that type and the viewer may read it; null otherwise. */
export async function findByGlobalId<T extends object>(em: EntityManager, entity: new () => T, typeName: string, globalId: string): Promise<T | null> {
  const parsed = parseGlobalId(globalId);
  return parsed?.typeName === typeName ? em.findOne(entity, parsed.id as never) : null;
}

/** A related row named in an input, if the viewer may read it; otherwise a problem, never a hint that it exists. */
export async function related<T extends object>(em: EntityManager, entity: new () => T, typeName: string, globalId: string, validation: Validation, field: string) {
  const row = await findByGlobalId(em, entity, typeName, globalId);
  validation.check(row !== null, field, 'UNKNOWN', `Aucun objet « ${typeName} » ne correspond à ${field}`);
  return row;
}

/** The same, or NOT_FOUND, exactly as for a row that does not exist. */
export async function mustFind<T extends object>(em: EntityManager, entity: new () => T, typeName: string, globalId: string, what: string): Promise<T> {
  const row = await findByGlobalId(em, entity, typeName, globalId);
  if (!row) throw notFound(what);
  return row;
}

/** Saves the row; a violation of the natural key `constraint` answers CONFLICT, with that reason and message. */
export async function saveUnique<T extends object>(em: EntityManager, row: T, constraint: string, reason: string, message: string): Promise<T> {
  try {
    await em.persist(row).flush();
    return row;
  } catch (error) {
    if ((error as { constraint?: string }).constraint === constraint) throw conflict(message, { reason });
    throw error;
  }
}
