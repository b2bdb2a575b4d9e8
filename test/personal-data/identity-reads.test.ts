/**
 * Who read whose identity (issue 15, point 1): every answer carrying identities is recorded before it is sent, apart
 * from the audit trail and without any identity; the administrators of the PLIE that follows the people and of the
 * Département read the records through the API, nobody else.
 */
import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import { IdentityReadsOfDocument, PeopleWithIdentityDocument, PeopleWithoutIdentityDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

let api: Api;
let plie: { editor: string; admin: string; organisationId: string; editorId: string };

/** A single-membership person of that role in the organisation. */
const memberOf = async (organisationId: string, role: string) => (await sql<{ email: string; id: string }>(
  `select u.email, u.id from app_user u join membership m on m.user_id = u.id and m.active and m.role = $2
    where m.organisation_id = $1 and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
    order by u.email limit 1`, [organisationId, role]))[0]!;
const adminOfKind = async (kind: string, except?: string) => (await sql<{ email: string }>(
  `select u.email from app_user u join membership m on m.user_id = u.id and m.active and m.role = 'ADMIN' join organisation o on o.id = m.organisation_id
    where o.kind = $1 and o.id is distinct from $2::uuid and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
    order by u.email limit 1`, [kind, except ?? null]))[0]!.email;

beforeAll(async () => {
  api = await startTestApi();
  const [organisation] = await sql<{ id: string }>(
    `select o.id from organisation o where o.kind = 'PLIE' and exists (select from beneficiary b where b.followed_by_id = o.id)
       and exists (select from membership m join app_user u on u.id = m.user_id where m.organisation_id = o.id and m.role = 'ADMIN' and m.active and u.email not like '%@test.demo')
       and exists (select from membership m join app_user u on u.id = m.user_id where m.organisation_id = o.id and m.role = 'EDITOR' and m.active and u.email not like '%@test.demo')
     order by o.name limit 1`);
  const editor = await memberOf(organisation!.id, 'EDITOR');
  plie = { editor: editor.email, editorId: editor.id, admin: (await memberOf(organisation!.id, 'ADMIN')).email, organisationId: organisation!.id };
});
afterAll(() => api.close());

const recordsOf = (requestId: string) => sql<{ user_id: string; organisation_id: string; followed_by_id: string; beneficiary_ids: string[]; channel: string }>(
  'select user_id, organisation_id, followed_by_id, beneficiary_ids, channel from identity_read where request_id = $1', [requestId]);

describe('the record of identity reads', () => {
  it('records every identity a GraphQL answer carries, under the reader and the request, and nothing when none is asked', async () => {
    const requestId = `lecture-${randomUUID()}`;
    const token = await tokenFor(plie.editor);
    const answer = await execute(api.url, PeopleWithIdentityDocument, { first: 5 }, { token, headers: { 'x-request-id': requestId } });
    const shown = answer.data!.beneficiaries.nodes.filter((node) => node.identity).map((node) => parseGlobalId(node.id)!.id).sort();
    expect(shown.length).toBeGreaterThan(0);
    const [record, ...others] = await recordsOf(requestId);
    expect(others).toEqual([]);
    expect({ ...record!, beneficiary_ids: [...record!.beneficiary_ids].sort() })
      .toEqual({ user_id: plie.editorId, organisation_id: plie.organisationId, followed_by_id: plie.organisationId, beneficiary_ids: shown, channel: 'GRAPHQL' });
    const names = answer.data!.beneficiaries.nodes.map((node) => node.identity?.lastName).filter(Boolean) as string[];
    const stored = JSON.stringify(await sql('select * from identity_read where request_id = $1', [requestId]));
    expect(names.filter((name) => stored.includes(name))).toEqual([]);

    const quiet = `sans-identite-${randomUUID()}`;
    await execute(api.url, PeopleWithoutIdentityDocument, { first: 5 }, { token, headers: { 'x-request-id': quiet } });
    expect(await recordsOf(quiet)).toEqual([]);
  });

  it('records the people of a follow-up export, and a person’s record', async () => {
    const requestId = `export-${randomUUID()}`;
    const response = await fetch(new URL('/exports/follow-up.csv', api.url), { headers: { authorization: `Bearer ${await tokenFor(plie.editor)}`, 'x-request-id': requestId } });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const people = (await sql<{ id: string }>('select beneficiary_id as id from beneficiary_identity where followed_by_id = $1', [plie.organisationId])).map((row) => row.id).sort();
    const records = await recordsOf(requestId);
    expect({ channels: [...new Set(records.map((read) => read.channel))], people: records.flatMap((read) => read.beneficiary_ids).sort() })
      .toEqual({ channels: ['FOLLOW_UP_EXPORT'], people });

    const onePerson = `dossier-${randomUUID()}`;
    const path = `/exports/person.json?id=${encodeURIComponent(toGlobalId('Beneficiary', people[0]!))}`;
    const file = await fetch(new URL(path, api.url), { headers: { authorization: `Bearer ${await tokenFor(plie.editor)}`, 'x-request-id': onePerson } });
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    expect((await recordsOf(onePerson)).map((read) => ({ channel: read.channel, people: read.beneficiary_ids }))).toEqual([{ channel: 'PERSON_RECORD', people: [people[0]] }]);
  });

  it("splits the Département's reads by the PLIE following the people", async () => {
    const requestId = `departement-${randomUUID()}`;
    const token = await tokenFor(await adminOfKind('DEPARTEMENT'));
    const answer = await execute(api.url, PeopleWithIdentityDocument, { first: 500 }, { token, headers: { 'x-request-id': requestId } });
    const shown = answer.data!.beneficiaries.nodes.filter((node) => node.identity).map((node) => parseGlobalId(node.id)!.id);
    const records = await recordsOf(requestId);
    const expected = await sql<{ followed_by_id: string; count: number }>(
      'select followed_by_id, count(*)::int as count from beneficiary where id = any($1::uuid[]) group by 1 order by 1', [shown]);
    expect(records.map((record) => ({ followed_by_id: record.followed_by_id, count: record.beneficiary_ids.length }))
      .sort((a, b) => a.followed_by_id.localeCompare(b.followed_by_id))).toEqual(expected);
  });

  it("is read by the PLIE's administrators and the Département's, for a breach: what a user read between two dates; by nobody else", async () => {
    const from = new Date(Date.now() - 60_000);
    const requestId = `enquete-${randomUUID()}`;
    await execute(api.url, PeopleWithIdentityDocument, { first: 3 }, { token: await tokenFor(plie.editor), headers: { 'x-request-id': requestId } });
    const filter = { userId: plie.editorId, from: from.toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const byAdmin = await execute(api.url, IdentityReadsOfDocument, { filter }, { token: await tokenFor(plie.admin) });
    expect(byAdmin.data!.identityReads.nodes.map((node) => node.requestId)).toContain(requestId);
    const byDepartement = await execute(api.url, IdentityReadsOfDocument, { filter }, { token: await tokenFor(await adminOfKind('DEPARTEMENT')) });
    expect(byDepartement.data!.identityReads.nodes.map((node) => node.requestId)).toContain(requestId);
    const byOtherPlie = await execute(api.url, IdentityReadsOfDocument, { filter }, { token: await tokenFor(await adminOfKind('PLIE', plie.organisationId)) });
    expect(byOtherPlie.data!.identityReads.nodes.map((node) => node.requestId)).not.toContain(requestId);
    for (const refused of [plie.editor, await adminOfKind('BAILLEUR')]) {
      const answer = await execute(api.url, IdentityReadsOfDocument, { filter }, { token: await tokenFor(refused) });
      expect(answer.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    // A record names at most 1,000 people: a page of a thousand records with their people is too costly to ask.
    const page = await fetch(new URL('/graphql', api.url), {
      method: 'POST', headers: { authorization: `Bearer ${await tokenFor(plie.admin)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ identityReads(first: 1000) { nodes { id beneficiaryIds } } }' }),
    });
    expect(((await page.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
    const bad = await execute(api.url, IdentityReadsOfDocument, { filter: { userId: 'Dupont' } }, { token: await tokenFor(plie.admin) });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.userId' });
  });
});
