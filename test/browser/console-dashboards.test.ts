import ExcelJS from 'exceljs';
import type { Route } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { BuyerIndicatorsDocument, MarketsPageDocument, ReportIndicatorsDocument } from '../generated/graphql.js';
import { execute, tokenFor } from '../support/api.js';
import { checkPage, consoleSuite, describeInBrowser, signIn, type ConsoleTab } from '../support/console.js';
import { sql } from '../support/sql.js';

const YEAR = 2025;
/** As the page writes a number: French digits, spaces of any kind alike. */
const french = (value: number, digits = 0) => value.toLocaleString('fr-FR', { maximumFractionDigits: digits }).replace(/\s/g, ' ');
const normalised = (text: string) => text.replace(/\s/g, ' ').trim();

describeInBrowser('the console’s dashboards', () => {
  const suite = consoleSuite();
  let tab: ConsoleTab;

  beforeAll(async () => {
    tab = await suite.open();
  });

  describe('the Département’s', () => {
    beforeAll(async () => {
      await signIn(tab, 'viewer@departement-62.demo');
      await tab.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Tableau de bord' }).click();
      await tab.page.getByLabel('Année').selectOption(String(YEAR));
    });

    it('shows each PLIE side by side with exactly the API’s figures, and the whole platform', async () => {
      const token = await tokenFor('viewer@departement-62.demo');
      const { data } = await execute(suite.api.url, ReportIndicatorsDocument, { scope: { kind: 'EVERYTHING' }, period: { year: YEAR } }, { token });
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

    it('shows no figure of the year before under the title of the year picked while its figures come', async () => {
      const token = await tokenFor('viewer@departement-62.demo');
      const { data } = await execute(suite.api.url, ReportIndicatorsDocument, { scope: { kind: 'EVERYTHING' }, period: { year: YEAR - 1 } }, { token });
      // The answers for the other year are held back a while, as a slow network would.
      const held = new Set<Promise<void>>();
      const holdBack = async (route: Route) => {
        if (!route.request().postData()?.includes(`"year":${YEAR - 1}`)) return route.fallback();
        const handling = new Promise<void>((resolve) => setTimeout(resolve, 1500)).then(() => route.fallback());
        held.add(handling);
        await handling;
        held.delete(handling);
      };
      await tab.context.route('**/graphql', holdBack);
      try {
        await tab.page.getByLabel('Année').selectOption(String(YEAR - 1));
        const table = tab.page.getByRole('table', { name: `Les PLIE côte à côte, ${YEAR - 1}` });
        await table.waitFor();
        const realised = (await table.locator('tbody tr').filter({ has: tab.page.getByText('Heures réalisées', { exact: true }) }).locator('td').allTextContents()).map(normalised);
        expect(realised.at(-1)).toBe(french(data!.indicators.total.realised.hours));
      } finally {
        // Every answer held back is let through before the page's other routes take over again.
        while (held.size > 0) await Promise.all([...held]);
        await tab.context.unroute('**/graphql', holdBack);
        await tab.page.getByLabel('Année').selectOption(String(YEAR));
      }
    });

    it('puts side by side the PLIEs of the département picked, once the platform has several', async () => {
      const [moved] = await sql<{ id: string; name: string }>(`select id, name from organisation where kind = 'PLIE' order by name limit 1`);
      const [nord] = await sql<{ id: string }>(`insert into organisation (id, kind, name, territory, departement_code)
        values (gen_random_uuid(), 'DEPARTEMENT', 'Département du Nord (test)', 'Nord', '59') returning id`);
      await sql('update organisation set departement_code = $2 where id = $1', [moved!.id, '59']);
      try {
        await tab.page.reload();
        await tab.page.getByLabel('Année').selectOption(String(YEAR));
        const picked = tab.page.getByLabel('Les PLIE du département');
        expect(await picked.locator('option:checked').textContent()).toBe('62 – Département du Pas-de-Calais');
        const table = tab.page.getByRole('table', { name: `Les PLIE côte à côte, ${YEAR}` });
        const headers = () => table.locator('thead th').allTextContents();
        await table.waitFor();
        expect((await headers()).length).toBeGreaterThan(2);
        expect((await headers()).map(normalised)).not.toContain(moved!.name);
        await picked.selectOption('59');
        await tab.page.getByRole('columnheader', { name: moved!.name }).waitFor();
        expect((await headers()).map(normalised)).toEqual(['Indicateur', moved!.name, 'Toute la plateforme']);
      } finally {
        await sql('update organisation set departement_code = $2 where id = $1', [moved!.id, '62']);
        await sql('delete from organisation where id = $1', [nord!.id]);
      }
      await tab.page.reload();
      await tab.page.getByLabel('Année').selectOption(String(YEAR));
      await tab.page.getByRole('table', { name: `Les PLIE côte à côte, ${YEAR}` }).waitFor();
    });

    it('drills down from the platform to a PLIE: its markets with the API’s hours for that PLIE', async () => {
      const plie = "Association pour l'animation et la gestion du PLIE de Lens-Liévin";
      await tab.page.getByRole('navigation', { name: 'Le détail de chaque PLIE' }).getByRole('link', { name: plie }).click();
      await tab.page.getByRole('heading', { level: 1, name: plie }).waitFor();
      await tab.page.getByLabel('Année').selectOption(String(YEAR));
      const [own] = await sql<{ id: string }>('select id from organisation where name = $1', [plie]);
      const { data } = await execute(suite.api.url, BuyerIndicatorsDocument, { scope: { kind: 'ORGANISATION', id: toGlobalId('Organisation', own!.id) }, period: { year: YEAR } }, { token: await tokenFor('viewer@departement-62.demo') });
      const table = tab.page.getByRole('table', { name: `Heures des marchés, ${YEAR}` });
      await table.waitFor();
      const references = await sql<{ id: string; reference: string }>('select id, reference from market');
      const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')));
      expect(shown.map((cells) => [cells[0], normalised(cells[3]!)])).toEqual(data!.indicators.total.markets.map((market) => [references.find((row) => row.id === market.marketId)!.reference, french(market.realisedInPeriod)]));
      await checkPage(tab, 'tableau-de-bord-plie');
      await tab.page.getByRole('link', { name: '← Toute la plateforme' }).click();
      await tab.page.getByRole('heading', { level: 1, name: 'Tableau de bord du Département' }).waitFor();
      await tab.page.getByLabel('Année').selectOption(String(YEAR));
    });

    it('leads from the platform to each charter, with its semesters', async () => {
      const name = "Charte locale d'insertion NPNRU de Calais 2022-2030";
      const [charter] = await sql<{ id: string }>('select id from charter where name = $1', [name]);
      const { data } = await execute(suite.api.url, ReportIndicatorsDocument, { scope: { kind: 'CHARTER', id: toGlobalId('Charter', charter!.id) }, period: { year: YEAR } }, { token: await tokenFor('viewer@departement-62.demo') });
      const targets = data!.indicators.total.targets;
      const row = tab.page.getByRole('table', { name: new RegExp(`^Les chartes et leurs objectifs, ${YEAR}`) }).locator('tbody tr').filter({ has: tab.page.getByRole('link', { name }) });
      await row.locator('li').first().waitFor();
      expect(normalised((await row.locator('td').nth(1).textContent())!)).toBe(`${targets.filter((target) => (target.progress ?? 0) >= 1).length} sur ${targets.length}`);
      expect((await row.locator('li').allTextContents()).map(normalised))
        .toEqual(targets.map((target) => `${target.label} : ${target.achieved === null || target.achieved === undefined ? 'secret' : `${french(target.achieved * 100, 1)} %`} pour ${french(target.target * 100, 1)} %`));
      await tab.page.getByRole('link', { name: "Charte locale d'insertion NPNRU de Calais 2022-2030" }).click();
      await tab.page.getByRole('heading', { level: 1, name: 'Chartes d’insertion' }).waitFor();
      expect(await tab.page.getByLabel('Charte').locator('option:checked').textContent()).toBe("Charte locale d'insertion NPNRU de Calais 2022-2030");
      const trend = tab.page.getByRole('table', { name: "La charte « Charte locale d'insertion NPNRU de Calais 2022-2030 » semestre par semestre" });
      await trend.waitFor();
      expect(await trend.locator('tbody tr th').first().textContent()).toBe('2022, semestre 1');
      await tab.page.goBack();
      await tab.page.getByRole('heading', { level: 1, name: 'Tableau de bord du Département' }).waitFor();
      await tab.page.getByLabel('Année').selectOption(String(YEAR));
    });

    it('downloads the yearly summary from the screen, with the PLIEs side by side in the XLSX', async () => {
      const [download] = await Promise.all([tab.page.waitForEvent('download'), tab.page.getByRole('button', { name: 'Synthèse annuelle (XLSX)' }).click()]);
      expect(download.suggestedFilename()).toBe(`synthese-plie-${YEAR}.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await readFile((await download.path())!) as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Rapport', 'Côte à côte']);
    });
  });

  describe('a buyer’s', () => {
    let buyer: ConsoleTab;
    beforeAll(async () => {
      buyer = await suite.open('viewer@ville-calais.demo');
      await buyer.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Vos marchés' }).click();
      await buyer.page.getByLabel('Année').selectOption(String(YEAR));
    });

    it('shows its own markets only, with the API’s hours, and who worked on them as protected as the API gives it', async () => {
      const token = await tokenFor('viewer@ville-calais.demo');
      const [own] = await sql<{ id: string }>("select o.id from organisation o where o.name = 'Ville de Calais'");
      const { data } = await execute(suite.api.url, BuyerIndicatorsDocument, { scope: { kind: 'ORGANISATION', id: toGlobalId('Organisation', own!.id) }, period: { year: YEAR } }, { token });
      const references = await sql<{ id: string; reference: string; buyer_id: string }>('select id, reference, buyer_id from market');
      const table = buyer.page.getByRole('table', { name: `Heures des marchés, ${YEAR}` });
      await table.waitFor();
      const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')));
      const expected = data!.indicators.total.markets.map((market) => [references.find((row) => row.id === market.marketId)!.reference, french(market.realisedInPeriod)]);
      expect(shown.map((cells) => [cells[0], normalised(cells[3]!)])).toEqual(expected);
      const buyers = new Set(shown.map((cells) => references.find((row) => row.reference === cells[0])!.buyer_id));
      expect([...buyers]).toEqual([own!.id]);
      const sexes = buyer.page.getByRole('table', { name: `Sexe, ${YEAR}` });
      for (const cell of data!.indicators.total.peopleBySex) {
        const row = (await sexes.locator('tbody tr').filter({ has: buyer.page.getByText(cell.label, { exact: true }) }).locator('td').allTextContents()).map(normalised);
        expect(row).toEqual([cell.label, cell.value === null || cell.value === undefined ? 'secret' : french(cell.value)]);
      }
      await checkPage(buyer, 'tableau-de-bord-acheteur');
    });

    it('drills down to one of its markets: its hours against the planned ones since it began, month by month, and who worked on it', async () => {
      const token = await tokenFor('viewer@ville-calais.demo');
      const table = buyer.page.getByRole('table', { name: `Heures des marchés, ${YEAR}` });
      const reference = normalised((await table.locator('tbody tr td:first-child').first().textContent())!);
      await table.getByRole('link', { name: reference }).click();
      await buyer.page.getByRole('heading', { level: 1, name: `Marché ${reference}` }).waitFor();
      const { data: page } = await execute(suite.api.url, MarketsPageDocument, { first: 50, filter: { search: reference } }, { token });
      const market = page!.markets.edges.map((edge) => edge.node).find((node) => node.reference === reference)!;
      const gauges = buyer.page.getByRole('list', { name: 'Avancement du marché' });
      expect(normalised((await gauges.locator('.fr-tile__desc').textContent())!))
        .toBe(`${french(market.realisedHours)} h réalisées sur ${french(market.plannedHours.hours!)} h prévues`);
      await buyer.page.getByLabel('Année').selectOption(String(YEAR));
      const months = buyer.page.getByRole('table', { name: `Heures réalisées par mois, ${YEAR}` });
      await months.waitFor();
      const { data: year } = await execute(suite.api.url, BuyerIndicatorsDocument, { scope: { kind: 'MARKET', id: market.id }, period: { year: YEAR } }, { token });
      const monthly = await months.locator('tbody tr td:nth-child(2)').allTextContents();
      expect(monthly).toHaveLength(12);
      const sum = monthly.reduce((total, text) => total + Number(normalised(text).replace(/ /g, '').replace(',', '.')), 0);
      // Each month is shown in whole hours: the twelve roundings may move the sum by up to half an hour each.
      expect(Math.abs(sum - year!.indicators.total.markets[0]!.realisedInPeriod)).toBeLessThanOrEqual(6);
      expect(sum).toBeGreaterThan(0);
      await checkPage(buyer, 'tableau-de-bord-marche');
    });

    it('finds no market of another buyer at its address', async () => {
      const [other] = await sql<{ id: string; reference: string; object: string }>(
        "select m.id, m.reference, m.object from market m join organisation o on o.id = m.buyer_id where o.name <> 'Ville de Calais' limit 1");
      await buyer.page.goto(`${buyer.origin}/marches/${encodeURIComponent(toGlobalId('Market', other!.id))}`);
      await buyer.page.getByText('Marché introuvable').waitFor();
      const shown = await buyer.page.locator('main').textContent();
      expect(shown).not.toContain(other!.reference);
      expect(shown).not.toContain(other!.object);
    });
  });

  describe('a charter’s', () => {
    it('shows its coordinator the charter against its targets and each signatory’s share, and gives the ANRU report by the charter’s name', async () => {
      const coordinator = await suite.open('viewer@fabrique-defi.demo');
      await coordinator.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Chartes' }).click();
      await coordinator.page.getByLabel('Semestre').selectOption('2025-S1');
      const targets = coordinator.page.getByRole('table', { name: /^Objectifs de la charte « Charte locale d'insertion NPNRU de Calais 2022-2030 », 2025-S1$/ });
      await targets.waitFor();
      const [charter] = await sql<{ id: string }>("select id from charter where name = 'Charte locale d''insertion NPNRU de Calais 2022-2030'");
      const { data } = await execute(suite.api.url, ReportIndicatorsDocument, { scope: { kind: 'CHARTER', id: toGlobalId('Charter', charter!.id) }, period: { semester: '2025-S1' } }, { token: await tokenFor('viewer@fabrique-defi.demo') });
      const shares = coordinator.page.getByRole('table', { name: 'Part de chaque signataire, 2025-S1' });
      const names = (await shares.locator('tbody tr td:first-child').allTextContents()).map(normalised);
      expect(names).toEqual(data!.indicators.bySignatory!.map((share) => share.name));
      expect(await targets.locator('tbody tr').count()).toBeGreaterThan(0);
      await checkPage(coordinator, 'chartes');
      const [download] = await Promise.all([coordinator.page.waitForEvent('download'), coordinator.page.getByRole('button', { name: 'Rapport ANRU du semestre (XLSX)' }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    });
  });

  it('shows the État the charters it signed, its share only, and no signatory’s apart', async () => {
    const etat = await suite.open('viewer@sous-prefecture-calais.demo');
    await etat.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Chartes' }).click();
    const charters = await sql<{ name: string }>(
      `select c.name from charter c join charter_signatory s on s.charter_id = c.id join organisation o on o.id = s.organisation_id
        where o.name = 'État – Sous-préfecture de Calais' order by c.name`);
    expect(charters.length).toBeGreaterThan(0);
    expect(await etat.page.getByLabel('Charte').locator('option').allTextContents()).toEqual(charters.map((charter) => charter.name));
    await etat.page.getByLabel('Semestre').selectOption('2025-S1');
    await etat.page.getByRole('table', { name: /^Objectifs de la charte/ }).waitFor();
    expect(await etat.page.getByRole('table', { name: 'Part de chaque signataire, 2025-S1' }).count()).toBe(0);
    await checkPage(etat, 'chartes-etat');
  });

  it('is not offered to a PLIE, and its address is no page for them', async () => {
    const plie = await suite.open('editor@fabrique-defi.demo');
    expect(await plie.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Tableau de bord' }).count()).toBe(0);
    await plie.page.goto(`${plie.origin}/tableau-de-bord`);
    await plie.page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
  });
});
