import type pg from 'pg';
import { policiesOf, TENANT_TABLES } from '../row-policies.js';
import { SETS } from './predicates.js';

/** A policy as pg_policies shows it: PostgreSQL's own rendering of its expressions. */
export interface DeployedPolicy {
  table: string;
  name: string;
  command: string;
  using: string | null;
  check: string | null;
}

export interface PolicyDifference {
  /** What the model renders, as PostgreSQL normalises it; absent: the policy must go. */
  declared?: DeployedPolicy;
  /** What the database holds; absent: the policy is new. */
  deployed?: DeployedPolicy;
}

const COMMANDS: Record<string, string> = { SELECT: 'select', INSERT: 'insert', UPDATE: 'update', DELETE: 'delete', ALL: 'all' };

async function policiesIn(client: pg.ClientBase, schema: string): Promise<DeployedPolicy[]> {
  const { rows } = await client.query<{ tablename: string; policyname: string; cmd: string; qual: string | null; with_check: string | null }>(
    'select tablename, policyname, cmd, qual, with_check from pg_policies where schemaname = $1 order by tablename, policyname', [schema],
  );
  return rows.map((row) => ({ table: row.tablename, name: row.policyname, command: COMMANDS[row.cmd] ?? row.cmd, using: row.qual, check: row.with_check }));
}

const key = (policy: DeployedPolicy) => `${policy.table}.${policy.name}`;
const same = (a: DeployedPolicy, b: DeployedPolicy) => a.command === b.command && a.using === b.using && a.check === b.check;

/**
 * The policies the model declares against those of the database (connected as the owner), both as
 * PostgreSQL prints them: the declared ones are created, inside a transaction rolled back, on copies
 * of the tables of the same names in a schema of their own, so that a policy naming its own table
 * (a correlated subquery) reads the same.
 */
export async function policyDifferences(client: pg.ClientBase, prelude: string[] = []): Promise<PolicyDifference[]> {
  await client.query('begin');
  let declared: DeployedPolicy[];
  try {
    for (const statement of prelude) await client.query(statement);
    await client.query('create schema access_model_scratch');
    for (const table of TENANT_TABLES) {
      await client.query(`create table access_model_scratch."${table}" (like public."${table}")`);
      for (const policy of policiesOf(table)) await client.query(createPolicy('access_model_scratch', table, policy.name!, policy.command ?? 'all', policy.using as string, policy.check as string));
    }
    declared = await policiesIn(client, 'access_model_scratch');
  } finally {
    await client.query('rollback');
  }
  const deployed = (await policiesIn(client, 'public')).filter((policy) => TENANT_TABLES.includes(policy.table));
  const deployedByKey = new Map(deployed.map((policy) => [key(policy), policy]));
  const declaredKeys = new Set(declared.map(key));
  return [
    ...declared.filter((policy) => !deployedByKey.has(key(policy)) || !same(policy, deployedByKey.get(key(policy))!))
      .map((policy) => ({ declared: policy, deployed: deployedByKey.get(key(policy)) })),
    ...deployed.filter((policy) => !declaredKeys.has(key(policy))).map((policy) => ({ deployed: policy })),
  ];
}

function createPolicy(schema: string, table: string, name: string, command: string, using?: string | null, check?: string | null): string {
  return `create policy "${name}" on ${schema}."${table}" for ${command}${using ? ` using (${using})` : ''}${check ? ` with check (${check})` : ''}`;
}

/** The statements that take the database from `from` to `to` for each difference (drop, then create). */
export function migrationStatements(differences: PolicyDifference[], direction: 'up' | 'down'): string[] {
  return differences.flatMap((difference) => {
    const [from, to] = direction === 'up' ? [difference.deployed, difference.declared] : [difference.declared, difference.deployed];
    return [
      ...(from ? [`drop policy "${from.name}" on public."${from.table}"`] : []),
      ...(to ? [createPolicy('public', to.table, to.name, to.command, to.using, to.check)] : []),
    ];
  });
}

/** A shared set's owner-run function, as the model renders it, against the database's. */
export interface FunctionDifference {
  name: string;
  declared: string;
  /** Null: the function is new. */
  deployed: string | null;
}

/** A set's SQL as its function's body: the acting organisation and the user read from the request settings, which is all a set may name. */
function setFunctionBody(sql: string): string {
  return sql.replace(/\{([^}]*)\}/g, (token, name: string) => {
    if (name === 'org' || name === 'user') return `app_${name}()`;
    throw new Error(`a shared set chooses its rows by {org} and {user} alone, not by ${token}`);
  });
}

const SET_FUNCTIONS = Object.values(SETS).map((set) => ({ name: set.rlsFunction, body: setFunctionBody(set.sql) }));

const createSetFunction = (name: string, body: string) =>
  `create or replace function ${name}() returns setof uuid language sql stable security definer set search_path = public, pg_temp as $$ ${body} $$`;

export async function setFunctionDifferences(client: pg.ClientBase): Promise<FunctionDifference[]> {
  const { rows } = await client.query<{ proname: string; prosrc: string }>(
    "select proname, prosrc from pg_proc where pronamespace = 'public'::regnamespace and proname = any($1)", [SET_FUNCTIONS.map((set) => set.name)],
  );
  const deployed = new Map(rows.map((row) => [row.proname, row.prosrc.trim()]));
  return SET_FUNCTIONS.filter((set) => deployed.get(set.name) !== set.body)
    .map((set) => ({ name: set.name, declared: set.body, deployed: deployed.get(set.name) ?? null }));
}

/** The functions first going up (the new policies call them), last going down (the old policies no longer do). */
export function functionStatements(differences: FunctionDifference[], direction: 'up' | 'down'): string[] {
  return differences.map((difference) => {
    if (direction === 'up') return createSetFunction(difference.name, difference.declared);
    return difference.deployed === null ? `drop function ${difference.name}()` : createSetFunction(difference.name, difference.deployed);
  });
}
