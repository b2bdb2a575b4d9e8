/** The platform as `npm start` runs it, in a child process, for the tests that stop or kill it. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { findFreePort } from '../../src/config/free-port.js';
import { COMPILED_ROOT } from '../../src/config/paths.js';

const START_SCRIPT = path.join(COMPILED_ROOT, 'src', 'cli', 'start.js');

export interface RunningPlatform {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  /** What it wrote to standard output so far: its log, one JSON object a line. */
  output(): string;
}

async function waitForHealth(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the platform exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the platform did not become healthy within 60 s');
}

/** Runs the platform with these environment variables until it exits by itself (a start that fails). */
export function runPlatformToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [START_SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts the platform with these environment variables (PORT is chosen) and waits until it is healthy. */
export async function spawnPlatform(env: NodeJS.ProcessEnv): Promise<RunningPlatform> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [START_SCRIPT], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await waitForHealth(port, child);
  return { child, port, exited, output: () => stdout };
}
