import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../src/config/free-port.js';
import { runPlatformToExit } from '../support/platform.js';

const embedded = process.env.TEST_DATABASE_MODE === 'embedded';

/** A port held by this test, as another program would hold it. */
async function holdPort(host?: string): Promise<{ port: number; release: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Processes whose command line names the folder: a PostgreSQL left running on it. */
async function processesOn(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.includes(folder)) found.push(`${pid}: ${commandLine.replaceAll('\0', ' ')}`);
  }
  return found;
}

function environment(dataDir: string, overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...overrides };
  delete env.DATABASE_URL;
  return env;
}

/** Stops with one line, that line and nothing else on standard error, and exit code 1. */
function expectOneLine(result: { code: number | null; stdout: string; stderr: string }, line: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
  expect(result.stdout).not.toMatch(/"stack"|\n\s+at /);
}

describe('npm start with a setting to change', () => {
  it('names an invalid variable in one French line', async () => {
    const result = await runPlatformToExit(environment(os.tmpdir(), { PORT: 'quatre-mille' }));
    expectOneLine(result, /^PORT doit être un numéro de port TCP \(de 0 à 65535\), et non « quatre-mille »\.$/);
  });
});

(embedded ? describe : describe.skip)('npm start on ports already taken', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-ports-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('stops in one French line naming EMBEDDED_PG_PORT when PostgreSQL cannot listen', async () => {
    const taken = await holdPort('127.0.0.1');
    try {
      const result = await runPlatformToExit(environment(dataDir, { EMBEDDED_PG_PORT: String(taken.port), PORT: String(await findFreePort()) }));
      expectOneLine(result, new RegExp(`^Le port ${taken.port} est déjà utilisé \\(variable EMBEDDED_PG_PORT\\) : choisissez-en un autre, par exemple EMBEDDED_PG_PORT=${taken.port + 1} npm start\\.$`));
    } finally {
      await taken.release();
    }
    expect(await processesOn(dataDir)).toEqual([]);
  }, 120_000);

  it('stops in one French line naming PORT, its PostgreSQL stopped, when the API cannot listen', async () => {
    const taken = await holdPort();
    try {
      const result = await runPlatformToExit(environment(dataDir, { EMBEDDED_PG_PORT: String(await findFreePort()), PORT: String(taken.port) }));
      expectOneLine(result, new RegExp(`^Le port ${taken.port} est déjà utilisé \\(variable PORT\\) : choisissez-en un autre, par exemple PORT=${taken.port + 1} npm start\\.$`));
    } finally {
      await taken.release();
    }
    expect(await readFile(path.join(dataDir, 'pg', 'PG_VERSION'), 'utf8')).toMatch(/^\d+/);
    expect(await processesOn(dataDir)).toEqual([]);
  }, 120_000);
});
