import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { Api } from '../../src/app.js';
import { ViewerDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { asApplicationRole, demoUser, sql } from '../support/sql.js';

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

/** A new account, bound to nobody yet, as an administrator would have had it created. */
async function newAccount(): Promise<string> {
  const email = `oidc-${randomUUID()}@test.demo`;
  await sql('insert into app_user (id, email, display_name) values (gen_random_uuid(), $1, $2)', [email, 'Compte OIDC']);
  return email;
}

const bindingOf = (email: string) => sql<{ oidc_issuer: string | null; oidc_subject: string | null }>(
  'select oidc_issuer, oidc_subject from app_user where email = $1', [email],
);

describe('with an OpenID Connect provider', () => {
  it("maps the provider's token to the user of that e-mail", async () => {
    const email = await newAccount();
    const response = await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: `subject-${randomUUID()}`, email, email_verified: true }) });
    expect(response.errors).toBeUndefined();
    expect(response.data!.viewer.user?.email).toBe(email);
  });

  it('does not trust an e-mail the provider does not vouch for', async () => {
    const email = await newAccount();
    const response = await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: `subject-${randomUUID()}`, email }) });
    expect(response.status).toBe(403);
    expect(await bindingOf(email)).toEqual([{ oidc_issuer: null, oidc_subject: null }]);
  });

  it('binds the account to the subject at the first sign-in, then finds it by that subject alone', async () => {
    const [email, subject] = [await newAccount(), `subject-${randomUUID()}`];
    expect((await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: subject, email, email_verified: true }) })).status).toBe(200);
    expect(await bindingOf(email)).toEqual([{ oidc_issuer: issuer, oidc_subject: subject }]);
    const later = await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: subject }) });
    expect(later.data!.viewer.user?.email).toBe(email);
  });

  it('refuses another subject carrying the same e-mail, in French, and keeps the binding', async () => {
    const [email, subject] = [await newAccount(), `subject-${randomUUID()}`];
    await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: subject, email, email_verified: true }) });
    const intruder = await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: `other-${randomUUID()}`, email, email_verified: true }) });
    expect(intruder.status).toBe(403);
    expect(intruder.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(intruder.errors?.[0]?.message).toBe('Ce compte est lié à une autre identité de connexion : connectez-vous avec celle-ci');
    expect(await bindingOf(email)).toEqual([{ oidc_issuer: issuer, oidc_subject: subject }]);
  });

  it('binds one subject only when two sign in for the first time at once', async () => {
    const email = await newAccount();
    const subjects = [`first-${randomUUID()}`, `second-${randomUUID()}`];
    const answers = await Promise.all(subjects.map(async (sub) => execute(api.url, ViewerDocument, {}, { token: await sign({ sub, email, email_verified: true }) })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 403]);
    const [binding] = await bindingOf(email);
    expect(subjects[answers.findIndex((answer) => answer.status === 200)]).toBe(binding!.oidc_subject);
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

describe('the binding of an account to its subject, in the database', () => {
  it('cannot be set, changed or removed by the application role, even for an administrator', async () => {
    const [{ id: userId }] = (await sql<{ id: string }>('select id from app_user where email = $1', [(await demoUser('DEPARTEMENT', 'ADMIN')).email])) as [{ id: string }];
    const [organisation] = await sql<{ id: string }>("select id from organisation where kind = 'DEPARTEMENT' order by name limit 1");
    const bound = await newAccount();
    await execute(api.url, ViewerDocument, {}, { token: await sign({ sub: `subject-${randomUUID()}`, email: bound, email_verified: true }) });
    const unbound = await newAccount();
    const attempts = [
      ['update app_user set oidc_subject = $2 where email = $1', [bound, 'stolen']],
      ['update app_user set oidc_issuer = null, oidc_subject = null where email = $1', [bound]],
      ['update app_user set oidc_issuer = $2, oidc_subject = $2 where email = $1', [unbound, 'planted']],
      ['update app_user set email = $2 where email = $1', [unbound, `taken-${randomUUID()}@test.demo`]],
    ] as const;
    for (const [statement, params] of attempts) {
      const refused = await asApplicationRole(async (client) => {
        await client.query('begin');
        await client.query(`select set_config('app.user_id', $1, true), set_config('app.org_id', $2, true),
                                   set_config('app.org_kind', 'DEPARTEMENT', true), set_config('app.role', 'ADMIN', true)`, [userId, organisation!.id]);
        return client.query(statement, [...params]).then(() => null, (error: Error) => error.message).finally(() => client.query('rollback'));
      });
      expect(refused).toMatch(/identity/);
    }
  });
});
