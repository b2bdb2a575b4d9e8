import { raw, type Dictionary, type FilterDef } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ALL_ENTITIES } from '../db/entities/index.js';
import { everything, nothing } from './model/predicates.js';
import { bind, predicateFor, type Asker, type BoundSql } from './model/sql.js';

/**
 * The ORM's layer of the access model, rendered from it (model/rules.ts): every query, count,
 * relation and filter argument is scoped to the rows the asker may read, before PostgreSQL's
 * row-level security checks the same rule again.
 */
export const TENANT_FILTER = 'tenant';

export type TenantScope = Asker;

type Condition = Dictionary;

/**
 * The rows of `table`, under `alias`, that the asker may read: the model's read predicate bound for it
 * (`?` placeholders). The ORM's filter renders it into every query; SQL the filter does not reach (the
 * compiled reads) states it with this, so that it scopes as the filter does even without row-level security (which applies beside it).
 */
export function readCondition(table: string, alias: string, scope: TenantScope): BoundSql {
  const predicate = predicateFor(table, 'read', scope);
  if (predicate === everything || predicate.sql === 'true') return { sql: 'true', params: [] };
  if (predicate === nothing) return { sql: 'false', params: [] };
  return bind(predicate, alias, scope);
}

/** The condition on `table`'s rows (a SQL fragment on the row's alias, its subqueries inlined) for this asker. */
function tenantCondition(table: string, scope: TenantScope): Condition {
  const { sql, params } = readCondition(table, ROW, scope);
  if (sql === 'true') return {};
  return { [raw((alias: string) => sql.replaceAll(ROW, alias), params)]: [] };
}

/**
 * The asker the tenant filter scopes this entity manager's reads to, for the SQL it does not reach; null
 * when the ORM has no tenant filter (the API run with row-level security alone, to test that layer).
 */
export function tenantScopeOf(em: EntityManager): TenantScope | null {
  if (!(TENANT_FILTER in (em.config.get('filters') ?? {}))) return null;
  const scope = em.getFilterParams<TenantScope>(TENANT_FILTER);
  if (!scope) throw new Error('The tenant scope is read before the request set it');
  return scope;
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
