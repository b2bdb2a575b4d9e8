import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

const localDate = GraphQLLocalDate.toConfig();

const notADate = (shown: string, node?: ValueNode) =>
  new GraphQLError(`« ${shown} » n'est pas une date valide au format AAAA-MM-JJ (par exemple 2025-01-31)`, node ? { nodes: node } : undefined);

/**
 * Calendar dates travel as 'YYYY-MM-DD' strings, as they are stored: graphql-scalars' LocalDate,
 * which refuses a value a person typed with a message that person reads (in French).
 */
export const LocalDate = new GraphQLScalarType({
  ...localDate,
  parseValue(value) {
    try {
      return localDate.parseValue!(value);
    } catch {
      throw notADate(typeof value === 'string' ? value : JSON.stringify(value));
    }
  },
  parseLiteral(node) {
    if (node.kind !== Kind.STRING) throw notADate(print(node), node);
    try {
      return localDate.parseLiteral!(node, undefined);
    } catch {
      throw notADate(node.value, node);
    }
  },
});
