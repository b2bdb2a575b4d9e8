import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getVariableValues, separateOperations, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { badInput } from '../context/errors.js';

/**
 * Limits sized for real front-end queries: a page of 200 markets with their buyer, facilitator,
 * operation and hours costs about 4,000; a 1,000-row page of ten flat fields about 11,000.
 */
export const QUERY_LIMITS = { maxDepth: 12, maxAliases: 20, maxDirectives: 30, maxTokens: 3000, maxCost: 20_000 };

/**
 * Rejects a query whose estimated cost (page sizes times fields) exceeds the limit, before it runs.
 * Variables that cannot be read are left for the execution to refuse (BAD_USER_INPUT, 400).
 */
function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if (getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {}).errors) return;
          const query = request.operationName ? separateOperations(document)[request.operationName] ?? document : document;
          const cost = getComplexity({
            schema,
            query,
            variables: request.variables ?? {},
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > maxCost) {
            throw badInput(`Requête trop coûteuse (${cost} pour un maximum de ${maxCost}) : réduisez la taille des pages ou les champs demandés`, {
              reason: 'QUERY_TOO_COSTLY', cost, maxCost,
            });
          }
        },
      };
    },
  };
}

export function queryLimits(schema: GraphQLSchema, production: boolean) {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    // graphql-armor's token limit parses the query in a hook Apollo does not guard: any syntax error then
    // answered 500. graphql-js's parser counts the tokens itself (parseOptions below).
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    // graphql-armor is typed against Apollo's CommonJS declarations; the plugin objects are the same at run time.
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin[]), costLimitPlugin(schema, QUERY_LIMITS.maxCost)],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
  };
}
