/**
 * The restriction of a person's processing (GDPR art. 18; issue 15, point 2): the PLIE that follows the person
 * freezes their follow-up and lifts it; meanwhile every write to it is refused (CONFLICT, reason RESTRICTED) through
 * the API, an import and the database itself, and the person stays listed and counted.
 */
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  LiftBeneficiaryRestrictionDocument, RecordExitDocument, ReportHoursDocument, RestrictBeneficiaryDocument, UpdateBeneficiaryDocument, UpdatePlacementDocument,
} from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { excelCsv, importFile } from '../support/imports.js';
import { demoUser, sql } from '../support/sql.js';

let api: Api;
let token: string;
let person: { id: string; placement: string; start: string; last_name: string; first_name: string; birth: string; siret: string; reference: string; buyer_siret: string };
const personId = () => toGlobalId('Beneficiary', person.id);
const versionOf = async () => (await sql<{ version: number }>('select version from beneficiary where id = $1', [person.id]))[0]!.version;
const followUpRows = () => sql(
  `select 'b', version::text from beneficiary where id = $1 union all select 'p', version::text from placement where beneficiary_id = $1
   union all select 'h', h.hours::text from monthly_hours h join placement p on p.id = h.placement_id where p.beneficiary_id = $1
   union all select 'e', id::text from beneficiary_exit where beneficiary_id = $1 order by 1, 2`, [person.id]);

beforeAll(async () => {
  api = await startTestApi();
  // A person followed by a PLIE that has an editor, placed on a market that PLIE facilitates.
  const [found] = await sql<typeof person & { email: string }>(
    `select b.id, p.id as placement, to_char(p.start_date, 'YYYY-MM-DD') as start, i.last_name, i.first_name, to_char(i.birth_date, 'DD/MM/YYYY') as birth,
            c.siret, m.reference, o.siret as buyer_siret, u.email
       from beneficiary b join beneficiary_identity i on i.beneficiary_id = b.id join placement p on p.beneficiary_id = b.id
       join market m on m.id = p.market_id and m.facilitator_id = b.followed_by_id join company c on c.id = p.company_id join organisation o on o.id = m.buyer_id
       join membership ms on ms.organisation_id = b.followed_by_id and ms.role = 'EDITOR' and ms.active join app_user u on u.id = ms.user_id
      where u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
      order by b.id limit 1`);
  person = found!;
  token = await tokenFor(found!.email);
});
afterAll(async () => {
  await sql('update beneficiary set restricted_at = null where id = $1', [person.id]);
  await api.close();
});

describe("restricting a person's processing", () => {
  it('is for the PLIE that follows the person: another PLIE is answered NOT_FOUND, a buyer FORBIDDEN', async () => {
    const other = await sql<{ email: string }>(
      `select u.email from app_user u join membership m on m.user_id = u.id and m.active and m.role = 'EDITOR' join organisation o on o.id = m.organisation_id
        where o.kind = 'PLIE' and o.id <> (select followed_by_id from beneficiary where id = $1)
          and (select count(*) from membership x where x.user_id = u.id and x.active) = 1 limit 1`, [person.id]);
    const input = { id: personId(), version: await versionOf() };
    const byOther = await execute(api.url, RestrictBeneficiaryDocument, { input }, { token: await tokenFor(other[0]!.email) });
    expect(byOther.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const buyer = await tokenFor((await demoUser('BAILLEUR', 'EDITOR')).email);
    expect((await execute(api.url, RestrictBeneficiaryDocument, { input }, { token: buyer })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await sql('select 1 from beneficiary where id = $1 and restricted_at is not null', [person.id])).toEqual([]);
  });

  it('freezes the follow-up through every path until the same PLIE lifts it; the person stays listed', async () => {
    const version = await versionOf();
    const restricted = await execute(api.url, RestrictBeneficiaryDocument, { input: { id: personId(), version } }, { token });
    expect(restricted.data!.restrictBeneficiary).toMatchObject({ version: version + 1, restrictedAt: expect.any(String) });
    const before = await followUpRows();

    const placementId = toGlobalId('Placement', person.placement);
    const refusals = await Promise.all([
      execute(api.url, UpdateBeneficiaryDocument, { input: { id: personId(), version: version + 1, fields: { phone: '06 11 22 33 44' } } }, { token }),
      execute(api.url, ReportHoursDocument, { input: { placementId, month: person.start, hours: 12 } }, { token }),
      execute(api.url, UpdatePlacementDocument, { input: { id: placementId, version: 1, fields: { weeklyHours: 20 } } }, { token }),
      execute(api.url, RecordExitDocument, { input: { beneficiaryId: personId(), exitDate: '2026-10-01', outcome: 'CDI' } }, { token }),
    ]);
    expect(refusals.map((refusal) => refusal.errors?.[0]?.extensions)).toEqual(Array(4).fill(expect.objectContaining({ code: 'CONFLICT', reason: 'RESTRICTED' })));
    expect(refusals[0]!.errors![0]!.message).toMatch(/Le traitement des données de cette personne est limité/);

    const [year, month, day] = person.start.split('-');
    const job = await importFile(api.url, excelCsv([
      ['Nom', 'Prénom', 'Date de naissance', 'SIRET employeur', 'Référence du marché', 'SIRET acheteur', 'Date de début', 'Mois', 'Heures'],
      [person.last_name, person.first_name, person.birth, person.siret, person.reference, person.buyer_siret, `${day}/${month}/${year}`, `${month}/${year}`, '12'],
    ]), { token });
    expect(job).toMatchObject({ status: 'COMPLETED', counts: { accepted: 0, refused: 1 } });
    expect(job.problems).toEqual([expect.objectContaining({ row: 2, column: 'Nom', code: 'RESTRICTED' })]);

    // The database refuses it too, whoever writes.
    await expect(sql('update placement set weekly_hours = weekly_hours + 1 where id = $1', [person.placement])).rejects.toThrow(/restricted/);
    expect(await followUpRows()).toEqual(before);
    expect(await sql('select 1 from beneficiary where id = $1', [person.id])).toHaveLength(1);

    const lifted = await execute(api.url, LiftBeneficiaryRestrictionDocument, { input: { id: personId(), version: version + 1 } }, { token });
    expect(lifted.data!.liftBeneficiaryRestriction).toMatchObject({ version: version + 2, restrictedAt: null });
    const updated = await execute(api.url, UpdateBeneficiaryDocument, { input: { id: personId(), version: version + 2, fields: { phone: '06 11 22 33 44' } } }, { token });
    expect(updated.errors).toBeUndefined();
  });
});
