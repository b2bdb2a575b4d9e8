/**
 * npm run export -- --format csv|xlsx [--out FILE] [--as EMAIL | --token T]: the acting PLIE's
 * follow-up rows (GET /exports/follow-up.csv or .xlsx), in the format `npm run import` reads; with
 * --person ID, one person's record (GET /exports/person.json, .csv or .xlsx), for their rights of
 * access and portability.
 */
import { parseArgs } from 'node:util';
import { apiClient, CLIENT_OPTIONS, CLIENT_USAGE, download, runCommand, UsageError } from './api-client.js';

const USAGE = `Usage: npm run --silent export -- --format csv|xlsx [--person ID] [--out FILE] [options]
  --format csv|xlsx    one CSV (French Excel), or a workbook with a sheet each for people, placements and hours
  --person ID          only this person (a Beneficiary id), whose whole record --format json also gives
  --out FILE           where to write (default: standard output)
${CLIENT_USAGE}`;

await runCommand(USAGE, 'Export impossible', async () => {
  const { values } = parseArgs({
    options: { format: { type: 'string' }, person: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' }, ...CLIENT_OPTIONS },
  });
  const formats = values.person ? ['json', 'csv', 'xlsx'] : ['csv', 'xlsx'];
  if (values.help || !formats.includes(values.format ?? '')) throw new UsageError(values.help ? '' : formats.map((format) => `--format ${format}`).join(' ou '));
  const path = values.person ? `/exports/person.${values.format}?id=${encodeURIComponent(values.person)}` : `/exports/follow-up.${values.format}`;
  await download(await apiClient(values), path, values.out);
  return 0;
});
