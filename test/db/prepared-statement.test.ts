import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '../../src/db/orm.js';
import { PREPARED_TEXTS_LIMIT } from '../../src/db/prepared-statement.js';
import { preparedSql, transactionSql } from '../../src/db/raw-sql.js';
import { demoReaders } from '../access/readers.js';
import { asActor, closeActorOrms } from '../support/acting.js';
import { inRolledBackTransaction } from '../support/sql.js';

let orm: MikroORM;
beforeAll(async () => {
  orm = await initOrm({ clientUrl: process.env.TEST_APP_URL!, poolSize: 1 });
});
afterAll(async () => {
  await orm.close();
  await closeActorOrms();
});

const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) => inRolledBackTransaction(orm, work);

const preparedOnTheConnection = (em: EntityManager, text: string) =>
  transactionSql(em)<{ name: string; calls: number }>(
    'select name, (generic_plans + custom_plans)::int as calls from pg_prepared_statements where statement = $1', [text]);

// preparedSql relies on kysely handing its compiled query's text to pg untouched (src/db/prepared-statement.ts):
// these fail if an upgrade of kysely, MikroORM or pg stops it.
describe('preparedSql', () => {
  it('sends a statement as a named prepared statement, prepared once per connection and reused', async () => {
    const text = 'select $1::int + 1 as next';
    const answers = await inTransaction(async (em) => [await preparedSql(em)(text, [1]), await preparedSql(em)(text, [41])]);
    expect(answers).toEqual([[{ next: 2 }], [{ next: 42 }]]);
    // The connection outlives the transaction: the statement is still there, run twice, and runs again.
    const [prepared] = await inTransaction((em) => preparedOnTheConnection(em, text));
    expect(prepared).toEqual({ name: expect.stringMatching(/^app_/), calls: 2 });
    expect(await inTransaction((em) => preparedSql(em)(text, [2]))).toEqual([{ next: 3 }]);
  });

  it('names two texts differently', async () => {
    const [first, second] = ['select 1 as one', 'select 2 as two'];
    const names = await inTransaction(async (em) => {
      await preparedSql(em)(first);
      await preparedSql(em)(second);
      return [...await preparedOnTheConnection(em, first), ...await preparedOnTheConnection(em, second)].map(({ name }) => name);
    });
    expect(new Set(names).size).toBe(2);
  });

  it('leaves row-level security to each viewer once PostgreSQL settles on a generic plan', async () => {
    const buyers = (await demoReaders(['VIEWER'])).filter((reader) => reader.kind === 'BAILLEUR').slice(0, 2);
    const text = 'select count(*)::int as markets from market where $1::int > 0';
    const seen = async () => {
      const rows = [];
      for (const buyer of buyers) {
        rows.push(await asActor('row-level security alone', buyer, async (sql, em) => {
          const prepared = [];
          // Past the fifth run, PostgreSQL may plan the statement once for all values: 7 runs each, on whichever connection.
          for (let run = 0; run < 7; run += 1) prepared.push((await preparedSql(em)<{ markets: number }>(text, [1]))[0]!.markets);
          const [unprepared] = await sql<{ markets: number }>('select count(*)::int as markets from market');
          const [plans] = await sql<{ generic: number }>('select generic_plans::int as generic from pg_prepared_statements where statement = $1', [text]);
          return { prepared: new Set(prepared), unprepared: unprepared!.markets, generic: plans!.generic };
        }));
      }
      return rows;
    };
    await seen();
    const [first, second] = await seen();
    expect(first!.prepared).toEqual(new Set([first!.unprepared]));
    expect(second!.prepared).toEqual(new Set([second!.unprepared]));
    expect(first!.unprepared).not.toBe(second!.unprepared);
    expect(Math.min(first!.generic, second!.generic)).toBeGreaterThan(0);
  });

  // Last: it uses up the names this process may give.
  it(`prepares no more than ${PREPARED_TEXTS_LIMIT} texts: the others run unnamed`, async () => {
    const texts = Array.from({ length: PREPARED_TEXTS_LIMIT + 1 }, (_, index) => `select ${index} as limit_test`);
    const answers = await inTransaction(async (em) => {
      for (const text of texts) await preparedSql(em)(text);
      return { last: await preparedSql(em)(texts.at(-1)!), prepared: await transactionSql(em)<{ count: number }>(
        "select count(*)::int as count from pg_prepared_statements where statement like '%as limit_test'") };
    });
    expect(answers.last).toEqual([{ limit_test: PREPARED_TEXTS_LIMIT }]);
    expect(answers.prepared[0]!.count).toBeLessThan(PREPARED_TEXTS_LIMIT);
  });
});
