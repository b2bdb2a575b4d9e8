import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { FoldingQuery } from '../../src/db/folding-query.js';
import { initOrm } from '../../src/db/orm.js';
import { foldingSql, transactionSql } from '../../src/db/raw-sql.js';
import { inRolledBackTransaction } from '../support/sql.js';

let orm: MikroORM;
beforeAll(async () => {
  orm = await initOrm({ clientUrl: process.env.TEST_APP_URL!, poolSize: 1 });
});
afterAll(() => orm.close());

const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) => inRolledBackTransaction(orm, work);

const SERIES = 'select n, case when n % 2 = 0 then null else $2::text || n end as label from generate_series(1, $1::int) n';

// foldingSql relies on kysely handing its compiled query's text to pg untouched, and awaiting what pg's
// client.query returns (src/db/raw-sql.ts): these fail if an upgrade of kysely, MikroORM or pg stops it.
describe('foldingSql', () => {
  it('hands every row, parsed, to the fold in order, in the request transaction and its session', async () => {
    const rows: { n: number; label: string | null }[] = [];
    const [sameTransaction] = await inTransaction(async (em) => {
      await transactionSql(em)('select set_config($1, $2, true)', ['app.folding_test', 'here']);
      const [started] = await transactionSql(em)<{ at: string }>('select now()::text as at');
      await foldingSql(em)<{ n: number; label: string | null; at: string; setting: string }>(
        `select s.*, now()::text as at, current_setting('app.folding_test') as setting from (${SERIES}) s`, [3000, 'row '],
        ({ n, label, at, setting }) => {
          expect([at, setting]).toEqual([started!.at, 'here']);
          rows.push({ n, label });
        });
      return transactionSql(em)<{ same: boolean }>("select current_setting('app.folding_test') = 'here' as same");
    });
    expect(rows).toHaveLength(3000);
    expect(rows.slice(0, 3)).toEqual([{ n: 1, label: 'row 1' }, { n: 2, label: null }, { n: 3, label: 'row 3' }]);
    expect(rows.every((row, index) => row.n === index + 1)).toBe(true);
    expect(sameTransaction).toEqual({ same: true });
  });

  it('opens a transaction that was not opened yet with its statement', async () => {
    const times: string[] = [];
    const [after] = await inTransaction(async (em) => {
      await foldingSql(em)<{ at: string }>('select now()::text as at from generate_series(1, 10)', [], ({ at }) => times.push(at));
      await new Promise((resolve) => setTimeout(resolve, 5));
      return transactionSql(em)<{ at: string }>('select now()::text as at');
    });
    // now() is when the transaction began: the same for the statements of one transaction.
    expect(times).toHaveLength(10);
    expect(times).toEqual(Array(10).fill(after!.at));
  });

  it('fails with the error of the fold, the rows after it left alone, and the transaction still usable', async () => {
    let seen = 0;
    const outcome = await inTransaction(async (em) => {
      const failed = await foldingSql(em)<{ n: number }>(SERIES, [1000, 'row '], ({ n }) => {
        seen += 1;
        if (n === 10) throw new Error('a key the fold does not expect');
      }).catch((error: unknown) => error);
      return { failed, next: await transactionSql(em)<{ one: number }>('select 1 as one') };
    });
    expect(outcome.failed).toEqual(new Error('a key the fold does not expect'));
    expect(seen).toBe(10);
    expect(outcome.next).toEqual([{ one: 1 }]);
  });

  it('fails with PostgreSQL\'s error when the statement fails halfway', async () => {
    const failure = await inTransaction((em) => foldingSql(em)('select 1 / (n - 500) as x from generate_series(1, 1000) n', [], () => undefined))
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '22012' });
  });
});

describe('FoldingQuery', () => {
  it('keeps no row in the result it gives, only how many there were', async () => {
    const client = new pg.Client({ connectionString: process.env.TEST_APP_URL! });
    await client.connect();
    try {
      let sum = 0;
      const query = new FoldingQuery<{ n: number }>(SERIES, [20000, 'x'], ({ n }) => { sum += n; });
      const result = await (client.query(query) as unknown as FoldingQuery<{ n: number }>);
      expect({ rows: result.rows, rowCount: result.rowCount, folded: query.folded, sum }).toEqual({ rows: [], rowCount: 20000, folded: 20000, sum: 20000 * 20001 / 2 });
    } finally {
      await client.end();
    }
  });
});
