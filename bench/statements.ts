/**
 * SQL statements per request, counted by PostgreSQL itself, so that the three servers are counted the
 * same way whatever their client code: for a short counting pass outside the measures, the server logs
 * every statement (log_statement = all, each line prefixed with its role), the embedded server's output
 * reaches the benchmark through its logger, and the lines of the application role are counted while
 * one server answers a few requests in turn. Every query message counts one: a simple-protocol
 * statement (begin, set_config…), or the execution of a prepared one.
 *
 * Only for the embedded PostgreSQL (its superuser changes the settings, its output is read here).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { withCredentials } from '../src/db/connection-url.js';
import { APP_ROLE, withClient } from '../src/db/roles.js';
import { loadOrCreateDatabaseSecrets } from '../src/db/secrets.js';
import type { Logger } from '../src/logging/logger.js';
import { fetchJson, type Target } from './measure.js';

/** The embedded server's superuser (src/db/embedded-postgres.ts). */
const SUPERUSER = 'postgres';
const PREFIX = `${APP_ROLE} `;
/**
 * A statement of the application role. Two kinds run on their own clock, never for a request, and are left out: the
 * API's job queue (graphile-worker) polling for jobs with its named statements (…/graphile_worker), and the heartbeat
 * its kept sessions' listener notifies itself (pg_notify, src/auth/kept-sessions.ts).
 */
const STATEMENT = new RegExp(`^${PREFIX}LOG:\\s+(statement|execute (?![^:]*/graphile_worker:)[^:]*):(?!\\s+select pg_notify\\()`, 'gm');
/** Time for PostgreSQL's last lines to come through its output pipe. */
const FLUSH_MS = 300;

export class StatementCounter {
  private seen = 0;

  /**
   * Reads PostgreSQL's output where the embedded server sends it: to the logger it was given, at debug
   * level, which the benchmark's logger (warn) drops. Its debug method is replaced to that end; anything
   * else logged at debug goes on as before.
   */
  listenTo(logger: Logger): void {
    const debug = logger.debug.bind(logger);
    logger.debug = ((object: unknown, ...rest: unknown[]) => {
      const output = (object as { postgres?: unknown } | null)?.postgres;
      if (typeof output === 'string') this.seen += output.match(STATEMENT)?.length ?? 0;
      else (debug as (...args: unknown[]) => void)(object, ...rest);
    }) as Logger['debug'];
  }

  /** Statements of the application role while `requests` run one after the other, divided by their number. */
  async perRequest(requests: number, send: () => Promise<void>): Promise<number> {
    await sleep(FLUSH_MS);
    const before = this.seen;
    for (let i = 0; i < requests; i += 1) await send();
    await sleep(FLUSH_MS);
    return (this.seen - before) / requests;
  }
}

async function superuserUrl(ownerUrl: string, dataDir: string): Promise<string> {
  const { superuserPassword } = await loadOrCreateDatabaseSecrets(dataDir);
  return withCredentials(ownerUrl, { user: SUPERUSER, password: superuserPassword });
}

/** Turns the statement log on for the whole server (no restart: a reload), runs `count`, and turns it off whatever happens. */
export async function withStatementLog<T>(database: { ownerUrl: string; dataDir: string }, count: () => Promise<T>): Promise<T> {
  const url = await superuserUrl(database.ownerUrl, database.dataDir);
  const configure = (statements: string[]) =>
    withClient(url, async (client) => {
      for (const statement of statements) await client.query(statement);
      await client.query('select pg_reload_conf()');
    });
  await configure([`alter system set log_statement = 'all'`, `alter system set log_line_prefix = '%u '`]);
  try {
    await sleep(FLUSH_MS); // the reload reaches every backend before its next statement
    return await count();
  } finally {
    await configure(['alter system reset log_statement', 'alter system reset log_line_prefix']);
  }
}

/** Statements per request of every target of every query, `samples` requests each, each checked to succeed. */
export async function countStatements<K extends string, T extends string>(
  database: { ownerUrl: string; dataDir: string },
  counter: StatementCounter,
  targets: Record<K, Record<T, Target>>,
  samples: number,
): Promise<Record<K, Record<T, number>>> {
  return withStatementLog(database, async () => {
    const counts = {} as Record<K, Record<T, number>>;
    for (const query of Object.keys(targets) as K[]) {
      counts[query] = {} as Record<T, number>;
      for (const name of Object.keys(targets[query]) as T[]) {
        counts[query][name] = await counter.perRequest(samples, async () => {
          const answer = await fetchJson(targets[query][name]);
          if (answer.status !== 200) throw new Error(`${query} / ${name}: HTTP ${answer.status} while counting statements`);
        });
      }
    }
    return counts;
  });
}
