import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { RegisterBeneficiaryDocument, type BeneficiaryFields } from '../generated/graphql.js';
import { execute, tokenFor } from '../support/api.js';
import { checkPage, consoleSuite, describeInBrowser, type ConsoleTab } from '../support/console.js';
import { sql } from '../support/sql.js';

const EDITOR = 'editor@fabrique-defi.demo';

describeInBrowser('the console: the people a PLIE follows', () => {
  const suite = consoleSuite();
  let tab: ConsoleTab;
  /** Letters only, so that the names stay names: a person of this test's own, registered through the API. */
  const word = `Verhaegen${randomUUID().replace(/[^a-f]/g, '').slice(0, 5)}`;
  const birthDate = '1992-11-05';

  beforeAll(async () => {
    const fields: BeneficiaryFields = {
      lastName: word, firstName: 'Maëlle', birthDate, sex: 'FEMALE', entryDate: '2026-01-12', residenceCommune: 'Calais',
      isBrsa: true, isDeld: false, isAse: false, isRqth: false, qualificationLevel: 'LEVEL_3',
    };
    const registered = await execute(suite.api.url, RegisterBeneficiaryDocument, { fields }, { token: await tokenFor(EDITOR) });
    expect(registered.errors).toBeUndefined();
    tab = await suite.open(EDITOR);
  });

  it('lists the people, searched by name and filtered on their status, each linked to their page', async () => {
    const { page } = tab;
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Participants' }).click();
    await page.getByRole('heading', { level: 1, name: 'Participants' }).waitFor();
    await page.getByRole('table').waitFor();
    await checkPage(tab, 'personnes');
    await page.getByRole('button', { name: 'Page suivante' }).click();
    await page.getByRole('status').getByText(/page 2 sur \d+/).waitFor();
    await page.getByRole('button', { name: 'Page précédente' }).click();
    await page.getByRole('status').getByText(/page 1 sur \d+/).waitFor();
    await page.getByLabel('Nom ou prénom').fill(`${word.toLowerCase()} maëlle`);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('status').getByText('1 participant — page 1 sur 1').waitFor();
    await page.getByLabel('Statut').selectOption({ label: 'Sortis' });
    await page.getByText('Aucun participant ne correspond.').waitFor();
    await page.getByLabel('Statut').selectOption({ label: 'En parcours' });
    await page.getByLabel('Âge à l’entrée').selectOption({ label: '26 ans et plus' });
    await page.getByLabel('Bénéficiaire du RSA').selectOption({ label: 'Oui' });
    await page.getByRole('status').getByText('1 participant — page 1 sur 1').waitFor();
    await page.getByRole('link', { name: `${word.toUpperCase()} Maëlle` }).click();
    await page.getByRole('heading', { level: 1, name: `Maëlle ${word.toUpperCase()}` }).waitFor();
    await page.getByText('Bénéficiaire du RSA').first().waitFor();
  });

  it('shows the person, registers a placement (problems beside each field first) and records an exit', async () => {
    const { page } = tab;
    await checkPage(tab, 'personne');
    const [market] = await sql<{ reference: string; object: string; start: string }>(
      `select m.reference, m.object, to_char(coalesce(m.start_date, date '2026-01-01'), 'YYYY-MM-DD') as start from market m
         join organisation o on o.id = m.facilitator_id join membership ms on ms.organisation_id = o.id join app_user u on u.id = ms.user_id
        where u.email = $1 and (m.end_date is null or m.end_date > coalesce(m.start_date, date '2026-01-01') + 60) order by m.reference limit 1`,
      [EDITOR],
    );
    const [company] = await sql<{ name: string; siret: string }>('select name, siret from company where name is not null order by name limit 1');
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Enregistrer une mise à l’emploi' }) });
    await form.getByRole('button', { name: 'Enregistrer la mise à l’emploi' }).click();
    await form.getByText('Le marché est obligatoire').waitFor();
    await form.getByText('La date de début est obligatoire').waitFor();
    expect(await form.getByLabel('Marché').getAttribute('aria-describedby')).toBeTruthy();
    await form.getByLabel('Marché').selectOption({ label: `${market!.reference} — ${market!.object}` });
    await form.getByLabel('Employeur').selectOption({ label: `${company!.name} — SIRET ${company!.siret}` });
    await form.getByLabel('Type de contrat').selectOption({ label: 'CDD' });
    await form.getByLabel('Modalité d’embauche').selectOption({ label: 'Embauche directe' });
    await form.getByLabel('Date de début').fill(market!.start);
    await form.getByLabel('Heures par semaine').fill('24,5');
    await form.getByRole('button', { name: 'Enregistrer la mise à l’emploi' }).click();
    const placements = page.getByRole('table', { name: 'Mises à l’emploi du participant' });
    await placements.getByText(company!.name).waitFor();
    await placements.getByText('24,5 h').waitFor();

    const exit = page.locator('form', { has: page.getByRole('heading', { name: 'Enregistrer une sortie' }) });
    await exit.getByRole('button', { name: 'Enregistrer la sortie' }).click();
    await exit.locator('.fr-message--error', { hasText: 'La date de sortie est obligatoire' }).waitFor();
    await exit.getByLabel('Date de sortie').fill('2026-06-30');
    await exit.getByLabel('Situation à la sortie').selectOption({ label: 'CDI' });
    await exit.getByLabel('Début du contrat').fill('2026-07-01');
    await exit.getByRole('button', { name: 'Enregistrer la sortie' }).click();
    const exits = page.getByRole('table', { name: 'Sorties du participant' });
    await exits.getByText('Emploi durable').waitFor();
    await page.getByText('Sorti(e)', { exact: true }).waitFor();
  });

  it('registers a person: a missing field shown beside it, a probable duplicate warned about, then the new person’s page', async () => {
    const { page } = tab;
    await page.goto(`${tab.origin}/personnes`);
    await page.getByRole('link', { name: 'Inscrire un participant' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inscrire un participant' }).waitFor();
    await checkPage(tab, 'inscrire-personne');
    const typo = `${word.slice(0, -1)}${word.endsWith('a') ? 'b' : 'a'}`;
    await page.getByLabel('Nom', { exact: true }).fill(typo);
    await page.getByLabel('Prénom', { exact: true }).fill('Maelle');
    await page.getByLabel('Date de naissance').fill(birthDate);
    const warning = page.getByText('Cette personne est peut-être déjà suivie');
    await warning.waitFor();
    await page.getByRole('link', { name: `Maëlle ${word.toUpperCase()}` }).waitFor();
    await page.getByLabel('Femme').check({ force: true });
    await page.getByLabel('Niveau de qualification').selectOption({ label: 'Niveau 4 (baccalauréat)' });
    await page.getByLabel('Reconnu travailleur handicapé (RQTH)').check({ force: true });
    await page.getByRole('button', { name: 'Inscrire le participant' }).click();
    await page.locator('.fr-message--error', { hasText: 'La commune de résidence est obligatoire' }).waitFor();
    await page.getByText('Le participant n’a pas été inscrit').waitFor();
    await checkPage(tab, 'inscrire-personne-probleme');
    await page.getByLabel('Commune de résidence').fill('Calais');
    await page.getByRole('button', { name: 'Inscrire le participant' }).click();
    await page.getByRole('heading', { level: 1, name: `Maelle ${typo.toUpperCase()}` }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/personnes\/[^/]+$/);
  });

  it('corrects the person just registered from their page: a typo in a name is fixed, not a second person created', async () => {
    const { page } = tab;
    const path = new URL(page.url()).pathname;
    const people = async () => Number((await sql<{ count: string }>('select count(*) from beneficiary'))[0]!.count);
    const before = await people();
    await page.getByRole('link', { name: 'Corriger l’identité ou la situation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Corriger un participant' }).waitFor();
    expect(await page.getByLabel('Commune de résidence').inputValue()).toBe('Calais');
    await page.getByLabel('Prénom').fill('Maëla');
    await page.getByLabel('Date de naissance').fill('2027-03-01');
    await page.getByRole('button', { name: 'Enregistrer les corrections' }).click();
    await page.getByRole('heading', { name: 'Les corrections n’ont pas été enregistrées' }).waitFor();
    expect(await page.getByLabel('Date de naissance').getAttribute('aria-describedby')).toBeTruthy();
    await checkPage(tab, 'corriger-personne-probleme');
    await page.getByLabel('Date de naissance').fill('1992-11-05');
    await page.getByRole('button', { name: 'Enregistrer les corrections' }).click();
    await page.getByRole('heading', { level: 1, name: /^Maëla / }).waitFor();
    expect(new URL(page.url()).pathname).toBe(path);
    expect(await people()).toBe(before);
  });

  it('shows a person’s hours month by month, as reported', async () => {
    const [placement] = await sql<{ beneficiary_id: string; months: string }>(
      `select p.beneficiary_id, count(h.*) as months from placement p join monthly_hours h on h.placement_id = p.id
         join organisation o on o.id = (select followed_by_id from beneficiary b where b.id = p.beneficiary_id)
        where o.name = 'La Fabrique DEFI (PLIE du Calaisis)' group by p.id, p.beneficiary_id order by count(h.*) desc, p.id limit 1`);
    const { page } = tab;
    await page.goto(`${tab.origin}/personnes/${toGlobalId('Beneficiary', placement!.beneficiary_id)}`);
    const months = page.getByRole('table', { name: /^Heures déclarées mois par mois/ }).first();
    await months.waitFor();
    expect(await months.locator('tbody tr').count()).toBe(Number(placement!.months));
  });

  it('shows a PLIE’s viewer the people without the forms that change them', async () => {
    const reader = await suite.open('viewer@fabrique-defi.demo');
    try {
      await reader.page.goto(`${reader.origin}/personnes`);
      await reader.page.getByRole('heading', { level: 1, name: 'Participants' }).waitFor();
      await reader.page.getByRole('table').waitFor();
      expect(await reader.page.getByRole('link', { name: 'Inscrire un participant' }).count()).toBe(0);
      await reader.page.getByLabel('Nom ou prénom').fill(word);
      await reader.page.getByRole('button', { name: 'Rechercher' }).click();
      await reader.page.getByRole('link', { name: `${word.toUpperCase()} Maëlle` }).click();
      await reader.page.getByRole('heading', { name: 'Mises à l’emploi' }).waitFor();
      expect(await reader.page.getByRole('button', { name: 'Enregistrer la mise à l’emploi' }).count()).toBe(0);
      expect(await reader.page.getByRole('button', { name: 'Enregistrer la sortie' }).count()).toBe(0);
    } finally {
      await reader.context.close();
    }
  });
});
