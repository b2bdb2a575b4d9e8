import { ClientWithLazyTransactions, PARKED_ROLLBACK_MS, rollbackOfAReader, StatementUnderSettings, StatementWithNextOne } from '../../src/db/lazy-transactions.js';

let client: ClientWithLazyTransactions;
/** Round trips: PostgreSQL ends each with ReadyForQuery. */
let roundTrips = 0;

beforeAll(async () => {
  client = new ClientWithLazyTransactions({ connectionString: process.env.TEST_APP_URL! });
  await client.connect();
  client.connection.on('readyForQuery', () => roundTrips++);
  await client.query('create temporary table counted (n int)');
});
afterAll(async () => {
  await client.end();
});

/** Round trips taken by `work`. */
async function roundTripsOf(work: () => Promise<unknown>): Promise<number> {
  const before = roundTrips;
  await work();
  return roundTrips - before;
}

describe('a transaction whose begin leaves with its first statement', () => {
  it('sends a named statement alone the first time, with the begin once the connection has prepared it', async () => {
    const named = { name: 'lazy_named', text: 'select $1::int as n', values: [5] };
    await client.query('begin');
    expect(await roundTripsOf(() => client.query(named))).toBe(2);
    await client.query('rollback');
    await client.query('begin');
    expect(await roundTripsOf(() => client.query(named))).toBe(1);
    await client.query('rollback');
  });

  it('opens the transaction in the same round trip as a statement with parameters, whose result alone comes back', async () => {
    expect(await roundTripsOf(() => client.query('begin'))).toBe(0);
    let result: unknown;
    expect(await roundTripsOf(async () => (result = await client.query('select set_config($1, $2, true) as value', ['app.test', 'set'])))).toBe(1);
    expect(result).toMatchObject({ command: 'SELECT', rows: [{ value: 'set' }] });
    expect(client.getTransactionStatus()).toBe('T');
    // A setting local to the transaction is still there: the begin took effect before the Sync.
    expect((await client.query('select current_setting($1, true) as value', ['app.test'])).rows).toEqual([{ value: 'set' }]);
    await client.query('rollback');
    expect((await client.query('select current_setting($1, true) as value', ['app.test'])).rows).toEqual([{ value: '' }]);
  });

  it('rolls back what the first statement wrote', async () => {
    await client.query('begin');
    await client.query('insert into counted (n) values ($1)', [1]);
    await client.query('rollback');
    expect((await client.query('select count(*)::int as rows from counted')).rows).toEqual([{ rows: 0 }]);
    await client.query('begin');
    await client.query('insert into counted (n) values ($1)', [2]);
    await client.query('commit');
    expect((await client.query('select n from counted')).rows).toEqual([{ n: 2 }]);
  });

  it('leaves the transaction open and failed when the first statement fails, as a begin on its own would', async () => {
    await client.query('begin');
    await expect(client.query('select $1::int as n', ['not a number'])).rejects.toThrow(/invalid input syntax/);
    // pg rejects at the error, before the round trip's end: the next statement is sent after it.
    await expect(client.query('select 1')).rejects.toThrow(/current transaction is aborted/);
    expect(client.getTransactionStatus()).toBe('E');
    await client.query('rollback');
    expect((await client.query('select $1::int as n', [3])).rows).toEqual([{ n: 3 }]);
  });

  it('sends the begin on its own before a statement without parameters, and nothing for a transaction without statements', async () => {
    expect(await roundTripsOf(async () => {
      await client.query('begin');
      await client.query('rollback');
    })).toBe(0);
    await client.query('start transaction isolation level repeatable read');
    expect(await roundTripsOf(() => client.query('select 1 as one'))).toBe(2);
    expect((await client.query('show transaction_isolation')).rows).toEqual([{ transaction_isolation: 'repeatable read' }]);
    await client.query('commit');
    expect(client.getTransactionStatus()).toBe('I');
  });
});

