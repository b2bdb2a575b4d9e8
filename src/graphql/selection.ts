import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The fields of the selection sets by name (not alias), through inline fragments and fragment spreads. */
function fieldsOf(sets: readonly (SelectionSetNode | undefined)[], info: GraphQLResolveInfo): FieldNode[] {
  return sets.flatMap((set) => (set?.selections ?? []).flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf([selection.selectionSet], info);
    return fieldsOf([info.fragments[selection.name.value]?.selectionSet], info);
  }));
}

/**
 * The names of the fields the query asks for at the end of any of `paths` from the field being resolved
 * (`[['edges', 'node'], ['nodes']]`). Type conditions and @skip/@include are not read: at worst a field
 * is counted as asked when it is not.
 */
export function fieldsAsked(info: GraphQLResolveInfo, ...paths: string[][]): Set<string> {
  const asked = new Set<string>();
  for (const path of paths) {
    let fields = fieldsOf(info.fieldNodes.map((node) => node.selectionSet), info);
    for (const name of path) fields = fieldsOf(fields.filter((field) => field.name.value === name).map((field) => field.selectionSet), info);
    for (const field of fields) asked.add(field.name.value);
  }
  return asked;
}

/** Every field the query asks for below the field being resolved, at any depth, by their nodes. */
export function allFieldsAsked(info: GraphQLResolveInfo): FieldNode[] {
  const found: FieldNode[] = [];
  for (let level = fieldsOf(info.fieldNodes.map((node) => node.selectionSet), info); level.length > 0; level = fieldsOf(level.map((field) => field.selectionSet), info)) {
    found.push(...level);
  }
  return found;
}

/** The fields asked of a connection, of its nodes, and of a field of its nodes. */
export interface ConnectionFieldsAsked {
  connection: Set<string>;
  node: Set<string>;
  /** The fields asked of the nodes' `field` (a relation, a list). */
  belowNode(field: string): Set<string>;
}

/** The fields asked of a connection, and of its nodes (through `edges { node }` or `nodes`). */
export function connectionFieldsAsked(info: GraphQLResolveInfo): ConnectionFieldsAsked {
  return {
    connection: fieldsAsked(info, []),
    node: fieldsAsked(info, ['edges', 'node'], ['nodes']),
    belowNode: (field) => fieldsAsked(info, ['edges', 'node', field], ['nodes', field]),
  };
}
