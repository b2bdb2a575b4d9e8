import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { MAX_MONTHLY_HOURS } from '../../src/reporting/rules.js';
import { RecordExitDocument, RegisterBeneficiaryDocument, ReportHoursDocument, UpdateBeneficiaryDocument, type BeneficiaryFields } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { demoUser, sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function plieEditor() {
  const editor = await demoUser('PLIE', 'EDITOR');
  return { ...editor, token: await tokenFor(editor.email) };
}

const person = (): BeneficiaryFields => ({
  lastName: `Testeur-${randomUUID().slice(0, 6)}`, firstName: 'Inès', birthDate: '2001-03-15', sex: 'FEMALE', entryDate: '2026-02-01',
  residenceCommune: 'Calais', isBrsa: true, isDeld: false, isAse: false, isRqth: false, qualificationLevel: 'LEVEL_3',
});

describe('a PLIE following people', () => {
  it('registers a person with the age at entry computed, then refuses the same person twice and points to the first', async () => {
    const plie = await plieEditor();
    const fields = person();
    const first = await execute(api.url, RegisterBeneficiaryDocument, { fields }, { token: plie.token });
    expect(first.errors).toBeUndefined();
    expect(first.data!.registerBeneficiary).toMatchObject({ ageAtEntry: 24, ageBand: 'UNDER_25', identity: { lastName: fields.lastName } });
    const again = await execute(api.url, RegisterBeneficiaryDocument, { fields: { ...fields, lastName: fields.lastName!.toUpperCase() } }, { token: plie.token });
    expect(again.errors?.[0]?.extensions.problems).toEqual([expect.objectContaining({ code: 'ALREADY_REGISTERED', existingId: first.data!.registerBeneficiary.id })]);
  });

  it('refuses an unknown QPV, a QPV of another commune and an impossible age, all at once', async () => {
    const plie = await plieEditor();
    const [lens] = await sql<{ id: string }>("select id from qpv where commune <> 'Calais' limit 1");
    const response = await execute(api.url, RegisterBeneficiaryDocument, { fields: { ...person(), qpvId: toGlobalId('Qpv', lens!.id), birthDate: '2020-01-01' } }, { token: plie.token });
    const codes = (response.errors?.[0]?.extensions.problems as { code: string }[]).map((problem) => problem.code).sort();
    expect(codes).toEqual(['AGE_OUT_OF_RANGE', 'QPV_NOT_IN_COMMUNE']);
    const unknown = await execute(api.url, RegisterBeneficiaryDocument, { fields: { ...person(), qpvId: toGlobalId('Qpv', randomUUID()) } }, { token: plie.token });
    expect((unknown.errors?.[0]?.extensions.problems as { code: string }[]).map((problem) => problem.code)).toEqual(['UNKNOWN_QPV']);
  });

  it("updates its own people, and answers NOT_FOUND for another PLIE's", async () => {
    const plie = await plieEditor();
    const created = (await execute(api.url, RegisterBeneficiaryDocument, { fields: person() }, { token: plie.token })).data!.registerBeneficiary;
    const updated = await execute(api.url, UpdateBeneficiaryDocument, { input: { id: created.id, version: 1, fields: { isBrsa: false, phone: '06 00 00 00 00' } } }, { token: plie.token });
    expect(created.version).toBe(1);
    expect(updated.data!.updateBeneficiary).toMatchObject({ version: 2, isBrsa: false, identity: { phone: '06 00 00 00 00' } });
    const [foreign] = await sql<{ id: string }>('select id from beneficiary where followed_by_id <> $1 limit 1', [plie.organisationId]);
    const refused = await execute(api.url, UpdateBeneficiaryDocument, { input: { id: toGlobalId('Beneficiary', foreign!.id), version: 1, fields: { isBrsa: true } } }, { token: plie.token });
    expect(refused.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('reports hours once per placement and month (a second report replaces it), within the placement and the legal maximum', async () => {
    const [placement] = await sql<{ id: string; start_date: string; email: string }>(
      `select p.id, to_char(p.start_date, 'YYYY-MM-DD') as start_date, u.email from placement p join beneficiary b on b.id = p.beneficiary_id
         join membership m on m.organisation_id = b.followed_by_id and m.role = 'EDITOR' and m.active join app_user u on u.id = m.user_id
        where u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1 limit 1`,
    );
    const token = await tokenFor(placement!.email);
    const placementId = toGlobalId('Placement', placement!.id);
    const total = async () => Number((await sql<{ total: string }>('select coalesce(sum(hours), 0) as total from monthly_hours where placement_id = $1', [placement!.id]))[0]!.total);
    const before = await total();
    const month = placement!.start_date;
    const current = Number((await sql<{ hours: string }>('select coalesce(sum(hours), 0) as hours from monthly_hours where placement_id = $1 and month = date_trunc($2, $3::date)', [placement!.id, 'month', month]))[0]!.hours);
    const first = await execute(api.url, ReportHoursDocument, { input: { placementId, month, hours: 100 } }, { token });
    expect(first.errors).toBeUndefined();
    const second = await execute(api.url, ReportHoursDocument, { input: { placementId, month, hours: 120 } }, { token });
    expect(second.data!.reportHours.realisedHours).toBeCloseTo(before - current + 120, 2);
    expect(await total()).toBeCloseTo(before - current + 120, 2);
    const refused = await execute(api.url, ReportHoursDocument, { input: { placementId, month: '1990-01-01', hours: MAX_MONTHLY_HOURS + 1 } }, { token });
    expect((refused.errors?.[0]?.extensions.problems as { code: string }[]).map((problem) => problem.code).sort()).toEqual(['ABOVE_LEGAL_MAXIMUM', 'MONTH_OUTSIDE_PLACEMENT']);
  });

  it('records an exit whose category is computed, never typed in', async () => {
    const plie = await plieEditor();
    const created = (await execute(api.url, RegisterBeneficiaryDocument, { fields: person() }, { token: plie.token })).data!.registerBeneficiary;
    const input = { beneficiaryId: created.id, exitDate: '2026-10-01', outcome: 'CDD' as const, contractStart: '2026-10-01', contractEnd: '2027-03-31' };
    const exit = await execute(api.url, RecordExitDocument, { input }, { token: plie.token });
    expect(exit.data!.recordExit).toMatchObject({ category: 'DURABLE_JOB', rule: 'CDD_6_MONTHS_OR_MORE' });
    const twice = await execute(api.url, RecordExitDocument, { input }, { token: plie.token });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_EXIT' });
  });

  it("answers NOT_FOUND for another PLIE's people and unseen placements, FORBIDDEN to a buyer reporting hours on its own market", async () => {
    const plie = await plieEditor();
    const [foreign] = await sql<{ beneficiary: string; placement: string }>(
      `select b.id as beneficiary, p.id as placement from placement p join beneficiary b on b.id = p.beneficiary_id join market m on m.id = p.market_id
        where b.followed_by_id <> $1 and m.facilitator_id is distinct from $1 and m.buyer_id <> $1 order by p.id limit 1`,
      [plie.organisationId],
    );
    const exit = await execute(api.url, RecordExitDocument, {
      input: { beneficiaryId: toGlobalId('Beneficiary', foreign!.beneficiary), exitDate: '2026-10-01', outcome: 'CDI' },
    }, { token: plie.token });
    expect(exit.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const hours = await execute(api.url, ReportHoursDocument, { input: { placementId: toGlobalId('Placement', foreign!.placement), month: '2024-01-01', hours: 10 } }, { token: plie.token });
    expect(hours.errors?.[0]?.extensions.code).toBe('NOT_FOUND');

    const [own] = await sql<{ placement: string; start: string; email: string }>(
      `select p.id as placement, to_char(p.start_date, 'YYYY-MM-DD') as start, u.email
         from placement p join market m on m.id = p.market_id join membership ms on ms.organisation_id = m.buyer_id and ms.role = 'EDITOR' and ms.active
         join app_user u on u.id = ms.user_id join organisation o on o.id = m.buyer_id
        where o.kind = 'BAILLEUR' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1 order by p.id limit 1`,
    );
    const before = await sql('select month, hours from monthly_hours where placement_id = $1 order by month', [own!.placement]);
    const buyer = await execute(api.url, ReportHoursDocument, { input: { placementId: toGlobalId('Placement', own!.placement), month: own!.start, hours: 10 } }, { token: await tokenFor(own!.email) });
    expect(buyer.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await sql('select month, hours from monthly_hours where placement_id = $1 order by month', [own!.placement])).toEqual(before);
  });

  it('is refused to a buyer: only a PLIE registers people', async () => {
    const buyer = await demoUser('BAILLEUR', 'EDITOR');
    const response = await execute(api.url, RegisterBeneficiaryDocument, { fields: person() }, { token: await tokenFor(buyer.email) });
    expect(response.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
