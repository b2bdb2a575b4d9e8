/**
 * `Query.markets` in one statement (page.ts): the page of markets, and the buyer, facilitator, operation,
 * charter and realised hours of each when the query asks for them. No entity is hydrated: the nodes are
 * plain objects with the entity's properties (plainRow, src/db/held-entity.ts); the Market field resolvers answer what the
 * statement computed (fromMarketsPage), and resolve anything else (lots) from the row's id as for an entity.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Charter, Market, Operation, Organisation } from '../../db/entities/index.js';
import { sql, verbatim, type SqlFragment } from '../../db/sql-fragment.js';
import type { ConnectionShape } from '../relay/connection.js';
import { expectGlobalId } from '../relay/global-id.js';
import { searchPatterns } from '../resolvers/filters.js';
import { compiledPage, connectionOf, readableBy, toOneRows, type PageRequest, type ToOne } from './page.js';
import { plainRow } from '../../db/held-entity.js';
import { precompiledOr, withPrecompiled, type Ref } from './rows.js';
import type { ResolvedFields } from './row-json.js';

/** What plannedHours reads of a market (src/domain/planned-hours.ts). */
const PLANNED_HOURS_INPUTS = ['amountHt', 'labourRate', 'insertionRate', 'hourlyCost', 'statedHours'] as const;

/** What the Market resolvers read of a market: its clause parameters and its relations' ids. An entity is one, and so is a compiled row. */
export type MarketRoot = Pick<Market, 'id' | (typeof PLANNED_HOURS_INPUTS)[number]> & {
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

/** The value the statement gave a field of this market, or `otherwise()` for a market it did not read (an entity). */
export const fromMarketsPage = precompiledOr<Precompiled>;

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

type RelationField = 'buyer' | 'facilitator' | 'operation' | 'charter';

/** A related row, when the query asks for it. */
const RELATIONS: (ToOne & { field: RelationField })[] = [
  { field: 'buyer', table: 'organisation', alias: 'b', column: 'buyer_id', entity: Organisation },
  { field: 'facilitator', table: 'organisation', alias: 'f', column: 'facilitator_id', entity: Organisation },
  { field: 'operation', table: 'operation', alias: 'o', column: 'operation_id', entity: Operation },
  { field: 'charter', table: 'charter', alias: 'c', column: 'charter_id', entity: Charter },
];

/** The Market fields answered by a resolver from other properties than their own (the relations read their ids, by their name). */
const RESOLVED: ResolvedFields = { plannedHours: PLANNED_HOURS_INPUTS, realisedHours: [], lots: [] };

type MarketJson = { row: Record<string, unknown>; realisedHours?: number } & Partial<Record<RelationField, Record<string, unknown> | null>>;

export async function compiledMarketsPage(em: EntityManager, { filter, order, page, asked }: PageRequest<MarketFilterValues>): Promise<ConnectionShape<MarketRoot>> {
  const readable = readableBy(em);
  const relations = RELATIONS.filter((relation) => asked.node.has(relation.field));
  const realised = asked.node.has('realisedHours');
  const hoursOfThePage = sql`realised as (
      select p.market_id, sum(h.hours) as total
        from placement p join monthly_hours h on h.placement_id = p.id
       where p.market_id in (select id from page) and ${readable('placement', 'p')} and ${readable('monthly_hours', 'h')}
       group by p.market_id
    )`;
  const compiled = await compiledPage<MarketJson>(em, {
    entity: Market,
    alias: 'm',
    filters: filterConditions(filter),
    order,
    page,
    counted: asked.connection.has('totalCount'),
    asked,
    resolved: RESOLVED,
    tables: realised ? [hoursOfThePage] : [],
    toOne: relations,
    fields: realised ? [verbatim("'realisedHours', coalesce(r.total, 0)")] : [],
    joins: realised ? [verbatim('left join realised r on r.market_id = m.id')] : [],
  });
  const meta = em.getMetadata().get(Market);
  return connectionOf(compiled, (json) => {
    const precompiled: Partial<Precompiled> = { ...toOneRows(em, relations, json), ...(realised ? { realisedHours: Number(json.realisedHours) } : {}) };
    return withPrecompiled(plainRow(meta, json.row), precompiled) as unknown as MarketRoot;
  });
}
