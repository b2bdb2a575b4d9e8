/**
 * Docs that run. Every command of the ```sh blocks of README.md and docs/*.md runs as written, from a scratch folder
 * standing for the clone's root, against the API over the demo data of the test database: `npm run X` as package.json
 * runs it, without npm; `localhost:4000` on the test API's port. A command that cannot run here (it starts a server,
 * takes minutes, or names a file no one wrote yet) is listed in SKIPPED with why, so that none is left out silently.
 * The files the docs link to exist, and the example follow-up files import cleanly for the user the docs name.
 */
import iconv from 'iconv-lite';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Api } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { parseGlobalId } from '../../src/graphql/relay/global-id.js';
import { startTestApi, testDataDir, tokenFor } from '../support/api.js';
import { importFile } from '../support/imports.js';
import { sql } from '../support/sql.js';
import { EXAMPLE_CSV, EXAMPLE_XLSX, valuesRead } from './example-workbook.js';

const DOCUMENTS = ['README.md', ...readdirSync(path.join(PROJECT_ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];

const DECP_EXAMPLE = 'connects as the owner, npm start stopped: test/imports/decp.test.ts runs it as the page writes it, on the test database, '
  + 'checks what it writes and removes it (run here too, its drafts would stay)';

/** The documented commands not run, each with why. An entry that no longer matches a documented command fails the test. */
const SKIPPED: Record<string, string> = {
  'npm install && npm start': 'installs, then serves until stopped: the test API stands for it (CI runs it: .ci/quick-start.mjs)',
  'npm test': 'the whole suite, this test included',
  'DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm start': "serves until stopped, on the machine's PostgreSQL (npm run test:external runs the suite there)",
  'npm run import:decp -- FILE.json [--dry-run]': 'a synopsis: FILE.json is a placeholder (the commands of the example follow it)',
  'npm run import:decp -- docs/examples/decp-exemple.json --dry-run': DECP_EXAMPLE,
  'npm run import:decp -- docs/examples/decp-exemple.json': DECP_EXAMPLE,
  'npm run bench': 'a benchmark: minutes',
  'BENCH_DURATION=30 BENCH_CONNECTIONS=50 npm run bench': 'a benchmark: minutes',
  'BENCH_SKIP_STARTUP=1 npm run bench': 'a benchmark: minutes',
  'npm run bench:import': 'a benchmark: minutes',
  'BENCH_IMPORT_LINES=100000 npm run bench:import': 'a benchmark: minutes',
  'npm run bench:indicators': 'a benchmark: minutes',
  'BENCH_DEPARTEMENTS=1 npm run bench:indicators': 'a benchmark: minutes',
  'npm run bench:console': 'a benchmark: test/bench/console.test.ts runs it',
  'npm run bench:soak': 'a soak: a quarter of an hour',
  'SOAK_MINUTES=2 npm run bench:soak': 'a soak: minutes',
  'npm run retention -- --dry-run': 'needs the embedded PostgreSQL to itself, npm start stopped (test/personal-data/retention.test.ts runs the retention on a database of its own)',
  'npm run seed:scale -- --departements 1': 'needs the embedded PostgreSQL to itself, npm start stopped, and adds 174,000 rows (test/seeds/scale.test.ts generates a département)',
  'npm run seed:scale -- --departements 100 --years 10 --database-url postgres://owner@host/db': 'a placeholder database URL, and hours of generation',
};

const PACKAGE_SCRIPTS = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** A script of package.json without npm: its node command on this Node, the file it runs found from the clone's root. */
function scriptCommand(name: string): string {
  const node = /^(?:exec )?node((?: -\S+)*)(?: (\S+)(.*))?$/.exec(PACKAGE_SCRIPTS[name] ?? '');
  if (!node) throw new Error(`package.json: the script ${name} is not one node command (${PACKAGE_SCRIPTS[name]})`);
  const [, flags, file, rest] = node;
  return `'${process.execPath}'${flags}${file ? ` '${path.join(PROJECT_ROOT, file)}'${rest}` : ''}`;
}

/** The npm scripts documented commands run, by name. */
const SCRIPTS = new Map(['v', 'token', 'import', 'export', 'report'].map((name) => [name, scriptCommand(name)]));

interface DocumentedCommand {
  /** document:line */
  where: string;
  /** The command, its continued lines joined, without its comment. */
  text: string;
}

/** The commands of each ```sh block of a document: a line ending with « \ » goes on with the next; « # » after a space starts a comment. */
function shBlocks(document: string): DocumentedCommand[][] {
  const blocks: DocumentedCommand[][] = [];
  let block: DocumentedCommand[] | null = null;
  let pending: { line: number; text: string } | null = null;
  readFileSync(path.join(PROJECT_ROOT, document), 'utf8').split('\n').forEach((raw, index) => {
    if (!block) {
      if (/^```sh\s*$/.test(raw)) block = [];
      return;
    }
    if (/^```\s*$/.test(raw)) {
      blocks.push(block);
      block = null;
      return;
    }
    const line = pending?.line ?? index + 1;
    const text = `${pending ? `${pending.text} ` : ''}${raw.replace(/(^|\s)#(\s.*)?$/, '').trim()}`;
    pending = text.endsWith('\\') ? { line, text: text.slice(0, -1).trim() } : null;
    if (!pending && text) block.push({ where: `${document}:${line}`, text });
  });
  return blocks;
}

const BLOCKS = DOCUMENTS.flatMap(shBlocks);

const DEFAULT_PORT = loadConfig({}).port;
const NPM_RUN = /\bnpm run (?:--silent |-s )?([\w:]+)(?: --(?=\s|$))?/g;

/** The command as the shell runs it here: the scripts without npm, the test API's port. */
function runnable(text: string, port: string): string {
  const command = text
    .replace(NPM_RUN, (_, name: string) => {
      const script = SCRIPTS.get(name);
      if (!script) throw new Error(`npm run ${name}: add the script to SCRIPTS, or the command to SKIPPED with why`);
      return script;
    })
    .replaceAll(`localhost:${DEFAULT_PORT}`, `localhost:${port}`);
  if (/\bnpm\b/.test(command)) throw new Error(`${text}: only npm run SCRIPT is run; list the command in SKIPPED with why`);
  return command;
}

interface Outcome {
  status: number | string;
  stdout: string;
  stderr: string;
}

let api: Api;
let scratch: string;
let env: NodeJS.ProcessEnv;

function sh(script: string, variables: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', script], { cwd: scratch, env: { ...env, ...variables }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error ? (error.code ?? error.signal ?? 'failed') : 0, stdout, stderr });
    });
  });
}

