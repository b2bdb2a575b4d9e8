import { MembershipRole, OrganisationKind } from '../../src/db/entities/index.js';
import { initOrm } from '../../src/db/orm.js';
import { asActor, closeActorOrms } from '../support/acting.js';
import { asApplicationRole, demoUser, sql } from '../support/sql.js';

afterAll(() => closeActorOrms());

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

  it('reads and writes rows, as a request does', async () => {
    const editor = await demoUser('BAILLEUR', 'EDITOR');
    const [user] = await sql<{ id: string }>('select id from app_user where email = $1', [editor.email]);
    const actor = { organisationId: editor.organisationId, kind: OrganisationKind.BAILLEUR, role: MembershipRole.EDITOR, userId: user!.id, apiKeyId: null };
    const siret = String(Date.now()).slice(-14).padStart(14, '8');
    // Any editor registers companies (shared by all): written, changed and read back in the request's transaction, then rolled back.
    const written = await asActor('row-level security alone', actor, async (query) => {
      const markets = await query<{ count: string }>('select count(*) from market');
      await query(`insert into company (id, siret, name, kind) values (gen_random_uuid(), $1, 'Entreprise écrite', 'ORDINARY')`, [siret]);
      await query(`update company set name = 'Entreprise corrigée', version = version + 1 where siret = $1`, [siret]);
      return { markets: Number(markets[0]!.count), company: await query('select name, version from company where siret = $1', [siret]) };
    });
    expect(written.markets).toBeGreaterThan(0);
    expect(written.company).toEqual([{ name: 'Entreprise corrigée', version: 2 }]);
    expect(await sql('select 1 from company where siret = $1', [siret])).toEqual([]);
  });

  it('cannot change the schema or the migration history', async () => {
    await asApplicationRole(async (client) => {
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
      // graphile-worker's schema is its own, installed and upgraded by its own migrations (src/imports/queue/worker.ts).
      const ownSchema = (await orm.schema.getUpdateSchemaSQL({ wrap: false })).split(/;\n+/).map((statement) => statement.trim())
        .filter((statement) => statement && !statement.includes('"graphile_worker"'));
      expect(ownSchema).toEqual([]);
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
    // A file's parts (import_file_chunk) are written once with their job and deleted with it: the job carries them.
    const missing = await sql<{ table_name: string }>(
      `select t.table_name from information_schema.tables t
        where t.table_schema = 'public' and t.table_type = 'BASE TABLE' and t.table_name <> 'mikro_orm_migrations'
          and t.table_name not like '%\\_fact' and t.table_name not like 'platform\\_%' and t.table_name <> 'import_file_chunk'
          and (select count(*) from information_schema.columns c
                where c.table_schema = 'public' and c.table_name = t.table_name
                  and c.column_name in ('created_at', 'updated_at', 'version')) < 3`,
    );
    expect(missing).toEqual([]);
  });
});
