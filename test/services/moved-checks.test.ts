import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { CreatePlacementDocument, RecordExitDocument, RegisterBeneficiaryDocument, ReportHoursDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { upload } from '../support/imports.js';
import { demoUser, sql } from '../support/sql.js';

/**
 * The refusals the services took over from resolvers and HTTP handlers, answered as before: the code,
 * the French message, and which check comes first.
 */

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const tokenOf = async (kind: string, role: string) => tokenFor((await demoUser(kind, role)).email);

/** The first refusal of an HTTP route, as its JSON body gives it. */
async function refusal(response: Response) {
  const { errors } = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
  return { status: response.status, message: errors[0]!.message, code: errors[0]!.extensions.code };
}

const NOT_A_GLOBAL_ID = 'pas-un-identifiant';

describe('the follow-up, written by a PLIE', () => {
  it('is refused to a buyer before any row it names is looked up', async () => {
    const token = await tokenOf('BAILLEUR', 'EDITOR');
    const registered = await execute(api.url, RegisterBeneficiaryDocument, { fields: {} }, { token });
    const exit = await execute(api.url, RecordExitDocument, { input: { beneficiaryId: NOT_A_GLOBAL_ID, exitDate: '2026-10-01', outcome: 'CDI' } }, { token });
    for (const response of [registered, exit]) {
      expect(response.errors?.[0]).toMatchObject({ message: 'Seul un PLIE enregistre et suit des participants', extensions: { code: 'FORBIDDEN' } });
    }
  });

  it('refuses hours on a placement to a buyer, whatever the hours: the operation is not its kind\'s', async () => {
    const [own] = await sql<{ placement: string; start: string; email: string }>(
      `select p.id as placement, to_char(p.start_date, 'YYYY-MM-DD') as start, u.email
         from placement p join market m on m.id = p.market_id join membership ms on ms.organisation_id = m.buyer_id and ms.role = 'EDITOR' and ms.active
         join app_user u on u.id = ms.user_id join organisation o on o.id = m.buyer_id
        where o.kind = 'BAILLEUR' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1 order by p.id limit 1`,
    );
    const token = await tokenFor(own!.email);
    const report = (hours: number) => execute(api.url, ReportHoursDocument, { input: { placementId: toGlobalId('Placement', own!.placement), month: own!.start, hours } }, { token });
    for (const hours of [-1, 10]) {
      expect((await report(hours)).errors?.[0]).toMatchObject({ message: 'Seul un PLIE enregistre et suit des participants', extensions: { code: 'FORBIDDEN' } });
    }
  });

  it('lists an identifier that names nothing among the other problems, quoting it where the message did', async () => {
    const token = await tokenOf('PLIE', 'EDITOR');
    const placement = await execute(api.url, CreatePlacementDocument, { fields: { marketId: NOT_A_GLOBAL_ID, lotId: toGlobalId('Market', randomUUID()), weeklyHours: 35 } }, { token });
    const problems = placement.errors?.[0]?.extensions.problems as { field: string; code: string; message: string }[];
    expect(problems.map((problem) => `${problem.field}:${problem.code}`)).toEqual(
      ['marketId:UNKNOWN', 'lotId:UNKNOWN', 'beneficiaryId:REQUIRED', 'companyId:REQUIRED', 'contractType:REQUIRED', 'modality:REQUIRED', 'startDate:REQUIRED'],
    );
    expect(problems[0]!.message).toBe('Aucun objet « Market » ne correspond à marketId');
    const person = await execute(api.url, RegisterBeneficiaryDocument, { fields: { qpvId: NOT_A_GLOBAL_ID } }, { token });
    expect(person.errors?.[0]?.extensions.problems).toContainEqual({ field: 'qpvId', code: 'UNKNOWN_QPV', message: `Quartier prioritaire inconnu : ${NOT_A_GLOBAL_ID}` });
  });
});

describe('the follow-up files', () => {
  it('are exported by a PLIE only', async () => {
    const response = await fetch(new URL('/exports/follow-up.csv', api.url), { headers: { authorization: `Bearer ${await tokenOf('BAILLEUR', 'EDITOR')}` } });
    expect(await refusal(response)).toEqual({ status: 403, code: 'FORBIDDEN', message: 'Seul un PLIE exporte le suivi de ses participants' });
  });

  it("are imported by a PLIE's editors only", async () => {
    const file = Buffer.from('Nom\r\n');
    expect(await refusal(await upload(api.url, file, { token: await tokenOf('BAILLEUR', 'EDITOR') })))
      .toEqual({ status: 403, code: 'FORBIDDEN', message: 'Seul un PLIE importe les suivis de ses participants' });
    expect(await refusal(await upload(api.url, file, { token: await tokenOf('PLIE', 'VIEWER') })))
      .toEqual({ status: 403, code: 'FORBIDDEN', message: 'Importer demande le rôle EDITOR ou ADMIN' });
  });
});

describe('a report', () => {
  it('is refused to a viewer acting for no organisation, once its parameters are understood', async () => {
    const [member] = await sql<{ email: string }>(
      'select u.email from app_user u join membership m on m.user_id = u.id and m.active group by u.email having count(*) = 2 order by u.email limit 1',
    );
    const [charter] = await sql<{ id: string }>('select id from charter order by id limit 1');
    const get = async (query: string) => fetch(new URL(`/reports/anru.csv?${query}`, api.url), { headers: { authorization: `Bearer ${await tokenFor(member!.email)}` } });
    expect((await refusal(await get('semester=2025-S1'))).status).toBe(400);
    expect(await refusal(await get(`charter=${toGlobalId('Charter', charter!.id)}&semester=2025-S1`))).toEqual({
      status: 403, code: 'FORBIDDEN', message: "Indiquez l'organisation pour laquelle vous agissez (en-tête X-Organisation)",
    });
  });
});
