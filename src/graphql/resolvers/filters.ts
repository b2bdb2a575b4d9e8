import { expectGlobalId } from '../relay/global-id.js';

/** `{ relation: id }` when the filter names a node of `typeName`, nothing when it is absent or null. */
export function optionalRelation(relation: string, globalId: string | null | undefined, typeName: string, argument: string) {
  return globalId == null ? {} : { [relation]: expectGlobalId(globalId, typeName, argument) };
}

/** Every word must appear, case-insensitively, in one of the columns. */
export function searchCondition(search: string | undefined, properties: string[]) {
  const words = (search ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
  if (!words.length) return {};
  const escape = (word: string) => word.replace(/[%_\\]/g, (c) => `\\${c}`);
  return {
    $and: words.map((word) => ({ $or: properties.map((property) => ({ [property]: { $ilike: `%${escape(word)}%` } })) })),
  };
}
