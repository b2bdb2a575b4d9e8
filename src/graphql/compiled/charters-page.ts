/**
 * `Query.charters` in one statement (page.ts): the page of charters, and the coordinator, signatories,
 * QPVs and targets of each when the query asks for them, every one scoped by its own table's read rule.
 * The Charter field resolvers answer what the statement computed (fromChartersPage).
 */
import type { EntityClass, EntityManager } from '@mikro-orm/postgresql';
import { Charter, CharterTarget, Organisation, Qpv } from '../../db/entities/index.js';
import { sql, verbatim, type SqlFragment } from '../../db/sql-fragment.js';
import type { ConnectionShape } from '../relay/connection.js';
import { expectGlobalId } from '../relay/global-id.js';
import { searchPatterns } from '../resolvers/filters.js';
import { compiledPage, connectionOf, readableBy, toOneRows, type PageRequest, type Readable, type ToOne } from './page.js';
import { plainRow } from '../../db/held-entity.js';
import { precompiledOr, withPrecompiled, type Ref } from './rows.js';

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

/** The JSON array of a charter's related rows, in the order their loaders give them. */
const LISTS = {
  signatories: (readable: Readable) => sql`coalesce((select json_agg(to_json(o) order by s.id)
      from charter_signatory s join organisation o on o.id = s.organisation_id
     where s.charter_id = c.id and ${readable('charter_signatory', 's')} and ${readable('organisation', 'o')}), '[]')`,
  qpvs: (readable: Readable) => sql`coalesce((select json_agg(to_json(q) order by l.id)
      from charter_qpv l join qpv q on q.id = l.qpv_id
     where l.charter_id = c.id and ${readable('charter_qpv', 'l')} and ${readable('qpv', 'q')}), '[]')`,
  targets: (readable: Readable) => sql`coalesce((select json_agg(to_json(t) order by t.kind)
      from charter_target t where t.charter_id = c.id and ${readable('charter_target', 't')}), '[]')`,
};
type ListField = keyof typeof LISTS;
const LIST_ENTITIES: Record<ListField, EntityClass<object>> = { signatories: Organisation, qpvs: Qpv, targets: CharterTarget };
type CharterJson = { row: Record<string, unknown>; coordinator?: Record<string, unknown> | null } & Partial<Record<ListField, Record<string, unknown>[]>>;

const COORDINATOR: ToOne = { field: 'coordinator', table: 'organisation', alias: 'k', column: 'coordinator_id', entity: Organisation };

export async function compiledChartersPage(em: EntityManager, { filter, order, page, asked }: PageRequest<CharterFilterValues>): Promise<ConnectionShape<CharterRoot>> {
  const readable = readableBy(em);
  const lists = (Object.keys(LISTS) as ListField[]).filter((field) => asked.node.has(field));
  const relations = asked.node.has('coordinator') ? [COORDINATOR] : [];
  const compiled = await compiledPage<CharterJson>(em, {
    entity: Charter,
    alias: 'c',
    filters: filterConditions(filter, readable),
    order,
    page,
    counted: asked.connection.has('totalCount'),
    toOne: relations,
    fields: lists.map((field) => sql`${verbatim(`'${field}'`)}, ${LISTS[field](readable)}`),
  });
  const metadata = em.getMetadata();
  return connectionOf(compiled, (json) => {
    const precompiled: Partial<Precompiled> = toOneRows(em, relations, json);
    for (const field of lists) precompiled[field] = json[field]!.map((row) => plainRow(metadata.get(LIST_ENTITIES[field]), row));
    return withPrecompiled(plainRow(metadata.get(Charter), json.row), precompiled) as unknown as CharterRoot;
  });
}
