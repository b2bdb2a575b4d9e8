import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  AuditTrailDocument, CreateApiKeyDocument, InvitationsDocument, MarketReferencesDocument, MyInvitationsDocument, RefuseInvitationDocument,
  RevokeInvitationDocument, ViewerDocument,
} from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { accept, adminOf, invite, join, newEmail } from '../support/members.js';
import { asApplicationRole, demoUser, sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** What an answer to inviteMember says, less what differs from one invitation to the next. */
const shapeOf = (answer: Awaited<ReturnType<typeof invite>>) => {
  const { id, email, createdAt, ...rest } = answer.data!.inviteMember.invitation;
  return { httpStatus: answer.status, errors: answer.errors, ...rest, id: typeof id, email: typeof email, createdAt: typeof createdAt };
};

describe('an invitation', () => {
  it('refuses an address or a name beyond its limits, or not plain text, with a short message that quotes nothing, and writes nothing', async () => {
    const admin = await adminOf('REGION');
    const before = await sql('select id from invitation where organisation_id = $1', [admin.organisationId]);
    const hostile = [
      ['a@' + '.'.repeat(50_000), 'Personne Invitée', 'email'],
      [`${'x'.repeat(250)}@test.demo`, 'Personne Invitée', 'email'],
      ['zoé@test.demo', 'Personne Invitée', 'email'],
      [newEmail(), 'Zoé\u0000Durand', 'displayName'],
      [newEmail(), 'Z'.repeat(201), 'displayName'],
    ] as const;
    for (const [email, displayName, field] of hostile) {
      const answer = await invite(api.url, admin, email, 'VIEWER', admin.organisation, displayName);
      expect([field, answer.errors?.[0]?.extensions]).toEqual([field, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
      expect(answer.errors![0]!.message.length).toBeLessThan(120);
    }
    expect(await sql('select id from invitation where organisation_id = $1', [admin.organisationId])).toEqual(before);
  });

  it('answers the same whether an account exists or not, attaches nothing, and disturbs none of its requests', async () => {
    const admin = await adminOf('PLIE');
    const victim = await demoUser('BAILLEUR', 'VIEWER');
    const [account] = await sql<{ display_name: string }>('select display_name from app_user where email = $1', [victim.email]);
    const existing = await invite(api.url, admin, victim.email, 'ADMIN');
    const unknown = await invite(api.url, admin, newEmail(), 'ADMIN');
    expect(shapeOf(existing)).toEqual(shapeOf(unknown));
    expect(existing.data!.inviteMember.invitation).toMatchObject({ email: victim.email, displayName: 'Personne Invitée', status: 'PENDING' });
    expect(JSON.stringify(existing)).not.toContain(account!.display_name);
    expect(await sql('select 1 from membership m join app_user u on u.id = m.user_id where u.email = $1 and m.organisation_id = $2', [victim.email, admin.organisationId])).toEqual([]);
    const token = await tokenFor(victim.email);
    expect((await execute(api.url, ViewerDocument, {}, { token })).data!.viewer.actingOrganisation?.id).toBe(toGlobalId('Organisation', victim.organisationId));
    expect((await execute(api.url, MarketReferencesDocument, {}, { token })).errors).toBeUndefined();
  });

  it('is listed to its invitee, who accepts it: a second membership, with the role offered', async () => {
    const [admin, first] = [await adminOf('VILLE'), await adminOf('EPCI')];
    const invitee = { email: newEmail() };
    await join(api.url, first, invitee.email);
    const invited = await invite(api.url, admin, invitee.email, 'EDITOR');
    const token = await tokenFor(invitee.email);
    const mine = await execute(api.url, MyInvitationsDocument, {}, { token });
    const invitation = mine.data!.viewer.invitations.find((item) => item.id === invited.data!.inviteMember.invitation.id);
    expect(invitation).toMatchObject({ role: 'EDITOR', status: 'PENDING', organisation: { id: admin.organisation } });
    const accepted = await accept(api.url, invitee.email, invitation!.id);
    expect(accepted.data!.acceptInvitation.membership).toMatchObject({ role: 'EDITOR', active: true, user: { email: invitee.email }, organisation: { id: admin.organisation } });
    const after = await execute(api.url, MyInvitationsDocument, {}, { token });
    expect(after.data!.viewer.memberships).toHaveLength(2);
    expect(after.data!.viewer.invitations.map((item) => item.id)).not.toContain(invitation!.id);
    expect((await accept(api.url, invitee.email, invitation!.id)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVITATION_CLOSED' });
  });

  it('may be refused: no membership, and the refusal is in the inviting organisation’s trail', async () => {
    const admin = await adminOf('EPCI');
    const invitee = await demoUser('REGION', 'VIEWER');
    const invited = await invite(api.url, admin, invitee.email);
    const { id } = invited.data!.inviteMember.invitation;
    const refused = await execute(api.url, RefuseInvitationDocument, { invitationId: id }, { token: await tokenFor(invitee.email) });
    expect(refused.data!.refuseInvitation.invitation).toMatchObject({ status: 'REFUSED', closedAt: expect.any(String) });
    expect(await sql('select 1 from membership m join app_user u on u.id = m.user_id where u.email = $1 and m.organisation_id = $2', [invitee.email, admin.organisationId])).toEqual([]);
    const trail = await execute(api.url, AuditTrailDocument, { filter: { entity: 'Invitation' }, first: 500 }, { token: admin.token });
    const [invitationId] = (await sql<{ id: string }>('select id from invitation where email = $1 and organisation_id = $2', [invitee.email, admin.organisationId])).map((row) => row.id);
    const events = trail.data!.auditEvents.nodes.filter((event) => event.entityId === invitationId);
    expect(events.map((event) => [event.action, (event.changes as { status?: string }).status])).toEqual([['UPDATE', 'REFUSED'], ['CREATE', 'PENDING']]);
  });

  it('gives a person with no account yet an account, with no membership, when they sign in; they accept it', async () => {
    const admin = await adminOf('BAILLEUR');
    const email = newEmail('newcomer');
    const token = await tokenFor(email);
    expect((await execute(api.url, ViewerDocument, {}, { token })).status).toBe(403);
    const invited = await invite(api.url, admin, email, 'EDITOR');
    const mine = await execute(api.url, MyInvitationsDocument, {}, { token });
    expect(mine.data!.viewer).toMatchObject({ user: { email, displayName: 'Personne Invitée' }, memberships: [] });
    expect(mine.data!.viewer.invitations.map((item) => item.id)).toEqual([invited.data!.inviteMember.invitation.id]);
    expect((await execute(api.url, MarketReferencesDocument, {}, { token })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    await accept(api.url, email, invited.data!.inviteMember.invitation.id);
    const viewer = await execute(api.url, ViewerDocument, {}, { token });
    expect(viewer.data!.viewer).toMatchObject({ actingOrganisation: { id: admin.organisation }, actingRole: 'EDITOR' });
  });

  it('is answered by its invitee only: another person, or an API key, is refused', async () => {
    const admin = await adminOf('ETAT');
    const invited = await invite(api.url, admin, newEmail());
    const { id } = invited.data!.inviteMember.invitation;
    const other = await demoUser('PLIE', 'VIEWER');
    expect((await accept(api.url, other.email, id)).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const key = await execute(api.url, CreateApiKeyDocument, { input: { name: 'Clé invitation', role: 'ADMIN' } }, { token: admin.token });
    const byKey = await execute(api.url, RefuseInvitationDocument, { invitationId: id }, { token: key.data!.createApiKey.secret });
    expect(byKey.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await sql('select status from invitation where id = (select id from invitation where email = $1)', [invited.data!.inviteMember.invitation.email])).toEqual([{ status: 'PENDING' }]);
  });

  it('is listed to its organisation’s admins, who revoke it; the invitee then cannot accept it', async () => {
    const admin = await adminOf('REGION');
    const { email } = await demoUser('BAILLEUR', 'EDITOR');
    const invited = await invite(api.url, admin, email);
    expect((await invite(api.url, admin, email)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_INVITED' });
    const { id, version } = invited.data!.inviteMember.invitation;
    const listed = await execute(api.url, InvitationsDocument, {}, { token: admin.token });
    expect(listed.data!.invitations.nodes.map((node) => node.id)).toContain(id);
    const stranger = await adminOf('VILLE');
    expect((await execute(api.url, RevokeInvitationDocument, { input: { invitationId: id } }, { token: stranger.token })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await execute(api.url, InvitationsDocument, {}, { token: await tokenFor((await demoUser('REGION', 'EDITOR')).email) })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const revoked = await execute(api.url, RevokeInvitationDocument, { input: { invitationId: id, version } }, { token: admin.token });
    expect(revoked.data!.revokeInvitation.invitation.status).toBe('REVOKED');
    expect((await accept(api.url, email, id)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVITATION_CLOSED' });
    const closed = await execute(api.url, InvitationsDocument, { includeClosed: true }, { token: admin.token });
    expect(closed.data!.invitations.nodes.find((node) => node.id === id)?.status).toBe('REVOKED');
  });
});

describe('in the database, for the application role', () => {
  /** Runs `statement` ($1: the organisation) as an admin of that organisation would: PostgreSQL's refusal, or how many rows it wrote. */
  async function refusal(organisationId: string, statement: string, params: unknown[] = []): Promise<string | number> {
    const [admin] = await sql<{ user_id: string; kind: string }>(
      `select m.user_id, o.kind from membership m join organisation o on o.id = m.organisation_id
        where o.id = $1 and m.role = 'ADMIN' and m.active limit 1`,
      [organisationId],
    );
    return asApplicationRole(async (client) => {
      await client.query('begin');
      await client.query(`select set_config('app.user_id', $1, true), set_config('app.org_id', $2, true),
                                 set_config('app.org_kind', $3, true), set_config('app.role', 'ADMIN', true)`, [admin!.user_id, organisationId, admin!.kind]);
      return client.query(statement, [organisationId, ...params])
        .then((result) => result.rowCount ?? 0, (error: Error) => error.message).finally(() => client.query('rollback'));
    });
  }

  it('creates no membership, makes none active again, moves none, and deletes none (no policy lets it), even as an administrator', async () => {
    const [former] = await sql<{ id: string; organisation_id: string }>('select id, organisation_id from membership where not active limit 1');
    const [stranger] = await sql<{ id: string }>('select id from app_user where id not in (select user_id from membership where organisation_id = $1) limit 1', [former!.organisation_id]);
    const attempts: [string, unknown[]][] = [
      ["insert into membership (id, user_id, organisation_id, role, active) values (gen_random_uuid(), $2, $1, 'ADMIN', true)", [stranger!.id]],
      ['update membership set active = true where id = $2 and organisation_id = $1', [former!.id]],
      ['update membership set user_id = $3 where id = $2 and organisation_id = $1', [former!.id, stranger!.id]],
    ];
    for (const [statement, params] of attempts) expect(await refusal(former!.organisation_id, statement, params)).toMatch(/membership/);
    expect(await refusal(former!.organisation_id, 'delete from membership where id = $2 and organisation_id = $1', [former!.id])).toBe(0);
  });

  it('creates no account, and lets an administrator only revoke an invitation, never accept it', async () => {
    const admin = await adminOf('PLIE');
    expect(await refusal(admin.organisationId, "insert into app_user (id, email, display_name) values (gen_random_uuid(), 'cree@test.demo', $1::text)")).toMatch(/account/);
    const invited = await invite(api.url, admin, newEmail());
    const [{ id }] = (await sql<{ id: string }>('select id from invitation where email = $1', [invited.data!.inviteMember.invitation.email])) as [{ id: string }];
    expect(await refusal(admin.organisationId, "update invitation set status = 'ACCEPTED' where id = $2 and organisation_id = $1", [id])).toMatch(/invitation/);
    expect(await refusal(admin.organisationId, 'delete from invitation where id = $2 and organisation_id = $1', [id])).toBe(0);
  });
});
