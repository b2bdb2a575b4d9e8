import os from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';

/** One read of a request, given the entity manager whose transaction it reads in. */
export type Read<T> = (lane: EntityManager) => Promise<T>;

/** Runs reads of a request and gives their results in their order. */
export type ReadAll = <T>(reads: readonly Read<T>[]) => Promise<T[]>;

/** How many second transactions may be open at once beside their requests, and how many are. */
export class Lanes {
  private free: number;

  constructor(count: number) {
    this.free = count;
  }

  /** A lane if one is free, never waiting for one: false otherwise. */
  take(): boolean {
    if (this.free === 0) return false;
    this.free -= 1;
    return true;
  }

  give(): void {
    this.free += 1;
  }
}

/**
 * The lanes of an ORM's requests: a request's connection runs its statements one after the other and leaves the
 * other cores idle, so a lane is worth it while a core is free for it. Fewer lanes than connections: the requests
 * waiting for a lane's connection, each holding its own, can never hold the whole pool.
 */
const lanesOfPools = new WeakMap<object, Lanes>();
function lanesOf(em: EntityManager): Lanes {
  let lanes = lanesOfPools.get(em.config);
  if (!lanes) {
    const connections = em.config.get('pool')?.max ?? 1;
    lanes = new Lanes(Math.max(0, Math.min(os.availableParallelism() - 1, connections - 1)));
    lanesOfPools.set(em.config, lanes);
  }
  return lanes;
}

/** The reads one after the other in the request's transaction. */
export const oneAfterAnother = (em: EntityManager): ReadAll => async <T>(reads: readonly Read<T>[]) => {
  const results: T[] = [];
  for (const read of reads) results.push(await read(em));
  return results;
};

/**
 * The reads over two transactions at once: the request's and, when a lane is free, a second one opened beside
 * it, read-only, with the request's session (`openSession`: the settings row-level security reads), so that
 * PostgreSQL runs two statements at a time. Each lane takes the next read when it is done with one; the first
 * read runs in the request's own transaction. A lane is taken only when free, never waited for (lanesOf).
 * Each statement sees what was committed when it started, as in the request's own
 * transaction (read committed); the other lane does not see what the request wrote: for reads only.
 */
export function sideBySide(em: EntityManager, openSession: (lane: EntityManager) => Promise<void>, lanes = lanesOf(em)): ReadAll {
  return async <T>(reads: readonly Read<T>[]) => {
    if (reads.length < 2 || !lanes.take()) return oneAfterAnother(em)(reads);
    try {
      const beside = em.fork();
      await beside.begin({ readOnly: true });
      try {
        await openSession(beside);
        return await overLanes([em, beside], reads);
      } finally {
        await beside.rollback();
      }
    } finally {
      lanes.give();
    }
  };
}

/** Each lane reads the next read not yet taken until none is left; the first failure stops them and is thrown once both are done. */
async function overLanes<T>(lanes: readonly EntityManager[], reads: readonly Read<T>[]): Promise<T[]> {
  const results: T[] = new Array(reads.length);
  let next = 0;
  const outcomes = await Promise.allSettled(lanes.map(async (lane) => {
    while (next < reads.length) {
      const index = next++;
      try {
        results[index] = await reads[index]!(lane);
      } catch (error) {
        next = reads.length;
        throw error;
      }
    }
  }));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}
