import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { settingsStatement, settingsWithFirstStatement } from '../access/session.js';
import type { DatabaseAvailability } from '../db/availability.js';
import { rollbackOfAReader } from '../db/lazy-transactions.js';
import { preparedSql, preparedSqlUnderSettings } from '../db/raw-sql.js';
import type { Viewer } from './request-context.js';

/**
 * A request's transaction, begun when something needs it rather than when the request comes in. GraphQL begins it
 * before any resolver runs (src/graphql/jit-executor.ts); a query PostgreSQL answers whole in one statement
 * (src/graphql/compiled/answers.ts) begins none: its statement goes alone, under the viewer's settings
 * (preparedRows). The routes that read or write from the start begin it at once (viewerTransaction, src/http/common.ts);
 * POST /imports, whose check needs no statement, does not.
 *
 * Ending a transaction never begun sends nothing; one whose begin failed is not open either.
 */
export class RequestTransaction {
  #begun: Promise<void> | null;

  constructor(
    readonly em: EntityManager,
    readonly viewer: Viewer,
    private readonly pool: pg.Pool,
    /** Told when the database answered. */
    private readonly availability: Pick<DatabaseAvailability, 'answered'>,
  ) {
    // Begun already when the viewer was read in it (a person's session).
    this.#begun = em.isInTransaction() ? Promise.resolve() : null;
  }

  /** Begins the transaction, once: its begin and the viewer's settings leave with its first statement (lazy-transactions.ts). */
  begin(): Promise<void> {
    return (this.#begun ??= this.#beginAsViewer());
  }

  async #beginAsViewer(): Promise<void> {
    await this.em.begin();
    this.availability.answered();
    try {
      await settingsWithFirstStatement(this.em, this.viewer);
    } catch (error) {
      await this.em.rollback();
      throw error;
    }
  }

  /** The rows of a prepared statement that writes nothing, as the viewer: in the transaction once begun, else alone under the viewer's settings, read only. */
  async preparedRows<T>(text: string, params: unknown[]): Promise<T[]> {
    if (this.#begun) {
      await this.#begun;
      return preparedSql(this.em)<T>(text, params);
    }
    const rows = await preparedSqlUnderSettings<T>(this.em, this.pool, settingsStatement(this.viewer, { readOnly: true }), text, params);
    this.availability.answered();
    return rows;
  }

  /** Ends a transaction that wrote nothing: its rollback may wait for the connection's next transaction (rollbackOfAReader). */
  async endReading(): Promise<void> {
    if (this.em.isInTransaction()) await rollbackOfAReader(() => this.em.rollback());
  }

  async rollback(): Promise<void> {
    if (this.em.isInTransaction()) await this.em.rollback();
  }

  /**
   * Commits the transaction; one whose commit fails is rolled back, so that its connection goes back to the pool,
   * and the commit's error is thrown (a rollback that fails too says nothing more of the cause).
   */
  async commit(): Promise<void> {
    if (!this.em.isInTransaction()) return;
    try {
      await this.em.commit();
    } catch (error) {
      await this.em.rollback().catch(() => undefined);
      throw error;
    }
  }
}
