import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { CONNECTION_TIMEOUT_MS } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';

/** The channel PostgreSQL notifies on when an account, a membership or an organisation changes (migration session_changes). */
export const SESSION_CHANGES = 'app_session_changes';

/** Sessions kept, one per person, the least recently used forgotten first: more than the people signed in at once. */
const KEPT_SESSIONS = 10_000;

/**
 * A kept session is read again after this long in any case: the bound of a change PostgreSQL does not notify (its
 * triggers disabled, as a restore may do) or of a notification lost before the heartbeat finds its connection deaf.
 */
const KEPT_FOR_MS = 60_000;

const LISTEN_AGAIN_AFTER_MS = 1_000;

/**
 * How often the listening connection notifies itself, and how long it may go without hearing itself: past that, it
 * is taken for deaf (a connection half-open, or a pooler in front of PostgreSQL that does not pass notifications on).
 */
const HEARTBEAT_MS = 5_000;
const DEAF_AFTER_MS = 3 * HEARTBEAT_MS;

/**
 * The sessions people opened (app_open_session's answers: their account, their active memberships, the acting
 * organisation), kept for their next requests, so that a request whose session is known reads nothing to open it.
 *
 * A kept session is forgotten as soon as anything it holds may have changed:
 * - every process listens to SESSION_CHANGES, which PostgreSQL notifies at the commit of any change to an account,
 *   a membership or an organisation, whoever made it (the triggers of migration session_changes), and forgets every
 *   session it kept at each notification;
 * - the process that commits a mutation forgets them at once (forgetAll), not waiting for its own notification;
 * - while the process is not listening (not yet connected, its connection lost, or deaf: it no longer hears the
 *   notification it sends itself every HEARTBEAT_MS), it keeps nothing and reads every session, and it forgets
 *   everything when it listens again;
 * - a session read before a change but answered after its notification is not kept (the generation it was read at).
 * Between a change's commit and its notification's arrival in another process (a few milliseconds), that process
 * may still answer from the session as it was, as a request that began just before the commit would.
 */
export class KeptSessions<T extends object> {
  readonly #sessions = new LRUCache<string, T>({ max: KEPT_SESSIONS, ttl: KEPT_FOR_MS, ttlResolution: 0 });
  #generation = 0;
  #listener: pg.Client | null = null;
  #stopped = false;
  /** Not listening, and said so. */
  #deaf = false;
  /** What this process's heartbeat notifications carry, and when it last heard one. */
  readonly #heartbeat = `heartbeat ${randomUUID()}`;
  #heardAt = 0;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #listenAgain: NodeJS.Timeout | undefined;

  constructor(private readonly url: string, private readonly logger: Logger) {}

  /** Listens for changes; until it does, it keeps nothing. Never fails: it tries again every second. */
  async start(): Promise<void> {
    await this.#listen();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#listenAgain);
    clearInterval(this.#heartbeatTimer);
    const listener = this.#listener;
    this.#listener = null;
    this.forgetAll();
    await listener?.end().catch(() => undefined);
  }

  get(key: string): T | undefined {
    return this.#listener ? this.#sessions.get(key) : undefined;
  }

  /** Where the sessions stand before one is read: `keep` keeps it only if none was forgotten since. */
  get generation(): number {
    return this.#generation;
  }

  keep(key: string, session: T, readAtGeneration: number): void {
    if (this.#listener && readAtGeneration === this.#generation) this.#sessions.set(key, deepFreeze(session));
  }

  forgetAll(): void {
    this.#generation += 1;
    this.#sessions.clear();
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'clauses-sessions',
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: HEARTBEAT_MS,
    });
    client.on('notification', ({ payload }) => {
      // The triggers' notifications carry nothing; the heartbeats of the other processes are theirs.
      if (payload === this.#heartbeat) this.#heardAt = Date.now();
      else if (!payload) this.forgetAll();
    });
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`listen ${SESSION_CHANGES}`);
    } catch (error) {
      // Said once, not at every try while the database is away: an outage is the availability's to report (a warning).
      if (!this.#deaf) this.logger.info({ err: error }, 'sessions read at every request: cannot listen for their changes');
      this.#deaf = true;
      await client.end().catch(() => undefined);
      this.#listenLater();
      return;
    }
    if (this.#stopped) {
      await client.end();
      return;
    }
    this.forgetAll();
    this.#listener = client;
    this.#deaf = false;
    this.#heardAt = Date.now();
    this.#heartbeatTimer = setInterval(() => this.#beat(client), HEARTBEAT_MS).unref();
  }

  /** Notifies itself, unless it has not heard its previous heartbeats: then the connection is deaf, and let go. */
  #beat(client: pg.Client): void {
    if (Date.now() - this.#heardAt > DEAF_AFTER_MS) return this.#lost(client);
    client.query('select pg_notify($1, $2)', [SESSION_CHANGES, this.#heartbeat]).catch(() => this.#lost(client));
  }

  #lost(client: pg.Client): void {
    if (this.#listener !== client) return;
    clearInterval(this.#heartbeatTimer);
    this.#listener = null;
    this.forgetAll();
    this.#deaf = true;
    this.logger.info('sessions read at every request: their changes are no longer heard');
    client.end().catch(() => undefined);
    this.#listenLater();
  }

  #listenLater(): void {
    if (this.#stopped) return;
    this.#listenAgain = setTimeout(() => void this.#listen(), LISTEN_AGAIN_AFTER_MS).unref();
  }
}

/** Shared by the requests of every viewer of the session: none may change what the next one reads. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner !== null && typeof inner === 'object') deepFreeze(inner);
  return Object.freeze(value);
}
