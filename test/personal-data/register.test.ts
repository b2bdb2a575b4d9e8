import { readFile } from 'node:fs/promises';
import { AGREEMENT_RETENTION_UNTIL, ConfigError, loadConfig } from '../../src/config/config.js';
import { MIGRATIONS_TABLE } from '../../src/db/orm.js';
import { PERSONAL_DATA, WITHOUT_PERSONAL_DATA } from '../../src/personal-data/declaration.js';
import { REGISTER_DOC, renderRegister } from '../../src/personal-data/register.js';
import { sql } from '../support/sql.js';

/** Names that say a column is about a person: a table declared without personal data must have none. */
const PERSON_LIKE = /e?mail|phone|birth|first_name|last_name|address|display_name|user_id|created_by|beneficiary_id|^sex$|^age_at/;

/** What the declaration misses or invents, against the columns of the database's tables. */
function declarationProblems(columnsByTable: Map<string, string[]>): string[] {
  const problems: string[] = [];
  const declaredTables = [...PERSONAL_DATA.map((declared) => declared.table), ...Object.keys(WITHOUT_PERSONAL_DATA)];
  for (const table of declaredTables) if (!columnsByTable.has(table)) problems.push(`${table}: declared, but no such table`);
  for (const [table, columns] of columnsByTable) {
    const declared = PERSONAL_DATA.find((candidate) => candidate.table === table);
    if (!declared) {
      if (!(table in WITHOUT_PERSONAL_DATA)) problems.push(`${table}: not declared`);
      else problems.push(...columns.filter((column) => PERSON_LIKE.test(column)).map((column) => `${table}.${column}: looks personal in a table declared without personal data`));
      continue;
    }
    const listed = [...Object.keys(declared.columns), ...declared.otherColumns];
    problems.push(...columns.filter((column) => !listed.includes(column)).map((column) => `${table}.${column}: not declared`));
    problems.push(...listed.filter((column) => !columns.includes(column)).map((column) => `${table}.${column}: declared, but no such column`));
    problems.push(...listed.filter((column, index) => listed.indexOf(column) !== index).map((column) => `${table}.${column}: declared twice`));
  }
  return problems;
}

async function databaseColumns(): Promise<Map<string, string[]>> {
  const rows = await sql<{ table_name: string; columns: string[] }>(
    `select c.table_name, array_agg(c.column_name::text order by c.ordinal_position) as columns
       from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name <> $1
      group by c.table_name`,
    [MIGRATIONS_TABLE],
  );
  return new Map(rows.map((row) => [row.table_name, row.columns]));
}

describe('the register of processing', () => {
  it('is what docs/rgpd.md says (run `npm run permissions`)', async () => {
    expect(renderRegister()).toBe(await readFile(REGISTER_DOC, 'utf8'));
  });

  it('declares every table of the database, and every column of those holding personal data', async () => {
    expect(declarationProblems(await databaseColumns())).toEqual([]);
  });

  it('fails on a new column of a table holding personal data, on a new table, and on a personal-looking column elsewhere', async () => {
    const columns = await databaseColumns();
    columns.set('beneficiary_identity', [...columns.get('beneficiary_identity')!, 'nickname']);
    columns.set('market', [...columns.get('market')!, 'contact_email']);
    columns.set('beneficiary_note', ['id', 'beneficiary_id', 'text']);
    expect(declarationProblems(columns).sort()).toEqual([
      'beneficiary_identity.nickname: not declared',
      'beneficiary_note: not declared',
      'market.contact_email: looks personal in a table declared without personal data',
    ]);
  });

  it('names, for each table of personal data, who reads it by kind, in French, from the access model', () => {
    const register = renderRegister();
    expect(register).toContain('- Département : les seuls allocataires du RSA (chef de file du RSA).\n- PLIE : les personnes qu’elle suit.\n- Bailleurs sociaux, communes, EPCI, Région, État : aucune.');
    expect(register).not.toMatch(/\bit (follows|reads|buys|facilitates)\b/);
  });
});

describe('RETENTION_UNTIL', () => {
  it('is the agreement’s 31 December 2032 unless set', () => {
    expect(AGREEMENT_RETENTION_UNTIL).toBe('2032-12-31');
    expect(loadConfig({}).retentionUntil).toBe('2032-12-31');
    expect(loadConfig({ RETENTION_UNTIL: '2033-06-30' }).retentionUntil).toBe('2033-06-30');
  });

  it.each(['31/12/2032', '2032-02-30', 'demain'])('refuses %s, in French', (value) => {
    expect(() => loadConfig({ RETENTION_UNTIL: value })).toThrow(ConfigError);
    expect(() => loadConfig({ RETENTION_UNTIL: value })).toThrow(`RETENTION_UNTIL doit être une date au format AAAA-MM-JJ (par exemple 2032-12-31), et non « ${value} ».`);
  });
});
