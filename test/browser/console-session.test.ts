import { checkPage, chooseOrganisation, consoleSuite, describeInBrowser, signIn } from '../support/console.js';

describeInBrowser('the console: signing in and acting for an organisation', () => {
  const suite = consoleSuite();
  const open = () => suite.open();

  it('is served at / in French with the design system, and offers the demo accounts in development', async () => {
    const tab = await open();
    const response = await tab.page.goto(`${tab.origin}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src|default-src 'self'/);
    expect(await tab.page.getAttribute('html', 'lang')).toBe('fr');
    await tab.page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await tab.page.getByRole('button', { name: 'Se connecter en tant que editor@fabrique-defi.demo' }).waitFor();
    const font = await tab.page.evaluate<string>('getComputedStyle(document.body).fontFamily');
    expect(font).toMatch(/Marianne/);
    await checkPage(tab, 'connexion');
  });

  it('signs a PLIE editor in to their organisation, with the menu of a PLIE', async () => {
    const tab = await open();
    await signIn(tab, 'editor@fabrique-defi.demo');
    await tab.page.getByText('La Fabrique DEFI (PLIE du Calaisis)').first().waitFor();
    const menu = tab.page.getByRole('navigation', { name: 'Menu principal' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(['Participants', 'Heures du mois', 'Import de tableur', 'Chartes']);
    await checkPage(tab, 'accueil-plie');
  });

  it('asks a person of two organisations which one they act for, and lets them switch', async () => {
    const tab = await open();
    await tab.page.goto(`${tab.origin}/`);
    await tab.page.getByRole('button', { name: 'Se connecter en tant que camille.durand@facilitateurs.demo' }).click();
    await checkPage(tab, 'choix-organisation');
    await chooseOrganisation(tab, "Association pour l'animation et la gestion du PLIE de Lens-Liévin");
    await tab.page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
    await tab.page.getByRole('link', { name: /PLIE de Lens-Liévin \(changer\)/ }).first().click();
    await chooseOrganisation(tab, "Démarche d'insertion économique et sociale pour l'emploi (PLIE d'Hénin-Carvin)");
    await tab.page.getByText(/Vous agissez pour .*Hénin-Carvin/).waitFor();
  });

  it('shows an administrator the pages of the organisation’s administration, and signs out', async () => {
    const tab = await open();
    await signIn(tab, 'admin@ville-calais.demo');
    const menu = tab.page.getByRole('navigation', { name: 'Menu principal' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(['Vos marchés', 'Chartes', 'Membres', 'Clés d’API', 'Journal']);
    await tab.page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await tab.page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    expect(await tab.page.evaluate<number>('sessionStorage.length')).toBe(0);
  });

  it('opens a page of the console from its address, and says when it does not exist', async () => {
    const tab = await open();
    await signIn(tab, 'editor@fabrique-defi.demo');
    await tab.page.goto(`${tab.origin}/nulle-part`);
    await tab.page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    await checkPage(tab, 'page-introuvable');
  });
});
