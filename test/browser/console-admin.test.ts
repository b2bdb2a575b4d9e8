import { AcceptInvitationDocument, ApiKeysDocument, AuditTrailDocument, InviteMemberDocument, MembersDocument } from '../generated/graphql.js';
import { execute, tokenFor } from '../support/api.js';
import { checkPage, consoleSuite, describeInBrowser } from '../support/console.js';
import { invite, newEmail, type Admin } from '../support/members.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { sql } from '../support/sql.js';

// A PLIE whose members no other test relies on: its demo accounts are only read, the people changed are invited here.
const ADMIN = 'admin@mipe-saint-omer.demo';
const EDITOR = 'editor@mipe-saint-omer.demo';

describeInBrowser('the console: an organisation’s administration (members, API keys, audit trail)', () => {
  const suite = consoleSuite();
  let admin: Admin;
  const run = Date.now().toString(36);
  const promoted = { email: newEmail('promu'), name: `Paul Promu ${run}` };
  const leaving = { email: newEmail('partant'), name: `Léa Partante ${run}` };
  const open = (email = ADMIN) => suite.open(email);
  const members = async () => (await execute(suite.api.url, MembersDocument, { includeInactive: true }, { token: admin.token })).data!.members.nodes;

  beforeAll(async () => {
    const [row] = await sql<{ organisation_id: string }>('select m.organisation_id from membership m join app_user u on u.id = m.user_id where u.email = $1 and m.active', [ADMIN]);
    admin = { email: ADMIN, organisationId: row!.organisation_id, organisation: toGlobalId('Organisation', row!.organisation_id), token: await tokenFor(ADMIN) };
    // Two people who accepted an invitation, so that changing a role and deactivating touch no demo account.
    for (const person of [promoted, leaving]) {
      const invited = await execute(suite.api.url, InviteMemberDocument, { input: { email: person.email, displayName: person.name, role: 'VIEWER' } }, { token: admin.token });
      expect(invited.errors).toBeUndefined();
      const accepted = await execute(suite.api.url, AcceptInvitationDocument, { invitationId: invited.data!.inviteMember.invitation.id }, { token: await tokenFor(person.email) });
      expect(accepted.errors).toBeUndefined();
    }
    // Enough writes in the organisation's trail for more than one page of it.
    for (let index = 0; index < 12; index += 1) expect((await invite(suite.api.url, admin, newEmail('journal'))).errors).toBeUndefined();
  });

  it('invites a person (the problem beside the field first), lists and revokes the invitation', async () => {
    const tab = await open();
    const { page } = tab;
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Membres' }).click();
    await page.getByRole('heading', { level: 1, name: 'Membres' }).waitFor();
    await page.getByRole('cell', { name: promoted.email }).waitFor();
    await checkPage(tab, 'membres');

    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Inviter une personne' }) });
    await form.getByLabel('Adresse électronique').fill('pas-une-adresse');
    await form.getByRole('textbox', { name: /^Nom/ }).fill('Zoé Invitée');
    await form.getByRole('button', { name: 'Inviter' }).click();
    const emailGroup = form.locator('.fr-input-group', { has: page.getByLabel('Adresse électronique') });
    await emailGroup.locator('.fr-message--error').waitFor();
    expect(await emailGroup.locator('.fr-message--error').textContent()).toMatch(/adresse/i);
    await form.locator('input[name="email"]:focus').waitFor();
    await form.getByRole('alert').or(form.locator('.fr-alert--error')).first().waitFor();
    await checkPage(tab, 'membres-invitation-refusee');

    const invitee = newEmail('zoe');
    await form.getByLabel('Adresse électronique').fill(invitee);
    await form.getByRole('button', { name: 'Inviter' }).click();
    await page.getByText(`Invitation envoyée à ${invitee}`).waitFor();
    expect(await emailGroup.locator('.fr-message--error').count()).toBe(0);
    const row = page.getByRole('row').filter({ hasText: invitee });
    await row.waitFor();
    expect(await row.textContent()).toContain('Lecteur');

    await row.getByRole('button', { name: `Révoquer l’invitation de ${invitee}` }).click();
    await page.getByRole('alertdialog', { name: `Révoquer l’invitation de ${invitee} ?` }).waitFor();
    await page.getByRole('button', { name: 'Confirmer la révocation' }).click();
    await page.getByText(`L’invitation de ${invitee} est révoquée.`).waitFor();
    await page.getByRole('row').filter({ hasText: invitee }).waitFor({ state: 'detached' });
    const [invitation] = await sql<{ status: string }>('select status from invitation where email = $1', [invitee]);
    expect(invitation?.status).toBe('REVOKED');
  });

  it('changes a member’s role, deactivates a member after confirming, and shows the API’s refusal for the last administrator', async () => {
    const tab = await open();
    const { page } = tab;
    await page.goto(`${tab.origin}/membres`);
    await page.getByLabel(`Rôle de ${promoted.name}`).selectOption('EDITOR');
    await page.getByRole('button', { name: `Enregistrer le rôle de ${promoted.name}` }).click();
    await page.getByText(`${promoted.name} est désormais éditeur.`).waitFor();
    await page.reload();
    await page.getByRole('cell', { name: promoted.email }).waitFor();
    expect(await page.getByLabel(`Rôle de ${promoted.name}`).inputValue()).toBe('EDITOR');
    expect((await members()).find((member) => member.user.email === promoted.email)).toMatchObject({ role: 'EDITOR', active: true });

    await page.getByRole('button', { name: `Désactiver ${leaving.name}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Désactiver ${leaving.name} ?` });
    await dialog.waitFor();
    await checkPage(tab, 'membres-desactivation');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    expect(await dialog.count()).toBe(0);
    expect((await members()).find((member) => member.user.email === leaving.email)?.active).toBe(true);
    await page.getByRole('button', { name: `Désactiver ${leaving.name}` }).click();
    await page.getByRole('button', { name: 'Confirmer la désactivation' }).click();
    await page.getByText(`${leaving.name} n’est plus membre actif de l’organisation.`).waitFor();
    await page.getByRole('cell', { name: leaving.email }).waitFor({ state: 'detached' });
    expect((await members()).find((member) => member.user.email === leaving.email)?.active).toBe(false);

    // The organisation has one administrator: the API refuses to make them a viewer, and the page says why.
    const admins = (await members()).filter((member) => member.active && member.role === 'ADMIN');
    expect(admins.map((member) => member.user.email)).toEqual([ADMIN]);
    const adminRow = page.getByRole('row').filter({ hasText: ADMIN });
    const adminName = (await adminRow.getByRole('cell').first().textContent())!.replace(/ \(vous\)$/, '');
    expect(await adminRow.getByRole('button', { name: /Désactiver/ }).count()).toBe(0);
    await page.getByLabel(`Rôle de ${adminName}`).selectOption('VIEWER');
    await page.getByRole('button', { name: `Enregistrer le rôle de ${adminName}` }).click();
    await page.getByText('Modification refusée').waitFor();
    await page.getByText(/dernier administrateur/).waitFor();
    expect(await page.getByLabel(`Rôle de ${adminName}`).inputValue()).toBe('ADMIN');
    expect((await members()).find((member) => member.user.email === ADMIN)?.role).toBe('ADMIN');
  });

  it('creates an API key whose secret is shown once and works, then revokes it', async () => {
    const tab = await open();
    const { page } = tab;
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Clés d’API' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clés d’API' }).waitFor();
    const name = `Tableau de bord ${run}`;
    await page.getByLabel('Nom de la clé').fill(name);
    await page.getByLabel('Rôle de la clé').selectOption('VIEWER');
    await page.getByRole('button', { name: 'Créer la clé' }).click();
    await page.getByRole('heading', { name: `Clé « ${name} » créée : copiez-la maintenant` }).waitFor();
    await page.getByText('Elle ne sera plus jamais affichée.').waitFor();
    const secret = await page.getByLabel('La clé (secrète)').inputValue();
    expect(secret).toMatch(/^clk_[0-9a-f]{12}_/);
    await page.getByRole('button', { name: 'Copier la clé' }).click();
    await page.getByRole('status').filter({ hasText: /copi/ }).waitFor();
    // The secret of a test's key is no one's, but a screenshot in docs/ shows none.
    await checkPage(tab, 'cles-api', { mask: [page.getByLabel('La clé (secrète)')] });

    const asKey = () => fetch(`${tab.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ viewer { actingRole apiKey { name } } }' }),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { data?: { viewer: { actingRole: string; apiKey: { name: string } } }; errors?: unknown[] } }));
    const used = await asKey();
    expect(used.body.data?.viewer).toEqual({ actingRole: 'VIEWER', apiKey: { name } });

    await page.reload();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    expect(await page.getByLabel('La clé (secrète)').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    expect(await row.textContent()).toContain('Active');
    expect(await row.getByRole('cell').nth(4).textContent()).not.toBe('Jamais');

    await row.getByRole('button', { name: `Révoquer la clé ${name}` }).click();
    await page.getByRole('alertdialog', { name: `Révoquer la clé « ${name} » ?` }).waitFor();
    await page.getByRole('button', { name: 'Confirmer la révocation' }).click();
    await page.getByText(`La clé « ${name} » est révoquée`).waitFor();
    await page.getByRole('row').filter({ hasText: name }).filter({ hasText: 'Révoquée le' }).waitFor();
    const refused = await asKey();
    expect(refused.body.data?.viewer?.apiKey ?? null).toBeNull();
    expect(refused.body.errors?.length).toBeGreaterThan(0);
    const keys = (await execute(suite.api.url, ApiKeysDocument, { includeRevoked: true }, { token: admin.token })).data!.apiKeys.nodes;
    expect(keys.find((key) => key.name === name)?.revokedAt).toEqual(expect.any(String));
  });

  it('shows the organisation’s audit trail with the writes just made, filtered, in pages', async () => {
    const tab = await open();
    const { page } = tab;
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Journal' }).waitFor();
    await page.getByRole('table').waitFor();
    await checkPage(tab, 'journal');

    await page.getByLabel('Sur quoi').selectOption({ label: 'Clé d’API' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    const keyRows = page.getByRole('row').filter({ hasText: 'Clé d’API' }).filter({ hasText: ADMIN });
    await keyRows.filter({ hasText: 'Création' }).first().waitFor();
    await keyRows.filter({ hasText: 'Modification' }).first().waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Participant' }).count()).toBe(0);

    await page.getByLabel('Sur quoi').selectOption({ label: 'Adhésion d’un membre' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('row').filter({ hasText: 'Modification' }).filter({ hasText: 'rôle : éditeur' }).first().waitFor();
    await page.getByRole('row').filter({ hasText: 'actif : non' }).first().waitFor();

    // By action, by who wrote, and by period: the deactivation of today, by the administrator.
    const adminLabel = (await page.getByLabel('Qui').locator('option').filter({ hasText: ADMIN }).textContent())!;
    await page.getByLabel('Qui').selectOption({ label: adminLabel });
    await page.getByLabel('Action').selectOption({ label: 'Modification' });
    const today = await page.evaluate<string>('new Date().toLocaleDateString("sv")');
    await page.getByRole('textbox', { name: /^Du / }).fill(today);
    await page.getByRole('textbox', { name: /^Au / }).fill(today);
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('table').getByRole('caption').filter({ hasText: '(2)' }).waitFor();
    const rows = page.getByRole('table').getByRole('row').filter({ hasText: 'Adhésion d’un membre' });
    expect((await rows.allTextContents()).map((text) => [text.includes('Modification'), text.includes(ADMIN)])).toEqual([[true, true], [true, true]]);
    const yesterday = await page.evaluate<string>('new Date(Date.now() - 86400000).toLocaleDateString("sv")');
    await page.getByRole('textbox', { name: /^Du / }).fill(yesterday);
    await page.getByRole('textbox', { name: /^Au / }).fill(yesterday);
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByText('Aucune écriture ne correspond à ces filtres.').waitFor();
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await page.getByLabel('Sur quoi').selectOption({ label: 'Adhésion d’un membre' });
    await page.getByRole('button', { name: 'Filtrer' }).click();

    // What the page shows is what the API answers for the same filter.
    const trail = await execute(suite.api.url, AuditTrailDocument, { filter: { entity: 'Membership' }, first: 1000 }, { token: admin.token });
    await page.getByRole('table').getByRole('caption').filter({ hasText: `(${trail.data!.auditEvents.totalCount})` }).waitFor();

    await page.getByLabel('Identifiant de requête').fill('pas une requête !');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    const requestGroup = page.locator('.fr-input-group', { has: page.getByLabel('Identifiant de requête') });
    await requestGroup.locator('.fr-message--error').filter({ hasText: /identifiant de requête/ }).waitFor();

    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    const caption = page.getByRole('table').getByRole('caption');
    await caption.filter({ hasText: /page 1 sur/ }).waitFor();
    const all = (await execute(suite.api.url, AuditTrailDocument, { first: 1 }, { token: admin.token })).data!.auditEvents.totalCount;
    expect(all).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Page suivante' }).click();
    await caption.filter({ hasText: /page 2 sur/ }).waitFor();
    expect(await page.getByRole('table').getByRole('row').count()).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Page précédente' }).click();
    await caption.filter({ hasText: /page 1 sur/ }).waitFor();
  });

  it('shows an editor of the same organisation no administration: the page is not found, and the API refuses', async () => {
    const tab = await open(EDITOR);
    const { page } = tab;
    const menu = page.getByRole('navigation', { name: 'Menu principal' });
    expect(await menu.getByRole('link', { name: 'Membres' }).count()).toBe(0);
    for (const path of ['/membres', '/cles-api', '/journal']) {
      await page.goto(`${tab.origin}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    }
    const token = await tokenFor(EDITOR);
    expect((await execute(suite.api.url, ApiKeysDocument, {}, { token })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const invited = await execute(suite.api.url, InviteMemberDocument, { input: { email: newEmail('refuse'), displayName: 'Personne Refusée', role: 'ADMIN' } }, { token });
    expect(invited.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
