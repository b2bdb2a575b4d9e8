import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';

/**
 * How many distinct texts get a name, for the life of the process. PostgreSQL keeps a prepared statement,
 * and its plan, until its connection closes, and node-postgres offers no way to forget one: beyond this
 * many, a text goes unnamed (parsed and planned at each use, as before: right, only slower). The compiled
 * pages make a text per shape of request (the fields asked, down to each row's columns: rowJson; filters, number
 * of search words, order, the read rule's form for the viewer's kind and role): a front-end's few dozen in
 * practice, though a client that varies its shapes could take every name first.
 */
export const PREPARED_TEXTS_LIMIT = 200;

/** The name of each text named, by its text: a page's text is several kilobytes, hashed once. */
const names = new Map<string, string>();

/**
 * A query kysely sends as a named prepared statement: PostgreSQL parses it once per connection and reuses
 * its plan. kysely has no option for it, but its PostgreSQL connection hands the compiled query's `sql`
 * to `pg`'s `client.query(sql, parameters)` untouched, and `pg` takes a query config ({ name, text }) there
 * as well as a text: this is the one place that relies on it (test/db/prepared-statement.test.ts checks it
 * still holds). The name is derived from the text, so two texts never share one (`pg` would refuse it).
 */
export function preparedQuery(text: string, params: readonly unknown[]): CompiledQuery {
  const query = CompiledQuery.raw(text, [...params]);
  const name = preparedName(text);
  return name ? { ...query, sql: { name, text } as unknown as string } : query;
}

/** The name a text is prepared under, the same for the life of the process; null once PREPARED_TEXTS_LIMIT are named. */
export function preparedName(text: string): string | null {
  const known = names.get(text);
  if (known !== undefined || names.size >= PREPARED_TEXTS_LIMIT) return known ?? null;
  const name = `app_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
  names.set(text, name);
  return name;
}
