import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '../../src/db/orm.js';
import { transactionSql } from '../../src/db/raw-sql.js';
import { Lanes, requestOf, sideBySide, type Read } from '../../src/db/read-lanes.js';
import { inRolledBackTransaction } from '../support/sql.js';

/** A setting of the request's session, as row-level security's are. */
const SETTING = 'app.org_kind';

let orm: MikroORM;
beforeAll(async () => {
  orm = await initOrm({ clientUrl: process.env.TEST_APP_URL!, poolSize: 2 });
});
afterAll(() => orm.close());

const setSession = async (em: EntityManager) => {
  await transactionSql(em)(`select set_config('${SETTING}', $1, true)`, ['PLIE']);
};

/** A request's transaction with its session, given its backend's process id. */
function inRequest<T>(work: (em: EntityManager, pid: number) => Promise<T>, within: MikroORM = orm): Promise<T> {
  return inRolledBackTransaction(within, async (em) => {
    await setSession(em);
    const [{ pid }] = await transactionSql(em)<{ pid: number }>('select pg_backend_pid() as pid') as [{ pid: number }];
    return work(em, pid);
  });
}

/** The reads side by side in a request, with the request's entity manager and its backend's process id. */
const inRequestSideBySide = <T>(reads: readonly Read<T>[], lanes?: Lanes, openSession = setSession, within: MikroORM = orm) =>
  inRequest(async (em, pid) => ({ results: await sideBySide(em, openSession, lanes)(reads), pid, em }), within);

interface Seen {
  pid: number;
  setting: string;
  readOnly: string;
  started: string;
  ended: string;
}

const one = async <T>(lane: EntityManager, text: string, params: unknown[] = []) => (await transactionSql(lane)<T>(text, params))[0]!;

/** What a lane is, and when it read: before and after `seconds` of sleep, in statements of their own. */
const seen = (seconds: number): Read<Seen> => async (lane) => {
  const { started } = await one<{ started: string }>(lane, 'select clock_timestamp()::text as started');
  await one(lane, 'select pg_sleep($1)', [seconds]);
  return one<Seen>(lane, `select pg_backend_pid() as pid, current_setting('${SETTING}') as setting, current_setting('transaction_read_only') as "readOnly",
                             $1::text as started, clock_timestamp()::text as ended`, [started]);
};

