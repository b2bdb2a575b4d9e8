/**
 * `Query.charters` in one statement (page.ts): the page of charters, and the coordinator, signatories,
 * QPVs and targets of each when the query asks for them, every one scoped by its own table's read rule.
 * The Charter field resolvers answer what the statement computed (fromChartersPage).
 */
import type { EntityClass, EntityManager } from '@mikro-orm/postgresql';
import { Charter, CharterTarget, Organisation, Qpv } from '../../db/entities/index.js';
import { sql, verbatim, type SqlFragment } from '../../db/sql-fragment.js';
import type { ConnectionShape, PageArgs } from '../relay/connection.js';
import { expectGlobalId } from '../relay/global-id.js';
import { searchPatterns } from '../resolvers/filters.js';
import { compiledPage, connectionAnswer, connectionOf, readableBy, toOneRows, type PageRequest, type Readable, type ToOne } from './page.js';
import { objectJson, type AnswerContext, type Asked, type RelationJson, type WrittenType } from './answer-json.js';
import { plainRow } from '../../db/held-entity.js';
import { precompiledOr, withPrecompiled, type Ref } from './rows.js';
import { rowJson, type ResolvedFields } from './row-json.js';

/** What the Charter resolvers read of a charter: its id and its coordinator's. An entity is one, and so is a compiled row. */
export type CharterRoot = Pick<Charter, 'id'> & { coordinator: Ref };

interface Precompiled {
  coordinator: unknown;
  signatories: unknown[];
  qpvs: unknown[];
  targets: unknown[];
}

/** The value the statement gave a field of this charter, or `otherwise()` for a charter it did not read (an entity). */
export const fromChartersPage = precompiledOr<Precompiled>;

export interface CharterFilterValues {
  signatoryId?: string;
  coordinatorId?: string;
  search?: string;
}

/** CharterFilter on the rows of `c`, as the charters resolver says it to the ORM. */
function filterConditions(filter: CharterFilterValues, readable: Readable): SqlFragment[] {
  const conditions: SqlFragment[] = [];
  if (filter.coordinatorId != null) {
    conditions.push(sql`c.coordinator_id = ${expectGlobalId(filter.coordinatorId, 'Organisation', 'filter.coordinatorId')}::uuid`);
  }
  if (filter.signatoryId != null) {
    const signatory = expectGlobalId(filter.signatoryId, 'Organisation', 'filter.signatoryId');
    conditions.push(sql`exists (select from charter_signatory s where s.charter_id = c.id and s.organisation_id = ${signatory}::uuid and ${readable('charter_signatory', 's')})`);
  }
  for (const pattern of searchPatterns(filter.search)) conditions.push(sql`c.name ilike ${pattern}`);
  return conditions;
}

type ListField = 'signatories' | 'qpvs' | 'targets';

/**
 * A charter's related rows: their GraphQL type, their entity, their alias, and the JSON array of them (`row`: each
 * one's JSON), in the order their loaders give them.
 */
const LISTS: Record<ListField, { type: string; entity: EntityClass<object>; alias: string; json: (readable: Readable, row: SqlFragment) => SqlFragment }> = {
  signatories: {
    type: 'Organisation',
    entity: Organisation,
    alias: 'o',
    json: (readable, row) => sql`coalesce((select json_agg(${row} order by s.id)
      from charter_signatory s join organisation o on o.id = s.organisation_id
     where s.charter_id = c.id and ${readable('charter_signatory', 's')} and ${readable('organisation', 'o')}), '[]')`,
  },
  qpvs: {
    type: 'Qpv',
    entity: Qpv,
    alias: 'q',
    json: (readable, row) => sql`coalesce((select json_agg(${row} order by l.id)
      from charter_qpv l join qpv q on q.id = l.qpv_id
     where l.charter_id = c.id and ${readable('charter_qpv', 'l')} and ${readable('qpv', 'q')}), '[]')`,
  },
  targets: {
    type: 'CharterTarget',
    entity: CharterTarget,
    alias: 't',
    json: (readable, row) => sql`coalesce((select json_agg(${row} order by t.kind)
      from charter_target t where t.charter_id = c.id and ${readable('charter_target', 't')}), '[]')`,
  },
};

