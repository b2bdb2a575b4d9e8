import { randomUUID } from 'node:crypto';
import { startTestApi } from '../support/api.js';
import { adminOf, invite, newEmail } from '../support/members.js';
import { sql } from '../support/sql.js';
import { checkPage, consoleSuite, describeInBrowser, type ConsoleTab } from '../support/console.js';
import { FakeOidcProvider } from '../support/oidc-provider.js';

describeInBrowser('the console signing in with an OpenID Connect provider (authorization code with PKCE)', () => {
  const provider = new FakeOidcProvider('clauses-console', 'clauses-api');
  beforeAll(() => provider.start());
  afterAll(() => provider.stop());
  const suite = consoleSuite({
    env: () => ({ OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: 'clauses-api', OIDC_CLIENT_ID: 'clauses-console' }),
    allowHosts: () => [new URL(provider.issuer).host],
  });
  let tab: ConsoleTab;
  beforeAll(async () => {
    tab = await suite.open();
  });

  it('offers no demo account, only the provider', async () => {
    await tab.page.goto(`${tab.origin}/`);
    await tab.page.getByRole('button', { name: 'Se connecter', exact: true }).waitFor();
    expect(await tab.page.getByText('Comptes de démonstration').count()).toBe(0);
    await checkPage(tab, 'connexion-oidc');
  });

  it('signs a newly invited person in through the provider as a public client proving its code with S256; they accept and act for the organisation', async () => {
    // The invitation, sent by an administrator on a platform that signs its own tokens (the same database).
    const admin = await adminOf('PLIE');
    const [{ name }] = (await sql<{ name: string }>('select name from organisation where id = $1', [admin.organisationId])) as [{ name: string }];
    const development = await startTestApi();
    const email = newEmail('oidc');
    try {
      expect((await invite(development.url, admin, email, 'EDITOR')).errors).toBeUndefined();
    } finally {
      await development.close();
    }
    provider.user = { sub: `sujet-${randomUUID()}`, email };
    await tab.page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await tab.page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
    await checkPage(tab, 'invitations');
    await tab.page.getByRole('button', { name: `Accepter l’invitation de ${name}` }).click();
    await tab.page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
    await tab.page.getByText(name).first().waitFor();
    expect(provider.authorizations).toEqual([expect.objectContaining({ clientId: 'clauses-console', codeChallengeMethod: 'S256', redirectUri: `${tab.origin}/connexion/retour`, scope: 'openid email profile' })]);
    expect(provider.tokenRequests).toEqual([{ grantType: 'authorization_code', clientId: 'clauses-console', clientSecret: null, verifierMatched: true }]);
    expect(new URL(tab.page.url()).search).toBe('');
  });

  it('refuses a return from the provider that this tab did not start (forged or replayed), in French', async () => {
    await tab.page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await tab.page.goto(`${tab.origin}/connexion/retour?code=volé&state=forgé`);
    await tab.page.getByText('Aucune connexion en cours : recommencez depuis la page de connexion').waitFor();
    expect(provider.tokenRequests).toHaveLength(1);
  });
});
