/** Load with autocannon over loopback, reduced to the figures the benchmark prints. */
import autocannon from 'autocannon';

export interface Target {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface Measurement {
  /** Mean of the per-second request counts. */
  requestsPerSecond: number;
  /** Latency percentiles of the 2xx responses, in milliseconds (measured here, to the microsecond). */
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  /** Responses received. */
  requests: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  durationSeconds: number;
  /** Response times of the 2xx responses, in milliseconds, sorted: measures of several rounds are merged from them. */
  latencies: Float64Array;
}

/** The value below which `share` of the sorted values fall (nearest rank). */
export function percentile(sorted: Float64Array, share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!;
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
}

/** Runs autocannon against one target; bounded: it is stopped if it overruns its duration by 30 s. */
export function runLoad(target: Target, { connections, durationSeconds }: LoadSettings): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    let settled = false;
    // autocannon's own histogram keeps whole milliseconds: too coarse for answers of a few ms.
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        body: target.body,
        connections,
        duration: durationSeconds,
        timeout: 10,
      },
      (error, result) => {
        clearTimeout(guard);
        if (settled) return;
        settled = true;
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const sorted = Float64Array.from(latencies).sort();
        resolve({
          requestsPerSecond: result.requests.average,
          p50: percentile(sorted, 0.5),
          p95: percentile(sorted, 0.95),
          p99: percentile(sorted, 0.99),
          mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          durationSeconds: result.duration,
          latencies: sorted,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
    const guard = setTimeout(() => {
      if (settled) return;
      settled = true;
      instance.stop();
      reject(new Error(`autocannon on ${target.url} did not finish within ${durationSeconds + 30} s`));
    }, (durationSeconds + 30) * 1000);
  });
}

/** Sends one request and returns its status and parsed JSON body. */
export async function fetchJson(target: Target): Promise<{ status: number; body: unknown; bytes: number }> {
  const response = await fetch(target.url, {
    method: target.method,
    headers: target.headers,
    body: target.body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${target.method} ${target.url} answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`);
  }
  return { status: response.status, body, bytes: Buffer.byteLength(text) };
}
