import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  AwardLotDocument, ChangeMemberRoleDocument, CreateApiKeyDocument, CreateLotDocument, DeactivateMemberDocument, InviteMemberDocument, RemoveLotDocument,
  RevokeApiKeyDocument, UpdateAwardDocument, UpdateLotDocument, WithdrawAwardDocument,
} from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';
import { demoReaders } from './readers.js';

const everyAdmin = await demoReaders(['ADMIN']);
const admins = everyAdmin.filter((admin) => admin.kind !== 'DEPARTEMENT');

/** The rows the mutations aim at, and whether the intruder's account appeared, to compare before and after. */
const snapshot = (membershipId: string, apiKeyPrefix: string) => sql(
  `select (select json_build_array(role, active, version) from membership where id = $1) as membership,
          (select json_build_array(revoked_at, version) from api_key where prefix = $2) as key,
          (select count(*) from app_user where email = 'intrus@test.demo') as intruder`,
  [membershipId, apiKeyPrefix],
);

/** Another buyer's lot and award, a company not awarded that lot, and the state of the market's lots and awards. */
async function foreignLot(organisationId: string) {
  const [row] = await sql<{ market: string; lot: string; award: string; company: string; lot_version: number; award_version: number }>(
    `select m.id as market, l.id as lot, a.id as award, l.version as lot_version, a.version as award_version,
            (select c.id from company c where c.id not in (select company_id from award where lot_id = l.id) order by c.siret limit 1) as company
       from award a join lot l on l.id = a.lot_id join market m on m.id = l.market_id
      where m.buyer_id <> $1 order by a.id limit 1`,
    [organisationId],
  );
  return row!;
}

const lotsSnapshot = (marketId: string) => sql(
  `select l.id, l.number, l.title, l.version, (select json_agg(json_build_array(a.company_id, a.amount_ht, a.version) order by a.id) from award a where a.lot_id = l.id) as awards
     from lot l where l.market_id = $1 order by l.id`,
  [marketId],
);

/** Only buyers write lots and awards: a PLIE or the État is refused whatever the market. */
const NOT_BUYERS = new Set(['PLIE', 'ETAT']);

describe('every mutation, called with the ids of another organisation', () => {
  let api: Api;
  let foreignKeyId: string;
  let foreignKeyPrefix: string;
  beforeAll(async () => {
    api = await startTestApi();
    const departement = everyAdmin.find((admin) => admin.kind === 'DEPARTEMENT')!;
    const created = await execute(api.url, CreateApiKeyDocument, { input: { name: 'Clé témoin', role: 'VIEWER' } }, { token: await tokenFor(departement.email!) });
    foreignKeyId = created.data!.createApiKey.apiKey.id;
    foreignKeyPrefix = created.data!.createApiKey.apiKey.prefix;
  });
  afterAll(() => api.close());

  it.each(admins.map((admin) => [admin.label, admin] as const))('answers NOT_FOUND or FORBIDDEN to %s and changes nothing', async (_, admin) => {
    const token = await tokenFor(admin.email!);
    const [foreign] = await sql<{ id: string; organisation_id: string }>(
      'select id, organisation_id from membership where organisation_id <> $1 order by id limit 1', [admin.organisationId],
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

  it.each(everyAdmin.map((admin) => [admin.label, admin] as const))("refuses %s another buyer's lots and awards and changes nothing", async (_, admin) => {
    const token = await tokenFor(admin.email!);
    const target = await foreignLot(admin.organisationId);
    const [marketId, lotId, awardId] = [toGlobalId('Market', target.market), toGlobalId('Lot', target.lot), toGlobalId('Award', target.award)];
    const before = await lotsSnapshot(target.market);
    const answers = [
      await execute(api.url, CreateLotDocument, { marketId, fields: { number: 99, title: 'Lot intrus' } }, { token }),
      await execute(api.url, UpdateLotDocument, { input: { id: lotId, version: target.lot_version, fields: { title: 'Lot intrus' } } }, { token }),
      await execute(api.url, RemoveLotDocument, { id: lotId, version: target.lot_version }, { token }),
      await execute(api.url, AwardLotDocument, { input: { lotId, companyId: toGlobalId('Company', target.company) } }, { token }),
      await execute(api.url, UpdateAwardDocument, { input: { id: awardId, version: target.award_version, fields: { amountHt: 1 } } }, { token }),
      await execute(api.url, WithdrawAwardDocument, { id: awardId, version: target.award_version }, { token }),
    ];
    const expected = NOT_BUYERS.has(admin.kind) ? 'FORBIDDEN' : 'NOT_FOUND';
    expect(answers.map((answer) => answer.errors?.[0]?.extensions.code)).toEqual(Array(answers.length).fill(expected));
    expect(await lotsSnapshot(target.market)).toEqual(before);
  });
});
