/**
 * The highest resident set and heap of this process while some work runs, sampled at a fixed interval;
 * and the highest live heap: the heap in use just after each full collection, what the work really holds
 * (the sampled heap also counts garbage not yet collected, which grows with the run's length).
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface MemoryPeak {
  rss: number;
  heapUsed: number;
  /** Heap in use when the work started, after a collection when node runs with --expose-gc. */
  heapBefore: number;
  /** The most heap in use right after a full (mark-compact) collection. */
  liveHeap: number;
}

export async function withMemoryPeak<T>(work: () => Promise<T>, intervalMs = 50): Promise<{ result: T; peak: MemoryPeak }> {
  globalThis.gc?.();
  const peak: MemoryPeak = { rss: 0, heapUsed: 0, heapBefore: process.memoryUsage().heapUsed, liveHeap: 0 };
  const collections = new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) {
      peak.liveHeap = Math.max(peak.liveHeap, process.memoryUsage().heapUsed);
    }
  });
  collections.observe({ entryTypes: ['gc'] });
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
    collections.disconnect();
  }
}
