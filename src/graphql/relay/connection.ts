import { Cursor, type EntityClass, type EntityManager, type EntityProperty, type FilterQuery } from '@mikro-orm/postgresql';
import { ArgsType, Field, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { badInput } from '../../context/errors.js';
import { UUID } from './global-id.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, ${DEFAULT_PAGE_SIZE} by default, ${MAX_PAGE_SIZE} at most.` })
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Counted only when the client asks for it (a getter, read by the field resolver). */
  readonly totalCount: Promise<number>;
}

/** `Name`Connection and `Name`Edge object types for a node type. */
export function connectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [nodeType], { description: 'The nodes of the edges, for clients that need no cursor per row.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of rows matching the filter, whatever the page.' })
    totalCount!: number;
  }
  return Connection;
}

/** Cost of a connection field: its page size times the cost of one node. */
export function connectionComplexity({ args, childComplexity }: { args: { first?: number }; childComplexity: number }): number {
  return (args.first ?? DEFAULT_PAGE_SIZE) * Math.max(childComplexity, 1);
}

export function pageSize(first: number | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(`« first » doit être compris entre 0 et ${MAX_PAGE_SIZE}`, { argument: 'first' });
  }
  return size;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A time as both read paths write it in a cursor (JSON's Date, PostgreSQL's to_char in compiled/page.ts). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Whether `value` is written exactly as the instant it names is, in a year PostgreSQL has: Date.parse alone
 * takes '1' or '2020-02-30' (it rolls over), which PostgreSQL refuses or reads otherwise.
 */
function isExactInstant(value: string): boolean {
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value && !value.startsWith('0000');
}

/** Whether a cursor value can stand for the sort property: what its column holds, nothing else. */
function fitsProperty(value: unknown, property: EntityProperty | undefined): boolean {
  if (value === null) return property?.nullable === true;
  if (typeof value !== 'string' || value.includes('\0')) return false;
  if (!property || property.primary) return UUID.test(value);
  const column = property.columnTypes?.[0] ?? '';
  if (column === 'date') return ISO_DATE.test(value) && isExactInstant(`${value}T00:00:00.000Z`);
  if (column.startsWith('timestamp')) return ISO_TIME.test(value) && isExactInstant(value);
  return true;
}

/** The cursor must decode to one value per sort key, each of its property's kind. */
export function checkCursor(after: string, properties: (EntityProperty | undefined)[]): void {
  let values: unknown;
  try {
    values = Cursor.decode(after);
  } catch {
    values = null;
  }
  const valid = Array.isArray(values) && values.length === properties.length && values.every((value, i) => fitsProperty(value, properties[i]));
  if (!valid) throw badInput('Curseur de pagination invalide (il vient peut-être d\'un autre tri)', { argument: 'after' });
}

/**
 * One page of `entity` rows matching `where`, in keyset order: `orderBy` then id, so that the order is
 * total and a cursor stays valid while rows are added.
 */
export async function paginate<T extends { id: string }>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  orderBy: Record<string, 'asc' | 'desc'>,
  { first, after }: PageArgs,
): Promise<ConnectionShape<T>> {
  const direction = Object.values(orderBy)[0] ?? 'asc';
  const order = { ...orderBy, id: direction };
  const meta = em.getMetadata().get(entity);
  const properties = meta.properties as Record<string, EntityProperty>;
  if (after != null) checkCursor(after, Object.keys(order).map((key) => properties[key]));
  const cursor = await em.findByCursor(entity, {
    where,
    first: pageSize(first),
    after,
    orderBy: order,
    includeCount: false,
  } as never);
  const items = cursor.items as T[];
  return {
    edges: items.map((node) => ({ cursor: cursor.from(node as never), node })),
    nodes: items,
    pageInfo: {
      hasNextPage: cursor.hasNextPage,
      hasPreviousPage: after != null,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    get totalCount() {
      return em.count(entity, where);
    },
  };
}

/** Maps a sort field enum value to the entity property it orders by. */
export function sortOrder<F extends string>(
  sort: { field: F; direction: SortDirection } | undefined,
  properties: Record<F, string>,
  fallback: F,
): Record<string, 'asc' | 'desc'> {
  const property = properties[sort?.field ?? fallback];
  return { [property]: sort?.direction === SortDirection.DESC ? 'desc' : 'asc' };
}
