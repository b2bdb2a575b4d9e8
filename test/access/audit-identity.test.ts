import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { auditedChanges, auditedChangesSql } from '../../src/audit/audit-trail.js';
import { parseGlobalId } from '../../src/graphql/relay/global-id.js';
import { AuditTrailDocument, RegisterBeneficiaryDocument, UpdateBeneficiaryDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { excelCsv, importFile } from '../support/imports.js';
import { demoUser, sql } from '../support/sql.js';

let api: Api;
let plieAdmin: { email: string; organisationId: string; token: string };
/** Who reads the trail, and whether they may read the identity of a person on RSA or not. */
let readers: { reader: string; token: string; readsIdentity: (isBrsa: boolean) => boolean }[];

beforeAll(async () => {
  api = await startTestApi();
  const plie = await demoUser('PLIE', 'ADMIN');
  plieAdmin = { ...plie, token: await tokenFor(plie.email) };
  const departement = await demoUser('DEPARTEMENT', 'ADMIN');
  readers = [
    { reader: 'the PLIE admin', token: plieAdmin.token, readsIdentity: () => true },
    { reader: "the Département's admin", token: await tokenFor(departement.email), readsIdentity: (isBrsa) => isBrsa },
  ];
});
afterAll(() => api.close());

const identity = () => ({
  lastName: `Trace-${randomUUID().slice(0, 8)}`, firstName: 'Séverine', birthDate: '1987-09-23',
  email: `severine-${randomUUID().slice(0, 8)}@exemple.fr`, phone: '06 12 34 56 78', address: '12 rue des Tilleuls, 62100 Calais',
});
type Identity = ReturnType<typeof identity>;

/** Every value of an identity, in the forms a payload could hold it (a birth date as a date or as a timestamp). */
const valuesOf = (person: Partial<Identity>) => Object.values(person).flatMap((value) => [value!, value!.replace(/-/g, '/')]);

/** The audit events about this person (their typology and their identity share the id), as each reader receives them. */
async function trailsOf(beneficiaryId: string, isBrsa: boolean) {
  const trails: { reader: string; readsIdentity: boolean; events: { entity: string; action: string; changes: unknown }[] }[] = [];
  for (const { reader, token, readsIdentity } of readers) {
    const response = await execute(api.url, AuditTrailDocument, { filter: { entityId: beneficiaryId }, first: 100 }, { token });
    expect(response.errors).toBeUndefined();
    trails.push({ reader, readsIdentity: readsIdentity(isBrsa), events: response.data!.auditEvents.nodes });
  }
  return trails;
}

/** Whoever may read the identity reads its events, with the names of the fields changed; no reader finds a value in any event. */
function expectNamesOnly(trails: Awaited<ReturnType<typeof trailsOf>>, person: Partial<Identity>, changed: Record<string, string[]>) {
  for (const { reader, readsIdentity, events } of trails) {
    const identityEvents = events.filter((event) => event.entity === 'BeneficiaryIdentity');
    const actions = readsIdentity ? Object.keys(changed).sort() : [];
    expect({ reader, actions: identityEvents.map((event) => event.action).sort() }).toEqual({ reader, actions });
    for (const event of identityEvents) {
      expect({ reader, changes: event.changes }).toEqual({ reader, changes: { redacted: expect.arrayContaining(changed[event.action]!) } });
    }
    const text = JSON.stringify(events);
    for (const value of valuesOf(person)) expect({ reader, leaked: text.includes(value) ? value : null }).toEqual({ reader, leaked: null });
  }
}

describe('the audit trail of an identity', () => {
  it.each([false, true])('names the fields a registration and an update wrote, never their values (on RSA: %s)', async (isBrsa) => {
    const person = identity();
    const registered = await execute(api.url, RegisterBeneficiaryDocument, {
      fields: { ...person, sex: 'FEMALE', entryDate: '2026-01-05', residenceCommune: 'Calais', isBrsa, qualificationLevel: 'LEVEL_4' },
    }, { token: plieAdmin.token });
    expect(registered.errors).toBeUndefined();
    const { id, version } = registered.data!.registerBeneficiary;
    const renamed = { lastName: `${person.lastName}-Martin`, phone: '07 98 76 54 32', email: `autre-${person.email}` };
    const updated = await execute(api.url, UpdateBeneficiaryDocument, { input: { id, version, fields: { ...renamed, isDeld: true } } }, { token: plieAdmin.token });
    expect(updated.errors).toBeUndefined();

    expectNamesOnly(await trailsOf(parseGlobalId(id)!.id, isBrsa), { ...person, ...renamed }, {
      CREATE: ['lastName', 'firstName', 'birthDate', 'email', 'phone', 'address'],
      UPDATE: ['lastName', 'phone', 'email'],
    });
  });

  it.each([false, true])('names the fields an import wrote, never their values (on RSA: %s)', async (isBrsa) => {
    const person = { lastName: `Import-${randomUUID().slice(0, 8)}`, firstName: 'Gaëtan', birthDate: '1979-02-11' };
    const file = excelCsv([
      ['Nom', 'Prénom', 'Date de naissance', 'Sexe', "Date d'entrée", 'Commune de résidence', 'BRSA', 'Niveau de qualification'],
      [person.lastName, person.firstName, '11/02/1979', 'Homme', '05/01/2026', 'Arras', isBrsa ? 'oui' : 'non', 'Niveau 4 (Bac)'],
    ]);
    const job = await importFile(api.url, file, { token: plieAdmin.token });
    expect(job).toMatchObject({ status: 'COMPLETED', problemCount: 0, counts: { beneficiariesCreated: 1 } });
    const [created] = await sql<{ id: string }>('select beneficiary_id as id from beneficiary_identity where last_name = $1', [person.lastName]);

    expectNamesOnly(await trailsOf(created!.id, isBrsa), person, { CREATE: ['last_name', 'first_name', 'birth_date'] });
  });

  it('keeps no value of an identity whatever writes the event: the database strips it, and leaves a stripped event as it is', async () => {
    const person = identity();
    const [beneficiary] = await sql<{ id: string }>('select id from beneficiary where followed_by_id = $1 limit 1', [plieAdmin.organisationId]);
    const written = [{ entity_id: beneficiary!.id, changes: { ...person, redacted: ['address'] } }, { entity_id: beneficiary!.id, changes: { redacted: ['phone'] } }];
    const stored = await sql<{ changes: Record<string, unknown> }>(
      `insert into audit_event (id, organisation_id, entity, entity_id, action, changes)
       select gen_random_uuid(), $1, 'BeneficiaryIdentity', w.entity_id, 'UPDATE', w.changes from jsonb_to_recordset($2::jsonb) as w(entity_id uuid, changes jsonb)
       returning changes`,
      [plieAdmin.organisationId, JSON.stringify(written)],
    );
    expect(stored.map((row) => row.changes)).toEqual([
      { redacted: ['address', 'birthDate', 'email', 'firstName', 'lastName', 'phone'] },
      { redacted: ['phone'] },
    ]);
    const [other] = await sql<{ changes: Record<string, unknown> }>(
      `insert into audit_event (id, organisation_id, entity, entity_id, action, changes) values (gen_random_uuid(), $1, 'Beneficiary', $2, 'UPDATE', $3)
       returning changes`, [plieAdmin.organisationId, beneficiary!.id, { isDeld: true }]);
    expect(other!.changes).toEqual({ isDeld: true });
  });

  it('is stripped by the application already, on the ORM path and in SQL, before the database strips it again', async () => {
    const written = { lastName: 'Dupont', birthDate: '1980-01-01', phone: null };
    expect(auditedChanges('BeneficiaryIdentity', written)).toEqual({ redacted: ['birthDate', 'lastName', 'phone'] });
    const [selected] = await sql<{ changes: unknown }>(`select ${auditedChangesSql('BeneficiaryIdentity', '$1::jsonb')} as changes`, [written]);
    expect(selected!.changes).toEqual({ redacted: ['birthDate', 'lastName', 'phone'] });
    expect(auditedChanges('Beneficiary', { isDeld: true })).toEqual({ isDeld: true });
  });
});
