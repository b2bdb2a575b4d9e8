import pg from 'pg';

async function asApplication<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_APP_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('the application role', () => {
  it('is no superuser and cannot bypass row-level security', async () => {
    const [role] = await asApplication(async (client) =>
      (await client.query('select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user')).rows);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
  });

  it('owns no table', async () => {
    const owned = await asApplication(async (client) =>
      (await client.query("select tablename from pg_tables where schemaname = 'public' and tableowner = current_user")).rows);
    expect(owned).toEqual([]);
  });

  it('can read and write rows but not change the schema or the migration history', async () => {
    await asApplication(async (client) => {
      await expect(client.query('select count(*) from market')).resolves.toBeDefined();
      await expect(client.query('create table intruder (id int)')).rejects.toThrow(/permission denied/);
      await expect(client.query('alter table market add column intruder int')).rejects.toThrow(/must be owner/);
      await expect(client.query("delete from mikro_orm_migrations where name like '%'")).rejects.toThrow(/permission denied/);
    });
  });
});
