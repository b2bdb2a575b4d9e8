/**
 * The soak's GraphQL client: every request paced to a global rate, timed, and its outcome recorded
 * ("ok", "HTTP 502", the GraphQL error code, or the network error), with a few examples of each failure.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const REQUEST_TIMEOUT_MS = 30_000;
const EXAMPLES_KEPT = 3;

export interface Outcome {
  /** ms since the load started, when the answer came. */
  at: number;
  operation: string;
  ms: number;
  code: string;
}

export interface FailureExample {
  operation: string;
  actor: string;
  code: string;
  message: string;
  variables: unknown;
}

/** Hands out start times at most `perSecond` a second, to all the workers together. */
export class Pacer {
  #next = 0;
  constructor(private readonly perSecond: number) {}

  async turn(): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.#next);
    this.#next = slot + 1000 / this.perSecond;
    if (slot > now) await sleep(slot - now);
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export class SoakClient {
  readonly outcomes: Outcome[] = [];
  readonly examples = new Map<string, FailureExample[]>();
  readonly #started = performance.now();

  constructor(private readonly url: string, private readonly pacer: Pacer) {}

  /** Sends one operation; the data when it succeeded, undefined when it failed (recorded). */
  async request<T>(operation: string, actor: { label: string; token: string }, query: string, variables: Record<string, unknown> = {}): Promise<T | undefined> {
    await this.pacer.turn();
    const sent = performance.now();
    let code: string;
    let message = '';
    let data: T | undefined;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${actor.token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      const body = parse<GraphQLBody<T>>(text);
      const error = body?.errors?.[0];
      if (error) {
        code = error.extensions?.code ?? 'GRAPHQL_ERROR';
        message = error.message;
      } else if (response.status !== 200 || !body?.data) {
        code = `HTTP ${response.status}`;
        message = text.slice(0, 300);
      } else {
        code = 'ok';
        data = body.data;
      }
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string } }).cause;
      code = cause?.code ?? (error as Error).name;
      message = (error as Error).message;
    }
    this.outcomes.push({ at: performance.now() - this.#started, operation, ms: performance.now() - sent, code });
    if (code !== 'ok') this.#keepExample({ operation, actor: actor.label, code, message, variables });
    return data;
  }

  #keepExample(example: FailureExample): void {
    const key = `${example.operation} ${example.code}`;
    const kept = this.examples.get(key) ?? [];
    if (kept.length < EXAMPLES_KEPT) kept.push(example);
    this.examples.set(key, kept);
  }
}

function parse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
