/**
 * The peer of the benchmark: PostGraphile 5 serving the same database, as the application role, for the
 * three questions the benchmark asks the API (a devDependency used by the benchmark only).
 *
 * Row-level security applies as to the API: every request runs in a transaction where PostGraphile sets
 * the settings the API sets per request (src/access/session.ts: app.user_id, app.org_id, app.org_kind,
 * app.role, app.api_key_id), given for one fixed viewer in PEER_SETTINGS (a JSON object). No token is
 * read: the peer, like the baseline, does not authenticate.
 *
 * Exposed: the tables the three queries read, read-only. No SQL function is exposed (the procedures
 * plugin is off: this also avoids the clash of the app_user() function with the app_user table in
 * PostGraphile's names), and no mutation. What the API computes is added as SQL the page's one
 * statement inlines: plannedHours (the formula of src/domain/planned-hours.ts, as the baseline writes
 * it) and realisedHours (a correlated sub-select, not a function called per row); the charter search
 * is a condition with the API's semantics (every word of the search in the name, ILIKE).
 *
 * Run as a process of its own: PEER_DATABASE_URL=postgres://… PEER_SETTINGS='{…}' PEER_POOL_SIZE=20 PORT=… node dist/bench/postgraphile-server.js
 *   GET  /graphql?query={__typename}   health
 *   POST /graphql                      GraphQL
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postgraphile } from 'postgraphile';
import { TYPES, type PgCondition, type PgSelectSingleStep } from 'postgraphile/@dataplan/pg';
import { makePgService } from 'postgraphile/adaptors/pg';
import { access, type Step } from 'postgraphile/grafast';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { sql } from 'postgraphile/pg-sql2';
import { addPgTableCondition, extendSchema, gql } from 'postgraphile/utils';
import { runWhenMain } from './child-server.js';
import { searchPatterns } from './raw-sql-server.js';

/** The tables the three queries read; every other one is left out of the schema. */
const EXPOSED_TABLES: string[] = ['market', 'organisation', 'operation', 'charter', 'charter_signatory', 'charter_qpv', 'qpv', 'charter_target', 'app_user', 'membership'];

const exposed = (resource: { extensions?: { pg?: { name?: string } } }) => EXPOSED_TABLES.includes(resource.extensions?.pg?.name ?? '');

/** Hides every table the queries do not read (with its lookups and the relations to it); the others are read-only. */
const ExposurePlugin: GraphileConfig.Plugin = {
  name: 'BenchExposurePlugin',
  version: '0.0.0',
  schema: {
    entityBehavior: {
      pgResource: {
        override: {
          provides: ['benchExposure'],
          callback: (behavior, resource) => (exposed(resource) ? [behavior, '-insert', '-update', '-delete'] : [behavior, '-*']),
        },
      },
      pgResourceUnique: {
        override: {
          provides: ['benchExposure'],
          callback: (behavior, [resource]) => (exposed(resource) ? behavior : [behavior, '-*']),
        },
      },
      pgCodecRelation: {
        override: {
          provides: ['benchExposure'],
          callback: (behavior, relation) => (exposed(relation.localCodec) && exposed(relation.remoteResource) ? behavior : [behavior, '-*']),
        },
      },
    },
  },
};

/** plannedHours and realisedHours of a market, as the API answers them, computed in the page's statement. */
const MarketHoursPlugin = extendSchema(() => ({
  typeDefs: gql`
    type PlannedHours {
      hours: Float
      basis: String!
    }
    extend type Market {
      plannedHours: PlannedHours!
      realisedHours: Float!
    }
  `,
  objects: {
    Market: {
      plans: {
        plannedHours($market: PgSelectSingleStep) {
          const m = $market.getClassStep().alias;
          return $market.select(
            sql`case
              when ${m}.stated_hours is not null then json_build_object('hours', ${m}.stated_hours::float8, 'basis', 'STATED')
              when ${m}.amount_ht is null or ${m}.labour_rate is null or ${m}.insertion_rate is null or ${m}.hourly_cost is null
                then json_build_object('hours', null::float8, 'basis', 'UNKNOWN')
              else json_build_object('hours', round(${m}.amount_ht * ${m}.labour_rate * ${m}.insertion_rate / ${m}.hourly_cost)::float8, 'basis', 'COMPUTED')
            end`,
            TYPES.json,
          );
        },
        realisedHours($market: PgSelectSingleStep) {
          const m = $market.getClassStep().alias;
          return $market.select(
            sql`coalesce((select sum(h.hours) from placement p join monthly_hours h on h.placement_id = p.id where p.market_id = ${m}.id), 0)::float8`,
            TYPES.float,
          );
        },
      },
    },
    PlannedHours: {
      plans: {
        hours: ($planned: Step) => access($planned, 'hours'),
        basis: ($planned: Step) => access($planned, 'basis'),
      },
    },
  },
}));

/** charters(condition: {search: "…"}): the API's search, every word somewhere in the name. */
const CharterSearchPlugin = addPgTableCondition({ schemaName: 'public', tableName: 'charter' }, 'search', (build) => ({
  type: build.graphql.GraphQLString,
  apply(condition: PgCondition, search: unknown) {
    if (typeof search !== 'string') return;
    const patterns = searchPatterns(search).map((pattern) => sql`${condition.alias}.name ilike ${sql.value(pattern)}`);
    condition.where(sql.parens(sql.join(patterns, ' and ')));
  },
}));

/** memberships(condition: {active: true}): the viewer's active memberships (the column has no index of its own, so no condition by default). */
const ActiveMembershipPlugin = addPgTableCondition({ schemaName: 'public', tableName: 'membership' }, 'active', (build) => ({
  type: build.graphql.GraphQLBoolean,
  apply(condition: PgCondition, active: unknown) {
    if (typeof active === 'boolean') condition.where(sql`${condition.alias}.active = ${sql.value(active)}`);
  },
}));

export async function startPeerServer(options: {
  databaseUrl: string;
  settings: Record<string, string>;
  poolSize: number;
  port: number;
  host?: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    plugins: [ExposurePlugin, MarketHoursPlugin, CharterSearchPlugin, ActiveMembershipPlugin],
    disablePlugins: ['PgProceduresPlugin'],
    pgServices: [makePgService({ connectionString: options.databaseUrl, schemas: ['public'], poolConfig: { max: options.poolSize } })],
    grafast: { context: () => ({ pgSettings: options.settings }) },
    // GET too, for the benchmark's health check (`{__typename}`); the load POSTs.
    grafserv: { graphqlPath: '/graphql', graphqlOverGET: true, graphiql: false, watch: false },
  };
  const instance = postgraphile(preset);
  await instance.getSchema();
  const serv = instance.createServ(grafserv);
  const server = http.createServer();
  await serv.addTo(server, false);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await instance.release();
    },
  };
}

runWhenMain(import.meta.url, 'PostGraphile', async () => {
  const databaseUrl = process.env.PEER_DATABASE_URL;
  if (!databaseUrl) throw new Error('PEER_DATABASE_URL is not set');
  const settings = JSON.parse(process.env.PEER_SETTINGS || '{}') as Record<string, string>;
  const poolSize = Number(process.env.PEER_POOL_SIZE);
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error('PEER_POOL_SIZE must be a positive integer');
  return startPeerServer({ databaseUrl, settings, poolSize, port: Number(process.env.PORT ?? 0), host: process.env.HOST || '127.0.0.1' });
});
