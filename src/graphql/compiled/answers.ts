/**
 * Queries PostgreSQL answers whole, as Hasura and PostGraphile's SQL do: a query whose one field is a connection a
 * compiled page reads (ROOT_ANSWERS), every field asked below it one PostgreSQL writes as its resolver would answer
 * it (answer-json.ts). The JSON text PostgreSQL writes goes to the client as it is: no resolver runs, no row is
 * parsed in Node. The same rules decide as on the resolvers' path: the permission rules of every field written
 * (fieldsAllowed, from the access model's declaration), the read rule of every table (readableBy), and row-level
 * security under them. Whatever else, and a request whose arguments or rules refuse it, the resolvers answer.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import { getArgumentValues, GraphQLError, isObjectType, Kind, locatedError, type DocumentNode, type ExecutionResult, type FormattedExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { readCondition, tenantScopeOf } from '../../access/tenant-filter.js';
import { fieldsAllowed } from '../../access/permissions.js';
import { DomainError } from '../../context/errors.js';
import type { RequestContext } from '../../context/request-context.js';
import { numbered, type SqlFragment } from '../../db/sql-fragment.js';
import { withoutNulls } from '../null-arguments.js';
import { askedOf, type AnswerContext, type Asked } from './answer-json.js';
import { chartersAnswer } from './charters-page.js';
import { compiledReads, readableBy } from './page.js';

/** The statement answering a root field under `key`, as column `data`, or null when the resolvers answer it. */
type RootAnswer = (em: EntityManager, key: string, args: Record<string, unknown>, asked: Asked[], context: AnswerContext) => SqlFragment | null;

/** The root fields PostgreSQL may answer whole, each while its compiled page is on. */
const ROOT_ANSWERS: Record<string, { answer: RootAnswer; on: () => boolean }> = {
  charters: { answer: chartersAnswer as RootAnswer, on: () => compiledReads.charters },
};

/** The `data` of an answer: its JSON text, as PostgreSQL wrote it, which stringifyResult sends as it is. */
export class AnsweredData {
  constructor(readonly json: string) {}
}

const DATA_MARK = 'answered-by-postgresql';

/** Apollo's stringifyResult: its own (JSON.stringify, a newline), with an answered `data` written as its text. */
export function stringifyResult(result: FormattedExecutionResult): string {
  if (!(result.data instanceof AnsweredData)) return `${JSON.stringify(result)}\n`;
  const { json } = result.data;
  return `${JSON.stringify({ ...result, data: DATA_MARK }).replace(`"data":"${DATA_MARK}"`, () => `"data":${json}`)}\n`;
}

/** A root field's statement, numbered, and the fields it writes; false when the resolvers answer. */
type Built = { text: string; params: unknown[]; coordinates: Set<string> } | false;

/** What PostgreSQL answers of an operation: its root field, and the key of its statements. */
export interface Plan {
  root: Asked;
  answer: RootAnswer;
  id: number;
}

/**
 * Statements kept, those of every operation together: a front-end asks the same ones again and again. At most so
 * many, of at most so many characters in all (their texts and keys), each key of at most KEY_CHARS: a statement
 * asked with larger variables (a long search) is built at each request, and kept nowhere.
 */
const KEPT_STATEMENTS = 1_000;
const KEPT_CHARS = 8_000_000;
const KEY_CHARS = 1_000;

export class SqlAnswers {
  private readonly allowed: ReturnType<typeof fieldsAllowed>;
  /** By operation: Apollo keeps one document per query text, for as long as it keeps it. */
  private readonly plans = new WeakMap<OperationDefinitionNode, Plan | false>();
  private plansMade = 0;
  private readonly statements = new LRUCache<string, { built: Built }>({
    max: KEPT_STATEMENTS,
    maxSize: KEPT_CHARS,
    sizeCalculation: ({ built }, key) => key.length + (built ? built.text.length : 0) + 1,
  });

