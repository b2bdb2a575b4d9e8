import pg from 'pg';

/** What of pg's Query this one reaches into: its result, which parses a row, and where a failure waits for the end of the statement. */
interface QueryInternals {
  _result: { parseRow(fields: unknown[]): unknown };
  _canceledDueToError: unknown;
}

/**
 * A statement whose rows are handed to `fold` one at a time as they arrive, and kept nowhere: for tens of
 * thousands of rows that are summed anyway. Kept until the last one arrives, they would survive the young
 * generation's collections, each copying them again (docs/benchmarks.md). The statement is awaited as a
 * result without rows; a failure of `fold` fails it, the rows left being ignored.
 */
export class FoldingQuery<R> extends pg.Query implements PromiseLike<pg.QueryResult> {
  /** Rows folded so far. */
  folded = 0;
  readonly #fold: (row: R) => void;
  readonly #done: Promise<pg.QueryResult>;

  constructor(text: string, values: readonly unknown[], fold: (row: R) => void) {
    let settle: (error: Error | undefined, result: pg.QueryResult) => void = () => undefined;
    const done = new Promise<pg.QueryResult>((resolve, reject) => {
      settle = (error, result) => (error ? reject(error) : resolve(result));
    });
    super({ text, values: [...values] }, undefined, settle as ConstructorParameters<typeof pg.Query>[2]);
    this.#fold = fold;
    this.#done = done;
  }

  /** @internal pg's: called for each row, which pg would otherwise keep in the result. */
  handleDataRow(message: { fields: unknown[] }): void {
    const query = this as unknown as QueryInternals;
    if (query._canceledDueToError) return;
    try {
      this.#fold(query._result.parseRow(message.fields) as R);
      this.folded += 1;
    } catch (error) {
      query._canceledDueToError = error;
    }
  }

  then<T = pg.QueryResult, E = never>(onFulfilled?: ((result: pg.QueryResult) => T | PromiseLike<T>) | null, onRejected?: ((reason: unknown) => E | PromiseLike<E>) | null): Promise<T | E> {
    return this.#done.then(onFulfilled, onRejected);
  }
}
