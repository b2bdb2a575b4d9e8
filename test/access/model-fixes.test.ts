import type pg from 'pg';
import { asApplicationRole, asOwner, sql } from '../support/sql.js';

/** Runs `work` as the application role acting for `organisation` with `role`, as a person or as an API key, then rolls back. */
async function actingAs<T>(organisation: { id: string; kind: string }, role: string, person: boolean, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return asApplicationRole(async (client) => {
    await client.query('begin');
    try {
      const [user] = person ? await sql<{ user_id: string }>('select user_id from membership where organisation_id = $1 limit 1', [organisation.id]) : [];
      await client.query(`select set_config('app.org_id', $1, true), set_config('app.org_kind', $2, true), set_config('app.role', $3, true),
                                 set_config('app.user_id', $4, true)`, [organisation.id, organisation.kind, role, user?.user_id ?? '']);
      return await work(client);
    } finally {
      await client.query('rollback');
    }
  });
}

const organisationOf = async (kind: string) => (await sql<{ id: string; kind: string }>('select id, kind from organisation where kind = $1 order by name limit 1', [kind]))[0]!;

describe('row-level security, where the access model closed a gap', () => {
  it('lets an administrator read the keys and the audit trail, never an API key of the ADMIN role', async () => {
    const plie = await organisationOf('PLIE');
    const counted = (person: boolean) => actingAs(plie, 'ADMIN', person, async (client) => ({
      keys: Number((await client.query('select count(*) from api_key')).rows[0].count),
      events: Number((await client.query('select count(*) from audit_event')).rows[0].count),
    }));
    await sql(`insert into api_key (id, organisation_id, name, prefix, secret_hash, role, created_by)
               values (gen_random_uuid(), $1, 'clé de test', 'tstfix01', 'x', 'VIEWER', (select user_id from membership where organisation_id = $1 limit 1))`, [plie.id]);
    expect((await counted(true)).keys).toBeGreaterThan(0);
    expect(await counted(false)).toEqual({ keys: 0, events: 0 });
    await sql("delete from api_key where prefix = 'tstfix01'");
  });

  it("refuses a PLIE a placement of a person another PLIE follows, even on a market it facilitates", async () => {
    const [row] = await sql<{ plie: string; placement: string; person: string }>(
      `select m.facilitator_id as plie, p.id as placement, b.id as person
         from placement p join market m on m.id = p.market_id join beneficiary b on b.followed_by_id <> m.facilitator_id
        where m.facilitator_id is not null limit 1`);
    const insert = async (client: pg.Client) => client.query(
      `insert into placement (id, beneficiary_id, ${await otherColumns('placement', 'beneficiary_id')})
       select gen_random_uuid(), $1, ${await otherColumns('placement', 'beneficiary_id')} from placement where id = $2`, [row!.person, row!.placement]);
    await expect(actingAs({ id: row!.plie, kind: 'PLIE' }, 'EDITOR', true, insert)).rejects.toThrow(/row-level security/);
  });

  it("refuses a buyer a market naming an operation it neither leads nor reads through a charter, which would then become readable", async () => {
    const [row] = await sql<{ buyer: string; kind: string; market: string; operation: string }>(
      `select m.buyer_id as buyer, o.kind, m.id as market, op.id as operation
         from market m join organisation o on o.id = m.buyer_id join operation op on op.owner_id <> m.buyer_id
        where o.kind = 'BAILLEUR' and (op.charter_id is null or op.charter_id not in
              (select charter_id from charter_signatory where organisation_id = o.id union select id from charter where coordinator_id = o.id))
        limit 1`);
    const columns = await otherColumns('market', 'operation_id', 'reference');
    const insert = (client: pg.Client) => client.query(
      `insert into market (id, operation_id, reference, ${columns}) select gen_random_uuid(), $1, 'FIX-OP-1', ${columns} from market where id = $2`,
      [row!.operation, row!.market]);
    await expect(actingAs({ id: row!.buyer, kind: row!.kind }, 'EDITOR', true, insert)).rejects.toThrow(/row-level security/);
  });

  it('lets two coordinators name their charters alike: a name taken elsewhere reveals nothing', async () => {
    const [charter] = await sql<{ id: string; coordinator_id: string }>('select id, coordinator_id from charter limit 1');
    const [other] = await sql<{ id: string }>("select id from organisation where kind = 'PLIE' and id <> $1 limit 1", [charter!.coordinator_id]);
    const columns = await otherColumns('charter', 'coordinator_id');
    await asOwner(async (client) => {
      await client.query('begin');
      try {
        await client.query(`insert into charter (id, coordinator_id, ${columns}) select gen_random_uuid(), $1, ${columns} from charter where id = $2`, [other!.id, charter!.id]);
      } finally {
        await client.query('rollback');
      }
    });
  });
});

/** The columns of `table` but its id and those named, to copy a row with them changed. */
async function otherColumns(table: string, ...changed: string[]): Promise<string> {
  const rows = await sql<{ column_name: string }>(
    "select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 and column_name <> all($2) order by ordinal_position",
    [table, ['id', ...changed]]);
  return rows.map((row) => `"${row.column_name}"`).join(', ');
}
