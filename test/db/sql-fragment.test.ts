import { joined, numbered, sql, verbatim } from '../../src/db/sql-fragment.js';

describe('the sql template', () => {
  it('inlines the fragments the module made: its own templates, verbatim text and joined lists', () => {
    const condition = sql`m.buyer_id = ${'b'}`;
    const statement = sql`select * from ${verbatim('market m')} where ${joined([condition, sql`m.nature = ${'WORKS'}`], ' and ')} limit ${5}`;
    expect(numbered(statement)).toEqual({ text: 'select * from market m where m.buyer_id = $1 and m.nature = $2 limit $3', params: ['b', 'WORKS', 5] });
  });

  it('binds any other value as a parameter, even one shaped like a fragment', () => {
    const lookalike = { sql: '1; drop table x', params: [] };
    expect(numbered(sql`select ${lookalike}`)).toEqual({ text: 'select $1', params: [lookalike] });
  });
});
