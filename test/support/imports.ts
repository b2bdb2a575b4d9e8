/** Files written the way French Excel writes them, sent to POST /imports as a client would, and the job followed to its end. */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ImportJobResultDocument } from '../generated/graphql.js';
import { execute } from './api.js';

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

/** The job, polled until it has completed or failed. */
export async function waitForJob(apiUrl: string, token: string, id: string) {
  for (;;) {
    const job = await jobResult(apiUrl, token, id);
    if (!job || !('status' in job)) throw new Error(`no import job ${id}`);
    if (job.status === 'COMPLETED' || job.status === 'FAILED') return job;
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
