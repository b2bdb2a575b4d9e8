import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/** What the ORM (kysely) sends to open a transaction: `begin`, or `start transaction` with its isolation level or access mode. */
const OPENS_A_TRANSACTION = /^(begin|start transaction( [a-z ]+)?)$/i;
const ENDS_A_TRANSACTION = /^(commit|rollback)$/i;
const ROLLBACK = /^rollback$/i;

/**
 * How long a reader's transaction the ORM rolled back stays open, unused, before its rollback leaves on its own.
 * Under load the connection is taken again within it and the rollback travels with the next transaction's first
 * statement; idle, this bounds how long the locks its reads took (ACCESS SHARE on their tables) outlive the answer.
 */
export const PARKED_ROLLBACK_MS = 50;

type QueryConfig = pg.QueryConfig & { queryMode?: 'extended' };

const rollbackMayWait = new AsyncLocalStorage<true>();

/**
 * Ends, with `end`, a transaction that wrote nothing (a GraphQL query's): its rollback may then wait for the next
 * transaction on its connection. Any other rollback is sent at once, so that a failed write's locks go with it.
 */
export function rollbackOfAReader<T>(end: () => Promise<T>): Promise<T> {
  return rollbackMayWait.run(true, end);
}

/**
 * A statement that may wait for the transaction's next one (the request's session settings): asked while the
 * transaction's begin is not sent yet, it leaves with the begin and the next statement, in their round trip, and
 * not at all if the transaction ends first. Asked once the transaction is open, it is sent at once. It answers no rows.
 */
export class StatementWithNextOne {
  /** `name`: prepared under it, as preparedSql's statements (its first use on a connection then goes alone). */
  constructor(readonly text: string, readonly values: string[], readonly name: string | null = null) {}
}

/**
 * A statement sent outside any transaction, under settings local to one (StatementWithNextOne: a request's session
 * settings): the settings, then the statement, in one write ended by one Sync. PostgreSQL runs what an extended-protocol
 * pipeline sends before its Sync in one implicit transaction, which the Sync ends ("Pipelining" in the protocol's
 * chapter): the settings hold for the statement and end with it, with nothing to roll back afterwards.
 */
export class StatementUnderSettings {
  constructor(readonly settings: StatementWithNextOne, readonly statement: QueryConfig) {}
}

/** A statement sent ahead of the transaction's first one: what opens it, then what waited for it (with values, a name). */
interface Opening {
  text: string;
  values?: string[];
  name?: string | null;
}

/** pg's query config of a statement sent on its own. */
const configOf = ({ text, values, name }: Opening): QueryConfig => ({ text, values, ...(name ? { name } : {}) });

/** The result kysely reads of a statement that was not sent: none of its fields matter but the rows. */
const unsentResult = (command: string) => ({ command, rowCount: null, oid: 0, fields: [], rows: [] }) as unknown as pg.QueryResult;

/**
 * A statement sent together with the statements that open its transaction (`begin`, or the previous transaction's
 * rollback and this one's begin) and those that waited for it (StatementWithNextOne): Parse, Bind, Describe and
 * Execute of each, then those of the statement, then one Sync, in one write. The extended protocol runs them in
 * order, and a `begin` run before a Sync opens a transaction block that outlives it: the transaction then goes on
 * exactly as if they had been sent on their own. If the statement fails, the transaction is open and failed, as it
 * would have been; the ORM rolls it back. A StatementUnderSettings goes the same way, after its settings alone.
 */
class StatementAfterOpening extends pg.Query {
  constructor(
    private readonly opening: Opening[],
    config: QueryConfig,
    callback: (error: Error | undefined, result: pg.QueryResult) => void,
  ) {
    super({ ...config, queryMode: 'extended' } as QueryConfig, undefined, callback);
  }

  /** @internal pg's: called under the stream's cork, so that everything written here leaves in one write. */
  prepare(connection: PgConnection): void {
    for (const { text, values = [], name } of this.opening) {
      // A named one is known to the connection (ClientWithLazyTransactions#parsedAlready): bound to its name.
      if (!name) connection.parse({ text, name: '', types: [] });
      connection.bind({ portal: '', statement: name ?? '', values });
      // The rows' description, for one that answers rows (a waiting statement): pg reads them with it, in a result of their own.
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '', rows: 0 });
    }
    (pg.Query.prototype as unknown as { prepare: (connection: PgConnection) => void }).prepare.call(this, connection);
  }

  /** @internal pg's: the answers are the opening statements', then the statement's; the caller gets the statement's alone. */
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
  bind(config: { portal: string; statement: string; values: string[] }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
}