/** The answer of the API when a command printed one: curl -s exits with 0 on an error answered as JSON. */
function jsonAnswer(stdout: string): { errors?: unknown } | undefined {
  try {
    return JSON.parse(stdout) as { errors?: unknown };
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  api = await startTestApi();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'clauses-docs-'));
  // The commands read docs/ as from the clone's root; the files they write stay in the scratch folder.
  await symlink(path.join(PROJECT_ROOT, 'docs'), path.join(scratch, 'docs'));
  env = { ...process.env, DATA_DIR: testDataDir(), PORT: new URL(api.url).port };
  delete env.CLAUSES_TOKEN;
});
afterAll(async () => {
  await api.close();
  await rm(scratch, { recursive: true, force: true });
});

const EXAMPLE_USER = 'editor@fabrique-defi.demo';

/** What an import wrote, by the audit trail of its rows (the job's own record aside). */
async function rowEvents(jobId: string): Promise<string[]> {
  const events = await sql<{ entity: string }>("select entity from audit_event where request_id = $1 and entity <> 'ImportJob'", [parseGlobalId(jobId)!.id]);
  return events.map((event) => event.entity);
}

// First, on a database the documented commands have not imported the examples into yet.
describe('the example follow-up files of docs/imports.md', () => {
  it('hold the same rows: the import reads the same values from the workbook as from the CSV', async () => {
    const csv = await valuesRead(EXAMPLE_CSV);
    expect(csv).toHaveLength(9);
    expect(await valuesRead(EXAMPLE_XLSX)).toEqual(csv);
  });

  it(`import for ${EXAMPLE_USER} without a problem, and again, from the CSV or the workbook, change nothing`, async () => {
    const token = await tokenFor(EXAMPLE_USER);
    const csv = await readFile(EXAMPLE_CSV);
    const lines = { rows: 9, accepted: 9, refused: 0, beneficiariesUpdated: 0, placementsUpdated: 0, hoursUpdated: 0 };
    const created = { ...lines, beneficiariesCreated: 2, placementsCreated: 2, hoursCreated: 6, hoursUnchanged: 3 };

    const dryRun = await importFile(api.url, csv, { token, fileName: 'suivi-exemple.csv', dryRun: true });
    expect(dryRun).toMatchObject({ status: 'COMPLETED', written: false, problemCount: 0, counts: created });
    const imported = await importFile(api.url, csv, { token, fileName: 'suivi-exemple.csv' });
    expect(imported).toMatchObject({ status: 'COMPLETED', written: true, problemCount: 0, counts: created });
    expect(await rowEvents(imported.id)).toEqual(expect.arrayContaining(['Beneficiary', 'Placement', 'MonthlyHours']));
    const exported = await fetch(new URL('/exports/follow-up.csv', api.url), { headers: { authorization: `Bearer ${token}` } });
    expect((await exported.text()).split('\r\n')).toEqual(expect.arrayContaining(iconv.decode(csv, 'win1252').trim().split('\r\n').slice(1)));

    for (const [file, fileName] of [[csv, 'suivi-exemple.csv'], [await readFile(EXAMPLE_XLSX), 'suivi-exemple.xlsx']] as const) {
      const again = await importFile(api.url, file, { token, fileName });
      expect(again).toMatchObject({ status: 'COMPLETED', problemCount: 0, counts: { ...lines, beneficiariesCreated: 0, placementsCreated: 0, hoursCreated: 0, hoursUnchanged: 9 } });
      expect(await rowEvents(again.id)).toEqual([]);
    }
  });
});

