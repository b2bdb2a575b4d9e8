/** The highest resident set and heap of this process while some work runs, sampled at a fixed interval. */

export interface MemoryPeak {
  rss: number;
  heapUsed: number;
  /** Heap in use when the work started, after a collection when node runs with --expose-gc. */
  heapBefore: number;
}

export async function withMemoryPeak<T>(work: () => Promise<T>, intervalMs = 50): Promise<{ result: T; peak: MemoryPeak }> {
  globalThis.gc?.();
  const peak: MemoryPeak = { rss: 0, heapUsed: 0, heapBefore: process.memoryUsage().heapUsed };
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peak.rss = Math.max(peak.rss, rss);
    peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  try {
    const result = await work();
    sample();
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}
