import { raw, type Dictionary, type FilterDef } from '@mikro-orm/core';
import { ALL_ENTITIES } from '../db/entities/index.js';
import { everything, nothing } from './model/predicates.js';
import { bind, predicateFor, type Asker } from './model/sql.js';

/**
 * The ORM's layer of the access model, rendered from it (model/rules.ts): every query, count,
 * relation and filter argument is scoped to the rows the asker may read, before PostgreSQL's
 * row-level security checks the same rule again.
 */
export const TENANT_FILTER = 'tenant';

export type TenantScope = Asker;

type Condition = Dictionary;

/** The condition on `table`'s rows (a SQL fragment on the row's alias, its subqueries inlined) for this asker. */
function tenantCondition(table: string, scope: TenantScope): Condition {
  const predicate = predicateFor(table, 'read', scope);
  if (predicate === everything || predicate.sql === 'true') return {};
  if (predicate === nothing) return { [raw('false')]: [] };
  const { sql, params } = bind(predicate, ROW, scope);
  return { [raw((alias: string) => sql.replaceAll(ROW, alias), params)]: [] };
}

/** Stands for the row's alias, which MikroORM gives only when it writes the query. */
const ROW = '__row__';

/**
 * Registered on the request ORM, on by default: a query made before the request's scope is set
 * fails instead of reading unscoped rows. It scopes reads; the writes are checked by the services
 * (can.ts) and by row-level security (MikroORM's bulk updates give no alias a condition could name).
 */
export const tenantFilter: FilterDef = {
  name: TENANT_FILTER,
  entity: ALL_ENTITIES,
  default: true,
  cond: (args: Dictionary, type, em, _options, entityName?: string) =>
    (type === 'read' ? tenantCondition(em.getMetadata().find(entityName!)!.tableName, args as TenantScope) : {}),
};
