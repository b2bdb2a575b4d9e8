import type { Api } from '../../src/app.js';
import { DeactivateMemberDocument } from '../generated/graphql.js';
import { execute, startTestApi } from '../support/api.js';
import { accept, adminOf, invite, join, newEmail } from '../support/members.js';
import { asOwner, sql } from '../support/sql.js';

/**
 * A member of the Département reads, as the Département, the identities of every BRSA person; a seat in another
 * organisation as well would let them read there what the Département may not. Whatever the order of the
 * invitations and their acceptances, one of the two seats is refused.
 */
let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const activeSeats = (email: string) => sql<{ kind: string }>(
  `select o.kind from membership m join app_user u on u.id = m.user_id join organisation o on o.id = m.organisation_id
    where u.email = $1 and m.active order by o.kind`,
  [email],
);

const SEAT_REFUSED = { code: 'CONFLICT', reason: 'DEPARTEMENT_SEAT' };

describe('a member of the Département holds no seat elsewhere', () => {
  it('when they join the Département after a PLIE', async () => {
    const [departement, plie, email] = [await adminOf('DEPARTEMENT'), await adminOf('PLIE'), newEmail('seat')];
    expect((await join(api.url, plie, email)).errors).toBeUndefined();
    expect((await join(api.url, departement, email)).errors?.[0]?.extensions).toMatchObject(SEAT_REFUSED);
    expect(await activeSeats(email)).toEqual([{ kind: 'PLIE' }]);
  });

  it('when they join a PLIE after the Département', async () => {
    const [departement, plie, email] = [await adminOf('DEPARTEMENT'), await adminOf('PLIE'), newEmail('seat')];
    expect((await join(api.url, departement, email)).errors).toBeUndefined();
    expect((await join(api.url, plie, email)).errors?.[0]?.extensions).toMatchObject(SEAT_REFUSED);
    expect(await activeSeats(email)).toEqual([{ kind: 'DEPARTEMENT' }]);
  });

  it('when the Département invites one of its own into a PLIE', async () => {
    const [departement, plie, email] = [await adminOf('DEPARTEMENT'), await adminOf('PLIE'), newEmail('seat')];
    await join(api.url, departement, email);
    expect((await join(api.url, departement, email, 'ADMIN', plie.organisation)).errors?.[0]?.extensions).toMatchObject(SEAT_REFUSED);
    expect(await activeSeats(email)).toEqual([{ kind: 'DEPARTEMENT' }]);
  });

  it('when deactivated, invited elsewhere, then invited back into the Département', async () => {
    const [departement, plie, email] = [await adminOf('DEPARTEMENT'), await adminOf('PLIE'), newEmail('seat')];
    const first = await join(api.url, departement, email, 'ADMIN');
    await execute(api.url, DeactivateMemberDocument, { input: { membershipId: first.data!.acceptInvitation.membership.id } }, { token: departement.token });
    expect((await join(api.url, plie, email)).errors).toBeUndefined();
    expect((await join(api.url, departement, email, 'ADMIN')).errors?.[0]?.extensions).toMatchObject(SEAT_REFUSED);
    expect(await activeSeats(email)).toEqual([{ kind: 'PLIE' }]);
  });

  it('when both invitations are accepted at the same time: one of the two is refused', async () => {
    const [departement, plie, email] = [await adminOf('DEPARTEMENT'), await adminOf('PLIE'), newEmail('seat')];
    const invitations = [await invite(api.url, departement, email), await invite(api.url, plie, email)];
    const answers = await whileMembershipsWait(2, () => Promise.all(invitations.map((invited) => accept(api.url, email, invited.data!.inviteMember.invitation.id))));
    expect(answers.map((answer) => answer.errors?.[0]?.extensions.reason ?? 'OK').sort()).toEqual(['DEPARTEMENT_SEAT', 'OK']);
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
