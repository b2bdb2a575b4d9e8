/**
 * One page of a connection read in one SQL statement that PostgreSQL answers as JSON: the rows in keyset
 * order (the sort property then the id, as paginate() reads them), one more to know whether a next page
 * exists, the total count when asked, and beside each row the JSON of whatever the caller computes with it
 * (its relations, sums). Each table a statement reads is scoped by the access model's read rule for the
 * asker (readCondition: what the ORM's tenant filter renders), and row-level security applies as to any
 * SQL of the request's transaction.
 */
import { Cursor, type EntityClass, type EntityManager, type EntityProperty } from '@mikro-orm/postgresql';
import { readCondition, tenantScopeOf } from '../../access/tenant-filter.js';
import { preparedSql } from '../../db/raw-sql.js';
import { bound, joined, numbered, sql, verbatim, type SqlFragment } from '../../db/sql-fragment.js';
import { checkCursor, pageSize, type PageArgs, type PageInfo } from '../relay/connection.js';
import type { ConnectionFieldsAsked } from '../selection.js';
import { plainRow } from '../../db/held-entity.js';
import { rowJson, type ResolvedFields } from './row-json.js';
import { base64url, writtenObject, type AnswerContext, type Asked } from './answer-json.js';

/** The rows of `table` under `alias` the asker may read; with no ORM scoping (row-level security alone), all. */
export type Readable = (table: string, alias: string) => SqlFragment;

export function readableBy(em: EntityManager): Readable {
  const scope = tenantScopeOf(em);
  return (table, alias) => (scope ? bound(readCondition(table, alias, scope)) : verbatim('true'));
}

/**
 * For the tests that compare the paths: the ORM's (paginate and the loaders) when a page's is false; the resolvers
 * over a compiled page when `answers` is (answers.ts). No setting reaches it.
 */
export const compiledReads = { markets: true, charters: true, answers: true };

/** What a compiled connection is asked: the client's arguments, and the fields of the connection and of its nodes. */
export interface PageRequest<F> {
  filter: F;
  /** One property and its direction, as sortOrder gives it. */
  order: Record<string, 'asc' | 'desc'>;
  page: PageArgs;
  asked: ConnectionFieldsAsked;
}

/** A row the paged row points to (a market's buyer, a charter's coordinator). */
export interface ToOne {
  field: string;
  table: string;
  alias: string;
  column: string;
  entity: EntityClass<object>;
}

export interface PageStatement {
  entity: EntityClass<object>;
  /** The paged rows' alias in every fragment. */
  alias: string;
  /** The client's filters on the rows (the read rule is added). */
  filters: SqlFragment[];
  /** One property and its direction, as sortOrder gives it; the id follows in the same direction. */
  order: Record<string, 'asc' | 'desc'>;
  page: PageArgs;
  counted: boolean;
  /** The fields the query asks of each node and of its relations: the columns of them the statement reads (rowJson). */
  asked: Pick<ConnectionFieldsAsked, 'node' | 'belowNode'>;
  /** The node's fields a resolver answers from other properties of the row (rowJson). */
  resolved?: ResolvedFields;
  /** Common table expressions after `page` (the page's rows), that `fields` and `joins` may read. */
  tables?: SqlFragment[];
  /** The rows it points to that the query asks for, each in the node's JSON under its field (null: none, or unread). */
  toOne?: ToOne[];
  /** `'name', expression` pairs of each node's JSON beside `'row'`, the row itself. */
  fields?: SqlFragment[];
  joins?: SqlFragment[];
}

export interface CompiledPage<J> {
  edges: { json: J; cursor: string }[];
  pageInfo: PageInfo;
  totalCount: number | null;
}

