import type { Api } from '../../src/app.js';
import { startTestApi } from '../support/api.js';
import { oneUserPerOrganisation } from './expectations.js';
import { expectReadsOnlyItsShare } from './read-isolation.js';

const users = await oneUserPerOrganisation();

describe('each organisation reads only its share', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('has a demo user of every kind of organisation to check', () => {
    expect(new Set(users.map((user) => user.kind))).toEqual(new Set(['DEPARTEMENT', 'PLIE', 'BAILLEUR', 'VILLE', 'EPCI', 'REGION', 'ETAT']));
  });

  it.each(users.map((user) => [`${user.kind} ${user.name}`, user] as const))('%s', async (_, user) => {
    await expectReadsOnlyItsShare(api, user);
  });
});

describe('with row-level security bypassed (connected as the owner), the ORM scoping alone', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi({ asOwner: true });
  });
  afterAll(() => api.close());

  it.each(users.map((user) => [`${user.kind} ${user.name}`, user] as const))('still scopes %s', async (_, user) => {
    await expectReadsOnlyItsShare(api, user);
  });
});

describe('with the ORM scoping switched off, row-level security alone', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi({ tenantScoped: false });
  });
  afterAll(() => api.close());

  it.each(users.map((user) => [`${user.kind} ${user.name}`, user] as const))('still scopes %s', async (_, user) => {
    await expectReadsOnlyItsShare(api, user);
  });
});
