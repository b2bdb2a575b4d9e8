/**
 * What every benchmark script shares: settings read from the environment, progress on stderr, and a
 * run bounded in time, stopped by Ctrl-C, that cleans up however it ends.
 */
import { Cleanup } from './cleanup.js';

export function positiveInteger(name: string, fallback: number, minimum = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) throw new Error(`${name} must be an integer of at least ${minimum}, got "${raw}"`);
  return value;
}

export function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

const runStarted = performance.now();
export function log(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - runStarted) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
}

/** Runs the benchmark within `limitMs`, then every cleanup step it registered; resolves to the exit code. */
export async function runBenchmark(run: (cleanup: Cleanup) => Promise<void>, limitMs: number): Promise<number> {
  const cleanup = new Cleanup();
  let interrupted: (signal: NodeJS.Signals) => void = () => undefined;
  const interruption = new Promise<never>((_, reject) => {
    interrupted = (signal) => reject(new Error(`interrupted by ${signal}`));
  });
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let failed = false;
  let deadline: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(cleanup),
      interruption,
      new Promise<never>((_, reject) => {
        deadline = setTimeout(() => reject(new Error(`the benchmark did not finish within ${limitMs / 60_000} minutes`)), limitMs);
      }),
    ]);
  } catch (error) {
    failed = true;
    console.error(`\nBENCHMARK FAILED: ${(error as Error)?.stack ?? String(error)}`);
  } finally {
    clearTimeout(deadline);
    log('cleaning up');
    if (!(await cleanup.runAll(log))) failed = true;
  }
  log(failed ? 'done, with failures' : 'done');
  return failed ? 1 : 0;
}
