import type { OrganisationKind } from '../../db/entities/enums.js';
import { KINDS, nothing, SETS, type ByKind, type Predicate, type SetName } from './predicates.js';
import { accessTo } from './rules.js';

/** What the asker is, as the rules read it; null organisation: acting for none. */
export interface Asker {
  organisationId: string | null;
  kind: OrganisationKind | null;
  role: string | null;
  userId: string | null;
  /** The asking API key, when a key asks (then userId is null). */
  apiKeyId: string | null;
}

export type Action = 'read' | 'create' | 'update' | 'delete' | 'readBreakdown' | 'readDetail';

/** The predicate that decides `action` on `table` for this asker. */
export function predicateFor(table: string, action: Action, asker: Pick<Asker, 'organisationId' | 'kind'>): Predicate {
  const access = accessTo(table);
  if (!asker.organisationId || !asker.kind) {
    const withoutOrganisation = access.withoutOrganisation;
    return (action === 'read' ? withoutOrganisation?.read : action === 'create' ? withoutOrganisation?.create : undefined) ?? nothing;
  }
  return access[action]?.[asker.kind] ?? nothing;
}

const TOKEN = /\{(this|org|user|key|role|set:\w+|readable:\w+)\}/g;

/**
 * Row-level security's rendering: the session's values from the request settings (`(select f())`
 * makes PostgreSQL evaluate each once per statement), another table's readable rows by that table's
 * own policy, and the shared sets through their owner-run functions.
 */
function forPolicy(sql: string, table: string): string {
  return sql.replace(TOKEN, (_token, name: string) => {
    if (name === 'this') return table;
    if (name === 'org' || name === 'user' || name === 'role') return `(select app_${name}())`;
    if (name === 'key') return '(select app_api_key())';
    if (name.startsWith('set:')) return `select ${SETS[name.slice(4) as SetName].rlsFunction}()`;
    return name.slice('readable:'.length);
  });
}

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** One policy expression: each kind's predicate under a test of the acting kind, the kinds that share a predicate together. */
export function policyExpression(table: string, byKind: ByKind | undefined, withoutOrganisation: Predicate | undefined): string {
  const kindsBySql = new Map<string, OrganisationKind[]>();
  for (const kind of KINDS) {
    const sql = byKind?.[kind].sql ?? 'false';
    if (sql !== 'false') kindsBySql.set(sql, [...(kindsBySql.get(sql) ?? []), kind]);
  }
  const branches = [...kindsBySql].map(([sql, kinds]) => {
    const kindTest = kinds.length === 1 ? `(select app_kind()) = '${kinds[0]}'` : `(select app_kind()) in (${kinds.map((kind) => `'${kind}'`).join(', ')})`;
    return sql === 'true' ? kindTest : `(${kindTest} and (${forPolicy(sql, table)}))`;
  });
  if (withoutOrganisation) branches.push(`((select app_org()) is null and (${forPolicy(withoutOrganisation.sql, table)}))`);
  return squash(branches.length ? branches.join(' or ') : 'false');
}

/** A predicate as SQL with `?` placeholders for the ORM and the service checks, every reference inlined. */
export interface BoundSql {
  sql: string;
  params: unknown[];
}

/**
 * The same predicate rendered for one asker: the session's values become parameters, the shared sets
 * and the readable rows of other tables become subqueries of their own rules, so that the condition
 * holds alone, whichever other layer runs beside it.
 */
export function bind(predicate: Predicate, alias: string, asker: Asker, depth = 0): BoundSql {
  const params: unknown[] = [];
  const render = (sql: string, rowAlias: string): string => sql.replace(TOKEN, (_token, name: string) => {
    if (name === 'this') return rowAlias;
    // Typed, so that a value compared with no column (`{user} is not null`) is still one PostgreSQL can bind.
    if (name === 'org') return param(asker.organisationId, 'uuid');
    if (name === 'user') return param(asker.userId, 'uuid');
    if (name === 'key') return param(asker.apiKeyId, 'uuid');
    if (name === 'role') return param(asker.role, 'text');
    if (name.startsWith('set:')) return render(SETS[name.slice(4) as SetName].sql, rowAlias);
    const table = name.slice('readable:'.length);
    const inner = bind(predicateFor(table, 'read', asker), `${table}_${depth + 1}`, asker, depth + 1);
    params.push(...inner.params);
    return `(select * from ${table} as ${table}_${depth + 1} where ${inner.sql})`;
  });
  const param = (value: unknown, type: string) => {
    params.push(value);
    return `?::${type}`;
  };
  return { sql: `(${squash(render(predicate.sql, alias))})`, params };
}
