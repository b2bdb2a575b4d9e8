/** Files as they come, hostile ones included: every workbook read whatever the order of its parts, and every limit refused early. */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Api } from '../../src/app.js';
import { IMPORT_LIMITS } from '../../src/imports/limits.js';
import { ViewerDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { excelCsv, importFile, upload, xlsx, type Cell } from '../support/imports.js';
import { demoUser, sql } from '../support/sql.js';
import { unzip, zip, type Part } from '../support/zip.js';

let api: Api;
let token: string;
let otherToken: string;

beforeAll(async () => {
  api = await startTestApi();
  token = await tokenFor((await demoUser('PLIE', 'EDITOR')).email);
  otherToken = await tokenFor((await demoUser('BAILLEUR', 'EDITOR')).email);
});
afterAll(() => api.close());

const PERSON = ['Nom', 'Prénom', 'Date de naissance'];
const people = (count: number): Cell[][] => Array.from({ length: count }, (_, index) => [`Ordre-${index}`, 'Zoé', '14/07/1990']);

/** A workbook exceljs writes (shared strings, three sheets), its parts put in another order. */
async function reordered(order: (names: string[]) => string[]): Promise<Buffer> {
  const parts = await unzip(await xlsx([
    { name: 'Participants', rows: [PERSON, ...people(3)] },
    { name: "Mises à l'emploi", rows: [PERSON, ...people(2)] },
    { name: 'Heures', rows: [PERSON, ...people(4)] },
  ]));
  const byName = new Map(parts.map((part) => [part.name, part]));
  return zip(order(parts.map((part) => part.name)).map((name) => byName.get(name)!));
}

const isWorkbook = (name: string) => name === 'xl/workbook.xml';
const isStrings = (name: string) => name === 'xl/sharedStrings.xml';
const isOther = (name: string) => !isWorkbook(name) && !isStrings(name);
/** The order of exceljs issue #683: the shared strings after the sheets (exceljs then races). */
const stringsLast = (names: string[]) => [...names.filter(isWorkbook), ...names.filter(isOther), ...names.filter(isStrings)];
/** The workbook part last, the shared strings first (exceljs then reads the sheets before knowing them). */
const workbookLast = (names: string[]) => [...names.filter(isStrings), ...names.filter(isOther), ...names.filter(isWorkbook)];

describe('a workbook, whatever the order of its zip parts', () => {
  it.each([
    ['the shared strings after the sheets', stringsLast, 'xl/sharedStrings.xml'],
    ['the workbook part last', workbookLast, 'xl/workbook.xml'],
  ])('reads every sheet of every import, with %s', async (_, order, lastPart) => {
    const file = await reordered(order);
    const names = (await unzip(file)).map((part) => part.name);
    expect(names.at(-1)).toBe(lastPart);
    expect(names.indexOf(lastPart)).toBeGreaterThan(names.indexOf('xl/worksheets/sheet3.xml'));
    for (let attempt = 0; attempt < 30; attempt++) {
      const job = await importFile(api.url, file, { token, fileName: 'ordre.xlsx', dryRun: true });
      expect({ attempt, status: job.status, error: job.error, rows: job.counts?.rows, sheets: job.problems.filter((problem) => problem.code === 'IGNORED_SHEET') })
        .toEqual({ attempt, status: 'COMPLETED', error: null, rows: 9, sheets: [] });
    }
  }, 120_000);
});

/** A minimal workbook of one sheet whose cells are the shared strings given, each in a row of its own. */
function workbook(sheet: string, strings: Part['data'] | null): Part[] {
  const parts: Part[] = [
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Suivi" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
      + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>') },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`<worksheet><sheetData>${sheet}</sheetData></worksheet>`) },
  ];
  return strings ? [...parts, { name: 'xl/sharedStrings.xml', data: strings }] : parts;
}

const MiB = 1024 * 1024;
const sharedString = (chunks: () => Iterable<Buffer>) => function* () {
  yield Buffer.from('<sst><si><t>');
  yield* chunks();
  yield Buffer.from('</t></si></sst>');
};
const repeat = (chunk: Buffer, times: number) => function* () {
  for (let index = 0; index < times; index++) yield chunk;
};

/** The job of a file, the time it took, and how much the process grew meanwhile. */
async function measured(file: Buffer) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const job = await importFile(api.url, file, { token, fileName: 'suivi.xlsx' });
    return { job, grewBy: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

describe('a file beyond the limits (src/imports/limits.ts)', () => {
  it('refuses a zip bomb (a 150 MiB shared string in 150 KB) before expanding it, in flat memory, while others are served', async () => {
    const bomb = await zip(workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', sharedString(repeat(Buffer.alloc(MiB, 'A'), 150))));
    expect(bomb.length).toBeLessThan(400 * 1024);
    const other = execute(api.url, ViewerDocument, {}, { token: otherToken });
    const { job, grewBy } = await measured(bomb);
    expect(job).toMatchObject({ status: 'FAILED', written: false });
    // Refused from the sizes its zip directory declares, before any part is expanded (xlsx/zip.ts, checkDirectory).
    expect(job.error).toMatch(/sharedStrings\.xml du classeur se décompresse .* fois plus grande \(au plus 200 fois\) : le fichier n'a pas été lu/);
    expect(grewBy).toBeLessThan(64 * MiB);
    expect((await other).data?.viewer).toBeTruthy();
    expect((await execute(api.url, ViewerDocument, {}, { token: otherToken })).data?.viewer).toBeTruthy();
  });

  it('stops a part that expands beyond the size its zip declares, in flat memory', async () => {
    const liar = await zip(workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', sharedString(repeat(Buffer.alloc(MiB, 'A'), 150))).map((part) =>
      (part.name.endsWith('sharedStrings.xml') ? { ...part, declaredSize: 1000 } : part)));
    const { job, grewBy } = await measured(liar);
    expect(job).toMatchObject({ status: 'FAILED' });
    expect(job.error).toMatch(/Le classeur XLSX est endommagé/);
    expect(grewBy).toBeLessThan(64 * MiB);
  });

  it('refuses a workbook larger than the limit uncompressed, or of too many files, from its directory', async () => {
    const parts = workbook('', null);
    const huge = await zip([...parts, { name: 'xl/media/image1.png', data: randomBytes(1000), declaredSize: IMPORT_LIMITS.xlsxUncompressedBytes + 10 * MiB }]);
    const { job } = await measured(huge);
    expect(job.error).toMatch(/Le classeur fait 1 034 Mo décompressé \(au plus 1 024 Mo\)/);
    const crowded = await zip([...parts, ...Array.from({ length: IMPORT_LIMITS.zipEntries }, (_, index) => ({ name: `xl/media/${index}.txt`, data: Buffer.from('x') }))]);
    expect((await measured(crowded)).job.error).toMatch(/Le classeur contient 10 004 fichiers \(au plus 10 000\)/);
  });

  it('refuses a text longer than the limit in the XML, and too many shared strings', async () => {
    const noise = () => Buffer.from(randomBytes(MiB / 2).toString('hex'));
    const long = await zip(workbook('', sharedString(() => [noise(), noise(), noise()])));
    expect((await measured(long)).job.error).toMatch(/contient un texte ou une balise de plus de 1 048 576 caractères/);
    const many = await zip(workbook('', function* () {
      yield Buffer.from('<sst>');
      for (let index = 0; index <= IMPORT_LIMITS.sharedStrings; index += 1000) {
        yield Buffer.from(Array.from({ length: 1000 }, (_, offset) => `<si><t>${index + offset}</t></si>`).join(''));
      }
      yield Buffer.from('</sst>');
    }));
    expect((await measured(many)).job.error).toMatch(/plus de 1 000 000 textes partagés/);
  }, 30_000);

  it('refuses shared strings longer than the limit in all', async () => {
    const strings = function* () {
      yield Buffer.from('<sst>');
      for (let index = 0; index < IMPORT_LIMITS.sharedStringsChars / (MiB / 2) + 1; index++) yield Buffer.from(`<si><t>${randomBytes(MiB / 4).toString('hex')}</t></si>`);
      yield Buffer.from('</sst>');
    };
    expect((await measured(await zip(workbook('', strings)))).job.error).toMatch(/textes partagés du classeur dépassent 67 108 864 caractères/);
  }, 60_000);

  it('refuses a row of too many columns (XLSX and CSV), and a CSV line too long', async () => {
    const far = await zip(workbook(`<row r="1"><c r="ALN1" t="inlineStr"><is><t>Nom</t></is></c></row>`, null));
    expect((await measured(far)).job.error).toMatch(/La ligne 1 de « Suivi » a plus de 1 000 colonnes/);
    const wide = excelCsv([PERSON, Array.from({ length: IMPORT_LIMITS.columns + 1 }, () => 'x')]);
    expect((await importFile(api.url, wide, { token, fileName: 'large.csv' })).error).toMatch(/La ligne 2 de « large » a plus de 1 000 colonnes/);
    const longLine = excelCsv([PERSON, ['Dupont', 'x'.repeat(IMPORT_LIMITS.lineChars + 1), '14/07/1990']]);
    expect((await importFile(api.url, longLine, { token, fileName: 'long.csv' })).error).toMatch(/La ligne 2 de « long » dépasse 1 048 576 caractères/);
  });

  it('refuses a file of too many rows', async () => {
    const lines = Buffer.from('Autre\r\n' + 'x\r\n'.repeat(IMPORT_LIMITS.rows));
    const job = await importFile(api.url, lines, { token, fileName: 'lignes.csv' });
    expect(job).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/plus de 2 000 000 lignes/) });
  }, 60_000);

  it('refuses a file name longer than the limit, without quoting it back', async () => {
    const name = `${'n'.repeat(IMPORT_LIMITS.fileNameChars)}.csv`;
    const answer = await upload(api.url, Buffer.from('Nom;Prénom\r\n'), { token, fileName: name });
    expect(answer.status).toBe(400);
    const body = await answer.text();
    expect(body).toContain('Nom du fichier trop long (au plus 255 caractères)');
    expect(body).not.toContain(name);
  });

  it('answers 413 to a body announced larger than the limit, before reading it', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(new URL('/imports?fileName=gros.csv', api.url), {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-length': String(IMPORT_LIMITS.uploadBytes + 1) },
      }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          request.destroy();
          resolve({ status: response.statusCode!, body });
        });
      });
      request.on('error', reject);
      request.write('Nom;Prénom\r\n');
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('Fichier trop volumineux (au plus 512 Mo)');
  });
});

