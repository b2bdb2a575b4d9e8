/**
 * The console's spreadsheet import (issue 16), as a PLIE editor does it: a CSV with bad lines checked first (dry run),
 * its problems as a table, the refused lines downloaded with their reason, fixed and checked again, then imported for
 * real, with the result.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkPage, consoleSuite, describeInBrowser } from '../support/console.js';
import { excelCsv } from '../support/imports.js';
import { sql } from '../support/sql.js';

const HEADER = ['Nom', 'Prénom', 'Date de naissance', 'Sexe', "Date d'entrée", 'Commune de résidence', 'QPV', 'BRSA', 'DELD', 'RQTH', 'ASE',
  'Niveau de qualification', 'SIRET employeur', 'Référence du marché', 'SIRET acheteur', 'Date de début', 'N° de lot', 'Type de contrat', 'Modalité',
  'Date de fin', 'Heures hebdomadaires', 'Mois', 'Heures'];
/** A line of La Fabrique DEFI's follow-up (as docs/examples/suivi-exemple.csv), for people of this test's own. */
const line = (lastName: string, birthDate: string, month: string, hours: string): string[] => [lastName, 'Inès', birthDate, 'Femme', '01/09/2025', 'Calais', '', 'Non', 'Oui', 'Non', 'Non',
  'Sans qualification', '80205894102746', 'TOH-2024-016', '', '06/10/2025', '1', 'CDD', 'Embauche directe', '31/03/2026', '35', month, hours];

describeInBrowser('the console: importing a spreadsheet', () => {
  const suite = consoleSuite();
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'console-import-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('checks a file, shows its problems, gives its refused lines to fix, and imports them once fixed', async () => {
    const tab = await suite.open('editor@fabrique-defi.demo');
    const { page } = tab;
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Import de tableur' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import de tableur' }).waitFor();
    expect(await page.title()).toBe('Import de tableur — Clauses');
    await checkPage(tab, 'import-fichier');

    // A file with two bad lines among good ones, checked first: nothing is written.
    const bad = [line('Navrefus', '31/02/1990', '10/2025', '120'), line('Navheures', '14/07/1995', '11/2025', 'beaucoup')];
    const good = [line('Navbon', '14/07/1995', '10/2025', '120'), line('Navheures', '14/07/1995', '10/2025', '110')];
    const original = path.join(folder, 'suivi-octobre.csv');
    await writeFile(original, excelCsv([HEADER, good[0]!, bad[0]!, good[1]!, bad[1]!]));
    const jobsBefore = Number((await sql<{ count: string }>('select count(*) from import_job'))[0]!.count);
    await page.getByLabel('Fichier de suivi').setInputFiles(original);
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByRole('heading', { level: 2, name: 'Vérification de « suivi-octobre.csv »' }).waitFor();
    await page.getByText('4 lignes lues : 2 acceptées, 2 refusées. Rien n’a encore été écrit.').waitFor();
    const problems = page.getByRole('table', { name: /Problèmes trouvés/ });
    expect(await problems.getByRole('columnheader').allTextContents()).toEqual(['Ligne', 'Colonne', 'Nature', 'Problème']);
    const rows = await problems.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      ['3', 'Date de naissance', 'Refus', expect.stringContaining('31/02/1990')],
      ['5', 'Heures', 'Refus', expect.stringContaining('beaucoup')],
    ]);
    const [dryRun] = await sql<{ dry_run: boolean }>('select dry_run from import_job order by created_at desc limit 1');
    expect(dryRun!.dry_run).toBe(true);
    expect(Number((await sql<{ count: string }>('select count(*) from import_job'))[0]!.count)).toBe(jobsBefore + 1);
    expect(await sql("select 1 from beneficiary_identity where last_name like 'Nav%'")).toEqual([]);
    await checkPage(tab, 'import-verification');

    // The refused lines, as they were, with their reason.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger les lignes refusées' }).click()]);
    expect(download.suggestedFilename()).toBe('suivi-octobre - lignes refusées.csv');
    const refused = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const refusedLines = refused.trimEnd().split('\r\n');
    expect(refusedLines[0]).toBe([...HEADER, 'Motif du refus'].join(';'));
    expect(refusedLines.slice(1).map((text) => text.split(';').slice(0, HEADER.length))).toEqual(bad);
    expect(refusedLines[1]!.split(';').at(-1)).toMatch(/^Date de naissance : « 31\/02\/1990 »/);
    expect(refusedLines[2]!.split(';').at(-1)).toMatch(/^Heures : « beaucoup »/);

    // Fixed in the spreadsheet, reason column and all, then checked again: everything is accepted.
    const fixed = path.join(folder, 'lignes-corrigees.csv');
    await writeFile(fixed, refused.replace('31/02/1990', '28/02/1990').replace(';beaucoup;', ';98;'));
    await page.getByLabel('Fichier de suivi').setInputFiles(fixed);
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByRole('heading', { level: 2, name: 'Vérification de « lignes-corrigees.csv »' }).waitFor();
    await page.getByText('2 lignes lues : 2 acceptées, 0 refusée. Rien n’a encore été écrit.').waitFor();
    expect(await page.getByRole('table', { name: /Problèmes trouvés/ }).count()).toBe(0);

    // Confirmed: the same file, for real.
    await page.getByRole('button', { name: 'Importer le fichier' }).click();
    await page.getByRole('heading', { level: 2, name: 'Résultat de l’import' }).waitFor();
    await page.getByText('2 lignes lues : 2 acceptées, 0 refusée. Les lignes acceptées sont enregistrées.').waitFor();
    const result = page.getByRole('table', { name: 'Ce que l’import a écrit' });
    const written = await result.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(written).toEqual([['Participants', '2', '0', '—'], ['Mises en emploi', '2', '0', '—'], ['Mois d’heures', '2', '0', '0']]);
    expect((await sql<{ last_name: string }>("select last_name from beneficiary_identity where last_name like 'Nav%' order by last_name")).map((row) => row.last_name))
      .toEqual(['Navheures', 'Navrefus']);
    await checkPage(tab, 'import-resultat');
  });

  it('tells what is wrong when no file is chosen', async () => {
    const tab = await suite.open('editor@fabrique-defi.demo');
    await tab.page.goto(`${tab.origin}/tableur`);
    await tab.page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await tab.page.getByText('Choisissez un fichier CSV ou XLSX').waitFor();
    expect(await tab.page.evaluate<string | null>('document.activeElement?.getAttribute("type")')).toBe('file');
  });
});