describe('the documentation', () => {
  it('links only to files that exist', () => {
    const missing = DOCUMENTS.flatMap((document) => [...readFileSync(path.join(PROJECT_ROOT, document), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
      .map(([, target]) => target!.split('#')[0]!)
      .filter((target) => target && !/^[a-z]+:/.test(target))
      .filter((target) => !existsSync(path.resolve(PROJECT_ROOT, path.dirname(document), target)))
      .map((target) => `${document}: ${target}`));
    expect(missing).toEqual([]);
  });

  it('skips only commands it holds', () => {
    const documented = new Set(BLOCKS.flat().map((command) => command.text));
    expect(Object.keys(SKIPPED).filter((text) => !documented.has(text))).toEqual([]);
  });
});

describe.each(BLOCKS.filter((block) => block.length).map((block) => [block[0]!.where, block] as const))('the sh block of %s', (_, block) => {
  /** Set by NAME=$(…) for the block's next commands, as the shell does. */
  const variables: Record<string, string> = {};
  for (const { where, text } of block) {
    const reason = SKIPPED[text];
    if (reason) {
      it.skip(`${where} ${text} (not run: ${reason})`, () => undefined);
      continue;
    }
    it(`${where} ${text}`, async () => {
      const command = runnable(text, env.PORT!);
      const assigned = /^([A-Za-z_]\w*)=\$\(.*\)$/.exec(command)?.[1];
      const outcome = await sh(assigned ? `set -e\n${command}\nprintf %s "$${assigned}"` : command, variables);
      if (outcome.status !== 0) throw new Error(`${where}: exit ${outcome.status}\n${outcome.stdout}\n${outcome.stderr}`);
      expect(jsonAnswer(outcome.stdout)?.errors).toBeUndefined();
      if (assigned) {
        expect(outcome.stdout).not.toBe('');
        variables[assigned] = outcome.stdout;
      }
    });
  }
});