/**
 * A pg client that spares a transaction's bounds their own round trips, each request's transaction among them:
 * - its `begin` leaves with its first statement (the request's session when it is read) instead of on its own;
 * - a reader's `rollback` (rollbackOfAReader) leaves with the next transaction's first statement, as `rollback and
 *   chain`, which ends it and opens the next in one statement; the connection meanwhile rests in the pool with its
 *   transaction open, and whatever else is sent on it first ends that transaction. Unused for PARKED_ROLLBACK_MS,
 *   the rollback leaves alone. A request that reads thus costs its session, its statements, and one statement to
 *   end it and open the next; a commit, and the rollback of a transaction that may have written, are sent at once;
 * - a statement asked to wait (StatementWithNextOne: a request's session settings, when its session is already known)
 *   leaves with the begin, after it, so that a request that reads nothing sends nothing.
 * Only a statement the extended protocol can carry (one with parameters, or a name the connection has prepared: the
 * session's is both after its first use) takes the opening statements along; before any other they are sent
 * first, on their own. A transaction that ends
 * before any statement sends nothing at all.
 */
export class ClientWithLazyTransactions extends pg.Client {
  /** The begin the ORM asked for, not sent yet. */
  #pendingBegin: string | null = null;
  /** The statements asked to wait for the transaction's next one (StatementWithNextOne), not sent yet. */
  #waiting: Opening[] = [];
  /** The begin of the transaction open on the server, once sent. */
  #openedWith: string | null = null;
  /** The begin of a transaction the ORM rolled back whose rollback is not sent yet. */
  #parked: string | null = null;
  #parkTimer: NodeJS.Timeout | undefined;

