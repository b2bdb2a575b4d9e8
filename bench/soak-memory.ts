/** Memory of the platform over the soak: the server's node process and its PostgreSQL, sampled from /proc. */
import { postgresProcesses, processMemory } from './processes.js';

export interface MemorySample {
  /** ms since the load started. */
  at: number;
  serverRss: number;
  /** Sum over every PostgreSQL process of its proportional set (shared buffers counted once). */
  postgresPss: number;
  postgresProcesses: number;
}

/** Samples every `intervalMs` until stopped; a sample is skipped when the server is gone (noticed elsewhere). */
export function sampleMemory(serverPid: number, intervalMs: number): { samples: MemorySample[]; stop(): Promise<void> } {
  const samples: MemorySample[] = [];
  const started = performance.now();
  let sampling = Promise.resolve();
  const sample = async () => {
    const at = performance.now() - started;
    const server = await processMemory(serverPid);
    if (!server) return;
    const postgres = await Promise.all((await postgresProcesses(serverPid)).map(processMemory));
    const alive = postgres.filter((memory) => memory !== undefined);
    samples.push({ at, serverRss: server.rss, postgresPss: alive.reduce((sum, memory) => sum + memory.pss, 0), postgresProcesses: alive.length });
  };
  const timer = setInterval(() => {
    sampling = sampling.then(sample);
  }, intervalMs);
  sampling = sample();
  return {
    samples,
    async stop() {
      clearInterval(timer);
      await sampling;
    },
  };
}

export interface MemoryWindows {
  /** [from, to) in ms since the load started. */
  first: [number, number];
  last: [number, number];
}

/**
 * The windows compared: after a warm-up minute, the first five minutes, and the last five; for a run
 * shorter than 15 minutes, the same shares of it (a fifteenth, then a third each).
 */
export function memoryWindows(durationMs: number): MemoryWindows {
  const warmup = Math.min(60_000, durationMs / 15);
  const window = Math.min(5 * 60_000, durationMs / 3);
  return { first: [warmup, warmup + window], last: [durationMs - window, durationMs] };
}

export function meanOver(samples: MemorySample[], [from, to]: [number, number], value: (sample: MemorySample) => number): number {
  const inside = samples.filter((sample) => sample.at >= from && sample.at <= to);
  return inside.reduce((sum, sample) => sum + value(sample), 0) / inside.length;
}