describe('an upload that comes slowly', () => {
  /** Connections of the application role left in a transaction: a slow sender must not keep one (the pool is small). */
  const heldTransactions = async () => Number((await sql<{ count: string }>(
    `select count(*) from pg_stat_activity where usename = $1 and state like 'idle in transaction%'`,
    [new URL(process.env.TEST_APP_URL!).username]))[0]!.count);

  it('holds no database transaction while its body comes, and is recorded once whole', async () => {
    const jobsBefore = await sql('select id from import_job');
    let answered!: (answer: { status: number; body: string }) => void;
    const answer = new Promise<{ status: number; body: string }>((resolve) => (answered = resolve));
    const request = http.request(new URL('/imports?fileName=lent.csv', api.url), { method: 'POST', headers: { authorization: `Bearer ${token}` } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => answered({ status: response.statusCode!, body }));
    });
    request.write('Nom;Prénom;Date de naissance\r\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await heldTransactions()).toBe(0);
    expect(await sql('select id from import_job')).toHaveLength(jobsBefore.length);
    request.end('Lent;Zoé;14/07/1990\r\n');
    expect((await answer).status).toBe(202);
    expect(await sql('select id from import_job')).toHaveLength(jobsBefore.length + 1);
  });
});

describe('a file with nothing to read', () => {
  it('fails an empty file, a zip that is no workbook, and a workbook without a sheet, with a French reason', async () => {
    expect(await importFile(api.url, Buffer.alloc(0), { token })).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/Le fichier est vide/) });
    const notWorkbook = await zip([{ name: 'readme.txt', data: Buffer.from('bonjour') }]);
    expect((await importFile(api.url, notWorkbook, { token, fileName: 'x.xlsx' })).error).toMatch(/n'est pas un classeur XLSX/);
    const sheetless = await zip(workbook('', null).filter((part) => !part.name.includes('worksheets/')));
    expect((await importFile(api.url, sheetless, { token, fileName: 'x.xlsx' })).error).toMatch(/n'a aucune feuille lisible/);
    const unknownColumns = excelCsv([['Autre', 'Chose'], ['a', 'b']]);
    expect((await importFile(api.url, unknownColumns, { token })).error).toMatch(/Aucune feuille n'a de colonne reconnue/);
  });

  it('fails a CSV whose quote never closes with a French reason naming the line, not the parser\'s words', async () => {
    const unclosed = Buffer.from('Nom;Prénom\r\nDupont;Léa\r\n"Martin;Zoé\r\nDurand;Ana\r\n', 'utf8');
    const job = await importFile(api.url, unclosed, { token });
    expect(job).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/guillemet ouvert ligne 3 de « suivi » n'est jamais fermé/) });
    expect(job.error).not.toMatch(/Quote|parsing/i);
  });
});
