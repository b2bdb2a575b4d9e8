import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery, type Transaction } from 'kysely';

export type Sql = <T>(text: string, params?: unknown[]) => Promise<T[]>;

/**
 * Parameterised SQL ($1, $2…) in the entity manager's open transaction. MikroORM's execute() inlines
 * the values into the text: fine for a few of them, wasteful for a batch of thousands of rows sent as
 * one JSON document. Row-level security applies as to everything else in the transaction; the ORM's
 * tenant filter does not, so such SQL states its scope itself.
 */
export function transactionSql(em: EntityManager): Sql {
  const transaction = em.getTransactionContext<Transaction<unknown>>();
  if (!transaction) throw new Error('transactionSql needs an open transaction');
  return async <T>(text: string, params: unknown[] = []) => (await transaction.executeQuery<T>(CompiledQuery.raw(text, params))).rows;
}
