/**
 * npm run --silent report -- anru --charter ID --semester 2025-S1 --format xlsx|csv [--out FILE]
 * npm run --silent report -- departement --year 2025 --format xlsx|csv [--out FILE]
 * The reports of GET /reports/… (docs/indicators.md), as a client of the running API.
 */
import { parseArgs } from 'node:util';
import { apiClient, CLIENT_OPTIONS, CLIENT_USAGE, download, runCommand, UsageError } from './api-client.js';

const USAGE = `Usage: npm run --silent report -- anru --charter ID --semester 2025-S1 --format xlsx|csv [--out FILE] [options]
       npm run --silent report -- departement --year 2025 --format xlsx|csv [--out FILE] [options]
  anru                 the ANRU semester report of a charter (ID: the charter's id in the API)
  departement          the Département's yearly summary by PLIE and territory (Département only)
  --format csv|xlsx    CSV as French Excel opens it, or a workbook
  --etp-base HOURS     hours of one full-time equivalent (default 1607)
  --out FILE           where to write (default: standard output)
${CLIENT_USAGE}`;

/** The query string of each report, from the options; null when one is missing. */
type Options = Partial<Record<'charter' | 'semester' | 'year', string>>;

const PARAMETERS: Record<string, (values: Options) => Record<string, string> | null> = {
  anru: ({ charter, semester }) => (charter && semester ? { charter, semester } : null),
  departement: ({ year }) => (year ? { year } : null),
};

await runCommand(USAGE, 'Rapport impossible', async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      charter: { type: 'string' }, semester: { type: 'string' }, year: { type: 'string' }, 'etp-base': { type: 'string' },
      format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' }, ...CLIENT_OPTIONS,
    },
  });
  const [name] = positionals;
  const parameters = positionals.length === 1 ? PARAMETERS[name!]?.(values) : undefined;
  if (values.help || !parameters || !['csv', 'xlsx'].includes(values.format ?? '')) throw new UsageError(values.help ? '' : 'Rapport, paramètres ou format manquants');
  const query = new URLSearchParams({ ...parameters, ...(values['etp-base'] ? { etpBase: values['etp-base'] } : {}) });
  await download(await apiClient(values), `/reports/${name}.${values.format}?${query}`, values.out);
  return 0;
});
