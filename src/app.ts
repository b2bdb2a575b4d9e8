import type { ApolloServer } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { protectSchema } from './access/permissions.js';
import { loadOrCreateDevSigningKey } from './auth/dev-signing-key.js';
import { KeptSessions } from './auth/kept-sessions.js';
import { SignIns } from './auth/sign-in.js';
import { createTokenVerifier, signDevToken, type TokenVerifier } from './auth/tokens.js';
import { portTaken, type Config } from './config/config.js';
import { initOrm, MIGRATIONS_TABLE } from './db/orm.js';
import { provisionDatabase } from './db/provision.js';
import { seedDemoData } from './db/seed.js';
import { buildApiSchema } from './graphql/schema.js';
import { createApolloServer } from './graphql/server.js';
import type { RequestContext, SessionRows } from './context/request-context.js';
import type { Readiness } from './http/common.js';
import { createRequestListener } from './http/server.js';
import type { ConsoleSignIn } from './http/sign-in.js';
import { RequestsInFlight } from './http/shutdown.js';
import { DatabaseAvailability } from './db/availability.js';
import { ImportJobs } from './imports/jobs.js';
import type { Logger } from './logging/logger.js';
import { Metrics } from './observability/metrics.js';

export interface Api {
  url: string;
  orm: MikroORM;
  close(): Promise<void>;
}

export async function createTokenVerifierFor(config: Config): Promise<TokenVerifier> {
  if (config.auth.mode === 'oidc') return createTokenVerifier(config.auth);
  return createTokenVerifier({ mode: 'dev', key: await loadOrCreateDevSigningKey(config.dataDir) });
}

async function consoleSignInFor(config: Config): Promise<ConsoleSignIn> {
  if (config.auth.mode === 'oidc') return { mode: 'oidc', issuer: config.auth.issuer, clientId: config.auth.clientId };
  const key = await loadOrCreateDevSigningKey(config.dataDir);
  return { mode: 'dev', sign: (email) => signDevToken(key, { sub: email, email }) };
}

function listen(server: http.Server, port: number, host: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portTaken(port, 'PORT') : error));
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve(`http://localhost:${bound}/graphql`);
    });
  });
}

/** The GraphQL schema with its permission rules and Apollo started over it: it needs no database. */
export async function startGraphQL(config: Config, options: { shield?: boolean } = {}): Promise<ApolloServer<RequestContext>> {
  const schema = await buildApiSchema();
  const apollo = createApolloServer(options.shield === false ? schema : protectSchema(schema), {
    production: config.environment === 'production',
    development: config.environment === 'development',
    // The tests run every operation compiled, as the platform runs those it is asked again and again.
    compileAfter: config.environment === 'test' ? 0 : 1,
  });
  await apollo.start();
  return apollo;
}

/** The API over an already migrated database, connected as the application role. */
export async function createApi(options: {
  config: Config;
  logger: Logger;
  appUrl: string;
  migrationCount: number;
  onQuery?: (sql: string) => void;
  /** Off only in the test that proves row-level security holds on its own. */
  tenantScoped?: boolean;
  /** Off only to measure what the permission layer costs. */
  shield?: boolean;
  /** Started beforehand (startGraphQL), so that it is built while the database gets ready. */
  apollo?: Promise<ApolloServer<RequestContext>>;
}): Promise<Api> {
  const { config, logger } = options;
  const apollo = await (options.apollo ?? startGraphQL(config, { shield: options.shield }));
  let orm: MikroORM | undefined;
  try {
    orm = await initOrm({ clientUrl: options.appUrl, logger, poolSize: 20, onQuery: options.onQuery, tenantScoped: options.tenantScoped ?? true });
    return await serve(config, logger, apollo, orm, options.appUrl, options.migrationCount);
  } catch (error) {
    await apollo.stop();
    await orm?.close();
    throw error;
  }
}

async function serve(config: Config, logger: Logger, apollo: ApolloServer<RequestContext>, orm: MikroORM, appUrl: string, migrationCount: number): Promise<Api> {
  const readiness = async (): Promise<Readiness> => {
    const [row] = await orm.em.getConnection().execute<{ applied: string }[]>(`select count(*) as applied from ${MIGRATIONS_TABLE}`);
    const applied = Number(row?.applied);
    return applied >= migrationCount ? { ready: true } : { ready: false, reason: `La base de données n’est pas à jour : ${applied} migrations appliquées sur ${migrationCount}` };
  };
  const metrics = new Metrics();
  const pool = await orm.em.getConnection().getNativeClient();
  metrics.observePool(pool);
  const verifyToken = await createTokenVerifierFor(config);
  const signIn = await consoleSignInFor(config);
  const imports = new ImportJobs(orm, metrics, logger);
  await imports.start();
  const sessions = new KeptSessions<SessionRows>(appUrl, logger);
  await sessions.start();
  const requests = new RequestsInFlight();
  const server = http.createServer(createRequestListener({
    apollo, orm, pool, imports, verifyToken, accounts: new SignIns(orm), sessions, readiness, availability: new DatabaseAvailability(logger), requests,
    logger, metrics, metricsToken: config.metricsToken, corsOrigins: config.corsOrigins, signIn,
  }));
  // A port taken: the worker pool and the sessions' listener stopped, or they would keep the process alive.
  const url = await listen(server, config.port, config.host).catch(async (error: unknown) => {
    await imports.stop();
    await sessions.stop();
    throw error;
  });
  return {
    url,
    orm,
    async close() {
      await requests.drain(server, config.drainTimeoutMs);
      await imports.stop();
      await sessions.stop();
      await apollo.stop();
      await orm.close();
    },
  };
}

/** Everything `npm start` does: database (embedded unless DATABASE_URL), migrations, demo data, API. */
export async function startPlatform(config: Config, logger: Logger): Promise<Api> {
  const provisioning = provisionDatabase(config, logger, (ownerUrl) => seedDemoData(ownerUrl, logger));
  const apollo = startGraphQL(config);
  const [database] = await Promise.allSettled([provisioning, apollo]);
  if (database.status === 'rejected') {
    await apollo.then((server) => server.stop(), () => undefined);
    throw database.reason;
  }
  try {
    const api = await createApi({ config, logger, appUrl: database.value.appUrl, migrationCount: database.value.migrationCount, apollo });
    return {
      ...api,
      async close() {
        database.value.stopRestarting();
        try {
          await api.close();
        } finally {
          await database.value.stop();
        }
      },
    };
  } catch (error) {
    await database.value.stop();
    throw error;
  }
}
