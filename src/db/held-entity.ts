import { wrap, type EntityClass, type EntityDictionary, type EntityManager, type Primary } from '@mikro-orm/postgresql';

/** The request's entity of a row, where the request holds it loaded: it may have changed it since the row was read. */
export function heldEntity<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>): T | undefined {
  const held = em.getUnitOfWork().getById(entity, row.id as Primary<T>);
  return held && wrap(held).isInitialized() ? held : undefined;
}

/** The entity of a row already read (as PostgreSQL's to_json writes it), unless the request already holds it. */
export function managed<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>): T {
  return heldEntity(em, entity, row) ?? em.map(entity, row as EntityDictionary<T>);
}
