import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { Api } from '../../src/app.js';
import { ViewerDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { demoUser } from '../support/sql.js';

const AUDIENCE = 'clauses-api';

/** A stand-in OpenID Connect provider on loopback: discovery document and JWKS. */
let provider: Server;
let issuer: string;
let privateKey: CryptoKey;
let api: Api;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  provider = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    if (req.url === '/jwks') return res.end(JSON.stringify({ keys: [jwk] }));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  api = await startTestApi({ env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE } });
});

afterAll(async () => {
  await api.close();
  provider.closeAllConnections();
  await new Promise((resolve) => provider.close(resolve));
});

const sign = (claims: { sub: string; email?: string; email_verified?: boolean }, audience = AUDIENCE) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).setIssuer(issuer).setAudience(audience)
    .setIssuedAt().setExpirationTime('5m').sign(privateKey);

describe('with an OpenID Connect provider', () => {
  it("maps the provider's token to the user of that e-mail", async () => {
    const { email } = await demoUser('BAILLEUR', 'EDITOR');
    const response = await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: 'provider-subject-1', email, email_verified: true }) });
    expect(response.errors).toBeUndefined();
    expect(response.data!.viewer.user?.email).toBe(email);
  });

  it('does not trust an e-mail the provider does not vouch for', async () => {
    const { email } = await demoUser('BAILLEUR', 'EDITOR');
    const response = await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: 'provider-subject-2', email }) });
    expect(response.status).toBe(403);
  });

  it('refuses a token for another audience, and a valid token of nobody known', async () => {
    const { email } = await demoUser('BAILLEUR', 'EDITOR');
    const otherAudience = await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: 's', email, email_verified: true }, 'another-api') });
    expect(otherAudience.status).toBe(401);
    expect(otherAudience.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'WRONG_AUDIENCE' });
    expect(otherAudience.errors?.[0]?.message).toBe('Ce jeton n’a pas été émis pour cette plateforme (audience)');
    const stranger = await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: 'nobody', email: 'stranger@nowhere.demo', email_verified: true }) });
    expect(stranger.status).toBe(403);
  });

  it('no longer accepts development tokens', async () => {
    const response = await execute(api.url, ViewerDocument, {}, { token: await tokenFor((await demoUser('BAILLEUR', 'EDITOR')).email) });
    expect(response.status).toBe(401);
  });
});
