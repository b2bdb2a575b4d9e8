import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { loadOrCreateDevSigningKey } from '../../src/auth/dev-signing-key.js';
import { DEV_ISSUER, signDevToken } from '../../src/auth/tokens.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { ViewerDocument } from '../generated/graphql.js';
import { execute, startTestApi, testDataDir, tokenFor } from '../support/api.js';
import { demoUser, sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('GET /health', () => {
  it('answers 200 without a token once the database is migrated', async () => {
    const response = await fetch(api.url.replace('/graphql', '/health'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('authentication', () => {
  it('refuses GraphQL without a token with UNAUTHENTICATED', async () => {
    const response = await execute(api.url, ViewerDocument, {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(response.data).toBeUndefined();
  });

  it('refuses a token that is not signed by the platform key', async () => {
    const [header, payload] = (await tokenFor('admin@fabrique-defi.demo')).split('.');
    const forged = `${header}.${payload}.${Buffer.from('not a signature').toString('base64url')}`;
    const response = await execute(api.url, ViewerDocument, {}, { token: forged });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    expect(response.errors?.[0]?.message).toMatch(/^Jeton invalide/);
  });

  it('says in French what is wrong with an Authorization header that is not a bearer token', async () => {
    const response = await execute(api.url, ViewerDocument, {}, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MALFORMED_HEADER' });
    expect(response.errors?.[0]?.message).toBe('L’en-tête Authorization doit être de la forme « Bearer <jeton> »');
  });

  it('refuses a valid token of someone who has no account with FORBIDDEN', async () => {
    const response = await execute(api.url, ViewerDocument, {}, { token: await tokenFor('nobody@nowhere.demo') });
    expect(response.status).toBe(403);
    expect(response.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('binds an account to the subject of its first development token, and refuses another subject with that e-mail', async () => {
    const email = `dev-${randomUUID()}@test.demo`;
    await sql('insert into app_user (id, email, display_name) values (gen_random_uuid(), $1, $2)', [email, 'Compte de développement']);
    const key = await loadOrCreateDevSigningKey(testDataDir());
    const first = await execute(api.url, ViewerDocument, {}, { token: await signDevToken(key, { sub: 'dev-subject-a', email }) });
    expect(first.data?.viewer.user?.email).toBe(email);
    const other = await execute(api.url, ViewerDocument, {}, { token: await signDevToken(key, { sub: 'dev-subject-b', email }) });
    expect(other.status).toBe(403);
    expect(await sql('select oidc_issuer, oidc_subject from app_user where email = $1', [email])).toEqual([{ oidc_issuer: DEV_ISSUER, oidc_subject: 'dev-subject-a' }]);
  });

  it('makes the only membership the acting one', async () => {
    const { email, organisationId } = await demoUser('PLIE', 'EDITOR');
    const response = await execute(api.url, ViewerDocument, {}, { token: await tokenFor(email) });
    expect(response.errors).toBeUndefined();
    expect(response.data?.viewer.user?.email).toBe(email);
    expect(response.data?.viewer.actingOrganisation?.id).toBe(toGlobalId('Organisation', organisationId));
    expect(response.data?.viewer.actingRole).toBe('EDITOR');
  });

  describe('a user with two memberships', () => {
    let email: string;
    let organisations: string[];
    beforeAll(async () => {
      const rows = await sql<{ email: string; organisation_id: string }>(
        `select u.email, m.organisation_id from app_user u join membership m on m.user_id = u.id
          where m.active and u.id in (select user_id from membership where active group by user_id having count(*) = 2)
          order by u.email, m.organisation_id`,
      );
      email = rows[0]!.email;
      organisations = rows.filter((row) => row.email === email).map((row) => toGlobalId('Organisation', row.organisation_id));
    });

    it('acts for no organisation until X-Organisation names one', async () => {
      const response = await execute(api.url, ViewerDocument, {}, { token: await tokenFor(email) });
      expect(response.data?.viewer.memberships).toHaveLength(2);
      expect(response.data?.viewer.actingOrganisation).toBeNull();
    });

    it('acts for the organisation X-Organisation names', async () => {
      for (const organisation of organisations) {
        const response = await execute(api.url, ViewerDocument, {}, { token: await tokenFor(email), organisation });
        expect(response.data?.viewer.actingOrganisation?.id).toBe(organisation);
      }
    });

    it('refuses an organisation the user is not an active member of', async () => {
      const [other] = await sql<{ id: string }>(
        `select o.id from organisation o where o.id not in
           (select m.organisation_id from membership m join app_user u on u.id = m.user_id where u.email = $1 and m.active) limit 1`,
        [email],
      );
      const response = await execute(api.url, ViewerDocument, {}, {
        token: await tokenFor(email),
        organisation: toGlobalId('Organisation', other!.id),
      });
      expect(response.status).toBe(403);
      expect(response.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    });
  });

  it('refuses the organisation of a deactivated membership', async () => {
    const [former] = await sql<{ email: string; organisation_id: string }>(
      `select u.email, m.organisation_id from membership m join app_user u on u.id = m.user_id where not m.active limit 1`,
    );
    const response = await execute(api.url, ViewerDocument, {}, {
      token: await tokenFor(former!.email),
      organisation: toGlobalId('Organisation', former!.organisation_id),
    });
    expect(response.status).toBe(403);
  });
});
