import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { ChangeMemberRoleDocument, CreateApiKeyDocument, DeactivateMemberDocument, InviteMemberDocument, RevokeApiKeyDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';
import { oneUserPerOrganisation } from './expectations.js';

const admins = (await oneUserPerOrganisation('ADMIN')).filter((admin) => admin.kind !== 'DEPARTEMENT');

/** The rows the mutations aim at, and whether the intruder's account appeared, to compare before and after. */
const snapshot = (membershipId: string, apiKeyPrefix: string) => sql(
  `select (select json_build_array(role, active, version) from membership where id = $1) as membership,
          (select json_build_array(revoked_at, version) from api_key where prefix = $2) as key,
          (select count(*) from app_user where email = 'intrus@test.demo') as intruder`,
  [membershipId, apiKeyPrefix],
);

describe('every mutation, called with the ids of another organisation', () => {
  let api: Api;
  let foreignKeyId: string;
  let foreignKeyPrefix: string;
  beforeAll(async () => {
    api = await startTestApi();
    const [departement] = await oneUserPerOrganisation('ADMIN').then((all) => all.filter((admin) => admin.kind === 'DEPARTEMENT'));
    const created = await execute(api.url, CreateApiKeyDocument, { input: { name: 'Clé témoin', role: 'VIEWER' } }, { token: await tokenFor(departement!.email) });
    foreignKeyId = created.data!.createApiKey.apiKey.id;
    foreignKeyPrefix = created.data!.createApiKey.apiKey.prefix;
  });
  afterAll(() => api.close());

  it.each(admins.map((admin) => [`${admin.kind} ${admin.name}`, admin] as const))('answers NOT_FOUND or FORBIDDEN to %s and changes nothing', async (_, admin) => {
    const token = await tokenFor(admin.email);
    const [foreign] = await sql<{ id: string; organisation_id: string }>(
      'select id, organisation_id from membership where organisation_id <> $1 order by id limit 1', [admin.organisation_id],
    );
    const membershipId = toGlobalId('Membership', foreign!.id);
    const before = await snapshot(foreign!.id, foreignKeyPrefix);
    const answers = [
      await execute(api.url, ChangeMemberRoleDocument, { input: { membershipId, role: 'ADMIN' } }, { token }),
      await execute(api.url, DeactivateMemberDocument, { input: { membershipId } }, { token }),
      await execute(api.url, RevokeApiKeyDocument, { id: foreignKeyId }, { token }),
    ];
    for (const answer of answers) expect(answer.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const invite = await execute(api.url, InviteMemberDocument, {
      input: { email: 'intrus@test.demo', displayName: 'Intrus', role: 'ADMIN', organisationId: toGlobalId('Organisation', foreign!.organisation_id) },
    }, { token });
    expect(invite.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await snapshot(foreign!.id, foreignKeyPrefix)).toEqual(before);
  });
});
