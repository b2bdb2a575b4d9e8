/** A piece of SQL and the values of its `?` placeholders, in order (the shape the access model binds its predicates to). */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

const isFragment = (value: unknown): value is SqlFragment =>
  typeof value === 'object' && value !== null && typeof (value as SqlFragment).sql === 'string' && Array.isArray((value as SqlFragment).params);

/** SQL text with values: each interpolated fragment is inlined with its values, any other value becomes a `?` placeholder. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  const params: unknown[] = [];
  let text = strings[0]!;
  values.forEach((value, i) => {
    if (isFragment(value)) {
      text += value.sql;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1]!;
  });
  return { sql: text, params };
}

/** Fragments joined by `separator`, or `empty` when there are none. */
export function joined(fragments: SqlFragment[], separator: string, empty = ''): SqlFragment {
  if (!fragments.length) return { sql: empty, params: [] };
  return { sql: fragments.map((fragment) => fragment.sql).join(separator), params: fragments.flatMap((fragment) => fragment.params) };
}

/** Text SQL in no fragment's values: a name or keyword chosen by the code, never by the client. */
export const verbatim = (text: string): SqlFragment => ({ sql: text, params: [] });

/** The statement for PostgreSQL: `?` numbered $1, $2… (no `?` is written in the text of the fragments for anything else). */
export function numbered({ sql: text, params }: SqlFragment): { text: string; params: unknown[] } {
  let n = 0;
  const numberedText = text.replace(/\?/g, () => `$${(n += 1)}`);
  if (n !== params.length) throw new Error(`${n} placeholders for ${params.length} values`);
  return { text: numberedText, params };
}
