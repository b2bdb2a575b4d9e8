import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import { PeopleSearchDocument, ProbableDuplicatesDocument, RecordExitDocument, RegisterBeneficiaryDocument, type BeneficiaryFields } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const organisationOf = async (email: string) =>
  (await sql<{ id: string }>('select m.organisation_id as id from membership m join app_user u on u.id = m.user_id where u.email = $1 and m.active', [email]))[0]!.id;

const person = (lastName: string, firstName = 'Hélène', birthDate = '1987-06-20'): BeneficiaryFields => ({
  lastName, firstName, birthDate, sex: 'FEMALE', entryDate: '2026-02-01', residenceCommune: 'Calais',
  isBrsa: true, isDeld: false, isAse: false, isRqth: false, qualificationLevel: 'LEVEL_4',
});

async function register(token: string, fields: BeneficiaryFields): Promise<string> {
  const response = await execute(api.url, RegisterBeneficiaryDocument, { fields }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.registerBeneficiary.id;
}

describe('probable duplicates of a person about to be registered', () => {
  const suffix = randomUUID().replace(/[^a-f]/g, '').slice(0, 6).padEnd(6, 'a');
  const lastName = `Durandal${suffix}`;
  let calais: string;
  let calaisId: string;
  let boulogneId: string;

  beforeAll(async () => {
    calais = await tokenFor('editor@fabrique-defi.demo');
    calaisId = await register(calais, person(lastName));
    boulogneId = await register(await tokenFor('editor@amie-boulonnais.demo'), person(lastName));
  });

  it('finds the person under a typo, without accents, in capitals and with the names swapped, born the same day', async () => {
    for (const [last, first] of [[`${lastName.slice(0, -1)}x`, 'Hélène'], [lastName.toUpperCase(), 'HELENE'], ['Hélène', lastName]] as const) {
      const response = await execute(api.url, ProbableDuplicatesDocument, { lastName: last, firstName: first, birthDate: '1987-06-20' }, { token: calais });
      expect(response.errors).toBeUndefined();
      expect(response.data!.probableDuplicates.map((row) => row.id)).toEqual([calaisId]);
    }
  });

  it('answers nothing for another birth date or a name three letters away', async () => {
    const otherDay = await execute(api.url, ProbableDuplicatesDocument, { lastName, firstName: 'Hélène', birthDate: '1987-06-21' }, { token: calais });
    const far = await execute(api.url, ProbableDuplicatesDocument, { lastName: `${lastName.slice(0, -3)}xyz`, firstName: 'Hélène', birthDate: '1987-06-20' }, { token: calais });
    expect([otherDay.data!.probableDuplicates, far.data!.probableDuplicates]).toEqual([[], []]);
  });

  it('answers only the acting PLIE’s own people, never another PLIE’s namesake', async () => {
    const response = await execute(api.url, ProbableDuplicatesDocument, { lastName, firstName: 'Helene', birthDate: '1987-06-20', first: 50 }, { token: calais });
    const ids = response.data!.probableDuplicates.map((row) => row.id);
    expect(ids).toContain(calaisId);
    expect(ids).not.toContain(boulogneId);
    const calaisOrganisation = await organisationOf('editor@fabrique-defi.demo');
    expect(new Set(response.data!.probableDuplicates.map((row) => parseGlobalId(row.followedBy.id)?.id))).toEqual(new Set([calaisOrganisation]));
  });

  it('is refused to a buyer and to a PLIE’s viewer', async () => {
    for (const email of ['editor@grand-calais.demo', 'viewer@fabrique-defi.demo']) {
      const response = await execute(api.url, ProbableDuplicatesDocument, { lastName, firstName: 'Hélène', birthDate: '1987-06-20' }, { token: await tokenFor(email) });
      expect({ email, code: response.errors?.[0]?.extensions.code, data: response.data }).toEqual({ email, code: 'FORBIDDEN', data: null });
    }
  });
});

describe('the list of people searched by name and filtered on exits and age', () => {
  it('finds a person by words of their names, and tells those exited from the others', async () => {
    const token = await tokenFor('editor@fabrique-defi.demo');
    const plie = await organisationOf('editor@fabrique-defi.demo');
    const word = `Cherchable${randomUUID().replace(/[^a-f]/g, '').slice(0, 6)}`;
    const young = await register(token, person(word, 'Lou', '2005-01-10'));
    const older = await register(token, person(`${word}-Martin`, 'Lou', '1970-01-10'));
    expect((await execute(api.url, RecordExitDocument, { input: { beneficiaryId: older, exitDate: '2026-03-01', outcome: 'CDI' } }, { token })).errors).toBeUndefined();
    const search = async (filter: object) => {
      const response = await execute(api.url, PeopleSearchDocument, { filter: { followedById: toGlobalId('Organisation', plie), search: `${word.toLowerCase()} lou`, ...filter }, first: 10 }, { token });
      expect(response.errors).toBeUndefined();
      return response.data!.beneficiaries.nodes.map((row) => row.id).sort();
    };
    expect(await search({})).toEqual([young, older].sort());
    expect(await search({ exited: true })).toEqual([older]);
    expect(await search({ exited: false })).toEqual([young]);
    expect(await search({ ageBands: ['UNDER_25', 'AGE_25'] })).toEqual([young]);
    expect(await search({ search: `${word} Martin` })).toEqual([older]);
  });

  it('finds nobody by name for a reader who may not read identities', async () => {
    const token = await tokenFor('editor@fabrique-defi.demo');
    const word = `Secret${randomUUID().replace(/[^a-f]/g, '').slice(0, 6)}`;
    await register(token, person(word));
    const buyer = await execute(api.url, PeopleSearchDocument, { filter: { search: word } }, { token: await tokenFor('admin@ville-calais.demo') });
    expect(buyer.errors).toBeUndefined();
    expect(buyer.data!.beneficiaries.totalCount).toBe(0);
  });
});
