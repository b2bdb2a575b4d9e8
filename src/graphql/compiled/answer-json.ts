/**
 * A GraphQL answer's JSON written by PostgreSQL (answers.ts): each field asked of an object, under its response key
 * and in the order asked, valued as its resolver would answer it. Written only where that is certain: the fields a
 * WrittenType declares, a node's global id, `__typename`. Anything else says it cannot (null), and the resolvers answer.
 */
import type { EntityClass, EntityMetadata, MetadataStorage } from '@mikro-orm/postgresql';
import { getNamedType, GraphQLEnumType, Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { joined, sql, verbatim, type SqlFragment } from '../../db/sql-fragment.js';
import type { Readable } from './page.js';
import { columnShown } from './row-json.js';

/** A field the query asks: its response key, its name, its node (arguments), and the fields asked of it. */
export interface Asked {
  key: string;
  name: string;
  node: FieldNode;
  below: Asked[];
}

/** The document's fragments, and which type names are object types. */
export interface Fragments {
  byName: ReadonlyMap<string, FragmentDefinitionNode>;
  isObjectType(name: string): boolean;
}

/**
 * The fields of a selection, its fragments spread, or null when only graphql-js's rules could say what it asks: a
 * directive (@skip, @include), a fragment on an interface, or a response key asked twice (merged). A fragment on an
 * object type is one on the type of the selection, the only object type that overlaps it (validation checks it).
 */
export function askedOf(set: SelectionSetNode | undefined, fragments: Fragments): Asked[] | null {
  const asked: Asked[] = [];
  for (const selection of set?.selections ?? []) {
    if (selection.directives?.length) return null;
    if (selection.kind !== Kind.FIELD) {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.byName.get(selection.name.value);
      const condition = fragment?.typeCondition?.name.value;
      const spread = fragment && (condition === undefined || fragments.isObjectType(condition)) ? askedOf(fragment.selectionSet, fragments) : null;
      if (!spread || spread.some((field) => asked.some((other) => other.key === field.key))) return null;
      asked.push(...spread);
      continue;
    }
    const key = selection.alias?.value ?? selection.name.value;
    const below = askedOf(selection.selectionSet, fragments);
    if (!below || asked.some((field) => field.key === key)) return null;
    asked.push({ key, name: selection.name.value, node: selection, below });
  }
  return asked;
}

/** What writing an answer needs, and what it gathers: every field written, for the rules to decide. */
export interface AnswerContext {
  schema: GraphQLSchema;
  metadata: MetadataStorage;
  readable: Readable;
  /** Whether the asker reads every row of the table: a relation that cannot be null then always finds its row. */
  readsEvery(table: string): boolean;
  /** `Type.field` of every field written. */
  coordinates: Set<string>;
}

/** A related row or list, written below the row `row` (its alias), or null when it cannot be. */
export type RelationJson = (row: string, field: Asked, context: AnswerContext) => SqlFragment | null;

/** How PostgreSQL writes a GraphQL type's fields: those shown as their property's column, and the relations. */
export interface WrittenType {
  entity: EntityClass<object>;
  columns: readonly string[];
  relations?: Readonly<Record<string, RelationJson>>;
}

/** json_build_object takes at most 100 arguments, a key and a value each. */
const MOST_FIELDS = 50;

/**
 * `pairs` (a key and a value each) as one JSON object, or null beyond what json_build_object takes. The keys are
 * bound: the client's aliases make no new text, which would take a prepared statement's name (prepared-statement.ts).
 */
function objectOf(pairs: { key: string; value: SqlFragment }[]): SqlFragment | null {
  if (pairs.length > MOST_FIELDS) return null;
  return sql`json_build_object(${joined(pairs.map(({ key, value }) => sql`${key}::text, ${value}`), ', ')})`;
}

/**
 * The fields `asked` of an object of type `typeName`, each written by `write` under its response key (`__typename` as
 * the type's name), every one's coordinate gathered for the rules; null if any cannot be written. No field written
 * here takes arguments: one asked with some is for the resolvers.
 */
export function writtenObject(typeName: string, asked: Asked[], write: (field: Asked) => SqlFragment | null, context: AnswerContext): SqlFragment | null {
  const pairs = [];
  for (const field of asked) {
    if (field.name !== '__typename') context.coordinates.add(`${typeName}.${field.name}`);
    const value = field.name === '__typename' ? verbatim(`'${typeName}'`) : field.node.arguments?.length ? null : write(field);
    if (!value) return null;
    pairs.push({ key: field.key, value });
  }
  return objectOf(pairs);
}

/** The fields `asked` of row `alias`, of type `typeName` as `types` writes it; null if any of them cannot be written. */
export function objectJson(types: Readonly<Record<string, WrittenType>>, typeName: string, alias: string, asked: Asked[], context: AnswerContext): SqlFragment | null {
  const written = types[typeName];
  const type = context.schema.getType(typeName) as GraphQLObjectType | undefined;
  if (!written || !type) return null;
  const meta = context.metadata.get(written.entity);
  return writtenObject(typeName, asked, (field) => fieldJson(type, written, meta, alias, field, context), context);
}

function fieldJson(type: GraphQLObjectType, written: WrittenType, meta: EntityMetadata, alias: string, field: Asked, context: AnswerContext): SqlFragment | null {
  if (field.name === 'id' && type.getInterfaces().some((face) => face.name === 'Node')) return globalIdJson(type.name, `${alias}.id`);
  const column = written.columns.includes(field.name) ? columnShown(meta, field.name) : undefined;
  if (column) return scalarJson(type.getFields()[field.name]!, `${alias}.${column}`);
  const relations = written.relations ?? {};
  return Object.hasOwn(relations, field.name) ? relations[field.name]!(alias, field, context) : null;
}

/**
 * A column as the field's scalar answers it: a text, an integer, a boolean or a date as JSON writes them; a Float
 * as a double (a numeric would keep its trailing zeros); an enum whose values are their names. Null for any other.
 */
function scalarJson(field: GraphQLField<unknown, unknown>, column: string): SqlFragment | null {
  const type = getNamedType(field.type);
  if (type instanceof GraphQLEnumType) return type.getValues().every((value) => value.value === value.name) ? verbatim(column) : null;
  if (['String', 'Int', 'Boolean', 'LocalDate'].includes(type.name)) return verbatim(column);
  return type.name === 'Float' ? verbatim(`${column}::float8`) : null;
}

/** base64url of `text` (a SQL expression), as Buffer writes it: encode() pads and wraps its lines. */
export const base64url = (text: string) => `translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/** The global id of a row (src/context/global-id.ts): base64url("Type:uuid"). */
const globalIdJson = (typeName: string, id: string) => verbatim(base64url(`'${typeName}:' || ${id}::text`));
