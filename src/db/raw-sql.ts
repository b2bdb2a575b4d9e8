import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery, type Transaction } from 'kysely';
import type pg from 'pg';
import { FoldingQuery } from './folding-query.js';
import { StatementUnderSettings, StatementWithNextOne } from './lazy-transactions.js';
import { preparedName, preparedQuery } from './prepared-statement.js';

export type Sql = <T>(text: string, params?: unknown[]) => Promise<T[]>;

/**
 * Parameterised SQL ($1, $2…) in the entity manager's open transaction. MikroORM's execute() inlines
 * the values into the text, which PostgreSQL then parses anew each time: fine for a few of them,
 * wasteful for a statement sent at every request or for a batch of thousands of rows sent as one JSON
 * document. Row-level security applies as to everything else in the transaction; the ORM's tenant
 * filter does not, so such SQL states its scope itself. Each statement is logged as the ORM logs its own
 * (its text, never its values), so that whoever counts the statements of a request counts these too.
 */
export function transactionSql(em: EntityManager): Sql {
  return sqlIn(em, (text, params) => CompiledQuery.raw(text, params));
}

/**
 * As transactionSql, for a statement sent at every request: as a named prepared statement, so that
 * PostgreSQL parses it once per connection and, once it settles on a generic plan, plans it no more.
 * Row-level security still applies: its policies read the session's settings when the statement runs,
 * and PostgreSQL plans again a statement prepared under another role.
 */
export function preparedSql(em: EntityManager): Sql {
  return sqlIn(em, preparedQuery);
}

/**
 * As preparedSql, for a statement that answers no rows and may wait for the transaction's next statement
 * (StatementWithNextOne): it is sent with it, or never when the transaction ends first. Logged when asked.
 */
export async function sqlWithNextStatement(em: EntityManager, statement: StatementWithNextOne): Promise<void> {
  await executorIn(em)(statement.text, { ...CompiledQuery.raw(statement.text, statement.values), sql: statement as unknown as string });
}

/**
 * As preparedSql, for a statement that needs no transaction: sent alone on a connection of `pool` (the ORM's, whose
 * clients are ClientWithLazyTransactions), under `settings` (a request's session settings), which hold for it and end
 * with it (StatementUnderSettings). Both are logged.
 */
export async function preparedSqlUnderSettings<T>(em: EntityManager, pool: pg.Pool, settings: StatementWithNextOne, text: string, params: unknown[]): Promise<T[]> {
  const logger = em.config.getLogger();
  logger.logQuery({ query: settings.text, level: 'info' });
  const started = performance.now();
  const client = await pool.connect();
  try {
    const statement = new StatementUnderSettings(settings, { text, values: params, name: preparedName(text) ?? undefined });
    const { rows } = (await client.query(statement as unknown as string)) as pg.QueryResult;
    logger.logQuery({ query: text, took: Math.round(performance.now() - started), results: rows.length, level: 'info' });
    return rows as T[];
  } finally {
    client.release();
  }
}

/**
 * As transactionSql, each row handed to `fold` as it arrives and kept nowhere (FoldingQuery). kysely hands the
 * compiled query's `sql` to pg's `client.query` untouched (prepared-statement.ts relies on it too), pg runs a
 * query object it is given as it is, and kysely awaits what `client.query` returns: the query, a thenable.
 */
export function foldingSql(em: EntityManager): <R>(text: string, params: readonly unknown[], fold: (row: R) => void) => Promise<void> {
  const execute = executorIn(em);
  return async <R>(text: string, params: readonly unknown[], fold: (row: R) => void) => {
    const query = new FoldingQuery(text, params, fold);
    await execute(text, { ...CompiledQuery.raw(text, []), sql: query as unknown as string }, () => query.folded);
  };
}

function sqlIn(em: EntityManager, compile: (text: string, params: unknown[]) => CompiledQuery): Sql {
  const execute = executorIn(em);
  return <T>(text: string, params: unknown[] = []) => execute<T>(text, compile(text, params));
}

/** Runs compiled statements in the entity manager's open transaction, each logged with its text and how many rows it gave (`counted`, or those returned). */
function executorIn(em: EntityManager) {
  const transaction = em.getTransactionContext<Transaction<unknown>>();
  if (!transaction) throw new Error('transactionSql needs an open transaction');
  const logger = em.config.getLogger();
  return async <T>(text: string, query: CompiledQuery, counted?: () => number): Promise<T[]> => {
    const started = performance.now();
    const { rows } = await transaction.executeQuery<T>(query);
    logger.logQuery({ query: text, took: Math.round(performance.now() - started), results: counted?.() ?? rows.length, level: 'info' });
    return rows;
  };
}
