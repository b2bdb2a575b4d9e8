import { createHash, randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import type { Api } from '../../src/app.js';
import { parseGlobalId } from '../../src/graphql/relay/global-id.js';
import { ImportJobResultDocument, RecentImportJobsDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { excelCsv, facilitatedMarket, importFile, upload, xlsx, type Cell } from '../support/imports.js';
import { demoUser, sql } from '../support/sql.js';

let api: Api;
let plie: { email: string; organisationId: string; token: string };
let market: { reference: string; buyer_siret: string; start_date: string; end_date: string | null };
let employer: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ market, plie, employer } = await facilitatedMarket(6));
});
afterAll(() => api.close());

/** dd/mm/yyyy of a date some months after the market's start. */
function frenchDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
function monthsAfter(iso: string, months: number): string {
  const date = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

/** Headers as a facilitator types them: other case, accents dropped or not. */
const HEADER: Cell[] = ['NOM', 'prenom', 'Date de naissance', 'Sexe', "Date d'ENTREE", 'Commune de résidence', 'BRSA', 'Niveau de qualification',
  'SIRET employeur', 'Référence du marché', 'siret acheteur', 'Date de début', 'Type de contrat', 'Modalité', 'Date de fin', 'Heures hebdomadaires', 'Mois', 'Heures'];

function line(lastName: string, month: number, hours: string): Cell[] {
  const start = market.start_date;
  return [lastName, 'Zoé', '14/07/1990', 'Femme', frenchDate(start), 'Calais', 'oui', 'Niveau 4 (Bac)',
    employer.replace(/(\d{3})(\d{3})(\d{3})(\d{5})/, '$1 $2 $3 $4'), market.reference, market.buyer_siret, frenchDate(start),
    'CDD', 'Embauche directe', frenchDate(monthsAfter(start, 3)), '35', frenchDate(monthsAfter(start, month)).slice(3), hours];
}

async function rowsOf(lastName: string) {
  return sql<{ hours: string; month: string; version: number }>(
    `select h.hours, to_char(h.month, 'YYYY-MM') as month, h.version from monthly_hours h join placement p on p.id = h.placement_id
       join beneficiary_identity i on i.beneficiary_id = p.beneficiary_id where i.last_name = $1 order by h.month`,
    [lastName],
  );
}

describe('importing the spreadsheet a facilitator keeps', () => {
  it('reads the CSV French Excel writes (Windows-1252, « ; », decimal commas, dd/mm/yyyy), records the import, and is idempotent', async () => {
    const name = `Décembre-${randomUUID().slice(0, 6)}`;
    const file = excelCsv([HEADER, line(name, 0, '120,5'), line(name, 1, '151,67'), line(name, 2, '98')]);
    const job = await importFile(api.url, file, { token: plie.token, fileName: 'suivi décembre.csv' });
    expect(job).toMatchObject({ status: 'COMPLETED', written: true, problemCount: 0, fileName: 'suivi décembre.csv', progress: 1 });
    expect(job.fileHash).toBe(createHash('sha256').update(file).digest('hex'));
    expect(job.counts).toMatchObject({ rows: 3, accepted: 3, refused: 0, beneficiariesCreated: 1, placementsCreated: 1, hoursCreated: 3 });
    expect(await rowsOf(name)).toEqual([
      { hours: '120.50', month: monthsAfter(market.start_date, 0).slice(0, 7), version: 1 },
      { hours: '151.67', month: monthsAfter(market.start_date, 1).slice(0, 7), version: 1 },
      { hours: '98.00', month: monthsAfter(market.start_date, 2).slice(0, 7), version: 1 },
    ]);
    const [identity] = await sql<{ age_at_entry: number; is_brsa: boolean; first_name: string }>(
      'select b.age_at_entry, b.is_brsa, i.first_name from beneficiary b join beneficiary_identity i on i.beneficiary_id = b.id where i.last_name = $1', [name]);
    expect(identity).toMatchObject({ is_brsa: true, first_name: 'Zoé' });
    const [trail] = await sql<{ count: string }>("select count(*) from audit_event where request_id = $1 and entity = 'MonthlyHours'", [parseGlobalId(job.id)!.id]);
    expect(Number(trail!.count)).toBe(3);

    const again = await importFile(api.url, file, { token: plie.token });
    expect(again.counts).toMatchObject({ accepted: 3, beneficiariesCreated: 0, beneficiariesUpdated: 0, placementsCreated: 0, placementsUpdated: 0, hoursCreated: 0, hoursUpdated: 0, hoursUnchanged: 3 });
    expect((await rowsOf(name)).map((row) => row.version)).toEqual([1, 1, 1]);

    const corrected = excelCsv([HEADER, line(name, 0, '120,5'), line(name, 1, '140'), line(name, 2, '98')], 'utf8-bom');
    const update = await importFile(api.url, corrected, { token: plie.token });
    expect(update.counts).toMatchObject({ hoursCreated: 0, hoursUpdated: 1, hoursUnchanged: 2 });
    expect((await rowsOf(name)).map((row) => [row.hours, row.version])).toEqual([['120.50', 1], ['140.00', 2], ['98.00', 1]]);

    const listed = await execute(api.url, RecentImportJobsDocument, {}, { token: plie.token });
    expect(listed.data!.importJobs.edges.map((edge) => edge.node.id)).toEqual(expect.arrayContaining([job.id, again.id, update.id]));
  });

  it('lists every problem by row, column and code in a dry run, and writes nothing', async () => {
    const name = `Essai-${randomUUID().slice(0, 6)}`;
    const bad = (index: number, value: Cell) => Object.assign(line(name, 0, '10'), { [index]: value });
    const file = excelCsv([
      HEADER,
      line(name, 0, '35'),
      bad(2, '31/02/1990'),
      bad(17, '300'),
      bad(9, 'MARCHE-INCONNU'),
      bad(8, '12345678901234'),
      bad(16, frenchDate(monthsAfter(market.start_date, 5)).slice(3)),
    ]);
    const job = await importFile(api.url, file, { token: plie.token, dryRun: true });
    expect(job).toMatchObject({ status: 'COMPLETED', written: false, dryRun: true, problemCount: 5 });
    expect(job.problems.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 3, column: 'Date de naissance', code: 'INVALID_DATE' },
      { row: 4, column: 'Heures', code: 'ABOVE_LEGAL_MAXIMUM' },
      { row: 5, column: 'Référence du marché', code: 'UNKNOWN_MARKET' },
      { row: 6, column: 'SIRET employeur', code: 'INVALID_SIRET' },
      { row: 7, column: 'Mois', code: 'MONTH_OUTSIDE_PLACEMENT' },
    ]);
    expect(job.problems.every((problem) => problem.message.length > 10)).toBe(true);
    expect(job.counts).toMatchObject({ rows: 6, accepted: 1, refused: 5, hoursCreated: 1 });
    expect(await sql('select 1 from beneficiary_identity where last_name = $1', [name])).toEqual([]);
  });

  it('writes the valid rows and lists the refused ones; with all-or-nothing, a late bad row leaves nothing written', async () => {
    const name = `Partiel-${randomUUID().slice(0, 6)}`;
    const rows = [HEADER, line(name, 0, '35'), line(name, 1, '36'), Object.assign(line(name, 2, '37'), { 17: '-4' })];
    const strict = await importFile(api.url, excelCsv(rows), { token: plie.token, allOrNothing: true });
    expect(strict).toMatchObject({ status: 'COMPLETED', written: false, problemCount: 1 });
    expect(await sql('select 1 from beneficiary_identity where last_name = $1', [name])).toEqual([]);
    const lenient = await importFile(api.url, excelCsv(rows), { token: plie.token });
    expect(lenient).toMatchObject({ written: true, problems: [expect.objectContaining({ row: 4, code: 'NEGATIVE_VALUE' })] });
    expect((await rowsOf(name)).map((row) => row.hours)).toEqual(['35.00', '36.00']);
  });

  it('reads an XLSX workbook with one sheet each for people, placements and hours, dates as Excel dates', async () => {
    const name = `Classeur-${randomUUID().slice(0, 6)}`;
    const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
    const person: Cell[] = [name, 'Léa', date('1999-05-02')];
    const placement: Cell[] = [...person, employer, market.reference, date(market.start_date)];
    const file = await xlsx([
      { name: 'Participants', rows: [['Nom', 'Prénom', 'Date de naissance', 'Sexe', "Date d'entrée", 'Commune de résidence', 'Niveau de qualification', 'RQTH'],
        [...person, 'F', date(market.start_date), 'Calais', 'Sans qualification', 'x']] },
      { name: "Mises à l'emploi", rows: [['Nom', 'Prénom', 'Date de naissance', 'SIRET employeur', 'Référence du marché', 'Date de début', 'Type de contrat', 'Modalité', 'Heures hebdomadaires'],
        [...placement, 'CDDI', 'Sous-traitance SIAE', 24.5]] },
      { name: 'Heures', rows: [['Nom', 'Prénom', 'Date de naissance', 'SIRET employeur', 'Référence du marché', 'Date de début', 'Mois', 'Heures'],
        [...placement, date(market.start_date), 98], [...placement, date(monthsAfter(market.start_date, 1)), 104.25]] },
    ]);
    const job = await importFile(api.url, file, { token: plie.token, fileName: 'suivi.xlsx' });
    expect(job).toMatchObject({ written: true, problemCount: 0, counts: { rows: 4, beneficiariesCreated: 1, placementsCreated: 1, hoursCreated: 2 } });
    const [row] = await sql<{ is_rqth: boolean; weekly_hours: string; modality: string }>(
      `select b.is_rqth, p.weekly_hours, p.modality from beneficiary b join beneficiary_identity i on i.beneficiary_id = b.id
         join placement p on p.beneficiary_id = b.id where i.last_name = $1`, [name]);
    expect(row).toEqual({ is_rqth: true, weekly_hours: '24.50', modality: 'SIAE_SUBCONTRACTING' });
    expect((await rowsOf(name)).map((hours) => hours.hours)).toEqual(['98.00', '104.25']);
  });

  it('refuses hours for a person the PLIE has not registered, and a sheet without the key columns', async () => {
    const stranger = [`Inconnu-${randomUUID().slice(0, 6)}`, 'Max', '01/01/1980', employer, market.reference, frenchDate(market.start_date), '03/2026', '10'];
    const file = excelCsv([['Nom', 'Prénom', 'Date de naissance', 'SIRET employeur', 'Référence du marché', 'Date de début', 'Mois', 'Heures'], stranger]);
    const job = await importFile(api.url, file, { token: plie.token });
    expect(job.problems.map((problem) => problem.code)).toEqual(['UNKNOWN_BENEFICIARY']);
    const headless = await importFile(api.url, excelCsv([['Nom', 'Mois', 'Heures'], ['X', '03/2026', '1']]), { token: plie.token });
    expect(headless.problems.map((problem) => [problem.row, problem.code])).toEqual([[1, 'MISSING_COLUMN'], [1, 'MISSING_COLUMN'], [1, 'MISSING_COLUMN'], [1, 'MISSING_COLUMN'], [1, 'MISSING_COLUMN']]);
    expect(headless.counts).toMatchObject({ rows: 1, refused: 1, accepted: 0 });
  });

  it('refuses a value longer than its column allows as a problem of its line, and writes the line beside it', async () => {
    const name = `Long-${randomUUID().slice(0, 6)}`;
    const job = await importFile(api.url, excelCsv([HEADER, line('D'.repeat(1_000_000), 0, '35'), line(name, 0, '35')]), { token: plie.token });
    expect(job).toMatchObject({ status: 'COMPLETED', written: true, counts: { accepted: 1, refused: 1 } });
    expect(job.problems).toEqual([expect.objectContaining({ row: 2, column: 'Nom', code: 'TOO_LONG', message: "« Nom » dépasse 200 caractères (1 000 000) : la ligne n'a pas été lue" })]);
    expect((await rowsOf(name)).map((row) => row.hours)).toEqual(['35.00']);
  });

  it('refuses a line with a NUL character (U+0000) in a cell, which no text of the database holds, and writes the line beside it', async () => {
    const name = `Nul-${randomUUID().slice(0, 6)}`;
    const nul = (index: number, value: string) => Object.assign(line(name, 0, '35'), { [index]: value });
    const csv = await importFile(api.url, excelCsv([HEADER, nul(0, `${name}\u0000X`), line(name, 0, '35'), nul(5, 'Cal\u0000ais')]), { token: plie.token });
    expect(csv).toMatchObject({ status: 'COMPLETED', written: true, counts: { rows: 3, accepted: 1, refused: 2 } });
    const message = (column: string) => `« ${column} » contient un caractère nul (U+0000), qu'aucun texte de la plateforme ne peut contenir : retirez-le`;
    expect(csv.problems).toEqual([
      expect.objectContaining({ row: 2, column: 'Nom', code: 'NUL_CHARACTER', message: message('Nom') }),
      expect.objectContaining({ row: 4, column: 'Commune de résidence', code: 'NUL_CHARACTER', message: message('Commune de résidence') }),
    ]);
    expect(await sql('select 1 from beneficiary_identity where last_name like $1', [`${name}_%`])).toEqual([]);
    expect((await rowsOf(name)).map((row) => row.hours)).toEqual(['35.00']);
    const refused = await fetch(new URL(`/exports/import-refused.csv?id=${encodeURIComponent(csv.id)}`, api.url), { headers: { authorization: `Bearer ${plie.token}` } });
    expect(refused.status).toBe(200);
    expect(await refused.text()).not.toContain('\u0000');

    const header = await importFile(api.url, excelCsv([[...HEADER, 'Nom\u0000'], line(name, 0, '35')]), { token: plie.token, dryRun: true });
    expect(header).toMatchObject({ status: 'COMPLETED', problems: [expect.objectContaining({ row: 1, column: 'Nom', code: 'DUPLICATE_COLUMN' })] });
  });

  it('refuses a workbook whose XML holds a NUL character (no XML may), as Excel would not open it, in French and writing nothing', async () => {
    const other = `NulClasseur-${randomUUID().slice(0, 6)}`;
    const built = await xlsx([{ name: 'Participants', rows: [['Nom', 'Prénom', 'Date de naissance', 'Sexe', "Date d'entrée", 'Commune de résidence', 'Niveau de qualification'],
      [other, 'Anaïs', '02/05/1999', 'F', frenchDate(market.start_date), 'Calais', 'Sans qualification'],
      [other, 'Léa', '02/05/1999', 'F', frenchDate(market.start_date), 'Calais', 'Sans qualification']] }]);
    // exceljs drops a NUL from the text it writes: the character goes into the XML afterwards, raw or as a reference.
    for (const nul of ['\u0000', '&#0;', '&#x0;']) {
      const zip = await JSZip.loadAsync(built);
      const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
      zip.file('xl/sharedStrings.xml', strings.replace('Anaïs', `Ana${nul}ïs`));
      const job = await importFile(api.url, await zip.generateAsync({ type: 'nodebuffer' }), { token: plie.token, fileName: 'suivi.xlsx' });
      expect([nul, job]).toEqual([nul, expect.objectContaining({ status: 'FAILED', written: false,
        error: "L'import a échoué, rien n'a été écrit : La partie xl/sharedStrings.xml du classeur contient un caractère nul (U+0000), qu'aucun fichier XML ne peut contenir : le fichier est endommagé" })]);
    }
    expect(await sql('select 1 from beneficiary_identity where last_name = $1', [other])).toEqual([]);
  });

  it('refuses a file name with a NUL character in French, before reading the file', async () => {
    const response = await upload(api.url, excelCsv([HEADER, line('Personne', 0, '1')]), { token: plie.token, fileName: 'suivi\u0000.csv' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ message: expect.stringMatching(/^Nom du fichier invalide : il contient un caractère nul/), extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('numbers problems by the row the spreadsheet shows, a line break within a cell staying in its row', async () => {
    const name = `Saut-${randomUUID().slice(0, 6)}`;
    const file = excelCsv([HEADER, Object.assign(line(name, 0, '35'), { 5: 'Calais\r\n(Pas-de-Calais)' }), Object.assign(line(name, 1, '35'), { 2: '31/02/1990' })]);
    const job = await importFile(api.url, file, { token: plie.token, dryRun: true });
    expect(job.problems.map(({ row, code }) => ({ row, code }))).toEqual([{ row: 3, code: 'INVALID_DATE' }]);
  });

  it('compares a figure more precise than stored as it is stored: importing it again changes nothing', async () => {
    const name = `Precis-${randomUUID().slice(0, 6)}`;
    const file = excelCsv([HEADER, Object.assign(line(name, 0, '151,666'), { 15: '35,02771' })]);
    const first = await importFile(api.url, file, { token: plie.token });
    expect(first.counts).toMatchObject({ placementsCreated: 1, hoursCreated: 1 });
    const again = await importFile(api.url, file, { token: plie.token });
    expect(again.counts).toMatchObject({ beneficiariesUpdated: 0, placementsUpdated: 0, hoursUpdated: 0, hoursUnchanged: 1 });
    expect(await sql("select entity from audit_event where request_id = $1 and entity <> 'ImportJob'", [parseGlobalId(again.id)!.id])).toEqual([]);
    const [stored] = await sql<{ weekly_hours: string; hours: string }>(
      `select p.weekly_hours, h.hours from placement p join monthly_hours h on h.placement_id = p.id
         join beneficiary_identity i on i.beneficiary_id = p.beneficiary_id where i.last_name = $1`, [name]);
    expect(stored).toEqual({ weekly_hours: '35.03', hours: '151.67' });
  });

  it('accepts imports from PLIE editors only, with the same authentication as the API', async () => {
    const file = excelCsv([HEADER, line('Personne', 0, '1')]);
    expect((await upload(api.url, file, { token: 'not-a-token' })).status).toBe(401);
    const buyer = await demoUser('BAILLEUR', 'EDITOR');
    expect((await upload(api.url, file, { token: await tokenFor(buyer.email) })).status).toBe(403);
    const viewer = await demoUser('PLIE', 'VIEWER');
    expect((await upload(api.url, file, { token: await tokenFor(viewer.email) })).status).toBe(403);
  });

  it("keeps each organisation's import jobs to itself", async () => {
    const job = await importFile(api.url, excelCsv([HEADER, line(`Secret-${randomUUID().slice(0, 6)}`, 0, '1')]), { token: plie.token, dryRun: true });
    const [other] = await sql<{ email: string }>(
      `select u.email from app_user u join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
        where o.kind = 'PLIE' and o.id <> $1 and u.email not like '%@test.demo'
          and (select count(*) from membership x where x.user_id = u.id and x.active) = 1 order by u.email limit 1`, [plie.organisationId]);
    const token = await tokenFor(other!.email);
    const read = await execute(api.url, ImportJobResultDocument, { id: job.id }, { token });
    expect(read.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const listed = await execute(api.url, RecentImportJobsDocument, {}, { token });
    expect(listed.data!.importJobs.edges.map((edge) => edge.node.id)).not.toContain(job.id);
  });
});

