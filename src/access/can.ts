import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, type DomainError } from '../context/errors.js';
import type { Viewer } from '../context/request-context.js';
import { everything, nothing, type Predicate } from './model/predicates.js';
import { bind, predicateFor, type Action, type BoundSql } from './model/sql.js';
import { askerOf } from './session.js';

/** The part of a request the access checks need. */
export interface AccessContext {
  em: EntityManager;
  viewer: Viewer;
}

/** Rows already written, by id; or a row about to be created, by the columns its rule reads. */
export type Target = { ids: readonly string[] } | { row: Record<string, unknown> };

/**
 * Whether the model lets the viewer `action` every target row of `table`: the service layer's check,
 * the same rule row-level security applies when the write reaches the database.
 */
export async function can(ctx: AccessContext, action: Exclude<Action, 'read'>, table: string, target: Target): Promise<boolean> {
  if ('row' in target) return (await canEach(ctx, action, table, [target.row]))[0] === true;
  const asker = askerOf(ctx.viewer);
  const predicate = predicateFor(table, action, asker);
  if (!admitsSession(ctx.viewer, predicate)) return false;
  if (target.ids.length === 0) return true;
  const rule = bind(predicate, 'target', asker);
  const [row] = await ctx.em.execute<{ allowed: number }[]>(
    `select count(*)::int as allowed from ${table} as target where target.id = any(?::uuid[]) and ${rule.sql}`, [uuidArray(target.ids), ...rule.params]);
  return row?.allowed === new Set(target.ids).size;
}

/**
 * Whether the model lets the viewer `action` each of these rows about to be written (the columns their rule reads),
 * in one statement whatever their number: a batch's check, answered in the rows' order.
 */
export async function canEach(ctx: AccessContext, action: Exclude<Action, 'read'>, table: string, rows: readonly Record<string, unknown>[]): Promise<boolean[]> {
  const asker = askerOf(ctx.viewer);
  const predicate = predicateFor(table, action, asker);
  if (!rows.length || !admitsSession(ctx.viewer, predicate)) return rows.map(() => false);
  const rule = bind(predicate, 'target', asker);
  const columns = Object.keys(rows[0]!);
  const types = columnTypes(ctx.em, table);
  const arrays = columns.map((column) => `?::${types.get(column) ?? 'text'}[]`).join(', ');
  const answers = await ctx.em.execute<{ allowed: boolean }[]>(
    `select ${rule.sql} as allowed from unnest(${arrays}) with ordinality as target(${columns.join(', ')}, nth) order by nth`,
    [...rule.params, ...columns.map((column) => arrayLiteral(rows.map((row) => row[column])))]);
  return answers.map((answer) => answer.allowed === true);
}

/** Refuses with `refusal` unless the model allows: FORBIDDEN by default, NOT_FOUND where the rows must not be known to exist. */
export async function assertCan(ctx: AccessContext, action: Exclude<Action, 'read'>, table: string, target: Target, refusal: DomainError = forbidden()): Promise<void> {
  if (!(await can(ctx, action, table, target))) throw refusal;
}

/** The rows of `table` (as `alias`) the viewer may read, as a condition for SQL written by hand (imports, exports). */
export function scope(viewer: Viewer, table: string, alias: string, action: Action = 'read'): BoundSql {
  const asker = askerOf(viewer);
  return bind(predicateFor(table, action, asker), alias, asker);
}

/** A condition with `$n` placeholders from `first` on, for SQL sent through `pg` (db/raw-sql.ts). */
export function numbered(condition: BoundSql, first: number): { sql: string; params: unknown[] } {
  let next = first;
  return { sql: condition.sql.replace(/\?/g, () => `$${next++}`), params: condition.params };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids as a PostgreSQL array literal; an id that is no uuid names no row, and is left out. */
/** A PostgreSQL array literal of any values, each quoted (null as NULL): cast to the column's array type in SQL. */
function arrayLiteral(values: readonly unknown[]): string {
  const text = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));
  const element = (value: unknown) => (value === null || value === undefined ? 'NULL' : `"${text(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  return `{${values.map(element).join(',')}}`;
}

function uuidArray(ids: readonly string[]): string {
  return `{${ids.filter((id) => UUID.test(id)).join(',')}}`;
}

function columnTypes(em: EntityManager, table: string): Map<string, string> {
  const meta = [...em.getMetadata()].find((candidate) => candidate.tableName === table);
  if (!meta) throw new Error(`no entity for table ${table}`);
  return new Map(meta.props.flatMap((prop) => (prop.fieldNames ?? []).map((field: string, index: number) => [field, prop.columnTypes?.[index] ?? 'text'] as const)));
}

/** Whether a rule admits the viewer's session at all (its kind, its role, a person or a key), before any row. */
function admitsSession({ acting, user }: Viewer, predicate: Predicate): boolean {
  return acting !== null && predicate.admits({ kind: acting.kind, role: acting.role, person: user !== null });
}

/** How much of `table` the viewer reads: every row, some, or none, known before any row is read. */
export function reads(viewer: Viewer, table: string): 'all' | 'some' | 'none' {
  const predicate = predicateFor(table, 'read', askerOf(viewer));
  if (predicate === everything) return 'all';
  // A session without an organisation reads by the model's rules for it, which admit no role.
  return predicate === nothing || (viewer.acting && !admitsSession(viewer, predicate)) ? 'none' : 'some';
}

/**
 * Whether the viewer reads the detail of the rows of `table` it reads (a person's detailed typology: the model's
 * `detailColumns`), by the kind it acts for (`readDetail`); the fields of those columns answer null otherwise.
 */
export function readsDetail(viewer: Viewer, table: string): boolean {
  return predicateFor(table, 'readDetail', askerOf(viewer)) === everything;
}

/** The ids among `ids` of rows of `table` the viewer may read. */
export async function readableIds(ctx: AccessContext, table: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rule = scope(ctx.viewer, table, 'target');
  const rows = await ctx.em.execute<{ id: string }[]>(
    `select target.id from ${table} as target where target.id = any(?::uuid[]) and ${rule.sql}`, [uuidArray(ids), ...rule.params]);
  return new Set(rows.map((row) => row.id));
}
