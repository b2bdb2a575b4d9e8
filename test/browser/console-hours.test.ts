/**
 * The monthly hours grid in a browser: a PLIE editor picks a month, reads the figures of the month before, types
 * the month's, sees a refused line beside its cell with nothing saved, corrects it and saves every line together.
 */
import { parseGlobalId } from '../../src/graphql/relay/global-id.js';
import { sql } from '../support/sql.js';
import { checkPage, consoleSuite, describeInBrowser, signIn } from '../support/console.js';

const EDITOR = 'editor@fabrique-defi.demo';
/** A month after the demo data's last reports (December 2025): its placements have no figure yet, the month before has. */
const MONTH = '2026-01-01';

const monthName = (month: string) => new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}T00:00:00Z`));

describeInBrowser('the console: the monthly hours grid', () => {
  const suite = consoleSuite();
  const open = () => suite.open();

  it('opens on the previous month, with the placements running in it', async () => {
    const tab = await open();
    await signIn(tab, EDITOR);
    await tab.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Heures du mois' }).click();
    await tab.page.getByRole('heading', { level: 1, name: 'Heures du mois' }).waitFor();
    const today = new Date();
    const previous = `${new Date(today.getFullYear(), today.getMonth() - 1, 1).getFullYear()}-${String(new Date(today.getFullYear(), today.getMonth() - 1, 1).getMonth() + 1).padStart(2, '0')}-01`;
    expect(await tab.page.getByLabel('Mois déclaré').inputValue()).toBe(previous);
    await tab.page.getByText(/mises? à l’emploi en cours|Aucune mise à l’emploi en cours/).first().waitFor();
    await tab.page.getByText('tout ou rien').waitFor();
  });

  it('shows the previous month’s figures, refuses a wrong figure beside its line with nothing saved, then saves every line together', async () => {
    const tab = await open();
    await signIn(tab, EDITOR);
    await tab.page.goto(`${tab.origin}/heures`);
    await tab.page.getByLabel('Mois déclaré').selectOption(MONTH);
    await tab.page.waitForURL(/\?mois=2026-01$/);
    const table = tab.page.getByRole('table', { name: `Heures de ${monthName(MONTH)}, par mise à l’emploi` });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Personne', 'Entreprise et marché', 'Contrat', `Heures de ${monthName('2025-12-01')}`, `Heures de ${monthName(MONTH)}`,
    ]);

    // Two lines with a figure for December, none yet for January.
    const rows = table.getByRole('row').filter({ has: tab.page.locator('input') }).filter({ hasNot: tab.page.getByText('non déclarées') });
    expect(await rows.count()).toBeGreaterThan(1);
    const lines = await Promise.all([0, 1].map(async (index) => {
      const row = rows.nth(index);
      const input = row.locator('input');
      const cell = (await input.getAttribute('id'))!;
      const id = parseGlobalId(cell.replace('heures-', ''))!.id;
      return { row, input, cell, id, previous: (await row.getByRole('cell').nth(2).textContent())! };
    }));
    const figures = await sql<{ placement_id: string; hours: string }>(
      "select placement_id, hours::float::text as hours from monthly_hours where placement_id = any($1::uuid[]) and month = '2025-12-01'",
      [lines.map((line) => line.id)],
    );
    for (const line of lines) {
      const hours = Number(figures.find((figure) => figure.placement_id === line.id)!.hours);
      expect(line.previous).toBe(`${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(hours)} h`);
    }
    const january = () => sql<{ placement_id: string; hours: string }>(
      "select placement_id, hours::float::text as hours from monthly_hours where placement_id = any($1::uuid[]) and month = $2::date order by hours",
      [lines.map((line) => line.id), MONTH],
    );
    expect(await january()).toEqual([]);

    await lines[0]!.input.fill('120');
    await lines[1]!.input.fill('-5');
    await tab.page.getByRole('button', { name: `Enregistrer les heures de ${monthName(MONTH)}` }).click();
    await lines[1]!.row.getByText('Le nombre d’heures ne peut pas être négatif').waitFor();
    await lines[1]!.row.getByText('Ligne refusée').waitFor();
    expect(await lines[1]!.input.getAttribute('aria-invalid')).toBe('true');
    expect(await lines[0]!.row.getByText('Ligne refusée').count()).toBe(0);
    await tab.page.getByRole('alert').getByText('Rien n’a été enregistré : 1 ligne refusée sur 2').waitFor();
    expect(await january()).toEqual([]);
    await checkPage(tab, 'heures');

    await lines[1]!.input.fill('98,5');
    await tab.page.getByRole('button', { name: `Enregistrer les heures de ${monthName(MONTH)}` }).click();
    await tab.page.getByText(`2 lignes enregistrées pour ${monthName(MONTH)}.`).waitFor();
    expect((await january()).map((row) => Number(row.hours)).sort((a, b) => a - b)).toEqual([98.5, 120]);
    await tab.page.getByText('Aucun chiffre modifié.').waitFor();

    await tab.page.reload();
    await table.waitFor();
    expect(await tab.page.locator(`[id="${lines[0]!.cell}"]`).inputValue()).toBe('120');
    expect(await tab.page.locator(`[id="${lines[1]!.cell}"]`).inputValue()).toBe('98,5');
  });

  it('shows a viewer the figures without a cell to type in nor a button to save', async () => {
    const tab = await open();
    await signIn(tab, 'viewer@fabrique-defi.demo');
    await tab.page.goto(`${tab.origin}/heures?mois=2025-12`);
    const table = tab.page.getByRole('table', { name: `Heures de ${monthName('2025-12-01')}, par mise à l’emploi` });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBeGreaterThan(1);
    expect(await table.locator('input').count()).toBe(0);
    expect(await table.getByText(/^\d+(,\d+)? h$/).count()).toBeGreaterThan(0);
    expect(await tab.page.getByRole('button', { name: /Enregistrer/ }).count()).toBe(0);
  });

  it('refuses a cell that is no number before sending anything', async () => {
    const tab = await open();
    await signIn(tab, EDITOR);
    await tab.page.goto(`${tab.origin}/heures?mois=2026-01`);
    const input = tab.page.getByRole('table').locator('input').last();
    await input.fill('beaucoup');
    await tab.page.getByRole('button', { name: `Enregistrer les heures de ${monthName(MONTH)}` }).click();
    await tab.page.getByText('Saisissez un nombre d’heures, par exemple 151,67').first().waitFor();
    await tab.page.getByRole('alert').getByText('Rien n’a été enregistré : 1 ligne à corriger avant d’enregistrer.').waitFor();
  });
});
