import { badInput } from '../../context/errors.js';
import { expectGlobalId } from '../relay/global-id.js';

/** `{ relation: id }` when the filter names a node of `typeName`, nothing when it is absent or null. */
export function optionalRelation(relation: string, globalId: string | null | undefined, typeName: string, argument: string) {
  return globalId == null ? {} : { [relation]: expectGlobalId(globalId, typeName, argument) };
}

/**
 * The ILIKE patterns of the words of a search (eight at most), LIKE's wildcards escaped. PostgreSQL's text
 * holds no NUL character: a search with one is refused here, for every connection's filter.
 */
export function searchPatterns(search: string | undefined): string[] {
  if (search?.includes('\0')) throw badInput('La recherche contient un caractère nul (U+0000) : retirez-le', { argument: 'filter.search' });
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
