/**
 * The console's way of sending a file (issue 16): POST /imports as a multipart/form-data form, streamed, with every
 * refusal of the raw body; and the refused lines downloaded (GET /exports/import-refused.csv and .xlsx), fixed and
 * sent back.
 */
import ExcelJS from 'exceljs';
import http from 'node:http';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Api } from '../../src/app.js';
import { IMPORT_LIMITS } from '../../src/imports/limits.js';
import { startTestApi, tokenFor } from '../support/api.js';
import { excelCsv, waitForJob, xlsx, type Cell } from '../support/imports.js';
import { sql } from '../support/sql.js';

let api: Api;
let editor: string;
let viewer: string;
let otherPlie: string;
let buyer: string;

beforeAll(async () => {
  api = await startTestApi();
  editor = await tokenFor('editor@fabrique-defi.demo');
  viewer = await tokenFor('viewer@fabrique-defi.demo');
  otherPlie = await tokenFor('editor@amie-boulonnais.demo');
  buyer = await tokenFor('admin@ville-calais.demo');
});
afterAll(() => api.close());

export const HEADER = ['Nom', 'Prénom', 'Date de naissance', 'Sexe', "Date d'entrée", 'Commune de résidence', 'QPV', 'BRSA', 'DELD', 'RQTH', 'ASE',
  'Niveau de qualification', 'SIRET employeur', 'Référence du marché', 'SIRET acheteur', 'Date de début', 'N° de lot', 'Type de contrat', 'Modalité',
  'Date de fin', 'Heures hebdomadaires', 'Mois', 'Heures'];
/** A line of La Fabrique DEFI's follow-up (docs/examples/suivi-exemple.csv), for a person of this test's own. */
const line = (lastName: string, birthDate: string, month: string, hours: string): string[] => [lastName, 'Inès', birthDate, 'Femme', '01/09/2025', 'Calais', '', 'Non', 'Oui', 'Non', 'Non',
  'Sans qualification', '80205894102746', 'TOH-2024-016', '', '06/10/2025', '1', 'CDD', 'Embauche directe', '31/03/2026', '35', month, hours];

const jobCount = async () => Number((await sql<{ count: string }>('select count(*) from import_job'))[0]!.count);
const spooled = async () => readdir(path.join(os.tmpdir(), 'clauses-imports')).catch(() => [] as string[]);

/** A multipart body as a browser's FormData sends it. */
function form(parts: { name: string; fileName?: string; data: Buffer | string }[]): FormData {
  const data = new FormData();
  for (const part of parts) {
    if (part.fileName) data.append(part.name, new Blob([part.data]), part.fileName);
    else data.append(part.name, String(part.data));
  }
  return data;
}

