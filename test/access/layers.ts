/** What one database layer alone lets a reader read, table by table, each row named as the oracle names it. */
import { helper, type EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { asActor, type Actor, type Layer } from '../support/acting.js';
import { keyExpression } from './oracle.js';

export const LAYERS: Layer[] = ['row-level security alone', 'ORM tenant filter alone'];

/** A row's key from the entity, in the order of the table's primary-key columns. */
function entityKey(entity: Record<string, unknown>, meta: EntityMetadata, columns: string[]): string {
  return columns.map((column) => {
    const property = meta.props.find((prop) => prop.fieldNames?.includes(column));
    if (!property) throw new Error(`${meta.className} maps no property to ${meta.tableName}.${column}`);
    const value = entity[property.name];
    return String(value !== null && typeof value === 'object' ? helper(value).getPrimaryKey() : value);
  }).join('|');
}

async function throughOrm(em: EntityManager, keys: Map<string, string[]>): Promise<Map<string, Set<string>>> {
  const entities = new Map([...em.getMetadata().getAll().values()].filter((meta) => !meta.abstract && !meta.embeddable).map((meta) => [meta.tableName, meta]));
  const read = new Map<string, Set<string>>();
  for (const [table, columns] of keys) {
    const meta = entities.get(table);
    if (!meta) throw new Error(`No entity maps table ${table}`);
    const rows = await em.find(meta.class, {});
    read.set(table, new Set(rows.map((row) => entityKey(row as Record<string, unknown>, meta, columns))));
    em.clear();
  }
  return read;
}

/** Every row of every table the layer lets the reader read. */
export function rowsReadThrough(layer: Layer, reader: Actor, keys: Map<string, string[]>): Promise<Map<string, Set<string>>> {
  return asActor(layer, reader, async (sql, em) => {
    if (layer === 'ORM tenant filter alone') return throughOrm(em, keys);
    const read = new Map<string, Set<string>>();
    for (const [table, columns] of keys) {
      read.set(table, new Set((await sql<{ key: string }>(`select ${keyExpression(table, columns)} as key from ${table}`)).map((row) => row.key)));
    }
    return read;
  });
}

/** Per table, the rows read that the oracle does not allow and those it allows but were not read (a few of each). */
export function mismatches(expected: Map<string, Set<string>>, read: Map<string, Set<string>>) {
  const found: Record<string, { leaked: number; missing: number; examples: string[] }> = {};
  for (const [table, allowed] of expected) {
    const seen = read.get(table) ?? new Set<string>();
    const leaked = [...seen].filter((key) => !allowed.has(key));
    const missing = [...allowed].filter((key) => !seen.has(key));
    if (leaked.length || missing.length) {
      found[table] = { leaked: leaked.length, missing: missing.length, examples: [...leaked.slice(0, 2).map((key) => `leaked ${key}`), ...missing.slice(0, 2).map((key) => `missing ${key}`)] };
    }
  }
  return found;
}