describe('a statement that waits for the next one', () => {
  const setting = () => client.query('select current_setting($1, true) as value', ['app.test']);
  const waiting = (value: string) => client.query(new StatementWithNextOne('select set_config($1, $2, true)', ['app.test', value]) as unknown as string);

  it('leaves with the begin and the next statement, in their round trip, and holds for the transaction', async () => {
    await client.query('begin');
    expect(await roundTripsOf(() => waiting('waited'))).toBe(0);
    let result: unknown;
    expect(await roundTripsOf(async () => (result = await client.query('select $1::int as n', [7])))).toBe(1);
    expect(result).toMatchObject({ rows: [{ n: 7 }] });
    expect((await setting()).rows).toEqual([{ value: 'waited' }]);
    await client.query('rollback');
    expect((await setting()).rows).toEqual([{ value: '' }]);
  });

  it('is never sent when the transaction ends first', async () => {
    expect(await roundTripsOf(async () => {
      await client.query('begin');
      await waiting('never');
      await client.query('rollback');
    })).toBe(0);
    await client.query('begin');
    expect((await setting()).rows).toEqual([{ value: '' }]);
    await client.query('rollback');
  });

  it('is refused outside a transaction, where its settings would hold for nothing', async () => {
    await expect(waiting('nowhere')).rejects.toThrow(/outside a transaction/);
    expect((await setting()).rows).toEqual([{ value: '' }]);
  });

  it('named, goes alone the first time, prepared, then only bound with the begin and the next statement', async () => {
    const named = (value: string) => client.query(new StatementWithNextOne('select set_config($1, $2, true) as waited', ['app.test', value], 'lazy_waiting') as unknown as string);
    const prepared = () => client.query('select count(*)::int as prepared from pg_prepared_statements where name = $1', ['lazy_waiting']);
    await client.query('begin');
    await named('first');
    // The begin, the waiting statement (parsed under its name) and the statement, each in its round trip.
    expect(await roundTripsOf(() => client.query('select $1::int as n', [1]))).toBe(3);
    expect((await setting()).rows).toEqual([{ value: 'first' }]);
    expect((await prepared()).rows).toEqual([{ prepared: 1 }]);
    await client.query('rollback');
    for (const value of ['second', 'third']) {
      await client.query('begin');
      await named(value);
      expect(await roundTripsOf(() => client.query('select $1::int as n', [2]))).toBe(1);
      expect((await setting()).rows).toEqual([{ value }]);
      await client.query('rollback');
    }
  });

  it('goes before a statement that cannot carry it, and at once in a transaction already open', async () => {
    await client.query('begin');
    await waiting('first');
    expect((await client.query('select current_setting(\'app.test\', true) as value')).rows).toEqual([{ value: 'first' }]);
    expect(await roundTripsOf(() => waiting('again'))).toBe(1);
    expect((await setting()).rows).toEqual([{ value: 'again' }]);
    await client.query('rollback');
  });
});

