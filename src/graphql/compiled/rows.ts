import { ReferenceKind, type EntityMetadata } from '@mikro-orm/core';

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