  // pg's overloads are many: kysely calls query(text or config, values) and awaits the promise.
  override query = ((...args: unknown[]) => this.#query(args)) as pg.Client['query'];

  #query(args: unknown[]): unknown {
    const [first, values] = args as [string | QueryConfig, unknown[] | undefined];
    // A statement without parameters, as kysely sends a transaction's bounds.
    const bare = typeof first === 'string' && !values?.length && args.length <= 2 ? first : undefined;
    const send = (...sent: unknown[]) => (super.query as (...args: unknown[]) => Promise<unknown>)(...sent);
    if (first instanceof StatementUnderSettings) return this.#underSettings(first);
    if (first instanceof StatementWithNextOne) {
      if (this.#pendingBegin === null) {
        // Outside a transaction, settings local to it would hold for nothing: a caller's mistake, said at once.
        if (this.#openedWith === null) return Promise.reject(new Error('A statement that waits for the next one is asked outside a transaction'));
        return send(configOf(first));
      }
      this.#waiting.push({ text: first.text, values: first.values, name: first.name });
      return Promise.resolve(unsentResult('SELECT'));
    }
    if (this.#pendingBegin === null) {
      if (bare !== undefined && OPENS_A_TRANSACTION.test(bare)) {
        this.#pendingBegin = bare;
        return Promise.resolve(unsentResult('BEGIN'));
      }
      if (bare !== undefined && ROLLBACK.test(bare) && this.#mayPark()) {
        this.#park();
        return Promise.resolve(unsentResult('ROLLBACK'));
      }
      this.#sendParkedRollback();
      if (bare !== undefined && ENDS_A_TRANSACTION.test(bare)) this.#openedWith = null;
      return send(...args);
    }
    const begin = this.#pendingBegin;
    const waiting = this.#waiting;
    this.#pendingBegin = null;
    this.#waiting = [];
    if (bare !== undefined && ENDS_A_TRANSACTION.test(bare)) return Promise.resolve(unsentResult(bare.toUpperCase()));
    const opening = [...this.#opening(begin), ...waiting];
    const config = args.length <= 2 ? extendedStatement(first, values) : null;
    if (config && this.#parsedAlready(config.name) && opening.every(({ name }) => this.#parsedAlready(name))) {
      return new Promise<pg.QueryResult>((resolve, reject) => {
        super.query(new StatementAfterOpening(opening, config, (error, result) => (error ? reject(error) : resolve(result))) as unknown as pg.QueryConfig);
      });
    }
    // Anything else (a statement without parameters or named for the first time, a cursor): the opening statements
    // first, in their own round trips.
    const opened = Promise.all(opening.map((statement) => send(configOf(statement))));
    if (typeof first === 'object' && first !== null && 'submit' in first) {
      // pg runs queries in the order they are asked: the cursor after the begin. Should the begin fail, the
      // connection goes, and the cursor with it, rather than read outside the transaction.
      opened.catch(() => this.connection.stream.destroy());
      return send(...args);
    }
    return opened.then(() => send(...args));
  }

  /** A StatementUnderSettings: a transaction parked on the connection ends first, in the same write. */
  #underSettings({ settings, statement }: StatementUnderSettings): Promise<pg.QueryResult> {
    // Inside a transaction the Sync would end nothing: the settings would outlive the statement.
    if (this.#pendingBegin !== null || this.#openedWith !== null) return Promise.reject(new Error('A statement under settings is asked inside a transaction'));
    // A first use on the connection goes alone (#parsedAlready): here, in a transaction of its own. So does a statement
    // on a connection the server last said was in a transaction this client did not open or park (its parked rollback
    // on its way, or a transaction begun by a text it does not know): its own begin and rollback then end that one too.
    const idle = this.#parked !== null || this.getTransactionStatus() === 'I';
    if (!idle || !this.#parsedAlready(settings.name) || !this.#parsedAlready(statement.name)) return this.#inTransactionOfItsOwn(settings, statement);
    const opening: Opening[] = [{ text: settings.text, values: settings.values, name: settings.name }];
    if (this.#parked !== null) opening.unshift({ text: 'rollback' });
    this.#unpark();
    return new Promise<pg.QueryResult>((resolve, reject) => {
      super.query(new StatementAfterOpening(opening, statement, (error, result) => (error ? reject(error) : resolve(result))) as unknown as pg.QueryConfig);
    });
  }

  async #inTransactionOfItsOwn(settings: StatementWithNextOne, statement: QueryConfig): Promise<pg.QueryResult> {
    await this.query('begin');
    try {
      await this.query(settings as unknown as string);
      return await this.query(statement);
    } finally {
      await this.query('rollback');
    }
  }

  /** The statements that open the transaction `begin` asks for: ending the parked one first, by chaining to it if it began alike. */
  #opening(begin: string): Opening[] {
    const parked = this.#parked;
    this.#unpark();
    this.#openedWith = begin;
    const texts = parked === null ? [begin] : parked === begin ? ['rollback and chain'] : ['rollback', begin];
    return texts.map((text) => ({ text }));
  }

  /** A reader's rollback, of a transaction the server says is open (its answer to the last round trip), may wait. */
  #mayPark(): boolean {
    const status = this.getTransactionStatus();
    return this.#openedWith !== null && rollbackMayWait.getStore() === true && (status === 'T' || status === 'E');
  }

  /**
   * Whether a named statement is known to the connection already. pg records a name as parsed at the first
   * ParseComplete of its query, which would be the opening statements' if they left together: should the
   * statement's own Parse then fail, pg would believe it prepared. Its first use therefore goes alone, and so does
   * that of a named opening statement (pg records it then), which is afterwards only bound.
   */
  #parsedAlready(name: string | null | undefined): boolean {
    const parsed = (this.connection as unknown as { parsedStatements: Record<string, string> }).parsedStatements;
    return !name || parsed[name] !== undefined;
  }

  #park(): void {
    this.#parked = this.#openedWith;
    this.#openedWith = null;
    this.#parkTimer = setTimeout(() => this.#sendParkedRollback(), PARKED_ROLLBACK_MS).unref();
  }

  #unpark(): void {
    clearTimeout(this.#parkTimer);
    this.#parked = null;
  }

  /** Ends the parked transaction, if any, before whatever is sent next (pg sends queries in the order they are asked). */
  #sendParkedRollback(): void {
    if (this.#parked === null) return;
    this.#unpark();
    // Its only failure is a connection gone, which pg reports on the client and the pool then drops.
    (super.query('rollback') as Promise<unknown>).catch(() => undefined);
  }
}
