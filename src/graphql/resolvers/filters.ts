import { expectGlobalId } from '../relay/global-id.js';

/** `{ relation: id }` when the filter names a node of `typeName`, nothing when it is absent or null. */
export function optionalRelation(relation: string, globalId: string | null | undefined, typeName: string, argument: string) {
  return globalId == null ? {} : { [relation]: expectGlobalId(globalId, typeName, argument) };
}

/** The ILIKE patterns of the words of a search (eight at most), LIKE's wildcards escaped. */
export function searchPatterns(search: string | undefined): string[] {
  const words = (search ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
  return words.map((word) => `%${word.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
}

/** Every word must appear, case-insensitively, in one of the columns. */
export function searchCondition(search: string | undefined, properties: string[]) {
  const patterns = searchPatterns(search);
  if (!patterns.length) return {};
  return {
    $and: patterns.map((pattern) => ({ $or: properties.map((property) => ({ [property]: { $ilike: pattern } })) })),
  };
}
