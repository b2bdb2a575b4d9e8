import { badInput } from '../../context/errors.js';

/** A database key, as the global ids and cursors carry it. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque, type-qualified identifier of a node: base64url("Type:uuid"). */
export function toGlobalId(typeName: string, id: string): string {
  return Buffer.from(`${typeName}:${id}`, 'utf8').toString('base64url');
}

export function parseGlobalId(globalId: string): { typeName: string; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return null;
  const typeName = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  return UUID.test(id) && toGlobalId(typeName, id) === globalId ? { typeName, id } : null;
}

/** The database id behind a global id that must name a node of the given type. */
export function expectGlobalId(globalId: string, typeName: string, argument = 'id'): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.typeName !== typeName) {
    throw badInput(`L'identifiant « ${globalId} » n'est pas un identifiant de ${typeName}`, { argument });
  }
  return parsed.id;
}