/** Once the lanes' transactions, which end after the request's reads, have ended. */
async function untilFree(lanes: Lanes): Promise<void> {
  for (let attempt = 0; attempt < 500 && !lanes.take(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
  lanes.give();
}

const pidsOf = (results: { pid: number }[]) => results.map(({ pid }) => pid);

const overlap = (a: Seen, b: Seen) => new Date(a.started) < new Date(b.ended) && new Date(b.started) < new Date(a.ended);

describe('reads side by side', () => {
  it('reads in the request transaction and, at the same time, in a read-only one beside it with the same session', async () => {
    const { results: [first, second], pid } = await inRequestSideBySide([seen(0.3), seen(0.3)], new Lanes(1));
    expect(first!.pid).toBe(pid);
    expect(second!.pid).not.toBe(pid);
    expect([first!.setting, second!.setting]).toEqual(['PLIE', 'PLIE']);
    expect([first!.readOnly, second!.readOnly]).toEqual(['off', 'on']);
    expect(overlap(first!, second!)).toBe(true);
  });

  it('gives the first read to the request transaction, and every result in the order of the reads', async () => {
    const value = (answer: number, seconds: number): Read<{ answer: number; pid: number }> => async (lane) =>
      one(lane, 'select $1::int as answer, pg_backend_pid() as pid from pg_sleep($2)', [answer, seconds]);
    const { results, pid } = await inRequestSideBySide([value(1, 0.2), value(2, 0), value(3, 0), value(4, 0.1)], new Lanes(1));
    expect(results.map(({ answer }) => answer)).toEqual([1, 2, 3, 4]);
    expect(results[0]!.pid).toBe(pid);
    expect(new Set(pidsOf(results)).size).toBe(2);
  });

  it('names the request each read runs for, whichever lane runs it', async () => {
    const whose = (seconds: number): Read<{ request: EntityManager; pid: number }> => async (lane) =>
      ({ request: requestOf(lane), pid: (await one<{ pid: number }>(lane, 'select pg_backend_pid() as pid from pg_sleep($1)', [seconds])).pid });
    const { results, em } = await inRequestSideBySide([whose(0.3), whose(0), whose(0)], new Lanes(1));
    expect(new Set(pidsOf(results)).size).toBe(2);
    expect(results.every(({ request }) => request === em)).toBe(true);
  });

  it('reads one after the other in the request transaction when no lane is free', async () => {
    const lanes = new Lanes(1);
    expect(lanes.take()).toBe(true);
    const { results, pid } = await inRequestSideBySide([seen(0), seen(0), seen(0)], lanes);
    expect(results.map((result) => result.pid)).toEqual([pid, pid, pid]);
  });

  it('has no lane with a pool of one connection, which the request holds', async () => {
    const single = await initOrm({ clientUrl: process.env.TEST_APP_URL!, poolSize: 1 });
    try {
      const { results, pid } = await inRequestSideBySide([seen(0), seen(0)], undefined, setSession, single);
      expect(results.map((result) => result.pid)).toEqual([pid, pid]);
    } finally {
      await single.close();
    }
  });

  it('throws a read\'s failure once no read runs, then frees the lane and its connection', async () => {
    const lanes = new Lanes(1);
    const failing: Read<Seen> = async (lane) => one(lane, 'select 1 / 0');
    // More failures than the pool has connections: a lane's connection kept would leave the next request waiting.
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(inRequest((em) => sideBySide(em, setSession, lanes)([seen(0.1), failing, seen(0)]))).rejects.toThrow(/division by zero/);
      await untilFree(lanes);
    }
    const [first, second] = await inRequest((em) => sideBySide(em, setSession, lanes)([seen(0.2), seen(0.2)]));
    expect(first!.pid).not.toBe(second!.pid);
  });

  it('never waits for a lane\'s connection: with the pool\'s other one held, the request reads everything itself', async () => {
    const lanes = new Lanes(1);
    const holder = orm.em.fork() as EntityManager;
    await holder.begin();
    try {
      await transactionSql(holder)('select 1');
      const { results, pid } = await inRequestSideBySide([seen(0), seen(0), seen(0)], lanes);
      expect(pidsOf(results)).toEqual([pid, pid, pid]);
    } finally {
      await holder.rollback();
    }
    // The lane that waited got the connection back, read nothing and ended.
    await untilFree(lanes);
    const [first, second] = await inRequest((em) => sideBySide(em, setSession, lanes)([seen(0.2), seen(0.2)]));
    expect(first!.pid).not.toBe(second!.pid);
  });

  it('opens one lane per request, however many of its fields read side by side', async () => {
    const wider = await initOrm({ clientUrl: process.env.TEST_APP_URL!, poolSize: 4 });
    try {
      const results = await inRequest((em) => Promise.all([1, 2, 3].map(() => sideBySide(em, setSession, new Lanes(3))([seen(0.2), seen(0.2)]))), wider);
      expect(new Set(pidsOf(results.flat())).size).toBe(2);
    } finally {
      await wider.close();
    }
  });

  it('leaves every read to the request when its lane cannot open the session', async () => {
    const lanes = new Lanes(1);
    const refused = async () => {
      throw new Error('session refused');
    };
    const { results, pid } = await inRequestSideBySide([seen(0), seen(0)], lanes, refused);
    expect(pidsOf(results)).toEqual([pid, pid]);
    expect(results.map(({ setting }) => setting)).toEqual(['PLIE', 'PLIE']);
    await untilFree(lanes);
  });
});
