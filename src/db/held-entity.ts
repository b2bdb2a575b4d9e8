import { ReferenceKind, wrap, type EntityClass, type EntityDictionary, type EntityManager, type EntityMetadata, type Primary } from '@mikro-orm/postgresql';

/** The request's entity of a row, where the request holds it loaded: it may have changed it since the row was read. */
function heldEntity<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>): T | undefined {
  const held = em.getUnitOfWork().getById(entity, row.id as Primary<T>);
  return held && wrap(held).isInitialized() ? held : undefined;
}

/** The entity of a row already read (as PostgreSQL's to_json writes it), unless the request already holds it. */
export function managed<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>): T {
  return heldEntity(em, entity, row) ?? em.map(entity, row as EntityDictionary<T>);
}

const ENTITY_OF_ROW = Symbol('entity of a plain row');

/** The entity class of an entity, or of a plain row made by plainRow: what names its GraphQL type behind an interface. */
export function entityClassOf(value: object): Function {
  return (value as { [ENTITY_OF_ROW]?: Function })[ENTITY_OF_ROW] ?? value.constructor;
}

/**
 * A row PostgreSQL gave as JSON (`to_json(alias)`: column names, numbers, 'YYYY-MM-DD' dates), as a plain
 * object with the entity's property names and values: scalars as the ORM holds them, each many-to-one
 * relation as `{ id }` or null. That is all the field resolvers read of a node, so that they resolve
 * such an object as they resolve the entity. A row of some columns only (a compiled read's: rowJson) gives
 * those properties only; other keys (a cursor's value) are left out.
 */
export function plainRow(meta: EntityMetadata, row: Record<string, unknown>): Record<string, unknown> {
  const plain: Record<string | symbol, unknown> = { [ENTITY_OF_ROW]: meta.class };
  const reads = columnsOf(meta);
  for (const column in row) {
    const property = reads.get(column);
    if (!property) continue;
    const value = row[column];
    plain[property.name] = value == null ? null : property.read(value);
  }
  return plain;
}

type ColumnRead = { name: string; read: (value: unknown) => unknown };
const columnReads = new WeakMap<EntityMetadata, Map<string, ColumnRead>>();

/** How plainRow reads each column of an entity's rows, by column, worked out once per entity: pages read thousands of rows. */
function columnsOf(meta: EntityMetadata): Map<string, ColumnRead> {
  let reads = columnReads.get(meta);
  if (!reads) {
    reads = new Map(meta.props.flatMap((prop): [string, ColumnRead][] => {
      const column = prop.fieldNames?.[0] ?? '';
      if (prop.kind === ReferenceKind.MANY_TO_ONE) return [[column, { name: prop.name, read: (id) => ({ id }) }]];
      if (prop.kind !== ReferenceKind.SCALAR) return [];
      return [[column, { name: prop.name, read: prop.columnTypes?.[0]?.startsWith('timestamp') ? (time) => new Date(time as string) : (value) => value }]];
    }));
    columnReads.set(meta, reads);
  }
  return reads;
}

/** A row already read, as the resolvers read it: the request's entity where it holds one (it may have changed it), else the plain row, which costs no entity. */
export function heldOrPlain(em: EntityManager, entity: EntityClass<object>, row: Record<string, unknown>): object {
  return heldEntity(em, entity, row) ?? plainRow(em.getMetadata().get(entity), row);
}
