/**
 * npm run import -- FILE [--dry-run] [--all-or-nothing] [--as EMAIL | --token T]: sends a follow-up
 * spreadsheet to a running API (POST /imports), shows the job's progress, then its counts and problems.
 * Exit code 0 when the file was imported (or, for a dry run, would be) without problems, 1 otherwise,
 * 2 on a usage error.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { apiClient, CLIENT_OPTIONS, CLIENT_USAGE, expectJson, runCommand, UsageError, type ApiClient } from './api-client.js';

const USAGE = `Usage: npm run import -- FILE [options]
  --dry-run            check everything and write nothing
  --all-or-nothing     write nothing when any line is refused
${CLIENT_USAGE}`;

const JOB_QUERY = `query ImportJob($id: ID!) { node(id: $id) { ... on ImportJob {
  status written progress problemCount error
  counts { rows accepted refused beneficiariesCreated beneficiariesUpdated placementsCreated placementsUpdated hoursCreated hoursUpdated hoursUnchanged }
  problems { sheet row column code message }
} } }`;

interface Job {
  status: string;
  written: boolean;
  progress: number;
  problemCount: number;
  error: string | null;
  counts: Record<string, number> | null;
  problems: { sheet: string; row: number; column: string | null; code: string; message: string }[];
}

const SHOWN_PROBLEMS = 50;

async function upload(client: ApiClient, file: string, flags: { dryRun: boolean; allOrNothing: boolean }): Promise<string> {
  const url = new URL('/imports', client.baseUrl);
  url.searchParams.set('fileName', path.basename(file));
  if (flags.dryRun) url.searchParams.set('dryRun', 'true');
  if (flags.allOrNothing) url.searchParams.set('allOrNothing', 'true');
  const { size } = await stat(file);
  const body = createReadStream(file);
  let sent = 0;
  body.on('data', (chunk) => {
    sent += chunk.length;
    process.stderr.write(`\rEnvoi : ${Math.round((100 * sent) / Math.max(size, 1))} %`);
  });
  const response = await fetch(url, { method: 'POST', headers: client.headers, body: Readable.toWeb(body) as ReadableStream, duplex: 'half' } as RequestInit);
  const { importJob } = await expectJson<{ importJob: { id: string } }>(response, 202);
  process.stderr.write('\n');
  return importJob.id;
}

async function follow(client: ApiClient, id: string): Promise<Job> {
  for (;;) {
    const response = await fetch(new URL('/graphql', client.baseUrl), {
      method: 'POST', headers: { ...client.headers, 'content-type': 'application/json' }, body: JSON.stringify({ query: JOB_QUERY, variables: { id } }),
    });
    const { data } = await expectJson<{ data: { node: Job } }>(response, 200);
    process.stderr.write(`\rImport : ${Math.round(100 * data.node.progress)} % lu (${data.node.status})   `);
    if (data.node.status === 'COMPLETED' || data.node.status === 'FAILED') {
      process.stderr.write('\n');
      return data.node;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function report(job: Job, dryRun: boolean): void {
  if (job.error) console.log(job.error);
  if (job.counts) {
    const c = job.counts;
    console.log(`${c.rows} lignes : ${c.accepted} acceptées, ${c.refused} refusées`);
    console.log(`participants : ${c.beneficiariesCreated} créés, ${c.beneficiariesUpdated} modifiés`);
    console.log(`mises à l'emploi : ${c.placementsCreated} créées, ${c.placementsUpdated} modifiées`);
    console.log(`heures : ${c.hoursCreated} créées, ${c.hoursUpdated} modifiées, ${c.hoursUnchanged} inchangées`);
  }
  for (const problem of job.problems.slice(0, SHOWN_PROBLEMS)) {
    console.log(`${problem.sheet} ligne ${problem.row}${problem.column ? `, « ${problem.column} »` : ''} [${problem.code}] ${problem.message}`);
  }
  if (job.problemCount > SHOWN_PROBLEMS) console.log(`… et ${job.problemCount - SHOWN_PROBLEMS} autres problèmes`);
  console.log(dryRun ? 'Essai : rien n’a été écrit.' : job.written ? 'Les lignes acceptées sont enregistrées.' : 'Rien n’a été écrit.');
}

await runCommand(USAGE, 'Import impossible', async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false }, 'all-or-nothing': { type: 'boolean', default: false }, help: { type: 'boolean' }, ...CLIENT_OPTIONS },
  });
  if (values.help || positionals.length !== 1) throw new UsageError(values.help ? '' : 'Indiquez un fichier, et un seul');
  const client = await apiClient(values);
  const flags = { dryRun: values['dry-run'], allOrNothing: values['all-or-nothing'] };
  const job = await follow(client, await upload(client, positionals[0]!, flags));
  report(job, flags.dryRun);
  return job.status === 'COMPLETED' && job.problemCount === 0 ? 0 : 1;
});
