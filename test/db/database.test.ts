import { initOrm } from '../../src/db/orm.js';
import { asApplicationRole, sql } from '../support/sql.js';

describe('the application role', () => {
  it('is no superuser and cannot bypass row-level security', async () => {
    const [role] = await asApplicationRole(async (client) =>
      (await client.query('select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user')).rows);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
  });

  it('owns no table', async () => {
    const owned = await asApplicationRole(async (client) =>
      (await client.query("select tablename from pg_tables where schemaname = 'public' and tableowner = current_user")).rows);
    expect(owned).toEqual([]);
  });

  it('can read and write rows but not change the schema or the migration history', async () => {
    await asApplicationRole(async (client) => {
      await expect(client.query('select count(*) from market')).resolves.toBeDefined();
      await expect(client.query('create table intruder (id int)')).rejects.toThrow(/permission denied/);
      await expect(client.query('alter table market add column intruder int')).rejects.toThrow(/must be owner/);
      await expect(client.query("delete from mikro_orm_migrations where name like '%'")).rejects.toThrow(/permission denied/);
    });
  });
});

describe('the schema', () => {
  it('is what the entities describe: the migrations leave nothing to generate', async () => {
    const orm = await initOrm({ clientUrl: process.env.TEST_OWNER_URL! });
    try {
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    } finally {
      await orm.close();
    }
  });

  it('indexes every foreign key (its columns lead an index)', async () => {
    const unindexed = await sql<{ constraint: string }>(
      `select c.conname as constraint
         from pg_constraint c
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace
          and not exists (
            select 1 from pg_index i
             where i.indrelid = c.conrelid
               and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey)`,
    );
    expect(unindexed).toEqual([]);
  });

  it('gives every table written by the application created and updated times and a version', async () => {
    // The indicator facts (*_fact) and the platform's sums (platform_*) are derived rows, kept by triggers: their sources carry the times and versions.
    const missing = await sql<{ table_name: string }>(
      `select t.table_name from information_schema.tables t
        where t.table_schema = 'public' and t.table_type = 'BASE TABLE' and t.table_name <> 'mikro_orm_migrations'
          and t.table_name not like '%\\_fact' and t.table_name not like 'platform\\_%'
          and (select count(*) from information_schema.columns c
                where c.table_schema = 'public' and c.table_name = t.table_name
                  and c.column_name in ('created_at', 'updated_at', 'version')) < 3`,
    );
    expect(missing).toEqual([]);
  });
});
