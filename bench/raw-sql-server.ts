/**
 * The baseline of the benchmark: the three answers the benchmark asks the API for, from hand-written SQL
 * over a plain node:http server. PostgreSQL builds each JSON body (json_build_object, json_agg) in one
 * prepared statement; Node only passes the text on. No authentication, no GraphQL, no transaction per request.
 *
 * The bodies have the shape of the API's GraphQL answers (`{ "data": ... }`, global ids, cursors), so
 * that both send about the same bytes and the benchmark can check that they say the same thing.
 *
 * It connects as the application role, so row-level security applies to it as to the API: the settings
 * the policies read (app.user_id, app.org_id…) are given once per connection, for one fixed viewer, in
 * BASELINE_SETTINGS (a JSON object), where the API sets them in each request's transaction.
 *
 * Run as a process of its own: BASELINE_DATABASE_URL=postgres://… BASELINE_SETTINGS='{…}' PORT=… node dist/bench/raw-sql-server.js
 *   GET /health
 *   GET /markets?buyer=UUID&first=50     a page of markets of one buyer, by reference
 *   GET /charters?search=WORDS           charters whose name holds every word, by name
 *   GET /viewer?email=EMAIL              a user and their active memberships
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { runWhenMain } from './child-server.js';

export const BASELINE_POOL_SIZE = 20;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** SQL for the API's global id of a row: base64url("Type:uuid"). encode() wraps lines, hence the \n removed too. */
const globalId = (type: string, column: string) =>
  `translate(encode(convert_to('${type}:' || ${column}::text, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/** SQL for the API's (MikroORM's) keyset cursor of a market ordered by reference then id: base64url of the JSON array. */
const marketCursor = (alias: string) =>
  `translate(encode(convert_to('[' || to_json(${alias}.reference)::text || ',' || to_json(${alias}.id::text)::text || ']', 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/** $1 buyer id, $2 page size. One more row than the page is read, to know whether there is a next page. */
export const MARKETS_SQL = `
with page as (
  select m.*, row_number() over (order by m.reference, m.id) as n
    from market m
   where m.buyer_id = $1
   order by m.reference, m.id
   limit $2::int + 1
),
shown as (select * from page where n <= $2::int),
realised as (
  select p.market_id, sum(h.hours) as total
    from placement p join monthly_hours h on h.placement_id = p.id
   where p.market_id in (select id from shown)
   group by p.market_id
),
edges as (
  select s.n, ${marketCursor('s')} as cursor,
         json_build_object(
           'id', ${globalId('Market', 's.id')},
           'reference', s.reference,
           'object', s.object,
           'nature', s.nature,
           'clauseMechanism', s.clause_mechanism,
           'amountHt', s.amount_ht::float8,
           'labourRate', s.labour_rate::float8,
           'insertionRate', s.insertion_rate::float8,
           'hourlyCost', s.hourly_cost::float8,
           'statedHours', s.stated_hours::float8,
           'buyer', json_build_object('id', ${globalId('Organisation', 'b.id')}, 'name', b.name, 'kind', b.kind),
           'facilitator', case when f.id is null then null
                               else json_build_object('id', ${globalId('Organisation', 'f.id')}, 'name', f.name) end,
           'operation', case when o.id is null then null
                             else json_build_object('id', ${globalId('Operation', 'o.id')}, 'name', o.name, 'programme', o.programme) end,
           'plannedHours', case
             when s.stated_hours is not null then json_build_object('hours', s.stated_hours::float8, 'basis', 'STATED')
             when s.amount_ht is null or s.labour_rate is null or s.insertion_rate is null or s.hourly_cost is null
               then json_build_object('hours', null::float8, 'basis', 'UNKNOWN')
             else json_build_object('hours', round(s.amount_ht * s.labour_rate * s.insertion_rate / s.hourly_cost)::float8, 'basis', 'COMPUTED')
           end,
           'realisedHours', coalesce(r.total, 0)::float8
         ) as node
    from shown s
    join organisation b on b.id = s.buyer_id
    left join organisation f on f.id = s.facilitator_id
    left join operation o on o.id = s.operation_id
    left join realised r on r.market_id = s.id
)
select json_build_object('data', json_build_object('markets', json_build_object(
  'totalCount', (select count(*) from market where buyer_id = $1),
  'pageInfo', json_build_object(
    'hasNextPage', (select count(*) from page) > $2::int,
    'hasPreviousPage', false,
    'startCursor', (select cursor from edges order by n limit 1),
    'endCursor', (select cursor from edges order by n desc limit 1)
  ),
  'edges', coalesce((select json_agg(json_build_object('cursor', cursor, 'node', node) order by n) from edges), '[]'::json)
)))::text as body`;

/** $1 array of ILIKE patterns (every one must match the name), $2 page size. */
export const CHARTERS_SQL = `
with matching as (
  select c.* from charter c where c.name ilike all ($1::text[])
),
page as (select * from matching order by name, id limit $2::int)
select json_build_object('data', json_build_object('charters', json_build_object(
  'totalCount', (select count(*) from matching),
  'nodes', coalesce((select json_agg(json_build_object(
      'id', ${globalId('Charter', 'c.id')},
      'name', c.name,
      'startDate', c.start_date,
      'endDate', c.end_date,
      'coordinator', (select json_build_object('id', ${globalId('Organisation', 'o.id')}, 'name', o.name)
                        from organisation o where o.id = c.coordinator_id),
      'signatories', coalesce((select json_agg(json_build_object('id', ${globalId('Organisation', 'o.id')}, 'name', o.name, 'kind', o.kind) order by s.id)
                                 from charter_signatory s join organisation o on o.id = s.organisation_id
                                where s.charter_id = c.id), '[]'::json),
      'qpvs', coalesce((select json_agg(json_build_object('id', ${globalId('Qpv', 'q.id')}, 'name', q.name, 'commune', q.commune) order by q.name)
                          from charter_qpv cq join qpv q on q.id = cq.qpv_id
                         where cq.charter_id = c.id), '[]'::json),
      'targets', coalesce((select json_agg(json_build_object('kind', t.kind, 'value', t.value::float8, 'ageThreshold', t.age_threshold) order by t.kind)
                             from charter_target t where t.charter_id = c.id), '[]'::json)
    ) order by c.name, c.id) from page c), '[]'::json)
)))::text as body`;

/** $1 e-mail. No row when there is no such user. */
export const VIEWER_SQL = `
with u as (select * from app_user where email = lower($1)),
ms as (
  select m.id, m.role, m.active, o.id as organisation_id, o.name, o.kind
    from membership m join organisation o on o.id = m.organisation_id
   where m.user_id = (select id from u) and m.active
)
select json_build_object('data', json_build_object('viewer', json_build_object(
  'user', json_build_object('id', ${globalId('User', 'u.id')}, 'email', u.email, 'displayName', u.display_name),
  'memberships', coalesce((select json_agg(json_build_object(
      'id', ${globalId('Membership', 'ms.id')}, 'role', ms.role, 'active', ms.active,
      'organisation', json_build_object('id', ${globalId('Organisation', 'ms.organisation_id')}, 'name', ms.name, 'kind', ms.kind)
    ) order by ms.name) from ms), '[]'::json),
  'actingOrganisation', (select json_build_object('id', ${globalId('Organisation', 'ms.organisation_id')}, 'name', ms.name, 'kind', ms.kind)
                           from ms where (select count(*) from ms) = 1),
  'actingRole', (select ms.role from ms where (select count(*) from ms) = 1)
)))::text as body
  from u`;

class BadRequest extends Error {}

function pageSize(raw: string | null): number {
  const size = raw === null ? DEFAULT_PAGE_SIZE : Number(raw);
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) throw new BadRequest(`first must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  return size;
}

/** The API's charter search: every word of the search somewhere in the name, as ILIKE patterns. */
export function searchPatterns(search: string | null): string[] {
  const words = (search ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
  return words.length ? words.map((word) => `%${word.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) : ['%'];
}

/**
 * The statement and parameters of a request, or null for an unknown path. Statements are named, so each
 * pooled connection parses them once and PostgreSQL may reuse their plan.
 */
function route(url: URL): { name: string; sql: string; params: unknown[] } | null {
  const query = url.searchParams;
  switch (url.pathname) {
    case '/markets': {
      const buyer = query.get('buyer') ?? '';
      if (!UUID.test(buyer)) throw new BadRequest('buyer must be a uuid');
      return { name: 'markets', sql: MARKETS_SQL, params: [buyer, pageSize(query.get('first'))] };
    }
    case '/charters':
      return { name: 'charters', sql: CHARTERS_SQL, params: [searchPatterns(query.get('search')), DEFAULT_PAGE_SIZE] };
    case '/viewer':
      return { name: 'viewer', sql: VIEWER_SQL, params: [query.get('email') ?? ''] };
    default:
      return null;
  }
}

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Startup options that set run-time parameters for the whole session: `-c name=value …`. */
function sessionOptions(settings: Record<string, string>): string {
  const escape = (value: string) => value.replace(/[\\\s]/g, (c) => `\\${c}`);
  return Object.entries(settings).map(([name, value]) => `-c ${escape(name)}=${escape(value)}`).join(' ');
}

export async function startBaselineServer(options: {
  databaseUrl: string;
  settings: Record<string, string>;
  port: number;
  host?: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: BASELINE_POOL_SIZE, options: sessionOptions(options.settings) });
  for (const [name, value] of Object.entries(options.settings)) {
    const { rows } = await pool.query<{ value: string | null }>('select current_setting($1, true) as value', [name]);
    if (rows[0]?.value !== value) throw new Error(`the session setting ${name} is "${rows[0]?.value}", not "${value}"`);
  }
  await pool.query('select 1');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return send(res, 200, '{"status":"ok"}');
    let statement: ReturnType<typeof route>;
    try {
      statement = route(url);
    } catch (error) {
      return send(res, 400, JSON.stringify({ error: (error as Error).message }));
    }
    if (!statement) return send(res, 404, JSON.stringify({ error: `nothing at ${url.pathname}` }));
    pool.query<{ body: string }>({ name: statement.name, text: statement.sql, values: statement.params }).then(
      (result) => {
        const body = result.rows[0]?.body;
        if (body === undefined) send(res, 404, '{"error":"not found"}');
        else send(res, 200, body);
      },
      (error: Error) => {
        console.error(`baseline: ${url.pathname} failed: ${error.message}`);
        send(res, 500, JSON.stringify({ error: 'internal error' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

runWhenMain(import.meta.url, 'baseline', async () => {
  const databaseUrl = process.env.BASELINE_DATABASE_URL;
  if (!databaseUrl) throw new Error('BASELINE_DATABASE_URL is not set');
  const settings = JSON.parse(process.env.BASELINE_SETTINGS || '{}') as Record<string, string>;
  return startBaselineServer({ databaseUrl, settings, port: Number(process.env.PORT ?? 0), host: process.env.HOST || '127.0.0.1' });
});
