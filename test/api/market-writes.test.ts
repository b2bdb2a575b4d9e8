import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { ArchiveMarketDocument, CreateMarketDocument, UpdateMarketDocument, type MarketFields } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { demoUser, sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function editorOf(kind: string) {
  const editor = await demoUser(kind, 'EDITOR');
  return { ...editor, token: await tokenFor(editor.email) };
}

const plie = async () => toGlobalId('Organisation', (await demoUser('PLIE', 'ADMIN')).organisationId);

const validMarket = async (): Promise<MarketFields> => ({
  reference: `TEST-${randomUUID().slice(0, 8)}`,
  object: 'Réhabilitation de 40 logements',
  nature: 'WORKS',
  clauseMechanism: 'EXECUTION_CONDITION',
  facilitatorId: await plie(),
  cpvCode: '45453000-7',
  startDate: '2026-01-01',
  endDate: '2027-06-30',
  amountHt: 1_000_000,
  labourRate: 0.4,
  insertionRate: 0.05,
  hourlyCost: 25,
});

describe('a buyer declaring and editing its markets', () => {
  it('creates a market whose planned hours come back computed, with an audit event', async () => {
    const buyer = await editorOf('BAILLEUR');
    const response = await execute(api.url, CreateMarketDocument, { fields: await validMarket() }, { token: buyer.token });
    expect(response.errors).toBeUndefined();
    const market = response.data!.createMarket;
    expect(market).toMatchObject({ version: 1, status: 'ACTIVE', plannedHours: { hours: 800, basis: 'COMPUTED' }, buyer: { id: toGlobalId('Organisation', buyer.organisationId) } });
    const [event] = await sql<{ action: string }>("select action from audit_event where entity = 'Market' and entity_id = $1", [market.id && (await sql<{ id: string }>('select id from market where reference = $1', [market.reference]))[0]!.id]);
    expect(event).toEqual({ action: 'CREATE' });
  });

  it('refuses bad input with every problem listed, field by field, and writes nothing', async () => {
    const buyer = await editorOf('BAILLEUR');
    const fields = { ...(await validMarket()), labourRate: 1.4, endDate: '2025-01-01', cpvCode: '4545', hourlyCost: 0, facilitatorId: toGlobalId('Organisation', buyer.organisationId) };
    const response = await execute(api.url, CreateMarketDocument, { fields }, { token: buyer.token });
    expect(response.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const problems = response.errors?.[0]?.extensions.problems as { field: string; code: string; message: string }[];
    expect(problems.map((problem) => [problem.field, problem.code]).sort()).toEqual([
      ['cpvCode', 'INVALID_CPV'], ['endDate', 'END_BEFORE_START'], ['facilitatorId', 'NOT_A_PLIE'], ['hourlyCost', 'NOT_POSITIVE'], ['labourRate', 'RATE_OUT_OF_RANGE'],
    ]);
    expect(problems.every((problem) => problem.message.length > 10)).toBe(true);
    expect(await sql('select 1 from market where reference = $1', [fields.reference])).toEqual([]);
  });

  it('updates with the version read, refuses a stale one, and refuses a reference it already uses', async () => {
    const buyer = await editorOf('VILLE');
    const created = (await execute(api.url, CreateMarketDocument, { fields: await validMarket() }, { token: buyer.token })).data!.createMarket;
    const stated = await execute(api.url, UpdateMarketDocument, { input: { id: created.id, version: created.version, fields: { statedHours: 1200 } } }, { token: buyer.token });
    expect(stated.data!.updateMarket).toMatchObject({ version: 2, plannedHours: { hours: 1200, basis: 'STATED' } });
    const stale = await execute(api.url, UpdateMarketDocument, { input: { id: created.id, version: created.version, fields: { statedHours: 10 } } }, { token: buyer.token });
    expect(stale.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const other = (await execute(api.url, CreateMarketDocument, { fields: await validMarket() }, { token: buyer.token })).data!.createMarket;
    const duplicate = await execute(api.url, UpdateMarketDocument, { input: { id: other.id, version: other.version, fields: { reference: created.reference } } }, { token: buyer.token });
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_REFERENCE' });
    const archived = await execute(api.url, ArchiveMarketDocument, { id: created.id, version: 2 }, { token: buyer.token });
    expect(archived.data!.archiveMarket).toMatchObject({ status: 'ARCHIVED', version: 3 });
  });

  it("answers NOT_FOUND on another buyer's market, FORBIDDEN to the PLIE that facilitates it and to a viewer", async () => {
    const buyer = await editorOf('BAILLEUR');
    const created = (await execute(api.url, CreateMarketDocument, { fields: await validMarket() }, { token: buyer.token })).data!.createMarket;
    const facilitator = await sql<{ email: string }>(
      `select u.email from app_user u join membership m on m.user_id = u.id and m.active and m.role = 'EDITOR'
        where m.organisation_id = (select facilitator_id from market where reference = $1) limit 1`,
      [created.reference],
    );
    // Another buyer is told the market does not exist; the PLIE, which buys nothing, is refused before any lookup.
    for (const [email, code] of [[(await demoUser('VILLE', 'EDITOR')).email, 'NOT_FOUND'], [facilitator[0]!.email, 'FORBIDDEN']] as const) {
      const response = await execute(api.url, UpdateMarketDocument, { input: { id: created.id, version: 1, fields: { statedHours: 1 } } }, { token: await tokenFor(email) });
      expect([email, response.errors?.[0]?.extensions.code]).toEqual([email, code]);
    }
    const viewer = await demoUser('BAILLEUR', 'VIEWER');
    const refused = await execute(api.url, CreateMarketDocument, { fields: await validMarket() }, { token: await tokenFor(viewer.email) });
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await sql('select version from market where reference = $1', [created.reference])).toEqual([{ version: 1 }]);
  });

  it('refuses a PLIE or the État that would declare a market: they do not buy', async () => {
    for (const kind of ['PLIE', 'ETAT']) {
      const editor = await demoUser(kind, 'ADMIN');
      const fields = await validMarket();
      const refused = await execute(api.url, CreateMarketDocument, { fields }, { token: await tokenFor(editor.email) });
      expect([kind, refused.errors?.[0]?.extensions.code]).toEqual([kind, 'FORBIDDEN']);
      expect(await sql('select 1 from market where reference = $1', [fields.reference])).toEqual([]);
    }
  });
});
