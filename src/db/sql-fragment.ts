/**
 * A piece of SQL and the values of its `?` placeholders, in order (the shape the access model binds its predicates to).
 * Only this module's functions make one (the `sql` template, `verbatim`, `joined`, `bound`): the template inlines a
 * value as SQL by its class, never by its shape, so that an object from a client's input is bound like any value.
 */
class Fragment {
  /** Makes the type nominal: a plain `{ sql, params }` is no SqlFragment to the compiler either. */
  private declare readonly nominal: never;

  constructor(
    readonly sql: string,
    readonly params: unknown[],
  ) {}
}
export type SqlFragment = Fragment;

/** SQL text with values: each interpolated fragment is inlined with its values, any other value becomes a `?` placeholder. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  const params: unknown[] = [];
  let text = strings[0]!;
  values.forEach((value, i) => {
    if (value instanceof Fragment) {
      text += value.sql;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1]!;
  });
  return new Fragment(text, params);
}

/** Fragments joined by `separator`, or `empty` when there are none. */
export function joined(fragments: SqlFragment[], separator: string, empty = ''): SqlFragment {
  if (!fragments.length) return new Fragment(empty, []);
  return new Fragment(fragments.map((fragment) => fragment.sql).join(separator), fragments.flatMap((fragment) => fragment.params));
}

/** Text SQL in no fragment's values: a name or keyword chosen by the code, never by the client. */
export const verbatim = (text: string): SqlFragment => new Fragment(text, []);

/** SQL the code wrote with its values bound (the access model's read conditions) as a fragment the template inlines. */
export const bound = ({ sql: text, params }: { sql: string; params: unknown[] }): SqlFragment => new Fragment(text, params);

/** The statement for PostgreSQL: `?` numbered $1, $2… (no `?` is written in the text of the fragments for anything else). */
export function numbered({ sql: text, params }: { sql: string; params: unknown[] }): { text: string; params: unknown[] } {
  let n = 0;
  const numberedText = text.replace(/\?/g, () => `$${(n += 1)}`);
  if (n !== params.length) throw new Error(`${n} placeholders for ${params.length} values`);
  return { text: numberedText, params };
}
