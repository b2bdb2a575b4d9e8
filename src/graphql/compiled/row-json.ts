/**
 * What a compiled read puts of a row in its JSON: the columns the query reads rather than the whole row. A page of
 * 50 markets with their buyer, facilitator and operation is some 80 KB as whole rows, which Node parses and turns
 * into plain rows at every request; the columns asked are less than half of it.
 */
import { ReferenceKind, type EntityMetadata } from '@mikro-orm/postgresql';
import { verbatim, type SqlFragment } from '../../db/sql-fragment.js';

/**
 * The fields of a GraphQL type that a resolver answers from other properties of the row than the one it is named
 * after (an id is always read), and those properties: `plannedHours` from the formula's inputs, `lots` from the id.
 */
export type ResolvedFields = Readonly<Record<string, readonly string[]>>;

/** json_build_object takes at most 100 arguments, a name and a value each. */
const MOST_COLUMNS = 50;

/** The column of a property a field of the same name shows as it is (a scalar, or a relation's id), or undefined. */
export function columnShown(meta: EntityMetadata, name: string): string | undefined {
  const prop = meta.properties[name as keyof typeof meta.properties];
  if (!prop || (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.MANY_TO_ONE) || prop.fieldNames?.length !== 1) return undefined;
  return prop.fieldNames[0];
}

/**
 * The JSON of row `alias` of `meta`'s table, as to_json writes it (column names), with the id, the columns of the
 * properties the `asked` fields are named after, those `resolved` says their resolvers read, and `extra` columns of
 * the row (a cursor's value). A field that is none of these may read anything: the whole row then, as to_json gives it.
 */
export function rowJson(meta: EntityMetadata, alias: string, asked: ReadonlySet<string>, resolved: ResolvedFields = {}, extra: readonly string[] = []): SqlFragment {
  const whole = verbatim(`to_json(${alias})`);
  const properties = new Set(['id']);
  for (const field of asked) {
    if (field.startsWith('__')) continue;
    const reads = Object.hasOwn(resolved, field) ? resolved[field]! : columnShown(meta, field) ? [field] : null;
    if (!reads) return whole;
    for (const name of reads) properties.add(name);
  }
  const columns = [...properties].map((name) => columnShown(meta, name));
  if (columns.includes(undefined) || columns.length + extra.length > MOST_COLUMNS) return whole;
  const pairs = [...(columns as string[]), ...extra].map((column) => `'${column}', ${alias}.${column}`);
  return verbatim(`json_build_object(${pairs.join(', ')})`);
}
