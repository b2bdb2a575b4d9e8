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
 * other cores idle, so a lane is worth it while a core is free for it; and fewer lanes than connections, which
 * the requests need first.
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

/** The requests with a lane open: one each, however many of their fields read side by side. */
const withLane = new WeakSet<EntityManager>();

/** The request's entity manager of each lane opened beside one. */
const requestOfLane = new WeakMap<EntityManager, EntityManager>();

/** The request a read runs for, whichever lane it runs on: what a request keeps of its reads is keyed by it. */
export const requestOf = (lane: EntityManager): EntityManager => requestOfLane.get(lane) ?? lane;

/**
 * The reads over two transactions at once: the request's and, when a lane is free, a second one opened beside
 * it, read-only, with the request's session (`openSession`: the settings row-level security reads), so that
 * PostgreSQL runs two statements at a time. The request's transaction starts at once, with the first read, and
 * each lane takes the next read when it is done with one (the caller puts the longest first). The request never
 * waits for the lane: one that opens after the last read was taken reads nothing, and one that cannot open leaves
 * every read to the request, so that requests holding their connection never wait for a second one (the pool
 * cannot run dry for lanes). Each
 * statement sees what was committed when it started, as in the request's own transaction (read committed); the
 * other lane does not see what the request wrote: for reads only.
 */
export function sideBySide(em: EntityManager, openSession: (lane: EntityManager) => Promise<void>, lanes = lanesOf(em)): ReadAll {
  return async <T>(reads: readonly Read<T>[]) => {
    if (reads.length < 2 || withLane.has(em) || !lanes.take()) return oneAfterAnother(em)(reads);
    withLane.add(em);
    const reading = new SharedReads(reads);
    const beside = openBeside(em, openSession);
    void beside.then(async (lane) => {
      if (!lane) return;
      await reading.take(lane);
      await lane.rollback().catch(() => undefined);
    }).finally(() => {
      withLane.delete(em);
      lanes.give();
    });
    return reading.all(em);
  };
}

/** A read-only transaction beside the request's with its session, or null when none could be opened. */
async function openBeside(em: EntityManager, openSession: (lane: EntityManager) => Promise<void>): Promise<EntityManager | null> {
  const beside = em.fork();
  requestOfLane.set(beside, em);
  try {
    await beside.begin({ readOnly: true });
  } catch {
    // No connection to be had: the request's own transaction reads everything.
    return null;
  }
  try {
    await openSession(beside);
    return beside;
  } catch {
    await beside.rollback().catch(() => undefined);
    return null;
  }
}

/** Reads shared by lanes: each takes the next one not yet taken; the first failure stops them. */
class SharedReads<T> {
  private readonly results: T[];
  private next = 0;
  private failure: { error: unknown } | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly reads: readonly Read<T>[]) {
    this.results = new Array(reads.length);
  }

  /** Reads on `lane` until no read is left to take. */
  async take(lane: EntityManager): Promise<void> {
    while (this.next < this.reads.length && !this.failure) {
      const index = this.next++;
      const read = this.reads[index]!(lane).then(
        (result) => { this.results[index] = result; },
        (error: unknown) => { this.failure ??= { error }; },
      );
      this.running.add(read);
      await read;
      this.running.delete(read);
    }
  }

  /** Every result in the order of the reads, the request's lane taking its share; the first failure once no read runs. */
  async all(request: EntityManager): Promise<T[]> {
    await this.take(request);
    // None is left to take: the other lane's read, if it runs one, is the last.
    await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
    return this.results;
  }
}
