import pg from 'pg';

/** What the ORM (kysely) sends to open a transaction: `begin`, or `start transaction` with its isolation level or access mode. */
const OPENS_A_TRANSACTION = /^(begin|start transaction( [a-z ]+)?)$/i;
const ENDS_A_TRANSACTION = /^(commit|rollback)$/i;

type QueryConfig = pg.QueryConfig & { queryMode?: 'extended' };

/** The result kysely reads of a statement that was not sent: none of its fields matter but the rows. */
const unsentResult = (command: string) => ({ command, rowCount: null, oid: 0, fields: [], rows: [] }) as unknown as pg.QueryResult;

/**
 * A statement sent together with the `begin` of its transaction: Parse, Bind and Execute of the `begin`, then those
 * of the statement, then one Sync, in one write. The extended protocol runs them in order, and a `begin` run before
 * a Sync opens a transaction block that outlives it: the transaction then goes on exactly as if `begin` had been
 * sent on its own. If the statement fails, the transaction is open and failed, as it would have been; the ORM rolls
 * it back.
 */
class StatementAfterBegin extends pg.Query {
  constructor(
    private readonly begin: string,
    config: QueryConfig,
    callback: (error: Error | undefined, result: pg.QueryResult) => void,
  ) {
    super({ ...config, queryMode: 'extended' } as QueryConfig, undefined, callback);
  }

  /** @internal pg's: called under the stream's cork, so that everything written here leaves in one write. */
  prepare(connection: PgConnection): void {
    connection.parse({ text: this.begin, name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [] });
    connection.execute({ portal: '', rows: 0 });
    (pg.Query.prototype as unknown as { prepare: (connection: PgConnection) => void }).prepare.call(this, connection);
  }

  /** @internal pg's: the answers are the `begin`'s, then the statement's; the caller gets the statement's alone. */
  handleReadyForQuery(connection: PgConnection): void {
    const self = this as unknown as { _results: unknown };
    if (Array.isArray(self._results)) self._results = self._results.at(-1);
    (pg.Query.prototype as unknown as { handleReadyForQuery: (connection: PgConnection) => void }).handleReadyForQuery.call(this, connection);
  }
}

/** The statement as pg's query config, when the extended protocol can carry it with the begin: it has parameters or a name. */
function extendedStatement(first: string | QueryConfig, values: unknown[] | undefined): QueryConfig | null {
  if (typeof first === 'object' && (first === null || 'submit' in first)) return null;
  const config: QueryConfig = typeof first === 'string' ? { text: first, values } : { ...first, values: values ?? first.values };
  return config.values?.length || config.name ? config : null;
}

interface PgConnection {
  parse(query: { text: string; name: string; types: unknown[] }): void;
  bind(config: { portal: string; statement: string; values: unknown[] }): void;
  execute(config: { portal: string; rows: number }): void;
}

/**
 * A pg client that sends the `begin` of a transaction with its first statement instead of on its own: one round
 * trip fewer per transaction, each request's among them (`begin`, then the session, read at once). Only a statement
 * the extended protocol can carry (one with parameters or a name: the session's is both) takes the `begin` along;
 * before any other the `begin` is sent first, on its own, as it always was. A transaction that ends before any
 * statement sends nothing at all.
 */
export class ClientDeferringBegin extends pg.Client {
  #pendingBegin: string | null = null;

  // pg's overloads are many: kysely calls query(text or config, values) and awaits the promise.
  override query = ((...args: unknown[]) => this.#query(args)) as pg.Client['query'];

  #query(args: unknown[]): unknown {
    const [first, values] = args as [string | QueryConfig, unknown[] | undefined];
    const text = typeof first === 'string' ? first : undefined;
    if (this.#pendingBegin === null) {
      if (text !== undefined && OPENS_A_TRANSACTION.test(text) && !values?.length && args.length <= 2) {
        this.#pendingBegin = text;
        return Promise.resolve(unsentResult('BEGIN'));
      }
      return (super.query as (...args: unknown[]) => unknown)(...args);
    }
    const begin = this.#pendingBegin;
    this.#pendingBegin = null;
    if (text !== undefined && ENDS_A_TRANSACTION.test(text) && !values?.length) return Promise.resolve(unsentResult(text.toUpperCase()));
    const config = args.length <= 2 ? extendedStatement(first, values) : null;
    if (config) {
      return new Promise<pg.QueryResult>((resolve, reject) => {
        super.query(new StatementAfterBegin(begin, config, (error, result) => (error ? reject(error) : resolve(result))) as unknown as pg.QueryConfig);
      });
    }
    // Anything else (a statement without parameters, a cursor): the begin first, in its own round trip, as before.
    const sent = super.query(begin);
    if (typeof first === 'object' && first !== null && 'submit' in first) {
      // pg runs queries in the order they are asked: the cursor after the begin. Should the begin fail, the
      // connection goes, and the cursor with it, rather than read outside the transaction.
      sent.catch(() => this.connection.stream.destroy());
      return (super.query as (...args: unknown[]) => unknown)(...args);
    }
    return sent.then(() => (super.query as (...args: unknown[]) => Promise<unknown>)(...args));
  }
}
