import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  AwardLotDocument, CreateLotDocument, CreateMarketDocument, MarketLotsDocument, RegisterCompanyDocument, RemoveLotDocument, UpdateAwardDocument,
  UpdateCompanyDocument, UpdateLotDocument, WithdrawAwardDocument, type CompanyFields,
} from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { newSiret } from '../support/companies.js';
import { demoUser, sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function editorOf(kind: string, role = 'EDITOR') {
  const editor = await demoUser(kind, role);
  return { ...editor, token: await tokenFor(editor.email) };
}

const company = (): CompanyFields => ({ siret: newSiret(), name: 'Bâtiments du Calaisis', nafCode: '43.99C', headcountBand: 'FROM_10_TO_49', kind: 'ORDINARY' });

const problemsOf = (response: { errors?: readonly { extensions: Record<string, unknown> }[] }) =>
  (response.errors?.[0]?.extensions.problems as { field: string; code: string }[]).map((problem) => `${problem.field}:${problem.code}`).sort();

const auditActions = async (entity: string, globalId: string) =>
  (await sql<{ action: string }>("select action from audit_event where entity = $1 and entity_id = $2 order by created_at, action",
    [entity, parseGlobalId(globalId)!.id])).map((row) => row.action);

/** A market of the buyer with one lot, and a company registered for the test. */
async function marketWithLot(token: string) {
  const market = await execute(api.url, CreateMarketDocument, {
    fields: { reference: `TEST-${randomUUID().slice(0, 8)}`, object: 'Réhabilitation de 40 logements', nature: 'WORKS', clauseMechanism: 'EXECUTION_CONDITION' },
  }, { token });
  const marketId = market.data!.createMarket.id;
  const lot = (await execute(api.url, CreateLotDocument, { marketId, fields: { number: 1, title: 'Gros œuvre' } }, { token })).data!.createLot;
  const registered = (await execute(api.url, RegisterCompanyDocument, { fields: company() }, { token })).data!.registerCompany;
  return { marketId, lot, companyId: registered.id };
}

describe('registering companies, shared by every partner', () => {
  it('registers one by SIRET, written as INSEE prints it, then points to it when it is registered again', async () => {
    const plie = await editorOf('PLIE');
    const fields = company();
    const typed = `${fields.siret!.slice(0, 3)} ${fields.siret!.slice(3, 6)} ${fields.siret!.slice(6, 9)} ${fields.siret!.slice(9)}`;
    const first = await execute(api.url, RegisterCompanyDocument, { fields: { ...fields, siret: typed, nafCode: '4399c' } }, { token: plie.token });
    expect(first.errors).toBeUndefined();
    expect(first.data!.registerCompany).toMatchObject({ siret: fields.siret, nafCode: '43.99C', version: 1 });
    expect(await auditActions('Company', first.data!.registerCompany.id)).toEqual(['CREATE']);
    const buyer = await editorOf('BAILLEUR');
    const again = await execute(api.url, RegisterCompanyDocument, { fields: { ...fields, name: 'Autre nom' } }, { token: buyer.token });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [expect.objectContaining({ code: 'ALREADY_REGISTERED', existingId: first.data!.registerCompany.id })] });
  });

  it('lists every problem of the input: a SIRET whose key is wrong, a malformed NAF code, a missing name', async () => {
    const buyer = await editorOf('VILLE');
    const siret = newSiret();
    const wrongKey = siret.slice(0, -1) + String((Number(siret.at(-1)) + 1) % 10);
    const response = await execute(api.url, RegisterCompanyDocument, { fields: { ...company(), siret: wrongKey, nafCode: '43.9', name: '  ' } }, { token: buyer.token });
    expect(problemsOf(response)).toEqual(['nafCode:INVALID_NAF', 'name:REQUIRED', 'siret:INVALID_SIRET']);
    expect(await sql('select 1 from company where siret = $1', [wrongKey])).toEqual([]);
  });

  it('is corrected by any editor with the version read; a stale version or the SIRET of another company is refused', async () => {
    const plie = await editorOf('PLIE');
    const buyer = await editorOf('BAILLEUR');
    const created = (await execute(api.url, RegisterCompanyDocument, { fields: company() }, { token: plie.token })).data!.registerCompany;
    const other = (await execute(api.url, RegisterCompanyDocument, { fields: company() }, { token: plie.token })).data!.registerCompany;
    const renamed = await execute(api.url, UpdateCompanyDocument, { input: { id: created.id, version: 1, fields: { name: 'Bâti Opale' } } }, { token: buyer.token });
    expect(renamed.data!.updateCompany).toMatchObject({ name: 'Bâti Opale', version: 2 });
    const stale = await execute(api.url, UpdateCompanyDocument, { input: { id: created.id, version: 1, fields: { name: 'Trop tard' } } }, { token: plie.token });
    expect(stale.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const taken = await execute(api.url, UpdateCompanyDocument, { input: { id: created.id, version: 2, fields: { siret: other.siret } } }, { token: plie.token });
    expect(taken.errors?.[0]?.extensions.problems).toEqual([expect.objectContaining({ code: 'ALREADY_REGISTERED', existingId: other.id })]);
    expect(await auditActions('Company', created.id)).toEqual(['CREATE', 'UPDATE']);
  });

  it('is refused to a viewer', async () => {
    const viewer = await editorOf('PLIE', 'VIEWER');
    const refused = await execute(api.url, RegisterCompanyDocument, { fields: company() }, { token: viewer.token });
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('a buyer declaring the lots of its markets', () => {
  it('adds a lot, refuses the same number twice and bad input, and edits it with the version read', async () => {
    const buyer = await editorOf('BAILLEUR');
    const { marketId, lot } = await marketWithLot(buyer.token);
    expect(lot).toMatchObject({ number: 1, title: 'Gros œuvre', version: 1, awards: [], market: { id: marketId } });
    expect(await auditActions('Lot', lot.id)).toEqual(['CREATE']);
    const twice = await execute(api.url, CreateLotDocument, { marketId, fields: { number: 1, title: 'Second œuvre' } }, { token: buyer.token });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_LOT_NUMBER' });
    const bad = await execute(api.url, CreateLotDocument, { marketId, fields: { number: 0, title: ' ' } }, { token: buyer.token });
    expect(problemsOf(bad)).toEqual(['number:LOT_NUMBER_OUT_OF_RANGE', 'title:REQUIRED']);
    const updated = await execute(api.url, UpdateLotDocument, { input: { id: lot.id, version: 1, fields: { number: 2, title: 'Gros œuvre – démolitions' } } }, { token: buyer.token });
    expect(updated.data!.updateLot).toMatchObject({ number: 2, title: 'Gros œuvre – démolitions', version: 2 });
    const stale = await execute(api.url, UpdateLotDocument, { input: { id: lot.id, version: 1, fields: { number: 3 } } }, { token: buyer.token });
    expect(stale.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(await auditActions('Lot', lot.id)).toEqual(['CREATE', 'UPDATE']);
  });

  it('awards a lot, once per company, edits the amount with the version read, and the market lists it', async () => {
    const buyer = await editorOf('BAILLEUR');
    const { marketId, lot, companyId } = await marketWithLot(buyer.token);
    const awarded = await execute(api.url, AwardLotDocument, { input: { lotId: lot.id, companyId, amountHt: 250_000 } }, { token: buyer.token });
    expect(awarded.errors).toBeUndefined();
    const award = awarded.data!.awardLot;
    expect(award).toMatchObject({ amountHt: 250_000, version: 1, company: { id: companyId }, lot: { id: lot.id, awards: [{ id: award.id }] } });
    const twice = await execute(api.url, AwardLotDocument, { input: { lotId: lot.id, companyId } }, { token: buyer.token });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_AWARDED' });
    const bad = await execute(api.url, AwardLotDocument, { input: { lotId: lot.id, companyId: toGlobalId('Company', randomUUID()), amountHt: -1 } }, { token: buyer.token });
    expect(problemsOf(bad)).toEqual(['amountHt:NEGATIVE_VALUE', 'companyId:UNKNOWN']);
    const updated = await execute(api.url, UpdateAwardDocument, { input: { id: award.id, version: 1, fields: { amountHt: 260_000 } } }, { token: buyer.token });
    expect(updated.data!.updateAward).toMatchObject({ amountHt: 260_000, version: 2 });
    const negative = await execute(api.url, UpdateAwardDocument, { input: { id: award.id, version: 2, fields: { amountHt: -5 } } }, { token: buyer.token });
    expect(problemsOf(negative)).toEqual(['amountHt:NEGATIVE_VALUE']);
    const stale = await execute(api.url, UpdateAwardDocument, { input: { id: award.id, version: 1, fields: { amountHt: null } } }, { token: buyer.token });
    expect(stale.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const read = await execute(api.url, MarketLotsDocument, { id: marketId }, { token: buyer.token });
    expect(read.data!.node).toMatchObject({ lots: [{ id: lot.id, awards: [{ id: award.id, amountHt: 260_000, version: 2, company: { id: companyId } }] }] });
  });

  it('withdraws an award and removes a lot, with its awards, while no placement uses them', async () => {
    const buyer = await editorOf('VILLE');
    const { marketId, lot, companyId } = await marketWithLot(buyer.token);
    const award = (await execute(api.url, AwardLotDocument, { input: { lotId: lot.id, companyId } }, { token: buyer.token })).data!.awardLot;
    const withdrawn = await execute(api.url, WithdrawAwardDocument, { id: award.id, version: 1 }, { token: buyer.token });
    expect(withdrawn.data!.withdrawAward).toEqual({ id: lot.id, awards: [] });
    expect(await auditActions('Award', award.id)).toEqual(['CREATE', 'DELETE']);
    const again = (await execute(api.url, AwardLotDocument, { input: { lotId: lot.id, companyId } }, { token: buyer.token })).data!.awardLot;
    const stale = await execute(api.url, RemoveLotDocument, { id: lot.id, version: 7 }, { token: buyer.token });
    expect(stale.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const removed = await execute(api.url, RemoveLotDocument, { id: lot.id, version: 1 }, { token: buyer.token });
    expect(removed.data!.removeLot).toEqual({ id: marketId, lots: [] });
    expect(await auditActions('Lot', lot.id)).toEqual(['CREATE', 'DELETE']);
    expect(await auditActions('Award', again.id)).toEqual(['CREATE', 'DELETE']);
  });

  it('keeps a lot and an award that a placement uses (LOT_IN_USE, AWARD_IN_USE)', async () => {
    const [used] = await sql<{ award: string; lot: string; award_version: number; lot_version: number; email: string }>(
      `select a.id as award, l.id as lot, a.version as award_version, l.version as lot_version, u.email
         from award a join lot l on l.id = a.lot_id join market m on m.id = l.market_id
         join membership ms on ms.organisation_id = m.buyer_id and ms.role = 'EDITOR' and ms.active join app_user u on u.id = ms.user_id
        where exists (select 1 from placement p where p.lot_id = a.lot_id and p.company_id = a.company_id)
          and u.email not like '%@test.demo' and (select count(*) from membership o where o.user_id = u.id and o.active) = 1
        order by a.id, u.email limit 1`,
    );
    const token = await tokenFor(used!.email);
    const award = await execute(api.url, WithdrawAwardDocument, { id: toGlobalId('Award', used!.award), version: used!.award_version }, { token });
    expect(problemsOf(award)).toEqual(['id:AWARD_IN_USE']);
    const lot = await execute(api.url, RemoveLotDocument, { id: toGlobalId('Lot', used!.lot), version: used!.lot_version }, { token });
    expect(problemsOf(lot)).toEqual(['id:LOT_IN_USE']);
    expect(await sql('select 1 from award where id = $1', [used!.award])).toHaveLength(1);
  });

  it("answers NOT_FOUND on another buyer's market, even to the Département, and FORBIDDEN to a PLIE, the État and a viewer", async () => {
    const buyer = await editorOf('BAILLEUR');
    const { marketId, lot, companyId } = await marketWithLot(buyer.token);
    const award = (await execute(api.url, AwardLotDocument, { input: { lotId: lot.id, companyId } }, { token: buyer.token })).data!.awardLot;
    const attempts = (token: string) => Promise.all([
      execute(api.url, CreateLotDocument, { marketId, fields: { number: 9, title: 'Intrus' } }, { token }),
      execute(api.url, UpdateLotDocument, { input: { id: lot.id, version: 1, fields: { title: 'Intrus' } } }, { token }),
      execute(api.url, RemoveLotDocument, { id: lot.id, version: 1 }, { token }),
      execute(api.url, AwardLotDocument, { input: { lotId: lot.id, companyId } }, { token }),
      execute(api.url, UpdateAwardDocument, { input: { id: award.id, version: 1, fields: { amountHt: 1 } } }, { token }),
      execute(api.url, WithdrawAwardDocument, { id: award.id, version: 1 }, { token }),
    ].map((answer) => answer.then((response) => response.errors?.[0]?.extensions.code)));
    for (const kind of ['VILLE', 'DEPARTEMENT']) expect(await attempts((await editorOf(kind)).token)).toEqual(Array(6).fill('NOT_FOUND'));
    for (const token of [(await editorOf('PLIE')).token, (await editorOf('ETAT')).token, (await editorOf('BAILLEUR', 'VIEWER')).token]) {
      expect(await attempts(token)).toEqual(Array(6).fill('FORBIDDEN'));
    }
    const read = await execute(api.url, MarketLotsDocument, { id: marketId }, { token: buyer.token });
    expect(read.data!.node).toMatchObject({ lots: [{ id: lot.id, title: 'Gros œuvre', version: 1, awards: [{ id: award.id, amountHt: null, version: 1 }] }] });
  });
});