async function send(body: FormData, token: string, query = '') {
  const response = await fetch(new URL(`/imports${query}`, api.url), { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
  return { status: response.status, body: await response.json() as { importJob?: { id: string; status: string }; errors?: { message: string }[] } };
}

const download = (id: string, format: 'csv' | 'xlsx', token: string) =>
  fetch(new URL(`/exports/import-refused.${format}?id=${encodeURIComponent(id)}`, api.url), { headers: { authorization: `Bearer ${token}` } });

const csvText = (body: ArrayBuffer) => Buffer.from(body).toString('utf8').replace(/^\uFEFF/, '');

describe('POST /imports as a form (multipart/form-data)', () => {
  it('accepts a file part and its options, and imports it as the raw body would', async () => {
    const file = excelCsv([HEADER, line('Formulaire', '14/07/1995', '10/2025', '120')]);
    const answer = await send(form([{ name: 'dryRun', data: 'true' }, { name: 'file', fileName: 'suivi-formulaire.csv', data: file }]), editor);
    expect(answer).toMatchObject({ status: 202, body: { importJob: { status: 'QUEUED' } } });
    const job = await waitForJob(api.url, editor, answer.body.importJob!.id);
    expect(job).toMatchObject({ status: 'COMPLETED', dryRun: true, allOrNothing: false, fileName: 'suivi-formulaire.csv', fileBytes: file.length, written: false });
    expect(job.counts).toMatchObject({ rows: 1, accepted: 1, refused: 0, beneficiariesCreated: 1 });
  });

  it('reads the options after the file as well', async () => {
    const file = excelCsv([HEADER, line('Formulaire', '14/07/1995', '10/2025', '120')]);
    const answer = await send(form([{ name: 'file', fileName: 'apres.csv', data: file }, { name: 'dryRun', data: '1' }, { name: 'allOrNothing', data: 'true' }]), editor);
    const job = await waitForJob(api.url, editor, answer.body.importJob!.id);
    expect(job).toMatchObject({ dryRun: true, allOrNothing: true });
  });

  it('refuses a form without a file part, in French, writing nothing', async () => {
    const before = await jobCount();
    const answer = await send(form([{ name: 'dryRun', data: 'true' }]), editor);
    expect(answer.status).toBe(400);
    expect(answer.body.errors![0]!.message).toBe('Fichier manquant : envoyez-le dans la partie « file » du formulaire');
    expect(await jobCount()).toBe(before);
  });

  it('refuses two files, writing nothing and keeping no temporary file', async () => {
    const before = await jobCount();
    const spooledBefore = await spooled();
    const file = excelCsv([HEADER, line('Deux', '14/07/1995', '10/2025', '120')]);
    const answer = await send(form([{ name: 'file', fileName: 'un.csv', data: file }, { name: 'file', fileName: 'deux.csv', data: file }]), editor);
    expect(answer.status).toBe(400);
    expect(answer.body.errors![0]!.message).toBe('Un seul fichier par import : le formulaire en envoyait plusieurs');
    expect(await jobCount()).toBe(before);
    expect((await spooled()).filter((file) => !spooledBefore.includes(file))).toEqual([]);
  });

  it('refuses a file name longer than the limit, without quoting it back', async () => {
    const name = `${'n'.repeat(IMPORT_LIMITS.fileNameChars)}.csv`;
    const answer = await send(form([{ name: 'file', fileName: name, data: 'Nom;Prénom\r\n' }]), editor);
    expect(answer.status).toBe(400);
    expect(answer.body.errors![0]!.message).toBe('Nom du fichier trop long (au plus 255 caractères)');
    expect(JSON.stringify(answer.body)).not.toContain(name);
  });

  it('refuses a buyer before reading the file', async () => {
    const before = await jobCount();
    const answer = await send(form([{ name: 'file', fileName: 'suivi.csv', data: excelCsv([HEADER]) }]), buyer);
    expect(answer.status).toBe(403);
    expect(answer.body.errors![0]!.message).toMatch(/PLIE/);
    expect(await jobCount()).toBe(before);
  });

  it('answers 413 as soon as the file passes the limit while it streams, and writes nothing', async () => {
    const before = await jobCount();
    const spooledBefore = await spooled();
    const boundary = 'frontiere-du-test';
    const MiB = 1024 * 1024;
    // What the sender has beyond the limit: a margin a loaded machine's socket buffers cannot hide.
    const beyond = 512 * MiB;
    let sent = 0;
    let sentWhenAnswered = 0;
    let answered = false;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(new URL('/imports?dryRun=true', api.url), {
        method: 'POST', headers: { authorization: `Bearer ${editor}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
      }, (response) => {
        answered = true;
        sentWhenAnswered = sent;
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          request.destroy();
          resolve({ status: response.statusCode!, body });
        });
      });
      request.on('error', reject);
      request.write(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="gros.csv"\r\ncontent-type: text/csv\r\n\r\n`);
      const chunk = Buffer.alloc(MiB, 'x');
      // Written as the server drains it, no further than the limit and as much again: it must answer before the end.
      const pump = () => {
        while (sent < IMPORT_LIMITS.uploadBytes + beyond && !request.destroyed && !answered) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).errors[0].message).toBe('Fichier trop volumineux (au plus 512 Mo)');
    // Answered once the limit was passed, before the sender came to the end of what it had to send.
    expect(sentWhenAnswered).toBeGreaterThan(IMPORT_LIMITS.uploadBytes);
    expect(sentWhenAnswered).toBeLessThan(IMPORT_LIMITS.uploadBytes + beyond);
    expect(await jobCount()).toBe(before);
    expect((await spooled()).filter((file) => !spooledBefore.includes(file))).toEqual([]);
  }, 120_000);

  it('still takes the raw body, as the command line sends it', async () => {
    const response = await fetch(new URL('/imports?fileName=brut.csv&dryRun=1', api.url), {
      method: 'POST', headers: { authorization: `Bearer ${editor}` }, body: excelCsv([HEADER, line('Brut', '14/07/1995', '10/2025', '120')]),
    });
    expect(response.status).toBe(202);
  });
});

describe('the refused lines, downloaded', () => {
  const bad: Cell[][] = [
    line('Refus', '31/02/1990', '10/2025', '120'),
    line('Accepte', '14/07/1995', '10/2025', '120'),
    line('Accepte', '14/07/1995', '11/2025', 'beaucoup'),
  ];

  it('gives the refused rows of a CSV as they were, with « Motif du refus », and the file goes back in once fixed', async () => {
    const sentFile = await send(form([{ name: 'dryRun', data: 'true' }, { name: 'file', fileName: 'avec-erreurs.csv', data: excelCsv([HEADER, ...bad]) }]), editor);
    const job = await waitForJob(api.url, editor, sentFile.body.importJob!.id);
    expect(job.counts).toMatchObject({ rows: 3, accepted: 1, refused: 2 });
    const response = await download(job.id, 'csv', editor);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const text = csvText(await response.arrayBuffer());
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe([...HEADER, 'Motif du refus'].join(';'));
    expect(lines[1]!.startsWith(bad[0]!.join(';') + ';Date de naissance : ')).toBe(true);
    expect(lines[2]!.startsWith(bad[2]!.join(';') + ';Heures : ')).toBe(true);
    expect(lines.some((written) => written.startsWith(bad[1]!.join(';')))).toBe(false); // the accepted line is not there

    // Sent back as it is, the reason's column is ignored: the same lines refused for the same reasons, and nothing more.
    const again = await send(form([{ name: 'dryRun', data: 'true' }, { name: 'file', fileName: 'lignes-refusees.csv', data: Buffer.from(text) }]), editor);
    const againJob = await waitForJob(api.url, editor, again.body.importJob!.id);
    expect(againJob.counts).toMatchObject({ rows: 2, accepted: 0, refused: 2 });
    expect(againJob.problems.map((problem) => [problem.row, problem.column])).toEqual([[2, 'Date de naissance'], [3, 'Heures']]);

    // Fixed in the spreadsheet, it goes in whole.
    const fixed = text.replace('31/02/1990', '28/02/1990').replace(';beaucoup;', ';98;');
    const fixedJob = await waitForJob(api.url, editor, (await send(form([{ name: 'dryRun', data: 'true' }, { name: 'file', fileName: 'corrige.csv', data: Buffer.from(fixed) }]), editor)).body.importJob!.id);
    expect(fixedJob.counts).toMatchObject({ rows: 2, accepted: 2, refused: 0 });
    expect(fixedJob.problemCount).toBe(0);
  });

  it('gives the refused rows of a workbook as a workbook, sheet by sheet, that goes back in', async () => {
    const workbook = await xlsx([{ name: 'Suivi', rows: [HEADER, ...bad] }]);
    const sentFile = await send(form([{ name: 'dryRun', data: 'true' }, { name: 'file', fileName: 'avec-erreurs.xlsx', data: workbook }]), editor);
    const job = await waitForJob(api.url, editor, sentFile.body.importJob!.id);
    expect(job.counts).toMatchObject({ refused: 2 });
    const response = await download(job.id, 'xlsx', editor);
    expect(response.status).toBe(200);
    const downloaded = Buffer.from(await response.arrayBuffer());
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(downloaded as unknown as ArrayBuffer);
    const sheet = read.getWorksheet('Suivi')!;
    expect(sheet.getRow(1).getCell(HEADER.length + 1).value).toBe('Motif du refus');
    expect(sheet.getRow(2).getCell(1).value).toBe('Refus');
    expect(sheet.getRow(2).getCell(3).value).toBe('31/02/1990');
    expect(String(sheet.getRow(2).getCell(HEADER.length + 1).value)).toMatch(/^Date de naissance : /);
    expect(sheet.getRow(3).getCell(HEADER.length).value).toBe('beaucoup');
    expect(sheet.rowCount).toBe(3);
    const again = await send(form([{ name: 'dryRun', data: 'true' }, { name: 'file', fileName: 'lignes-refusees.xlsx', data: downloaded }]), editor);
    const againJob = await waitForJob(api.url, editor, again.body.importJob!.id);
    expect(againJob.counts).toMatchObject({ rows: 2, refused: 2 });
    expect(againJob.problems.map((problem) => [problem.row, problem.column])).toEqual([[2, 'Date de naissance'], [3, 'Heures']]);
  });

  it('is the importing organisation’s own: another PLIE, a viewer and a buyer cannot download it', async () => {
    const sentFile = await send(form([{ name: 'dryRun', data: 'true' }, { name: 'file', fileName: 'prive.csv', data: excelCsv([HEADER, ...bad]) }]), editor);
    const job = await waitForJob(api.url, editor, sentFile.body.importJob!.id);
    const other = await download(job.id, 'csv', otherPlie);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain('Refus');
    expect((await download(job.id, 'csv', viewer)).status).toBe(403);
    expect((await download(job.id, 'csv', buyer)).status).toBe(403);
    expect((await download('pas-un-import', 'csv', editor)).status).toBe(404);
    const missing = await fetch(new URL('/exports/import-refused.csv', api.url), { headers: { authorization: `Bearer ${editor}` } });
    expect(missing.status).toBe(400);
  });

  it('are kept a week: then no longer downloadable, and cleared when the organisation’s next import ends', async () => {
    const sentFile = await send(form([{ name: 'dryRun', data: 'true' }, { name: 'file', fileName: 'ancien.csv', data: excelCsv([HEADER, ...bad]) }]), editor);
    const job = await waitForJob(api.url, editor, sentFile.body.importJob!.id);
    const [{ id } = { id: '' }] = await sql<{ id: string }>("select id from import_job where file_name = 'ancien.csv'");
    await sql("update import_job set finished_at = now() - interval '8 days' where id = $1", [id]);
    const old = await download(job.id, 'csv', editor);
    expect(old.status).toBe(410);
    expect(((await old.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/ne sont gardées que 7 jours/);
    expect((await sql<{ kept: number }>('select jsonb_array_length(refused_rows) as kept from import_job where id = $1', [id]))[0]!.kept).toBe(1);
    await waitForJob(api.url, editor, (await send(form([{ name: 'dryRun', data: 'true' }, { name: 'file', fileName: 'suivant.csv', data: excelCsv([HEADER, ...bad]) }]), editor)).body.importJob!.id);
    expect((await sql<{ kept: number }>('select jsonb_array_length(refused_rows) as kept from import_job where id = $1', [id]))[0]!.kept).toBe(0);
  });
});
