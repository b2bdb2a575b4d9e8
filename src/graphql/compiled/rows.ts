/** A row's related row as the resolvers read it: its id. */
export interface Ref {
  id: string;
}

const PRECOMPILED = Symbol('precompiled');

/** A compiled node: the row's plain object, carrying what the statement computed for its field resolvers. */
export function withPrecompiled<T extends object>(plain: Record<string, unknown>, precompiled: Partial<T>): Record<string, unknown> {
  return Object.assign(plain, { [PRECOMPILED]: precompiled });
}

/** What the compiled read computed for `field` of this node, or `otherwise()` for a node it did not read (an entity, or a field it left). */
export function precompiledOr<T extends object>(node: object, field: keyof T, otherwise: () => unknown): unknown {
  const precompiled = (node as { [PRECOMPILED]?: Partial<T> })[PRECOMPILED];
  return precompiled && field in precompiled ? precompiled[field] : otherwise();
}
