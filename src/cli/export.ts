/**
 * npm run export -- --format csv|xlsx [--out FILE] [--as EMAIL | --token T]: the acting PLIE's
 * follow-up rows (GET /exports/follow-up.csv or .xlsx), in the format `npm run import` reads.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { apiClient, CLIENT_OPTIONS, CLIENT_USAGE, expectJson, runCommand, UsageError } from './api-client.js';

const USAGE = `Usage: npm run --silent export -- --format csv|xlsx [--out FILE] [options]
  --format csv|xlsx    one CSV (French Excel), or a workbook with a sheet each for people, placements and hours
  --out FILE           where to write (default: standard output)
${CLIENT_USAGE}`;

await runCommand(USAGE, 'Export impossible', async () => {
  const { values } = parseArgs({ options: { format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' }, ...CLIENT_OPTIONS } });
  if (values.help || !['csv', 'xlsx'].includes(values.format ?? '')) throw new UsageError(values.help ? '' : '--format csv ou --format xlsx');
  const client = await apiClient(values);
  const response = await fetch(new URL(`/exports/follow-up.${values.format}`, client.baseUrl), { headers: client.headers });
  if (response.status !== 200 || !response.body) await expectJson(response, 200);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), values.out ? createWriteStream(values.out) : process.stdout);
  return 0;
});
