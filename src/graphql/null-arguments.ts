import { GraphQLObjectType, isNonNullType, type GraphQLSchema } from 'graphql';

/** The arguments but those given as null (as if absent). */
export const withoutNulls = (args: Record<string, unknown>) => Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null));

/**
 * An explicit null argument means what an absent one does (`markets(filter: null)` is no filter): the
 * resolvers of fields with nullable arguments never receive a null one, so their defaults apply.
 */
export function nullArgumentsAsAbsent(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve || !field.args.some((arg) => !isNonNullType(arg.type))) continue;
      field.resolve = (source, args: Record<string, unknown>, context, info) => resolve(source, withoutNulls(args), context, info);
    }
  }
  return schema;
}
