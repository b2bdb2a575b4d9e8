/**
 * The rows a business action reads and writes: a row named in its input, found only if the viewer may
 * read it; a row saved under a natural key.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Validation } from '../reporting/validation.js';
import { conflict, notFound } from './errors.js';

/** A row an input names, as the edge decoded the client's identifier. */
export interface RowRef {
  /** The identifier as the client wrote it, quoted back in messages. */
  given: string;
  /** The type and key it stands for; null when it names none. */
  node: { typeName: string; id: string } | null;
}

/** The row of that type a reference names, if the viewer may read it; null otherwise. */
export async function findRow<T extends object>(em: EntityManager, entity: new () => T, typeName: string, ref: RowRef): Promise<T | null> {
  return ref.node?.typeName === typeName ? em.findOne(entity, ref.node.id as never) : null;
}

/** A related row named in an input, if the viewer may read it; otherwise a problem, never a hint that it exists. */
export async function related<T extends object>(em: EntityManager, entity: new () => T, typeName: string, ref: RowRef, validation: Validation, field: string) {
  const row = await findRow(em, entity, typeName, ref);
  validation.check(row !== null, field, 'UNKNOWN', `Aucun objet « ${typeName} » ne correspond à ${field}`);
  return row;
}

/** The same, or NOT_FOUND, exactly as for a row that does not exist. */
export async function mustFind<T extends object>(em: EntityManager, entity: new () => T, typeName: string, ref: RowRef, what: string): Promise<T> {
  const row = await findRow(em, entity, typeName, ref);
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