/** The Charter fields answered by a resolver from other properties than their own: the lists, from the charter's id. */
const RESOLVED: ResolvedFields = Object.fromEntries(Object.keys(LISTS).map((field) => [field, []]));
type CharterJson = { row: Record<string, unknown>; coordinator?: Record<string, unknown> | null } & Partial<Record<ListField, Record<string, unknown>[]>>;

const COORDINATOR: ToOne = { field: 'coordinator', table: 'organisation', alias: 'k', column: 'coordinator_id', entity: Organisation };

/** The order of the charters, for both the resolver's paths and the answer's. */
export const CHARTERS_ORDER = { name: 'asc' } as const;

const writtenList = (field: ListField): RelationJson => (_row, asked, context) => {
  const { type, alias, json } = LISTS[field];
  const element = objectJson(CHARTER_TYPES, type, alias, asked.below, context);
  return element && json(context.readable, element);
};

/** How PostgreSQL writes a charter and what it shows of its relations, as their resolvers answer (answer-json.ts). */
const CHARTER_TYPES: Record<string, WrittenType> = {
  Charter: {
    entity: Charter,
    columns: ['name', 'startDate', 'endDate'],
    relations: {
      // Never null in the schema: written only when the asker reads every organisation, so that it finds its row.
      coordinator: (row, asked, context) => {
        const coordinator = objectJson(CHARTER_TYPES, 'Organisation', 'k', asked.below, context);
        return coordinator && context.readsEvery('organisation') ? sql`(select ${coordinator} from organisation k where k.id = ${verbatim(row)}.coordinator_id)` : null;
      },
      signatories: writtenList('signatories'),
      qpvs: writtenList('qpvs'),
      targets: writtenList('targets'),
    },
  },
  Organisation: { entity: Organisation, columns: ['kind', 'name', 'siret', 'territory', 'departementCode'] },
  Qpv: { entity: Qpv, columns: ['name', 'commune', 'code'] },
  CharterTarget: { entity: CharterTarget, columns: ['kind', 'value', 'ageThreshold'] },
};

/** `Query.charters` answered whole by PostgreSQL (answers.ts): its statement, or null where the resolvers answer. */
export function chartersAnswer(em: EntityManager, key: string, { filter = {}, ...page }: { filter?: CharterFilterValues } & PageArgs, asked: Asked[], context: AnswerContext): SqlFragment | null {
  return connectionAnswer(em, key, {
    rows: { entity: Charter, alias: 'c', filters: filterConditions(filter, context.readable), order: CHARTERS_ORDER, page },
    nodeType: 'Charter',
    asked,
    nodeJson: (below) => objectJson(CHARTER_TYPES, 'Charter', 'c', below, context),
  }, context);
}

export async function compiledChartersPage(em: EntityManager, { filter, order, page, asked }: PageRequest<CharterFilterValues>): Promise<ConnectionShape<CharterRoot>> {
  const readable = readableBy(em);
  const metadata = em.getMetadata();
  const lists = (Object.keys(LISTS) as ListField[]).filter((field) => asked.node.has(field));
  const listJson = (field: ListField) => {
    const { entity, alias, json } = LISTS[field];
    return json(readable, rowJson(metadata.get(entity), alias, asked.belowNode(field)));
  };
  const relations = asked.node.has('coordinator') ? [COORDINATOR] : [];
  const compiled = await compiledPage<CharterJson>(em, {
    entity: Charter,
    alias: 'c',
    filters: filterConditions(filter, readable),
    order,
    page,
    counted: asked.connection.has('totalCount'),
    asked,
    resolved: RESOLVED,
    toOne: relations,
    fields: lists.map((field) => sql`${verbatim(`'${field}'`)}, ${listJson(field)}`),
  });
  return connectionOf(compiled, (json) => {
    const precompiled: Partial<Precompiled> = toOneRows(em, relations, json);
    for (const field of lists) precompiled[field] = json[field]!.map((row) => plainRow(metadata.get(LISTS[field].entity), row));
    return withPrecompiled(plainRow(metadata.get(Charter), json.row), precompiled) as unknown as CharterRoot;
  });
}
