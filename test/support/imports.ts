/** Files written the way French Excel writes them, sent to POST /imports as a client would, and the job followed to its end. */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ImportJobResultDocument } from '../generated/graphql.js';
import { execute, tokenFor } from './api.js';
import { sql } from './sql.js';

export type Cell = string | number | Date | boolean | null;

/** « ; » between cells, CRLF between lines, in Windows-1252 or in UTF-8 with a byte-order mark. */
export function excelCsv(rows: Cell[][], encoding: 'win1252' | 'utf8-bom' = 'win1252'): Buffer {
  const text = rows.map((row) => row.map((cell) => {
    const value = cell === null ? '' : String(cell);
    return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }).join(';')).join('\r\n') + '\r\n';
  return encoding === 'win1252' ? iconv.encode(text, 'win1252') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function xlsx(sheets: { name: string; rows: Cell[][] }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, rows } of sheets) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface UploadOptions {
  token: string;
  fileName?: string;
  dryRun?: boolean;
  allOrNothing?: boolean;
}

export async function upload(apiUrl: string, body: Buffer, options: UploadOptions): Promise<Response> {
  const url = new URL('/imports', apiUrl);
  url.searchParams.set('fileName', options.fileName ?? 'suivi.csv');
  if (options.dryRun) url.searchParams.set('dryRun', 'true');
  if (options.allOrNothing) url.searchParams.set('allOrNothing', 'true');
  return fetch(url, { method: 'POST', headers: { authorization: `Bearer ${options.token}` }, body });
}

async function jobResult(apiUrl: string, token: string, id: string) {
  const response = await execute(apiUrl, ImportJobResultDocument, { id }, { token });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.node;
}

/** The job, polled until it has completed or failed; an error after timeoutMs, so that a test never polls forever. */
export async function waitForJob(apiUrl: string, token: string, id: string, timeoutMs = 120_000) {
  for (const started = Date.now(); ;) {
    const job = await jobResult(apiUrl, token, id);
    if (!job || !('status' in job)) throw new Error(`no import job ${id}`);
    if (job.status === 'COMPLETED' || job.status === 'FAILED') return job;
    if (Date.now() - started > timeoutMs) throw new Error(`the import job ${id} is still ${job.status} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Uploads, expects 202, and waits for the result. */
export async function importFile(apiUrl: string, body: Buffer, options: UploadOptions) {
  const response = await upload(apiUrl, body, options);
  const answer = (await response.json()) as { importJob?: { id: string }; errors?: unknown };
  if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${JSON.stringify(answer)}`);
  return waitForJob(apiUrl, options.token, answer.importJob!.id);
}

/**
 * What a follow-up file needs: a market that a PLIE with a demo editor (of that PLIE only) facilitates,
 * running at least `months` months (dates ISO), its buyer's SIRET, that editor, and an employer.
 */
export async function facilitatedMarket(months: number) {
  const [found] = await sql<{ reference: string; buyer_siret: string; start_date: string; end_date: string | null; email: string; organisation_id: string }>(
    `select m.reference, o.siret as buyer_siret, to_char(m.start_date, 'YYYY-MM-DD') as start_date, to_char(m.end_date, 'YYYY-MM-DD') as end_date,
            u.email, m.facilitator_id as organisation_id
       from market m join organisation o on o.id = m.buyer_id
       join membership ms on ms.organisation_id = m.facilitator_id and ms.role = 'EDITOR' and ms.active join app_user u on u.id = ms.user_id
      where m.start_date is not null and (m.end_date is null or m.end_date > m.start_date + make_interval(months => $1))
        and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
        and (select count(*) from market twin where twin.reference = m.reference and twin.facilitator_id = m.facilitator_id) = 1
      order by m.reference, u.email limit 1`,
    [months],
  );
  const { email, organisation_id: organisationId, ...market } = found!;
  const [employer] = await sql<{ siret: string }>('select siret from company order by siret limit 1');
  return { market, plie: { email, organisationId, token: await tokenFor(email) }, employer: employer!.siret };
}