describe('a statement sent under settings, outside any transaction', () => {
  const setting = () => client.query('select current_setting($1, true) as value', ['app.test']);
  const settings = (value: string) => new StatementWithNextOne('select set_config($1, $2, true)', ['app.test', value], 'under_settings');
  const statement = { name: 'under_settings_read', text: 'select current_setting($1, true) as value, (select count(*)::int from counted where n = $2) as rows', values: ['app.test', 30] };
  const underSettings = (value: string) => client.query(new StatementUnderSettings(settings(value), statement) as unknown as string);

  it('goes in a transaction of its own the first time, then in one round trip; its settings hold for it alone', async () => {
    let result: unknown;
    // The begin with nothing, the settings and the statement alone (each parsed under its name), the rollback.
    expect(await roundTripsOf(async () => (result = await underSettings('first')))).toBe(4);
    expect(result).toMatchObject({ rows: [{ value: 'first', rows: 0 }] });
    expect(client.getTransactionStatus()).toBe('I');
    expect((await setting()).rows).toEqual([{ value: '' }]);
    for (const value of ['second', 'third']) {
      expect(await roundTripsOf(async () => (result = await underSettings(value)))).toBe(1);
      expect(result).toMatchObject({ command: 'SELECT', rows: [{ value, rows: 0 }] });
      // The Sync ended the implicit transaction, and the settings with it.
      expect(client.getTransactionStatus()).toBe('I');
      expect((await setting()).rows).toEqual([{ value: '' }]);
    }
  });

  it('ends first, in the same round trip, a reader’s transaction parked on the connection', async () => {
    await underSettings('prepared');
    await client.query('begin');
    await client.query('insert into counted (n) values ($1)', [30]);
    await rollbackOfAReader(() => client.query('rollback'));
    expect(client.getTransactionStatus()).toBe('T');
    let result: unknown;
    expect(await roundTripsOf(async () => (result = await underSettings('after')))).toBe(1);
    expect(result).toMatchObject({ rows: [{ value: 'after', rows: 0 }] });
    expect(client.getTransactionStatus()).toBe('I');
  });

  it('fails alone, the connection left out of any transaction', async () => {
    const asInt = (value: string) => client.query(new StatementUnderSettings(settings('failed'), { name: 'under_settings_int', text: 'select $1::int as n', values: [value] }) as unknown as string);
    await asInt('5');
    await expect(asInt('not a number')).rejects.toThrow(/invalid input syntax/);
    expect((await setting()).rows).toEqual([{ value: '' }]);
    expect(client.getTransactionStatus()).toBe('I');
  });

  it('runs nothing of the statement when its settings fail', async () => {
    const inserting = (n: number) => ({ name: 'under_settings_insert', text: 'insert into counted (n) values ($1)', values: [n] });
    const settingNamed = (name: string) => new StatementWithNextOne('select set_config($1, $2, true)', [name, 'x'], 'under_settings_failing');
    const insertUnder = (name: string, n: number) => client.query(new StatementUnderSettings(settingNamed(name), inserting(n)) as unknown as string);
    // A first use, in a transaction of its own, rolled back: 31 is not kept.
    await insertUnder('app.test', 31);
    // Both prepared: in one write, whose implicit transaction commits 32...
    expect(await roundTripsOf(() => insertUnder('app.test', 32))).toBe(1);
    // ...and runs nothing after a setting PostgreSQL refuses.
    expect(await roundTripsOf(() => expect(insertUnder('no dot in this name', 33)).rejects.toThrow(/unrecognized configuration parameter/))).toBe(1);
    expect((await client.query('select n from counted where n between 31 and 33 order by n')).rows).toEqual([{ n: 32 }]);
    await client.query('delete from counted where n between 31 and 33');
  });

  it('writes nothing when its settings make the transaction read only', async () => {
    const readOnly = new StatementWithNextOne("select set_config($1, $2, true), set_config('transaction_read_only', 'on', true)", ['app.test', 'read only'], 'under_settings_read_only');
    // A table of the platform (a temporary one may be written in a read-only transaction): refused before any other check.
    const inserting = { name: 'under_settings_market', text: 'insert into market (id) values (gen_random_uuid())' };
    const insertUnder = (statement: StatementWithNextOne) => client.query(new StatementUnderSettings(statement, inserting) as unknown as string);
    await expect(insertUnder(settings('writable'))).rejects.not.toThrow(/read-only transaction/);
    // The first use, in a transaction of its own, then the one write.
    await expect(insertUnder(readOnly)).rejects.toThrow(/cannot execute INSERT in a read-only transaction/);
    await expect(insertUnder(readOnly)).rejects.toThrow(/cannot execute INSERT in a read-only transaction/);
    expect((await client.query('select current_setting($1) as read_only', ['transaction_read_only'])).rows).toEqual([{ read_only: 'off' }]);
  });

  it('is refused inside a transaction, whose settings it would leave behind', async () => {
    await client.query('begin');
    await expect(underSettings('inside')).rejects.toThrow(/inside a transaction/);
    await client.query('select $1::int as n', [1]);
    await expect(underSettings('inside')).rejects.toThrow(/inside a transaction/);
    await client.query('rollback');
  });

  it('goes in a transaction of its own on a connection the server says is in one this client did not open', async () => {
    await underSettings('prepared');
    await client.query('begin isolation level serializable');
    await client.query('insert into counted (n) values ($1)', [35]);
    expect(client.getTransactionStatus()).toBe('T');
    let result: unknown;
    // The begin (a warning: one is open already), the settings, the statement; then the rollback, which ends both.
    expect(await roundTripsOf(async () => (result = await underSettings('foreign')))).toBe(2);
    expect(result).toMatchObject({ rows: [{ value: 'foreign', rows: 0 }] });
    expect(client.getTransactionStatus()).toBe('I');
    expect((await setting()).rows).toEqual([{ value: '' }]);
    expect((await client.query('select count(*)::int as rows from counted where n = 35')).rows).toEqual([{ rows: 0 }]);
  });
});

