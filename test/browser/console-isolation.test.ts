/**
 * Issue 16, point 6: the console shows each organisation only its part, through the same API as any client.
 * Two PLIEs and a buyer, side by side in their own browser contexts: each PLIE lists exactly the people the
 * follows, finds none of the other's by name, opens none of their pages, and reads an identity
 * only where it follows the person; a buyer has no page of people at all, and its dashboard names nobody.
 */
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { consoleSuite, describeInBrowser } from '../support/console.js';
import { sql } from '../support/sql.js';

const PLIES = [
  { email: 'editor@fabrique-defi.demo', name: 'La Fabrique DEFI (PLIE du Calaisis)' },
  { email: 'editor@plie-lens-lievin.demo', name: "Association pour l'animation et la gestion du PLIE de Lens-Liévin" },
] as const;
const BUYER = { email: 'editor@ville-calais.demo', name: 'Ville de Calais' };

const organisationId = async (name: string) => (await sql<{ id: string }>('select id from organisation where name = $1', [name]))[0]!.id;

/** The people the PLIE follows: those its list shows. */
const followedPeople = async (plie: string) => Number((await sql<{ count: string }>('select count(*) from beneficiary where followed_by_id = $1', [plie]))[0]!.count);

/** As the search compares names: without accents or case. */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** A person the other PLIE follows, whom this one may not read at all, and whose name matches none of its own people's. */
async function strangerTo(plie: string, other: string): Promise<{ id: string; last_name: string }> {
  const candidates = await sql<{ id: string; last_name: string }>(
    `select b.id, i.last_name from beneficiary b join beneficiary_identity i on i.beneficiary_id = b.id
      where b.followed_by_id = $2 and not exists (select 1 from placement p join market m on m.id = p.market_id where p.beneficiary_id = b.id and m.facilitator_id = $1)
      order by i.last_name`, [plie, other]);
  const own = (await sql<{ name: string }>("select last_name || ' ' || first_name as name from beneficiary_identity where followed_by_id = $1", [plie])).map((row) => folded(row.name));
  return candidates.find((candidate) => !own.some((name) => name.includes(folded(candidate.last_name))))!;
}

describeInBrowser('the console keeps each organisation to its part', () => {
  const suite = consoleSuite();
  const open = (email: string) => suite.open(email);

  it.each([[0, 1], [1, 0]] as const)('shows PLIE %i exactly the people it follows, and nothing of PLIE %i’s own', async (self, other) => {
    const plie = await organisationId(PLIES[self].name);
    const stranger = await strangerTo(plie, await organisationId(PLIES[other].name));
    const tab = await open(PLIES[self].email);
    const { page } = tab;
    await page.goto(`${tab.origin}/personnes`);
    const count = await followedPeople(plie);
    await page.getByRole('status').getByText(new RegExp(`^${count} participants — page 1 sur ${Math.ceil(count / 20)}$`)).waitFor();
    await page.getByLabel('Nom ou prénom').fill(stranger.last_name);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Aucun participant ne correspond.').waitFor();
    await page.goto(`${tab.origin}/personnes/${toGlobalId('Beneficiary', stranger.id)}`);
    await page.getByRole('heading', { name: 'Ce participant n’a pas pu être affiché' }).waitFor();
    expect(await page.content()).not.toContain(stranger.last_name);
  });

  it('shows a PLIE the typology but not the identity of a person another PLIE follows, placed on a market it facilitates', async () => {
    const [placed] = (await sql<{ id: string; last_name: string; facilitator: string }>(
      `select b.id, i.last_name, o.name as facilitator from placement p join market m on m.id = p.market_id join organisation o on o.id = m.facilitator_id
         join beneficiary b on b.id = p.beneficiary_id join beneficiary_identity i on i.beneficiary_id = b.id
        where b.followed_by_id <> m.facilitator_id and o.name = any($1) order by i.last_name limit 1`, [PLIES.map((plie) => plie.name)])) as [{ id: string; last_name: string; facilitator: string }];
    expect(placed).toBeDefined();
    const tab = await open(PLIES.find((plie) => plie.name === placed.facilitator)!.email);
    await tab.page.goto(`${tab.origin}/personnes/${toGlobalId('Beneficiary', placed.id)}`);
    await tab.page.getByRole('heading', { name: 'Identité et typologie' }).waitFor();
    await tab.page.getByText('Sexe', { exact: true }).waitFor();
    expect(await tab.page.getByText('Nom', { exact: true }).count()).toBe(0);
    expect(await tab.page.content()).not.toContain(placed.last_name);
  });

  it('gives a buyer no page of people, and a dashboard that names no one placed on its markets', async () => {
    const buyer = await organisationId(BUYER.name);
    const tab = await open(BUYER.email);
    const menu = tab.page.getByRole('navigation', { name: 'Menu principal' });
    expect(await menu.getByRole('link', { name: 'Participants' }).count()).toBe(0);
    const placed = await sql<{ id: string; last_name: string; first_name: string }>(
      `select distinct b.id, i.last_name, i.first_name from placement p join market m on m.id = p.market_id join beneficiary b on b.id = p.beneficiary_id
         join beneficiary_identity i on i.beneficiary_id = b.id where m.buyer_id = $1`, [buyer]);
    expect(placed.length).toBeGreaterThan(0);
    await tab.page.goto(`${tab.origin}/personnes/${toGlobalId('Beneficiary', placed[0]!.id)}`);
    await tab.page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    await menu.getByRole('link', { name: 'Vos marchés' }).click();
    await tab.page.getByRole('heading', { name: 'Les personnes placées sur ces marchés' }).waitFor();
    await tab.page.getByRole('table', { name: /^Sexe, / }).waitFor();
    const text = await tab.page.locator('main').innerText();
    for (const person of placed) expect([person.last_name, text.includes(person.last_name)]).toEqual([person.last_name, false]);
  });
});
