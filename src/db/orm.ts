import 'reflect-metadata';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import path from 'node:path';
import type pg from 'pg';
import { COMPILED_ROOT, PROJECT_ROOT } from '../config/paths.js';
import type { Logger } from '../logging/logger.js';
import { ClientWithLazyTransactions } from './lazy-transactions.js';
import { ALL_ENTITIES } from './entities/index.js';
import { TENANT_FILTER, tenantFilter } from '../access/tenant-filter.js';
import { AuditTrail } from '../audit/audit-trail.js';

export const MIGRATIONS_TABLE = 'mikro_orm_migrations';
/** Sources of the migrations (generated here) and their compiled form (run from here). */
export const MIGRATIONS_SOURCE_DIR = path.join(PROJECT_ROOT, 'migrations');
export const MIGRATIONS_COMPILED_DIR = path.join(COMPILED_ROOT, 'migrations');

/** How long a new connection may take to be made: past it, the request is answered as in an outage (503). */
export const CONNECTION_TIMEOUT_MS = 5_000;

class ClientConnectingWithinLimit extends ClientWithLazyTransactions {
  constructor(config: pg.ClientConfig) {
    // The pool hides the password from a spread (it is not enumerable there): named, it is kept.
    super({ ...config, password: config.password, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS });
  }
}

export interface OrmOptions {
  clientUrl: string;
  logger?: Logger;
  poolSize?: number;
  /** Called with every SQL statement the ORM sends (used to count statements per request). */
  onQuery?: (sql: string) => void;
  /** Scope every query by the acting organisation (the API's ORM; not the owner's). */
  tenantScoped?: boolean;
  /** Audit every write (the API's ORM, and the owner's in tools that write data, such as imports); tenantScoped by default. */
  audited?: boolean;
  /** With the migrator (`orm.migrator`), for the owner's tools that migrate; loaded only then: it is a large module. */
  migrations?: boolean;
}

export function ormConfig({ clientUrl, logger, poolSize = 10, onQuery, tenantScoped = false, audited = tenantScoped }: OrmOptions, extensions: Options['extensions'] = []): Options {
  return defineConfig({
    clientUrl,
    entities: ALL_ENTITIES,
    filters: tenantScoped ? { [TENANT_FILTER]: tenantFilter } : {},
    subscribers: audited ? [new AuditTrail()] : [],
    // Each entity's tenant condition stands on its own: a placement the viewer may read stays readable
    // when its market is not (a PLIE's beneficiary placed on a market another PLIE facilitates).
    autoJoinRefsForFilters: false,
    filtersOnRelations: false,
    metadataProvider: ReflectMetadataProvider,
    extensions,
    pool: { min: 0, max: poolSize },
    // A database that does not answer (a host down, a server starting) fails a request within seconds,
    // answered 503, instead of holding it. The limit is on making a connection only: set on the pool,
    // it would also refuse requests waiting their turn in a burst while every connection is busy.
    driverOptions: { Client: ClientConnectingWithinLimit },
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    colors: false,
    debug: onQuery !== undefined || logger?.isLevelEnabled('debug') ? ['query'] : false,
    logger: (message: string) => {
      onQuery?.(message);
      logger?.debug({ orm: message });
    },
    // The functions row-level-security policies call are written by hand in a migration. Policies are
    // declared on the entities and created by generated migrations, but PostgreSQL rewrites their text,
    // so the comparator would recreate them at every diff: a changed policy needs a migration by hand.
    // The triggers that keep the indicator facts are hand-written too (migration indicator_facts).
    schemaGenerator: { ignoreRoutines: true, ignorePolicies: true, ignoreTriggers: true },
    migrations: {
      tableName: MIGRATIONS_TABLE,
      path: MIGRATIONS_COMPILED_DIR,
      glob: '!(*.d).js',
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
  });
}

export async function initOrm(options: OrmOptions): Promise<MikroORM> {
  const extensions = options.migrations ? [(await import('@mikro-orm/migrations')).Migrator] : [];
  return MikroORM.init(ormConfig(options, extensions));
}