/** The sort column, the SQL of its value as MikroORM writes it in a cursor (a time as JSON writes a Date) and its type. */
function sortKey(prop: EntityProperty, alias: string) {
  const column = `${alias}.${prop.fieldNames[0]!}`;
  const isTime = prop.columnTypes[0]!.startsWith('timestamp');
  return {
    column: verbatim(column),
    cursorValue: verbatim(isTime ? `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : column),
    type: verbatim(isTime ? 'timestamptz' : 'text'),
  };
}

/** The rows a page's statement reads: the columns its `page` holds, its order, and how many it shows. */
export type PageRows = Pick<PageStatement, 'entity' | 'alias' | 'filters' | 'order' | 'page'>;

/** What every page's statement starts from: its rows in order, their count, and how to read them in that order. */
export interface PageQuery {
  /** `page as (…)`: the page's rows in keyset order, each with its `cursor_value`, and one more when another page follows. */
  page: SqlFragment;
  /** How many rows match, whatever the page. */
  totalCount: SqlFragment;
  /** `order by` of the page's rows under the alias, the sort column then the id; `reversed`, the other way. */
  orderBy: SqlFragment;
  reversed: SqlFragment;
  /** The sort column, by which `orderBy` sorts (a page's statement gives it beside each row). */
  sortColumn: SqlFragment;
  sort: SqlFragment;
  size: number;
}

/** The page's rows as `rows` asks them: scoped by the read rule, the client's filters, after the cursor, the page and one more. */
export function pageQuery(em: EntityManager, rows: PageRows): PageQuery {
  const { alias, order, page } = rows;
  const meta = em.getMetadata().get(rows.entity);
  const properties = meta.properties as Record<string, EntityProperty>;
  const [property, direction] = Object.entries(order)[0]!;
  const key = sortKey(properties[property]!, alias);
  const size = pageSize(page.first);
  if (page.after != null) checkCursor(page.after, [properties[property], properties.id]);
  const after = page.after == null ? null : Cursor.decode(page.after) as [unknown, unknown];

  const table = verbatim(`${meta.tableName} ${alias}`);
  const where = joined([readableBy(em)(meta.tableName, alias), ...rows.filters], ' and ');
  const sort = verbatim(direction === 'desc' ? 'desc' : 'asc');
  const keyset = after ? sql`and (${key.column}, ${verbatim(alias)}.id) ${verbatim(direction === 'desc' ? '<' : '>')} (${after[0]}::${key.type}, ${after[1]}::uuid)` : verbatim('');
  const orderBy = (way: SqlFragment) => sql`order by ${key.column} ${way}, ${verbatim(alias)}.id ${way}`;
  return {
    page: sql`page as (
      select ${verbatim(alias)}.*, ${key.cursorValue} as cursor_value
        from ${table}
       where ${where} ${keyset}
       ${orderBy(sort)}
       limit ${size + 1}::int
    )`,
    totalCount: sql`(select count(*) from ${table} where ${where})::int`,
    orderBy: orderBy(sort),
    reversed: orderBy(verbatim(direction === 'desc' ? 'asc' : 'desc')),
    sortColumn: key.column,
    sort,
    size,
  };
}

/** Runs the page's statement; each edge's `json` has the row (`row`, with `cursor_value`) and the `fields`. */
export async function compiledPage<J extends { row: Record<string, unknown> }>(em: EntityManager, statement: PageStatement): Promise<CompiledPage<J>> {
  const { alias, page, asked } = statement;
  const metadata = em.getMetadata();
  const meta = metadata.get(statement.entity);
  const { page: rows, totalCount, sortColumn, sort, size } = pageQuery(em, statement);
  const readable = readableBy(em);
  const toOne = statement.toOne ?? [];
  const nodeJson = joined([
    sql`'row', ${rowJson(meta, alias, asked.node, statement.resolved, ['cursor_value'])}`,
    ...toOne.map(({ field, alias: joinedAlias, entity }) => sql`${verbatim(`'${field}', case when ${joinedAlias}.id is null then null else`)} ${rowJson(metadata.get(entity), joinedAlias, asked.belowNode(field))} end`),
    ...(statement.fields ?? []),
  ], ', ');
  const joins = [
    ...toOne.map(({ table: joinedTable, alias: joinedAlias, column }) =>
      sql`left join ${verbatim(`${joinedTable} ${joinedAlias} on ${joinedAlias}.id = ${alias}.${column}`)} and ${readable(joinedTable, joinedAlias)}`),
    ...(statement.joins ?? []),
  ];

  const { text, params } = numbered(sql`
    with ${rows}${joined((statement.tables ?? []).map((cte) => sql`, ${cte}`), '')}
    select counted.total_count, edge.node
      from (select ${statement.counted ? totalCount : verbatim('null::int')} as total_count) counted
      left join lateral (
        select json_build_object(${nodeJson}) as node, ${sortColumn} as sort_key, ${verbatim(alias)}.id as sort_id
          from page ${verbatim(alias)}
          ${joined(joins, ' ')}
      ) edge on true
     order by edge.sort_key ${sort}, edge.sort_id ${sort}`);
  // A row per node rather than one JSON array of them all: Node decodes a text of more than 64 KiB that is not all
  // Latin-1 (a dash, an œ) some twenty times slower than a shorter one, and a page of 50 rows with their relations passes it.
  const result = await preparedSql(em)<{ total_count: number | null; node: J | null }>(text, params);
  const edges = result.flatMap(({ node: json }) => (json ? [{ json, cursor: Cursor.encode([json.row.cursor_value, json.row.id]) }] : []));
  const hasNextPage = edges.length > size;
  if (hasNextPage) edges.pop();
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: page.after != null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: result[0]!.total_count,
  };
}

/** The connection's fields asked, for its nodes of type `nodeType`, each written by `nodeJson`; null if any cannot be. */
export interface ConnectionAnswer {
  rows: PageRows;
  nodeType: string;
  asked: Asked[];
  nodeJson: (asked: Asked[]) => SqlFragment | null;
}

/**
 * The statement answering a connection field whole (answers.ts): its JSON, as the resolvers of the connection, its
 * edges and its page's information answer them, under `key`, as column `data`. Null when a field cannot be written.
 * The cursors are written as Cursor.encode writes them for a sort column whose JSON PostgreSQL writes as
 * JSON.stringify does (a text, a uuid, a time as sortKey gives it), not for a number.
 */
export function connectionAnswer(em: EntityManager, key: string, { rows, nodeType, asked, nodeJson }: ConnectionAnswer, context: AnswerContext): SqlFragment | null {
  const query = pageQuery(em, rows);
  const alias = verbatim(rows.alias);
  const shown = sql`(select * from page ${alias} ${query.orderBy} limit ${query.size}::int) ${alias}`;
  // The cursor as Cursor.encode writes it (MikroORM's, compiledPage's): base64url of the JSON array [sort value, id].
  const cursor = verbatim(base64url(`'[' || to_json(${rows.alias}.cursor_value)::text || ',' || to_json(${rows.alias}.id::text)::text || ']'`));
  const list = (element: SqlFragment | null) => element && sql`coalesce((select json_agg(${element} ${query.orderBy}) from ${shown}), '[]')`;
  const pageInfo: Record<string, () => SqlFragment> = {
    hasNextPage: () => sql`(select count(*) from page) > ${query.size}::int`,
    hasPreviousPage: () => verbatim(rows.page.after != null ? 'true' : 'false'),
    startCursor: () => sql`(select ${cursor} from ${shown} ${query.orderBy} limit 1)`,
    endCursor: () => sql`(select ${cursor} from ${shown} ${query.reversed} limit 1)`,
  };
  const edge = (below: Asked[]) => writtenObject(`${nodeType}Edge`, below, ({ name, below: ofNode }) => (name === 'cursor' ? cursor : name === 'node' ? nodeJson(ofNode) : null), context);
  const connection = writtenObject(`${nodeType}Connection`, asked, ({ name, below }) => {
    if (name === 'totalCount') return query.totalCount;
    if (name === 'nodes') return list(nodeJson(below));
    if (name === 'edges') return list(edge(below));
    return name === 'pageInfo' ? writtenObject('PageInfo', below, ({ name: field }) => (Object.hasOwn(pageInfo, field) ? pageInfo[field]!() : null), context) : null;
  }, context);
  return connection && sql`with ${query.page} select json_build_object(${key}::text, ${connection})::text as data`;
}

/** The rows of the to-one relations in a node's JSON, as plain rows (plainRow, src/db/held-entity.ts), null where there is none. */
export function toOneRows(em: EntityManager, relations: readonly ToOne[], json: Record<string, unknown>): Record<string, Record<string, unknown> | null> {
  const metadata = em.getMetadata();
  return Object.fromEntries(relations.map(({ field, entity }) => {
    const row = json[field] as Record<string, unknown> | null | undefined;
    return [field, row ? plainRow(metadata.get(entity), row) : null];
  }));
}

/** The ConnectionShape of a compiled page, its nodes built from each edge's JSON. */
export function connectionOf<J, N>(compiled: CompiledPage<J>, nodeOf: (json: J) => N) {
  const edges = compiled.edges.map(({ json, cursor }) => ({ node: nodeOf(json), cursor }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: compiled.pageInfo,
    get totalCount() {
      if (compiled.totalCount === null) throw new Error('totalCount was asked but not counted');
      return Promise.resolve(compiled.totalCount);
    },
  };
}
