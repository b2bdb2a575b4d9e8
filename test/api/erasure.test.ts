/**
 * The erasure of a person (GDPR art. 17; issue 15, point 2): the administrators of the PLIE that follows the person
 * destroy their identity; their typology, placement and hours stay, without it, and every indicator stays the same.
 */
import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  CreatePlacementDocument, EraseBeneficiaryDocument, IndicatorsDocument, RegisterBeneficiaryDocument, ReportHoursDocument, UpdateBeneficiaryDocument,
} from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { demoUser, sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** An administrator and an editor of a PLIE facilitating a market under way, and an employer. */
async function plieWithMarket() {
  const [found] = await sql<{ admin: string; editor: string; organisation_id: string; market: string; start: string; company: string }>(
    `select a.email as admin, e.email as editor, m.facilitator_id as organisation_id, m.id as market, to_char(m.start_date, 'YYYY-MM-DD') as start,
            (select id from company order by siret limit 1) as company
       from market m
       join membership ma on ma.organisation_id = m.facilitator_id and ma.role = 'ADMIN' and ma.active join app_user a on a.id = ma.user_id
       join membership me on me.organisation_id = m.facilitator_id and me.role = 'EDITOR' and me.active join app_user e on e.id = me.user_id
      where m.start_date is not null and (m.end_date is null or m.end_date > m.start_date + interval '3 months')
        and (select count(*) from membership x where x.user_id = a.id and x.active) = 1 and (select count(*) from membership x where x.user_id = e.id and x.active) = 1
        and a.email not like '%@test.demo' and e.email not like '%@test.demo'
      order by m.start_date desc, m.id limit 1`);
  return { ...found!, adminToken: await tokenFor(found!.admin), editorToken: await tokenFor(found!.editor) };
}

describe('erasing a person', () => {
  it("destroys the identity for good, keeps the rest without it, and changes no indicator; for the PLIE's administrators", async () => {
    const plie = await plieWithMarket();
    const lastName = `Efface-${randomUUID().slice(0, 6)}`;
    const registered = await execute(api.url, RegisterBeneficiaryDocument, {
      fields: { lastName, firstName: 'Zoé', birthDate: '1990-07-14', sex: 'FEMALE', entryDate: plie.start, residenceCommune: 'Calais', isBrsa: true, qualificationLevel: 'LEVEL_3' },
    }, { token: plie.editorToken });
    const person = registered.data!.registerBeneficiary;
    const placement = await execute(api.url, CreatePlacementDocument, {
      fields: { beneficiaryId: person.id, marketId: toGlobalId('Market', plie.market), companyId: toGlobalId('Company', plie.company), contractType: 'CDD', modality: 'DIRECT_HIRE', startDate: plie.start, weeklyHours: 35 },
    }, { token: plie.editorToken });
    expect(placement.errors).toBeUndefined();
    const hours = await execute(api.url, ReportHoursDocument, { input: { placementId: placement.data!.createPlacement.id, month: plie.start, hours: 120 } }, { token: plie.editorToken });
    expect(hours.errors).toBeUndefined();

    const year = { year: Number(plie.start.slice(0, 4)) };
    const departement = await tokenFor((await demoUser('DEPARTEMENT', 'VIEWER')).email);
    const figures = () => Promise.all([
      execute(api.url, IndicatorsDocument, { scope: { kind: 'EVERYTHING' }, period: year }, { token: departement }),
      execute(api.url, IndicatorsDocument, { scope: { kind: 'ORGANISATION', id: toGlobalId('Organisation', plie.organisation_id) }, period: year }, { token: plie.adminToken }),
      execute(api.url, IndicatorsDocument, { scope: { kind: 'MARKET', id: toGlobalId('Market', plie.market) }, period: year }, { token: plie.adminToken }),
    ]).then((answers) => answers.map((answer) => answer.data));
    const before = await figures();
    expect(before.every(Boolean)).toBe(true);

    const input = { id: person.id, version: person.version };
    const byEditor = await execute(api.url, EraseBeneficiaryDocument, { input }, { token: plie.editorToken });
    expect(byEditor.errors?.[0]).toMatchObject({ message: "L'effacement d'une personne est réservé aux administrateurs du PLIE qui la suit", extensions: { code: 'FORBIDDEN' } });
    const otherPlie = await sql<{ email: string }>(
      `select u.email from app_user u join membership m on m.user_id = u.id and m.active and m.role = 'ADMIN' join organisation o on o.id = m.organisation_id
        where o.kind = 'PLIE' and o.id <> $1 and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1 limit 1`,
      [plie.organisation_id]);
    expect((await execute(api.url, EraseBeneficiaryDocument, { input }, { token: await tokenFor(otherPlie[0]!.email) })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');

    const erased = await execute(api.url, EraseBeneficiaryDocument, { input }, { token: plie.adminToken });
    expect(erased.data!.eraseBeneficiary).toMatchObject({ erasedAt: expect.any(String), identity: null, version: person.version + 1 });
    const id = parseGlobalId(person.id)!.id;
    expect(await sql('select 1 from beneficiary_identity where beneficiary_id = $1', [id])).toEqual([]);
    expect(await sql("select 1 from audit_event where changes::text like '%' || $1 || '%'", [lastName])).toEqual([]);
    expect(await sql('select 1 from placement p join monthly_hours h on h.placement_id = p.id where p.beneficiary_id = $1', [id])).toHaveLength(1);
    expect(await figures()).toEqual(before);

    const again = await execute(api.url, EraseBeneficiaryDocument, { input: { ...input, version: person.version + 1 } }, { token: plie.adminToken });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ERASED' });
    // Nothing identifies the person any more: a correction is refused in words, not as an internal error.
    const corrected = await execute(api.url, UpdateBeneficiaryDocument, { input: { ...input, version: person.version + 1, fields: { phone: '06 00 00 00 00' } } }, { token: plie.editorToken });
    expect(corrected.errors?.[0]).toMatchObject({ message: expect.stringMatching(/identité de cette personne a été effacée/), extensions: { code: 'CONFLICT', reason: 'ERASED' } });
  });
});
