import pg from 'pg';

/** Role names the platform manages when it is not given ready-made connections. */
export const OWNER_ROLE = 'clauses_owner';
export const APP_ROLE = 'clauses_app';
export const DATABASE_NAME = 'clauses';

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A connection the server ends (a stop, a restart) fails the work's next statement; unheard, pg's 'error' event
  // would end the process instead.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * Creates the role, or resets its password. The application role owns nothing, is no superuser and
 * cannot bypass row-level security. The owner (migrations, demo seed, and the SECURITY DEFINER
 * functions the policies call) bypasses it.
 */
export async function ensureLoginRole(client: pg.Client, role: string, password: string, options: { bypassRls: boolean }): Promise<void> {
  const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [role]);
  const verb = rowCount ? 'alter' : 'create';
  const bypass = options.bypassRls ? 'bypassrls' : 'nobypassrls';
  await client.query(
    `${verb} role ${quoteIdent(role)} login nosuperuser nocreatedb nocreaterole noinherit ${bypass} password ${quoteLiteral(password)}`,
  );
}

export async function ensureDatabase(client: pg.Client, database: string, owner: string): Promise<void> {
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (!rowCount) await client.query(`create database ${quoteIdent(database)} owner ${quoteIdent(owner)} encoding 'UTF8'`);
}

/**
 * What the application role may do: read and write rows of the tables, never change the schema; and run the
 * database's functions, which no other role of the server may: several run as their owner and read rows past
 * row-level security (the session's, the shared sets of the access model). Run at each start, after the
 * migrations, so that a function a migration adds is covered too.
 */
export async function grantApplicationAccess(client: pg.Client, appRole: string, migrationsTable: string): Promise<void> {
  const role = quoteIdent(appRole);
  await client.query(`grant usage on schema public to ${role}`);
  await client.query(`grant select, insert, update, delete on all tables in schema public to ${role}`);
  await client.query(`revoke all on table ${quoteIdent(migrationsTable)} from ${role}`);
  await client.query(`grant select on table ${quoteIdent(migrationsTable)} to ${role}`);
  await client.query(`grant usage on all sequences in schema public to ${role}`);
  await client.query('revoke execute on all functions in schema public from public');
  await client.query(`grant execute on all functions in schema public to ${role}`);
}
