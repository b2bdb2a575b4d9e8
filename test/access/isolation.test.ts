import type { Api } from '../../src/app.js';
import { startTestApi } from '../support/api.js';
import { oneUserPerOrganisation } from './expectations.js';
import { expectReadsOnlyItsShare } from './read-isolation.js';

const users = await oneUserPerOrganisation();

it('has a demo user of every kind of organisation to check', () => {
  expect(new Set(users.map((user) => user.kind))).toEqual(new Set(['DEPARTEMENT', 'PLIE', 'BAILLEUR', 'VILLE', 'EPCI', 'REGION', 'ETAT']));
});

/** The whole stack, then each database-facing layer on its own: either is enough to leak nothing. */
const LAYERS = [
  ['each organisation reads only its share, with every layer', {}],
  ['with row-level security bypassed (connected as the owner), the ORM scoping alone', { asOwner: true }],
  ['with the ORM scoping switched off, row-level security alone', { tenantScoped: false }],
] as const;

describe.each(LAYERS)('%s', (_, layer) => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi(layer);
  });
  afterAll(() => api.close());

  it.each(users.map((user) => [`${user.kind} ${user.name}`, user] as const))('scopes %s', async (_, user) => {
    await expectReadsOnlyItsShare(api, user);
  });
});
