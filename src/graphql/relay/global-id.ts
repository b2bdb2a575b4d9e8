import { badInput } from '../../context/errors.js';
import { toGlobalId } from '../../context/global-id.js';
import type { RowRef } from '../../context/rows.js';

export { toGlobalId };

/** A database key, as the global ids and cursors carry it. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseGlobalId(globalId: string): { typeName: string; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return null;
  const typeName = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  return UUID.test(id) && toGlobalId(typeName, id) === globalId ? { typeName, id } : null;
}

/** A database id a filter names (`filter.<field>`): refused unless a UUID, without quoting back what was sent. */
export function filterUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw badInput("Ce n'est pas un identifiant de ligne (un UUID)", { field: `filter.${field}` });
  return value;
}

/** The database id behind a global id that must name a node of the given type. */
export function expectGlobalId(globalId: string, typeName: string, argument = 'id'): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.typeName !== typeName) {
    throw badInput(`L'identifiant « ${globalId} » n'est pas un identifiant de ${typeName}`, { argument });
  }
  return parsed.id;
}

/** A global id an input gives, for a service to look up: what it names, null when it names no node. */
export const rowRef = (globalId: string): RowRef => ({ given: globalId, node: parseGlobalId(globalId) });

type WithRowRefs<T, K extends keyof T> = { [P in keyof T]: P extends K ? Exclude<T[P], string> | RowRef : T[P] };

/** The input with the global ids of `keys` as references for a service; absent and null ones left as they are. */
export function withRowRefs<T extends object, K extends keyof T>(input: T, ...keys: K[]): WithRowRefs<T, K> {
  const decoded = { ...input } as Record<string, unknown>;
  for (const key of keys) if (typeof input[key] === 'string') decoded[key as string] = rowRef(input[key] as string);
  return decoded as WithRowRefs<T, K>;
}
