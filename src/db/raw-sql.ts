import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery, type Transaction } from 'kysely';

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
  const transaction = em.getTransactionContext<Transaction<unknown>>();
  if (!transaction) throw new Error('transactionSql needs an open transaction');
  const logger = em.config.getLogger();
  return async <T>(text: string, params: unknown[] = []) => {
    const started = performance.now();
    const { rows } = await transaction.executeQuery<T>(CompiledQuery.raw(text, params));
    logger.logQuery({ query: text, took: Math.round(performance.now() - started), results: rows.length, level: 'info' });
    return rows;
  };
}
