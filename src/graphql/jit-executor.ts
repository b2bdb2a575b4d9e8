import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, getVariableValues, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/** Operations kept compiled, and operations whose requests are counted until they are compiled. */
const COMPILED_OPERATIONS = 500;
const COUNTED_OPERATIONS = 5_000;
/** An operation graphql-jit could not compile: graphql-js executes it, without trying again. */
const NOT_COMPILED = false;

/**
 * Operations compiled by graphql-jit once they have been asked `compileAfter` times: a document sent
 * once (a question typed in GraphiQL, or a client making up a new one per request) costs no compilation.
 */
export class CompiledOperations {
  private readonly asked = new LRUCache<string, number>({ max: COUNTED_OPERATIONS });
  private readonly compiled = new LRUCache<string, CompiledQuery | typeof NOT_COMPILED>({ max: COMPILED_OPERATIONS });

  constructor(private readonly schema: GraphQLSchema, private readonly compileAfter: number) {}

  /** The operation compiled; undefined while graphql-js executes it. `key` names the document and operation. */
  get(key: string, document: DocumentNode, operationName: string | undefined): CompiledQuery | undefined {
    const known = this.compiled.get(key);
    if (known !== undefined) return known || undefined;
    const asked = this.asked.get(key) ?? 0;
    if (asked < this.compileAfter) {
      this.asked.set(key, asked + 1);
      return undefined;
    }
    this.asked.delete(key);
    const result = compileQuery(this.schema, document, operationName, { useExperimentalPathBasedSkipInclude: true });
    const operation = isCompiledQuery(result) ? result : NOT_COMPILED;
    this.compiled.set(key, operation);
    return operation || undefined;
  }
}

/**
 * Executes each operation with graphql-jit from its `compileAfter + 1`-th request on: the same resolvers
 * and rules, the fields of the answer completed by code generated for that operation instead of graphql-js
 * walking the schema for every field (docs/benchmarks.md).
 */
export function jitExecutor(schema: GraphQLSchema, compileAfter: number): Executor {
  const operations = new CompiledOperations(schema, compileAfter);
  return async ({ document, request, context, queryHash, operation: definition, operationName }) => {
    const operation = operations.get(`${queryHash}\n${operationName ?? ''}`, document, operationName ?? undefined);
    if (!operation) return execute({ schema, document, contextValue: context, variableValues: request.variables, operationName });
    // Variables coerced by graphql-js: its refusals (which src/graphql/french-refusals.ts translates), and the
    // default values of input fields, which graphql-jit leaves out. graphql-jit coerces them again, unchanged:
    // every enum value is its name and the scalars read their own output (test/graphql/jit-executor.test.ts).
    const variables = getVariableValues(schema, definition?.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 50 });
    if (variables.errors) return { errors: variables.errors };
    return withGraphQLJsErrors(await operation.query(undefined, context, variables.coerced));
  };
}

/**
 * graphql-jit's errors leave `extensions` undefined where graphql-js's are `{}`, which Apollo reads as an
 * object: each is made again as graphql-js makes it, its path, locations and original error kept.
 */
function withGraphQLJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map((error) => Object.assign(
    new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions }),
    { locations: error.locations },
  ));
  return { ...result, errors };
}

/**
 * Apollo Server takes another executor only from a gateway: this one serves the platform's own schema,
 * loaded once, with the executor above.
 */
export function jitGateway(schema: GraphQLSchema, compileAfter: number): Gateway {
  return {
    async load() {
      return { schema, executor: jitExecutor(schema, compileAfter) };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
