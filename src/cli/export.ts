/**
 * npm run export -- --format csv|xlsx [--out FILE] [--as EMAIL | --token T]: the acting PLIE's
 * follow-up rows (GET /exports/follow-up.csv or .xlsx), in the format `npm run import` reads.
 */
import { parseArgs } from 'node:util';
import { apiClient, CLIENT_OPTIONS, CLIENT_USAGE, download, runCommand, UsageError } from './api-client.js';

const USAGE = `Usage: npm run --silent export -- --format csv|xlsx [--out FILE] [options]
  --format csv|xlsx    one CSV (French Excel), or a workbook with a sheet each for people, placements and hours
  --out FILE           where to write (default: standard output)
${CLIENT_USAGE}`;

await runCommand(USAGE, 'Export impossible', async () => {
  const { values } = parseArgs({ options: { format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' }, ...CLIENT_OPTIONS } });
  if (values.help || !['csv', 'xlsx'].includes(values.format ?? '')) throw new UsageError(values.help ? '' : '--format csv ou --format xlsx');
  await download(await apiClient(values), `/exports/follow-up.${values.format}`, values.out);
  return 0;
});
