import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  BREAK, execute, getVariableValues, GraphQLError, Kind, parse, visit,
  type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { RequestContext } from '../context/request-context.js';
import { SqlAnswers } from './compiled/answers.js';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/**
 * Queries kept compiled, and queries whose requests are counted until they are compiled. The console asks
 * some forty; at most MAX_COMPILED_FIELDS fields each, the compiled ones keep at most about 50 MB.
 */
const COMPILED_OPERATIONS = 100;
const COUNTED_OPERATIONS = 5_000;
/**
 * The most fields, fragments spread, of a query compiled: compiling one costs the event loop some 20 µs and
 * the heap some 1.7 KB a field (measured on this schema). The console's largest query has 61, a dashboard
 * with every figure of every signatory's share 260.
 */
export const MAX_COMPILED_FIELDS = 300;
/** An operation left to graphql-js for good: not one graphql-jit may compile, or one it could not. */
const NOT_COMPILED = false;

/**
 * Whether graphql-jit may compile the document: one query of at most MAX_COMPILED_FIELDS fields, with no
 * string literal anywhere, no variable inside a list or object literal, and no name of its own that starts
 * with `__`. graphql-jit writes argument literals into the code it generates and turns a string bearing its
 * date marker into code (docs/benchmarks.md): a client's string must never reach it but as a variable's
 * value, read at run time. A variable inside a literal reaches the resolver as null where graphql-js applies
 * the field's default; a mutation's later fields run after an earlier one failed; a variable or alias named
 * `__proto__` is lost: graphql-js executes those.
 */
export function compilable(document: DocumentNode): boolean {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]!.operation !== 'query') return false;
  let safe = true;
  let literalDepth = 0;
  const refuse = () => {
    safe = false;
    return BREAK;
  };
  const intoLiteral = { enter: () => void (literalDepth += 1), leave: () => void (literalDepth -= 1) };
  visit(document, {
    StringValue: refuse,
    Variable: (variable) => (literalDepth > 0 || variable.name.value.startsWith('__') ? refuse() : undefined),
    Field: (field) => (field.alias?.value.startsWith('__') ? refuse() : undefined),
    ListValue: intoLiteral,
    ObjectValue: intoLiteral,
  });
  return safe && fieldsWithin(document, operations[0]!.selectionSet, MAX_COMPILED_FIELDS);
}

/** Whether the selection, its fragments spread, has at most `limit` fields: counted until it has more. */
function fieldsWithin(document: DocumentNode, selectionSet: SelectionSetNode, limit: number): boolean {
  const fragments = new Map(document.definitions
    .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
    .map((fragment) => [fragment.name.value, fragment.selectionSet]));
  let fields = 0;
  const count = (set: SelectionSetNode | undefined): boolean => (set?.selections ?? []).every((selection) => {
    if (selection.kind === Kind.FIELD) return ++fields <= limit && count(selection.selectionSet);
    return count(selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value));
  });
  return count(selectionSet);
}

/**
 * Queries compiled by graphql-jit once they have been asked `compileAfter` times: a document sent once
 * (a question typed in GraphiQL, or a client making up a new one per request) costs no compilation.
 */
export class CompiledOperations {
  private readonly asked = new LRUCache<string, number>({ max: COUNTED_OPERATIONS });
  private readonly compiled = new LRUCache<string, CompiledQuery | typeof NOT_COMPILED>({ max: COMPILED_OPERATIONS });

  constructor(private readonly schema: GraphQLSchema, private readonly compileAfter: number) {}

  /**
   * The query of the text `source` (its hash `queryHash`), compiled; undefined while graphql-js executes it.
   * A compilable document has one operation, which its text names: the hash is the key. It is compiled from a
   * document of its own, parsed again: graphql-jit writes into the nodes it compiles, which Apollo shares
   * between the requests of the same text.
   */
  get(queryHash: string, source: string): CompiledQuery | undefined {
    const known = this.compiled.get(queryHash);
    if (known !== undefined) return known || undefined;
    const asked = this.asked.get(queryHash) ?? 0;
    if (asked < this.compileAfter) {
      this.asked.set(queryHash, asked + 1);
      return undefined;
    }
    this.asked.delete(queryHash);
    const document = parse(source);
    const result = compilable(document) ? compileQuery(this.schema, document, undefined, { useExperimentalPathBasedSkipInclude: true }) : null;
    const operation = result && isCompiledQuery(result) ? result : NOT_COMPILED;
    this.compiled.set(queryHash, operation);
    return operation || undefined;
  }
}

/**
 * Answers each query PostgreSQL may answer whole (src/graphql/compiled/answers.ts) with its SQL, and executes each
 * query graphql-jit may compile (`compilable`) with the code it generated for it, from its `compileAfter + 1`-th
 * request on: the same resolvers and rules, the fields of the answer completed without graphql-js walking the
 * schema for each of them (docs/benchmarks.md). Anything else, graphql-js.
 */
export function jitExecutor(schema: GraphQLSchema, compileAfter: number): Executor {
  const operations = new CompiledOperations(schema, compileAfter);
  const answers = new SqlAnswers(schema);
  return async ({ document, source, queryHash, request, context, operation: definition }) => {
    // The resolvers run in the request's transaction: begun before any of them.
    const { transaction } = context as RequestContext;
    const byGraphqlJs = async () => {
      await transaction.begin();
      return execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName });
    };
    // No operation found (an unknown or empty operationName): graphql-js refuses it as it should.
    if (!definition || source === undefined || queryHash === undefined) return byGraphqlJs();
    // Variables coerced by graphql-js: its refusals (which src/graphql/french-refusals.ts translates), and the
    // default values of input fields, which graphql-jit leaves out. graphql-jit coerces them again, unchanged:
    // every enum value is its name and the scalars read their own output (test/schema/jit-executor.test.ts).
    const coerce = () => getVariableValues(schema, definition.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 50 });
    let variables: ReturnType<typeof coerce> | undefined;
    const plan = answers.planOf(document, definition);
    if (plan) {
      variables = coerce();
      if (variables.errors) return { errors: variables.errors };
      const answer = await answers.answer(plan, variables.coerced, context as RequestContext);
      if (answer) return answer;
    }
    const operation = operations.get(queryHash, source);
    if (!operation) return byGraphqlJs();
    variables ??= coerce();
    if (variables.errors) return { errors: variables.errors };
    await transaction.begin();
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
