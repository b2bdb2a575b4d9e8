import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import type { Api } from '../../src/app.js';
import { ReportIndicatorsDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { checkPage, describeInBrowser, launchBrowser, openConsole, signIn, type ConsoleTab } from '../support/console.js';

const YEAR = 2025;
/** As the page writes a number: French digits, spaces of any kind alike. */
const french = (value: number, digits = 0) => value.toLocaleString('fr-FR', { maximumFractionDigits: digits }).replace(/\s/g, ' ');
const normalised = (text: string) => text.replace(/\s/g, ' ').trim();

describeInBrowser('the console’s dashboards', () => {
  let api: Api;
  let browser: Browser;
  let tab: ConsoleTab;

  beforeAll(async () => {
    api = await startTestApi();
    browser = await launchBrowser();
    tab = await openConsole(browser, api.url);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  afterEach(() => expect({ foreign: tab.foreignRequests, errors: tab.consoleErrors }).toEqual({ foreign: [], errors: [] }));

  describe('the Département’s', () => {
    beforeAll(async () => {
      await signIn(tab, 'viewer@departement-62.demo');
      await tab.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Tableau de bord' }).click();
      await tab.page.getByLabel('Année').selectOption(String(YEAR));
    });

    it('shows each PLIE side by side with exactly the API’s figures, and the whole platform', async () => {
      const token = await tokenFor('viewer@departement-62.demo');
      const { data } = await execute(api.url, ReportIndicatorsDocument, { scope: { kind: 'EVERYTHING' }, period: { year: YEAR } }, { token });
      const table = tab.page.getByRole('table', { name: `Les PLIE côte à côte, ${YEAR}` });
      await table.waitFor();
      const headers = (await table.locator('thead th').allTextContents()).map(normalised);
      const row = async (label: string) => (await table.locator('tbody tr').filter({ has: tab.page.getByText(label, { exact: true }) }).locator('td').allTextContents()).map(normalised);
      const plies = data!.indicators.bySignatory!;
      expect(headers).toEqual(['Indicateur', ...plies.map((plie) => plie.name), 'Toute la plateforme']);
      expect(await row('Heures réalisées')).toEqual(['Heures réalisées', ...plies.map((plie) => french(plie.indicators.realised.hours)), french(data!.indicators.total.realised.hours)]);
      expect(await row('Participants')).toEqual(['Participants', ...plies.map((plie) => french(plie.indicators.people.value!)), french(data!.indicators.total.people.value!)]);
      await tab.page.getByRole('table', { name: `Heures réalisées par mois, ${YEAR}` }).waitFor();
      await checkPage(tab, 'tableau-de-bord-departement');
    });

    it('downloads the yearly summary from the screen, with the PLIEs side by side in the XLSX', async () => {
      const [download] = await Promise.all([tab.page.waitForEvent('download'), tab.page.getByRole('button', { name: 'Synthèse annuelle (XLSX)' }).click()]);
      expect(download.suggestedFilename()).toBe(`synthese-plie-${YEAR}.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await readFile((await download.path())!) as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Rapport', 'Côte à côte']);
    });
  });

  it('is not offered to a PLIE, and its address is no page for them', async () => {
    const plie = await openConsole(browser, api.url);
    await signIn(plie, 'editor@fabrique-defi.demo');
    expect(await plie.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Tableau de bord' }).count()).toBe(0);
    await plie.page.goto(`${plie.origin}/tableau-de-bord`);
    await plie.page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    expect({ foreign: plie.foreignRequests, errors: plie.consoleErrors }).toEqual({ foreign: [], errors: [] });
  });
});
