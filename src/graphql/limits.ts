import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { BREAK, getVariableValues, GraphQLError, Kind, visit, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { badInput } from '../context/errors.js';

/**
 * Limits sized for real front-end queries: a page of 200 markets with their buyer, facilitator,
 * operation and hours costs about 4,000; a 1,000-row page of ten flat fields about 11,000.
 */
export const QUERY_LIMITS = { maxDepth: 12, maxAliases: 20, maxDirectives: 30, maxTokens: 3000, maxCost: 20_000, maxNodes: 10_000 };

/** Costs kept per document, for as many different operation names and variables... */
const COSTS_PER_DOCUMENT = 64;
/** ...written in at most so many characters: large inputs (a mutation's) are not kept. */
const COST_KEY_CHARS = 1_000;

const NUL = '\0';

/** The name of the field whose text holds a NUL character ('' when it has none), undefined when no text does. */
function fieldWithNul(value: unknown, name = ''): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? name : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Array.isArray(value) ? value.map((item) => [name, item] as const) : Object.entries(value)) {
    const found = key.includes(NUL) ? '' : fieldWithNul(inner, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The same for the strings written in a document: the argument or input field they are given to. */
function documentFieldWithNul(document: DocumentNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (!node.value.includes(NUL)) return undefined;
      // The nearest named: `ancestors` stops before the parent.
      const named = [parent, ...[...ancestors].reverse()].find((ancestor) => ancestor && !Array.isArray(ancestor) && 'kind' in ancestor && (ancestor.kind === Kind.OBJECT_FIELD || ancestor.kind === Kind.ARGUMENT));
      found = named && 'name' in named && named.name ? named.name.value : '';
      return BREAK;
    },
  });
  return found;
}

/**
 * PostgreSQL's text holds no NUL character (U+0000): a request with one in any string, of its document or its
 * variables, is refused before anything runs, rather than by the database halfway through. Documents are
 * checked once each, as Apollo keeps them parsed.
 */
function nulCharacterPlugin(): ApolloServerPlugin {
  const checked = new WeakMap<DocumentNode, string | null>();
  const inDocument = (document: DocumentNode) => {
    let field = checked.get(document);
    if (field === undefined) checked.set(document, (field = documentFieldWithNul(document) ?? null));
    return field ?? undefined;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = inDocument(document) ?? fieldWithNul(request.variables);
          if (field !== undefined) {
            throw badInput('La requête contient un caractère nul (U+0000), qu’aucun texte de la plateforme ne peut contenir : retirez-le', {
              reason: 'NUL_CHARACTER', ...(field ? { field } : {}),
            });
          }
        },
      };
    },
  };
}

/**
 * Rejects a query whose estimated cost (page sizes times fields) exceeds the limit, before it runs.
 * Variables that cannot be read are left for the execution to refuse (BAD_USER_INPUT, 400).
 * A cost depends only on the document, the operation and the variables: it is computed once for each, per
 * document as Apollo keeps it parsed and validated (the same object for the same text).
 */
function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  const costs = new WeakMap<DocumentNode, Map<string, number | null>>();

  /** The cost of the operation resolved from the document (none: the whole document); null when the variables cannot be read. */
  function costOf(document: DocumentNode, operation: OperationDefinitionNode | undefined, variables: Record<string, unknown>): number | null {
    if (getVariableValues(schema, operation?.variableDefinitions ?? [], variables).errors) return null;
    try {
      return getComplexity({
        schema,
        // The operation and the fragments it may spread: another operation of the document costs nothing to this one.
        query: operation ? { ...document, definitions: document.definitions.filter((definition) => definition === operation || definition.kind === Kind.FRAGMENT_DEFINITION) } : document,
        variables,
        estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
        maxQueryNodes: QUERY_LIMITS.maxNodes,
      });
    } catch (error) {
      // Fragments that spread others many times unfold into more fields than a few tokens show: the library
      // stops counting at maxQueryNodes with a GraphQLError of its own.
      if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
        throw badInput(`Requête trop complexe (plus de ${QUERY_LIMITS.maxNodes} champs une fois ses fragments dépliés) : réduisez les fragments ou les champs demandés`, {
          reason: 'QUERY_TOO_COMPLEX', maxNodes: QUERY_LIMITS.maxNodes,
        });
      }
      throw error;
    }
  }

  function keptCostOf(document: DocumentNode, operation: OperationDefinitionNode | undefined, operationName: string | null, variables: Record<string, unknown>): number | null {
    // The document and the operation name decide the operation.
    const key = JSON.stringify([operationName, variables]);
    if (key.length > COST_KEY_CHARS) return costOf(document, operation, variables);
    let known = costs.get(document);
    if (!known) costs.set(document, (known = new Map()));
    const kept = known.get(key);
    if (kept !== undefined) return kept;
    const cost = costOf(document, operation, variables);
    if (known.size >= COSTS_PER_DOCUMENT) known.delete(known.keys().next().value!);
    known.set(key, cost);
    return cost;
  }

  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          const cost = keptCostOf(document, operation, request.operationName ?? null, request.variables ?? {});
          if (cost !== null && cost > maxCost) {
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
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin[]), nulCharacterPlugin(), costLimitPlugin(schema, QUERY_LIMITS.maxCost)],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
  };
}
