import { ReferenceKind, type EntityClass, type EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { heldEntity } from '../../db/held-entity.js';

/** A row's related row as the resolvers read it: its id. */
export interface Ref {
  id: string;
}

/**
 * A row PostgreSQL gave as JSON (`to_json(alias)`: column names, numbers, 'YYYY-MM-DD' dates), as a plain
 * object with the entity's property names and values: scalars as the ORM holds them, each many-to-one
 * relation as `{ id }` or null. That is all the field resolvers read of a node, so that they resolve
 * such an object as they resolve the entity.
 */
export function plainRow(meta: EntityMetadata, row: Record<string, unknown>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const prop of meta.props) {
    const value = row[prop.fieldNames?.[0] ?? ''];
    if (prop.kind === ReferenceKind.MANY_TO_ONE) plain[prop.name] = value == null ? null : { id: value };
    else if (prop.kind === ReferenceKind.SCALAR) plain[prop.name] = value == null ? null : prop.columnTypes?.[0]?.startsWith('timestamp') ? new Date(value as string) : value;
  }
  return plain;
}

/** A row already read, as the resolvers read it: the request's entity where it holds one (it may have changed it), else the plain row, which costs no entity. */
export function heldOrPlain(em: EntityManager, entity: EntityClass<object>, row: Record<string, unknown>): object {
  return heldEntity(em, entity, row) ?? plainRow(em.getMetadata().get(entity), row);
}

const PRECOMPILED = Symbol('precompiled');

/** A compiled node: the row's plain object, carrying what the statement computed for its field resolvers. */
export function withPrecompiled<T extends object>(plain: Record<string, unknown>, precompiled: Partial<T>): Record<string, unknown> {
  return Object.assign(plain, { [PRECOMPILED]: precompiled });
}

/** What the compiled read computed for `field` of this node, or `otherwise()` for a node it did not read (an entity, or a field it left). */
export function precompiledOr<T extends object>(node: object, field: keyof T, otherwise: () => unknown): unknown {
  const precompiled = (node as { [PRECOMPILED]?: Partial<T> })[PRECOMPILED];
  return precompiled && field in precompiled ? precompiled[field] : otherwise();
}
