/**
 * `Query.markets` read in one SQL statement that PostgreSQL answers with the page as JSON: the markets in
 * keyset order, the total count, and the buyer, facilitator, operation, charter and realised hours of each
 * when the query asks for them. No entity is hydrated. Each table is scoped by the access model's read
 * rule for the asker (readCondition, what the ORM's tenant filter renders), and row-level security
 * applies as to any SQL of the request's transaction.
 *
 * The nodes are plain objects with the entity's properties (rows.ts): the Market field resolvers answer
 * what this statement computed (precompiledOr), and resolve anything else (lots) from the row's id as
 * they do for an entity.
 */
import { Cursor, type EntityManager, type EntityMetadata } from '@mikro-orm/postgresql';
import { readCondition, tenantScopeOf } from '../../access/tenant-filter.js';
import { Charter, Market, Operation, Organisation } from '../../db/entities/index.js';
import { transactionSql } from '../../db/raw-sql.js';
import { joined, numbered, sql, verbatim, type SqlFragment } from '../../db/sql-fragment.js';
import { checkCursor, pageSize, type ConnectionShape, type PageArgs } from '../relay/connection.js';
import { expectGlobalId } from '../relay/global-id.js';
import { searchPatterns } from '../resolvers/filters.js';
import { plainRow, type Ref } from './rows.js';

/** What the Market resolvers read of a market: its clause parameters and its relations' ids. An entity is one, and so is a compiled row. */
export type MarketRoot = Pick<Market, 'id' | 'amountHt' | 'labourRate' | 'insertionRate' | 'hourlyCost' | 'statedHours'> & {
  buyer: Ref;
  facilitator: Ref | null;
  operation: Ref | null;
  charter: Ref | null;
};

/** The relations and sums the statement computes for each market, when asked. */
interface Precompiled {
  buyer: unknown;
  facilitator: unknown;
  operation: unknown;
  charter: unknown;
  realisedHours: number;
}

const PRECOMPILED = Symbol('precompiled');

/** The value the compiled read gave `field` of this market, or `otherwise()` for a market it did not read (an entity). */
export function precompiledOr<K extends keyof Precompiled>(market: MarketRoot, field: K, otherwise: () => unknown): unknown {
  const precompiled = (market as { [PRECOMPILED]?: Partial<Precompiled> })[PRECOMPILED];
  return precompiled && field in precompiled ? precompiled[field] : otherwise();
}

/** For the tests that compare both paths: the ORM's (paginate) when false. No setting reaches it. */
export const compiledReads = { markets: true };

export interface MarketFilterValues {
  buyerId?: string;
  facilitatorId?: string;
  operationId?: string;
  charterId?: string;
  natures?: string[];
  clauseMechanisms?: string[];
  statuses?: string[];
  notifiedFrom?: string;
  notifiedTo?: string;
  search?: string;
}

export interface MarketsPageRequest {
  filter: MarketFilterValues;
  /** One property and its direction, as sortOrder gives it; the id follows in the same direction. */
  order: Record<string, 'asc' | 'desc'>;
  page: PageArgs;
  /** The fields asked of the connection and of its nodes. */
  asked: { connection: Set<string>; node: Set<string> };
}

const RELATION_FILTERS = [
  { argument: 'buyerId', column: 'buyer_id', typeName: 'Organisation' },
  { argument: 'facilitatorId', column: 'facilitator_id', typeName: 'Organisation' },
  { argument: 'operationId', column: 'operation_id', typeName: 'Operation' },
  { argument: 'charterId', column: 'charter_id', typeName: 'Charter' },
] as const;

const LIST_FILTERS = [
  { argument: 'natures', column: 'nature' },
  { argument: 'clauseMechanisms', column: 'clause_mechanism' },
  { argument: 'statuses', column: 'status' },
] as const;

/** MarketFilter on the rows of `m`, as marketWhere says it to the ORM. */
function filterConditions(filter: MarketFilterValues): SqlFragment[] {
  const conditions: SqlFragment[] = [];
  for (const { argument, column, typeName } of RELATION_FILTERS) {
    const globalId = filter[argument];
    if (globalId != null) conditions.push(sql`m.${verbatim(column)} = ${expectGlobalId(globalId, typeName, `filter.${argument}`)}::uuid`);
  }
  for (const { argument, column } of LIST_FILTERS) {
    const values = filter[argument];
    if (values) conditions.push(sql`m.${verbatim(column)} = any(${values}::text[])`);
  }
  if (filter.notifiedFrom) conditions.push(sql`m.notification_date >= ${filter.notifiedFrom}::date`);
  if (filter.notifiedTo) conditions.push(sql`m.notification_date <= ${filter.notifiedTo}::date`);
  for (const pattern of searchPatterns(filter.search)) conditions.push(sql`(m.reference ilike ${pattern} or m.object ilike ${pattern})`);
  return conditions;
}

