import { GraphQLInterfaceType, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Field, ID, InterfaceType } from 'type-graphql';
import { entityClassOf } from '../../db/held-entity.js';
import { toGlobalId } from './global-id.js';

/** GraphQL type name of each entity class that is exposed as a node. */
const typeNameByEntity = new Map<Function, string>();

export function registerNodeEntity(entity: Function, typeName: string): void {
  typeNameByEntity.set(entity, typeName);
}

export function nodeTypeName(value: object): string | undefined {
  return typeNameByEntity.get(entityClassOf(value));
}

/** Its type is named by `resolveNodeTypesAtOnce`, below. */
@InterfaceType({ description: 'An object with a global, opaque id.' })
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

/** Every node's `id` field answers the global id of the row instead of its database key. */
export function exposeGlobalIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const idField = type.getFields().id;
    if (idField) idField.resolve = (source: { id: string }) => toGlobalId(type.name, source.id);
  }
  return schema;
}

/**
 * The Node interface names the type of each value by its entity class, at once: set on the schema, since
 * type-graphql wraps a `resolveType` given to its decorator in an async function, which graphql-jit
 * (src/graphql/jit-executor.ts) does not await.
 */
export function resolveNodeTypesAtOnce(schema: GraphQLSchema): GraphQLSchema {
  const node = schema.getType('Node');
  if (node instanceof GraphQLInterfaceType) node.resolveType = (value: object) => nodeTypeName(value);
  return schema;
}