  constructor(private readonly schema: GraphQLSchema) {
    this.allowed = fieldsAllowed(schema);
  }

  /**
   * What PostgreSQL may answer of the operation, worked out once per operation: a query of one root field of
   * ROOT_ANSWERS, every field of it spread (askedOf); false when the resolvers answer it.
   */
  planOf(document: DocumentNode, operation: OperationDefinitionNode): Plan | false {
    if (!compiledReads.answers) return false;
    const known = this.plans.get(operation);
    if (known !== undefined) return known;
    const [first, ...others] = operation.selectionSet.selections;
    const fragments = {
      byName: new Map(document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment])),
      isObjectType: (name: string) => isObjectType(this.schema.getType(name)),
    };
    const answerable = operation.operation === 'query' && others.length === 0 && first?.kind === Kind.FIELD && Object.hasOwn(ROOT_ANSWERS, first.name.value);
    const [root] = (answerable && askedOf(operation.selectionSet, fragments)) || [];
    const plan = root ? { root, answer: ROOT_ANSWERS[root.name]!.answer, id: (this.plansMade += 1) } : false;
    this.plans.set(operation, plan);
    return plan;
  }

  /** The result of the operation `plan` is for, as PostgreSQL answers it, or null when the resolvers answer it. */
  async answer(plan: Plan, variables: Record<string, unknown>, { em, viewer, transaction }: RequestContext): Promise<ExecutionResult | null> {
    // The root field's rule first: a viewer it refuses makes no statement.
    if (!ROOT_ANSWERS[plan.root.name]!.on() || !this.allowed([`Query.${plan.root.name}`], viewer)) return null;
    const statement = this.statementOf(plan, em, variables);
    if (!statement || !this.allowed(statement.coordinates, viewer)) return null;
    try {
      // Its one statement needs no transaction of the request's (RequestTransaction#preparedRows).
      const [row] = await transaction.preparedRows<{ data: string }>(statement.text, statement.params);
      return { data: new AnsweredData(row!.data) as unknown as Record<string, unknown> };
    } catch (error) {
      // As a failing resolver of the root field (never null in the schema) would be reported.
      return { data: null, errors: [locatedError(error, [plan.root.node], [plan.root.key])] };
    }
  }

  /**
   * The statement of the root field, built once for the operation, its variables and the asker's scope: nothing else
   * goes into it (the schema, the ORM's metadata and the access model are the process's).
   */
  private statementOf(plan: Plan, em: EntityManager, variables: Record<string, unknown>): Built {
    const key = `${plan.id} ${JSON.stringify([variables, tenantScopeOf(em)])}`;
    const known = this.statements.get(key);
    if (known) return known.built;
    const statement = this.statement(em, plan.root, plan.answer, variables);
    const built: Built = statement ? { ...numbered(statement.sql), coordinates: statement.coordinates } : false;
    if (key.length <= KEY_CHARS) this.statements.set(key, { built });
    return built;
  }

  /** The root field's statement and the fields it writes; null when anything asked, or any argument, is for the resolvers. */
  private statement(em: EntityManager, root: Asked, answer: RootAnswer, variables: Record<string, unknown>) {
    const scope = tenantScopeOf(em);
    const context: AnswerContext = {
      schema: this.schema,
      metadata: em.getMetadata(),
      readable: readableBy(em),
      readsEvery: (table) => scope !== null && readCondition(table, 'row', scope).sql === 'true',
      coordinates: new Set([`Query.${root.name}`]),
    };
    try {
      const args = withoutNulls(getArgumentValues(this.schema.getQueryType()!.getFields()[root.name]!, root.node, variables));
      const sql = answer(em, root.key, args, root.below, context);
      return sql && { sql, coordinates: context.coordinates };
    } catch (error) {
      // An argument refused (a page size, a cursor, an id): the resolver refuses it in its words. Anything else is a bug.
      if (error instanceof DomainError || error instanceof GraphQLError) return null;
      throw error;
    }
  }
}