/** The sort column, the SQL of its value as MikroORM writes it in a cursor (a time as JSON writes a Date) and its type. */
function sortKey(meta: EntityMetadata<Market>, property: string) {
  const prop = meta.properties[property as keyof Market];
  const column = prop.fieldNames[0]!;
  const isTime = prop.columnTypes[0]!.startsWith('timestamp');
  return {
    column: verbatim(`m.${column}`),
    cursorValue: verbatim(isTime ? `to_char(m.${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : `m.${column}`),
    type: verbatim(isTime ? 'timestamptz' : 'text'),
  };
}

/** A related row, when the query asks for it: its SQL join and its JSON in the node. */
const RELATIONS = [
  { field: 'buyer', table: 'organisation', alias: 'b', column: 'buyer_id', entity: Organisation },
  { field: 'facilitator', table: 'organisation', alias: 'f', column: 'facilitator_id', entity: Organisation },
  { field: 'operation', table: 'operation', alias: 'o', column: 'operation_id', entity: Operation },
  { field: 'charter', table: 'charter', alias: 'c', column: 'charter_id', entity: Charter },
] as const;

/** `, 'buyer', <the row as JSON, or null when none or not readable>` */
const relatedJson = ({ field, alias }: (typeof RELATIONS)[number]) =>
  verbatim(`, '${field}', case when ${alias}.id is null then null else to_json(${alias}) end`);

interface CompiledPage {
  total_count: number | null;
  nodes: { market: Record<string, unknown>; realisedHours?: number; [relation: string]: unknown }[];
}

export async function compiledMarketsPage(em: EntityManager, { filter, order, page, asked }: MarketsPageRequest): Promise<ConnectionShape<MarketRoot>> {
  const meta = em.getMetadata().get(Market);
  const [property, direction] = Object.entries(order)[0]!;
  const key = sortKey(meta, property);
  const size = pageSize(page.first);
  const values = page.after == null ? null : decodedCursor(meta, property, page.after);

  const scope = tenantScopeOf(em);
  const readable = (table: string, alias: string) => (scope ? readCondition(table, alias, scope) : verbatim('true'));
  const where = joined([readable('market', 'm'), ...filterConditions(filter)], ' and ');
  const sort = verbatim(direction === 'desc' ? 'desc' : 'asc');
  const keyset = values ? sql`and (${key.column}, m.id) ${verbatim(direction === 'desc' ? '<' : '>')} (${values[0]}::${key.type}, ${values[1]}::uuid)` : verbatim('');
  const relations = RELATIONS.filter((relation) => asked.node.has(relation.field));
  const realised = asked.node.has('realisedHours');

  const statement = sql`
    with page as (
      select m.*, ${key.cursorValue} as cursor_value
        from market m
       where ${where} ${keyset}
       order by ${key.column} ${sort}, m.id ${sort}
       limit ${size + 1}::int
    )${realised ? sql`,
    realised as (
      select p.market_id, sum(h.hours) as total
        from placement p join monthly_hours h on h.placement_id = p.id
       where p.market_id in (select id from page) and ${readable('placement', 'p')} and ${readable('monthly_hours', 'h')}
       group by p.market_id
    )` : verbatim('')}
    select ${asked.connection.has('totalCount') ? sql`(select count(*) from market m where ${where})::int` : verbatim('null::int')} as total_count,
           coalesce(json_agg(json_build_object('market', to_json(m)${joined(relations.map(relatedJson), '')}${
             verbatim(realised ? ", 'realisedHours', coalesce(r.total, 0)" : '')}) order by ${key.column} ${sort}, m.id ${sort}), '[]') as nodes
      from page m
      ${joined(relations.map((relation) => sql`left join ${verbatim(relation.table)} ${verbatim(relation.alias)} on ${verbatim(relation.alias)}.id = m.${verbatim(relation.column)} and ${readable(relation.table, relation.alias)}`), '\n')}
      ${verbatim(realised ? 'left join realised r on r.market_id = m.id' : '')}`;

  const { text, params } = numbered(statement);
  const [result] = await transactionSql(em)<CompiledPage>(text, params);
  const nodes = result!.nodes.map((row) => compiledNode(em, meta, row));
  const hasNextPage = nodes.length > size;
  if (hasNextPage) nodes.pop();
  const cursorOf = (node: MarketRoot) => Cursor.encode([(node as unknown as { cursorValue: string }).cursorValue, node.id]);
  return {
    edges: nodes.map((node) => ({ cursor: cursorOf(node), node })),
    nodes,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: page.after != null,
      startCursor: nodes.length ? cursorOf(nodes[0]!) : null,
      endCursor: nodes.length ? cursorOf(nodes.at(-1)!) : null,
    },
    get totalCount() {
      if (result!.total_count === null) throw new Error('totalCount was asked but not counted');
      return Promise.resolve(result!.total_count);
    },
  };
}

/** The cursor's values, checked as paginate() checks them: the sort property's, then the id. */
function decodedCursor(meta: EntityMetadata<Market>, property: string, after: string): [unknown, unknown] {
  checkCursor(after, [meta.properties[property as keyof Market], meta.properties.id]);
  return Cursor.decode(after) as [unknown, unknown];
}

function compiledNode(em: EntityManager, meta: EntityMetadata<Market>, row: CompiledPage['nodes'][number]): MarketRoot {
  const precompiled: Partial<Precompiled> = {};
  for (const relation of RELATIONS) {
    const related = row[relation.field] as Record<string, unknown> | null | undefined;
    if (related !== undefined) precompiled[relation.field] = related === null ? null : plainRow(em.getMetadata().get(relation.entity as typeof Organisation), related);
  }
  if (row.realisedHours !== undefined) precompiled.realisedHours = Number(row.realisedHours);
  return { ...plainRow(meta, row.market), cursorValue: row.market.cursor_value, [PRECOMPILED]: precompiled } as unknown as MarketRoot;
}