describe("a reader's transaction, whose rollback leaves with the next one", () => {
  const readersRollback = () => rollbackOfAReader(() => client.query('rollback'));
  const level = async () => (await client.query('select current_setting($1) as level', ['transaction_isolation'])).rows[0].level as string;

  it('ends it and opens the next in the same round trip as the next first statement, nothing of it left', async () => {
    expect(await roundTripsOf(async () => {
      await client.query('begin');
      await client.query('select set_config($1, $2, true)', ['app.test', 'first']);
      await client.query('insert into counted (n) values ($1)', [10]);
      await readersRollback();
    })).toBe(2);
    // Rolled back for the ORM, still open on the server until the connection is used again.
    expect(client.getTransactionStatus()).toBe('T');
    let seen: unknown;
    expect(await roundTripsOf(async () => {
      await client.query('begin');
      seen = (await client.query('select current_setting($1, true) as value, (select count(*)::int from counted where n = 10) as rows', ['app.test'])).rows;
    })).toBe(1);
    expect(seen).toEqual([{ value: '', rows: 0 }]);
    expect(client.getTransactionStatus()).toBe('T');
    await client.query('commit');
    expect(client.getTransactionStatus()).toBe('I');
  });

  it('ends it before anything sent outside a transaction', async () => {
    await client.query('begin');
    await client.query('insert into counted (n) values ($1)', [11]);
    await readersRollback();
    expect((await client.query('select count(*)::int as rows from counted where n = 11')).rows).toEqual([{ rows: 0 }]);
    expect(client.getTransactionStatus()).toBe('I');
  });

  it('sends the rollback alone when the connection stays unused', async () => {
    await client.query('begin');
    await client.query('select $1::int as n', [1]);
    await readersRollback();
    expect(client.getTransactionStatus()).toBe('T');
    await new Promise((resolve) => setTimeout(resolve, PARKED_ROLLBACK_MS + 200));
    expect(client.getTransactionStatus()).toBe('I');
  });

  it('chains to a failed transaction', async () => {
    await client.query('begin');
    await expect(client.query('select $1::int as n', ['not a number'])).rejects.toThrow(/invalid input syntax/);
    await readersRollback();
    await client.query('begin');
    expect((await client.query('select $1::int as n', [4])).rows).toEqual([{ n: 4 }]);
    await readersRollback();
  });

  it('opens the next with its own isolation level: chained when it asks the same, begun anew otherwise', async () => {
    await client.query('start transaction isolation level repeatable read');
    expect(await level()).toBe('repeatable read');
    await readersRollback();
    await client.query('start transaction isolation level repeatable read');
    expect(await level()).toBe('repeatable read');
    await readersRollback();
    await client.query('begin');
    expect(await level()).toBe('read committed');
    await readersRollback();
    await client.query('start transaction isolation level serializable');
    expect(await level()).toBe('serializable');
    await client.query('commit');
    expect(client.getTransactionStatus()).toBe('I');
  });

  it('sends any other rollback at once: a transaction that may have written keeps no lock', async () => {
    await client.query('begin');
    await client.query('insert into counted (n) values ($1)', [12]);
    expect(await roundTripsOf(() => client.query('rollback'))).toBe(1);
    expect(client.getTransactionStatus()).toBe('I');
  });
});
