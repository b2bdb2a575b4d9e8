import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { DeactivateMemberDocument, InviteMemberDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { asOwner, demoUser, sql } from '../support/sql.js';

/**
 * A member of the Département reads, as the Département, the identities of every BRSA person; a seat in another
 * organisation as well would let them read there what the Département may not. Whatever the order of the
 * invitations, one of the two seats is refused.
 */
let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function adminOf(kind: string) {
  const admin = await demoUser(kind, 'ADMIN');
  return { token: await tokenFor(admin.email), organisation: toGlobalId('Organisation', admin.organisationId) };
}

const newEmail = () => `seat-${randomUUID()}@test.demo`;

const invite = (admin: { token: string; organisation: string }, email: string) =>
  execute(api.url, InviteMemberDocument, { input: { email, displayName: 'Siège Test', role: 'ADMIN', organisationId: admin.organisation } }, { token: admin.token });

const activeSeats = (email: string) => sql<{ kind: string }>(
  `select o.kind from membership m join app_user u on u.id = m.user_id join organisation o on o.id = m.organisation_id
    where u.email = $1 and m.active order by o.kind`,
  [email],
);

describe("a member of the Département holds no seat elsewhere", () => {
  it('when invited into the Département after a PLIE', async () => {
    const [departement, plie, email] = [await adminOf('DEPARTEMENT'), await adminOf('PLIE'), newEmail()];
    expect((await invite(plie, email)).errors).toBeUndefined();
    const refused = await invite(departement, email);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DEPARTEMENT_SEAT' });
    expect(await activeSeats(email)).toEqual([{ kind: 'PLIE' }]);
  });

  it('when invited into a PLIE after the Département', async () => {
    const [departement, plie, email] = [await adminOf('DEPARTEMENT'), await adminOf('PLIE'), newEmail()];
    expect((await invite(departement, email)).errors).toBeUndefined();
    const refused = await invite(plie, email);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DEPARTEMENT_SEAT' });
    expect(await activeSeats(email)).toEqual([{ kind: 'DEPARTEMENT' }]);
  });

  it('when deactivated, invited elsewhere, then invited back into the Département', async () => {
    const [departement, plie, email] = [await adminOf('DEPARTEMENT'), await adminOf('PLIE'), newEmail()];
    const first = await invite(departement, email);
    await execute(api.url, DeactivateMemberDocument, { input: { membershipId: first.data!.inviteMember.membership.id } }, { token: departement.token });
    expect((await invite(plie, email)).errors).toBeUndefined();
    const back = await invite(departement, email);
    expect(back.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DEPARTEMENT_SEAT' });
    expect(await activeSeats(email)).toEqual([{ kind: 'PLIE' }]);
  });

  it('when invited into both at the same time: one of the two is refused', async () => {
    const [departement, plie, email] = [await adminOf('DEPARTEMENT'), await adminOf('PLIE'), newEmail()];
    await sql('insert into app_user (id, email, display_name) values (gen_random_uuid(), $1, $2)', [email, 'Siège Test']);
    const answers = await whileMembershipsWait(2, () => Promise.all([invite(departement, email), invite(plie, email)]));
    const codes = answers.map((answer) => answer.errors?.[0]?.extensions.reason ?? 'OK').sort();
    expect(codes).toEqual(['DEPARTEMENT_SEAT', 'OK']);
    expect(await activeSeats(email)).toHaveLength(1);
  });
});

/**
 * Runs `requests` while writes to membership are held back, until `count` of them wait, then lets them all go at
 * once: without a lock of their own they would each check before the other has written.
 */
async function whileMembershipsWait<T>(count: number, requests: () => Promise<T>): Promise<T> {
  return asOwner(async (client) => {
    await client.query('begin');
    await client.query('lock table membership in share row exclusive mode');
    const pending = requests();
    const waiting = async () => Number((await client.query<{ count: string }>(
      `select count(*) from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'membership' and not l.granted`,
    )).rows[0]!.count);
    for (let attempt = 0; (await waiting()) < count; attempt += 1) {
      if (attempt === 500) throw new Error(`${count} writes to membership never waited together`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.query('commit');
    return pending;
  });
}
