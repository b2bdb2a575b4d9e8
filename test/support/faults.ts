/** What the fault tests share: a client of a platform run as a child process, its log, its PostgreSQL's processes. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadOrCreateDevSigningKey } from '../../src/auth/dev-signing-key.js';
import { signDevToken } from '../../src/auth/tokens.js';
import { newSiret } from './companies.js';

export { isAlive } from '../../src/config/process-alive.js';

/** A PLIE editor of the demo data. */
export const EDITOR = 'editor@fabrique-defi.demo';

export async function devToken(dataDir: string, email = EDITOR): Promise<string> {
  return signDevToken(await loadOrCreateDevSigningKey(dataDir), { sub: email, email });
}

export interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
  ms: number;
  siret: string;
}

/** Registers a company with a new SIRET, as a front-end would, and says how the platform answered. */
export async function registerCompany(port: number, token: string, requestId?: string): Promise<Answer> {
  const siret = newSiret();
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(requestId ? { 'x-request-id': requestId } : {}) },
    body: JSON.stringify({
      query: 'mutation($fields: CompanyFields!) { registerCompany(fields: $fields) { id } }',
      variables: { fields: { siret, name: 'Entreprise témoin', nafCode: '43.99C', headcountBand: 'FROM_10_TO_49', kind: 'ORDINARY' } },
    }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code, retryAfter: response.headers.get('retry-after'), ms: performance.now() - started, siret };
}

export async function readiness(port: number): Promise<{ status: number; body: { status: string; reason?: string } }> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
}

export async function waitUntil(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still not ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function parsedLines(output: string): Record<string, unknown>[] {
  return output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The log lines, parsed, whose message is this one. */
export function logLines(output: string, message: string): Record<string, unknown>[] {
  return parsedLines(output).filter((line) => line.msg === message);
}

/** The messages of the log lines at warn level or worse. */
export function warnings(output: string): string[] {
  return parsedLines(output).filter((line) => Number(line.level) >= 40).map((line) => String(line.msg));
}

export async function postmasterPid(clusterDir: string): Promise<number> {
  return Number((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

/** The PostgreSQL servers running on that cluster's files (a postmaster names the folder in its command line). */
export async function postmastersOf(clusterDir: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const found: number[] = [];
  for (const pid of pids) {
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.includes('postgres') && commandLine.includes(clusterDir)) found.push(Number(pid));
  }
  return found;
}
