import type { Api } from '../../src/app.js';
import { SESSION_CHANGES } from '../../src/auth/kept-sessions.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { CreateApiKeyDocument, DeactivateMemberDocument, ViewerDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { waitUntil } from '../support/faults.js';
import { adminOf, join, newEmail } from '../support/members.js';
import { asApplicationRole, demoUser, sql } from '../support/sql.js';

let api: Api;
let statements: string[] = [];
beforeAll(async () => {
  api = await startTestApi({ onQuery: (line) => statements.push(line.replace(/^\[query\] /, '')) });
});
afterAll(() => api.close());

/** What `ask` answers once `done` says so, within 5 s: what PostgreSQL tells the API arrives on a connection of its own. */
async function eventually<T>(ask: () => Promise<T>, done: (answer: T) => boolean, what: string): Promise<T> {
  let answer!: T;
  await waitUntil(async () => done((answer = await ask())), what, 5_000);
  return answer;
}

const opensTheSession = (statement: string) => statement.startsWith('select app_open_session');

/** The SQL statements sent while the API answers `query { viewer { … } }` with that credential. */
async function viewerStatements(token: string, organisation?: string): Promise<string[]> {
  statements = [];
  const response = await execute(api.url, ViewerDocument, {}, { token, organisation });
  expect(response.errors).toBeUndefined();
  return statements;
}

describe("a person's session", () => {
  it('opens in one statement after begin, with bound values, the viewer query then costing three statements', async () => {
    const { email } = await demoUser('PLIE', 'EDITOR');
    const sent = await viewerStatements(await tokenFor(email)); // the identity's first sign-in, and its session read
    // the sign-in, begin, the session, rollback: the organisations of the memberships and the acting one are the session's
    expect(sent).toHaveLength(4);
    expect(sent[0]).toMatch(/app_sign_in/);
    expect(sent[1]).toMatch(/^begin/);
    expect(sent[2]).toMatch(/^select app_open_session\(\$1, \$2\) as session/);
    expect(sent[3]).toMatch(/^rollback/);
  });

  it('is not read again at the next request: its settings wait for a statement, which `viewer` does not send', async () => {
    const { email } = await demoUser('BAILLEUR', 'VIEWER');
    const token = await tokenFor(email);
    const first = await viewerStatements(token);
    expect(first.some(opensTheSession)).toBe(true);
    // Its first sign-in bound the identity to the account, a change whose notification forgets the sessions kept.
    const next = await eventually(() => viewerStatements(token), (sent) => !sent.some(opensTheSession), 'the session kept');
    expect(next).toHaveLength(3);
    expect(next[1]).toMatch(/^select set_config\(\$1, \$2, true\), set_config\(\$3, \$4, true\)/);
    // Logged as asked, these three are sent to PostgreSQL only with a statement of the request: none here.
    // The same session, whichever request asks: the answer does not change.
    statements = [];
    const [again, other] = await Promise.all([execute(api.url, ViewerDocument, {}, { token }), execute(api.url, ViewerDocument, {}, { token })]);
    expect(other.data).toEqual(again.data);
    expect(again.data?.viewer.user?.email).toBe(email);
  });

  it('is kept once per person, whatever organisation a request names, each request acting for the one it names', async () => {
    const [person] = await sql<{ email: string; organisations: string[] }>(
      `select u.email, array_agg(m.organisation_id::text order by m.organisation_id) as organisations
         from app_user u join membership m on m.user_id = u.id and m.active
        group by u.email having count(*) = 2 order by u.email limit 1`,
    );
    const token = await tokenFor(person!.email);
    const [first, second] = person!.organisations.map((id) => toGlobalId('Organisation', id));
    await eventually(() => viewerStatements(token, first), (sent) => !sent.some(opensTheSession), 'the session kept');
    statements = [];
    const stranger = toGlobalId('Organisation', '00000000-0000-4000-8000-000000000000');
    const answers = [];
    for (const organisation of [second, first, undefined, stranger, second]) answers.push(await execute(api.url, ViewerDocument, {}, { token, organisation }));
    expect(answers.map((answer) => answer.data?.viewer.actingOrganisation?.id ?? answer.status)).toEqual([second, first, 200, 403, second]);
    expect(answers[2]!.data?.viewer.actingOrganisation).toBeNull();
    expect(statements.filter(opensTheSession)).toEqual([]);
  });

  it('signs an identity in at its first request only, whatever its token', async () => {
    const { email } = await demoUser('BAILLEUR', 'ADMIN');
    const token = await tokenFor(email);
    const signIns = (sent: string[]) => sent.filter((statement) => statement.includes('app_sign_in')).length;
    expect(signIns(await viewerStatements(token))).toBe(1);
    expect(signIns(await viewerStatements(token))).toBe(0);
    expect(signIns(await viewerStatements(await tokenFor(email)))).toBe(0);
  });

  it('no longer acts for a membership deactivated by hand since the previous request, once PostgreSQL has said so', async () => {
    const rows = await sql<{ email: string; id: string; organisation_id: string }>(
      `select u.email, m.id, m.organisation_id from app_user u join membership m on m.user_id = u.id
        where m.active and u.id in (select user_id from membership where active group by user_id having count(*) = 2)
        order by u.email, m.organisation_id`,
    );
    const [membership] = rows;
    const token = await tokenFor(membership!.email);
    const organisation = toGlobalId('Organisation', membership!.organisation_id);
    const before = await execute(api.url, ViewerDocument, {}, { token, organisation });
    expect(before.data?.viewer.actingOrganisation?.id).toBe(organisation);
    await sql('update membership set active = false where id = $1', [membership!.id]);
    try {
      // The notification of the change reaches the API's connection in a few milliseconds.
      const after = await eventually(() => execute(api.url, ViewerDocument, {}, { token, organisation }), (answer) => answer.status === 403, 'the membership refused');
      expect(after.errors?.[0]?.message).toBe("Vous n'êtes pas membre actif de l'organisation indiquée par X-Organisation");
      const alone = await execute(api.url, ViewerDocument, {}, { token });
      expect(alone.data?.viewer.memberships).toHaveLength(1);
      expect(alone.data?.viewer.actingOrganisation?.id).toBe(toGlobalId('Organisation', rows[1]!.organisation_id));
    } finally {
      await sql('update membership set active = true where id = $1', [membership!.id]);
    }
  });

  it('no longer acts for a membership deactivated through the API, from the very next request', async () => {
    const admin = await adminOf('VILLE');
    const email = newEmail('session');
    const joined = await join(api.url, admin, email);
    const token = await tokenFor(email);
    expect((await execute(api.url, ViewerDocument, {}, { token })).data?.viewer.actingOrganisation?.id).toBe(admin.organisation);
    expect((await execute(api.url, ViewerDocument, {}, { token })).data?.viewer.memberships).toHaveLength(1);
    const deactivated = await execute(api.url, DeactivateMemberDocument, { input: { membershipId: joined.data!.acceptInvitation.membership.id } }, { token: admin.token });
    expect(deactivated.errors).toBeUndefined();
    const after = await execute(api.url, ViewerDocument, {}, { token });
    expect(after.data?.viewer.memberships).toEqual([]);
    expect(after.data?.viewer.actingOrganisation).toBeNull();
  });

  it('is read at every request while the API does not hear of changes, and kept again once it does', async () => {
    const { email } = await demoUser('EPCI', 'VIEWER');
    const token = await tokenFor(email);
    await viewerStatements(token);
    const stopped = await asApplicationRole(async (client) => (await client.query<{ stopped: number }>(
      `select count(pg_terminate_backend(pid))::int as stopped from pg_stat_activity where application_name = 'clauses-sessions' and datname = current_database()`,
    )).rows[0]!.stopped);
    expect(stopped).toBeGreaterThan(0);
    const opens = (sent: string[]) => sent.some(opensTheSession);
    // Its connection's end reaches the API in a few milliseconds; from then on it reads the session, until it listens again.
    expect(opens(await eventually(() => viewerStatements(token), opens, 'the session read again'))).toBe(true);
    expect(opens(await viewerStatements(token))).toBe(true);
    expect(opens(await eventually(() => viewerStatements(token), (sent) => !opens(sent), 'the session kept again'))).toBe(false);
  });

  it('refuses an X-Organisation that names no organisation, as one the person is no member of', async () => {
    const { email } = await demoUser('PLIE', 'EDITOR');
    const response = await execute(api.url, ViewerDocument, {}, { token: await tokenFor(email), organisation: 'pas-un-identifiant' });
    expect(response.status).toBe(403);
    expect(response.errors?.[0]?.message).toBe("Vous n'êtes pas membre actif de l'organisation indiquée par X-Organisation");
  });
});

describe("an API key's session", () => {
  it('is set in one statement after begin, with bound values', async () => {
    const admin = await demoUser('PLIE', 'ADMIN');
    statements = [];
    const created = await execute(api.url, CreateApiKeyDocument, { input: { name: 'Compte des requêtes', role: 'VIEWER' } }, { token: await tokenFor(admin.email) });
    expect(created.errors).toBeUndefined();
    // The session's rows, made entities from app_open_session's answer, are not written back as if changed.
    expect(statements.filter((statement) => /^update "(app_user|membership|organisation)"/.test(statement))).toEqual([]);
    expect(statements.some((statement) => /^insert into "api_key"/.test(statement))).toBe(true);
    const sent = await viewerStatements(created.data!.createApiKey.secret);
    // the key (its use stamped), begin, the settings, the acting organisation, rollback
    expect(sent).toHaveLength(5);
    expect(sent[0]).toMatch(/app_authenticate_api_key/);
    expect(sent[2]).toMatch(/^select set_config\(\$1, \$2, true\), set_config\(\$3, \$4, true\)/);
  });
});

describe('the changes to sessions, in the database', () => {
  it('are notified at the commit of a statement that changes an account, a membership or an organisation, never for one that changes none', async () => {
    const { organisationId } = await demoUser('REGION', 'VIEWER');
    await asApplicationRole(async (listener) => {
      const heard: string[] = [];
      // The API's own heartbeats come on the same channel, with a payload; the triggers' carry none.
      listener.on('notification', ({ channel, payload }) => payload || heard.push(channel));
      await listener.query(`listen ${SESSION_CHANGES}`);
      /** What the listener heard once the statement committed: a round trip of its own lets it through first. */
      const heardAfter = async (statement: string, params: unknown[]) => {
        heard.length = 0;
        await sql(statement, params);
        await listener.query('select 1');
        return [...heard];
      };
      expect(await heardAfter('update membership set role = role where organisation_id = $1 and false', [organisationId])).toEqual([]);
      expect(await heardAfter("update app_user set display_name = display_name where email = 'personne@nulle.part'", [])).toEqual([]);
      expect(await heardAfter('update organisation set name = name where id = $1', [organisationId])).toEqual([SESSION_CHANGES]);
      expect(await heardAfter('update membership set role = role where organisation_id = $1', [organisationId])).toEqual([SESSION_CHANGES]);
    });
  });
});

describe('app_open_session, in the database', () => {
  it('may be called by the application role, not by PUBLIC', async () => {
    const [granted] = await sql<{ public: boolean }>(
      `select exists (select from pg_proc p, aclexplode(p.proacl) a where p.proname = 'app_open_session' and a.grantee = 0) as public`,
    );
    expect(granted!.public).toBe(false);
    await asApplicationRole(async (client) => {
      const { rows: [unknown] } = await client.query('select app_open_session(gen_random_uuid(), null) as session');
      expect(unknown!.session).toBeNull();
    });
  });

  it("sets the person's settings for the transaction only, and answers their own rows alone", async () => {
    const { email, organisationId } = await demoUser('PLIE', 'EDITOR');
    const [account] = await sql<{ id: string }>('select id from app_user where email = $1', [email]);
    await asApplicationRole(async (client) => {
      await client.query('begin');
      const { rows: [opened] } = await client.query<{ session: { user: { id: string }; memberships: { membership: { user_id: string } }[]; acting: string } }>(
        'select app_open_session($1, null) as session', [account!.id],
      );
      expect(opened!.session.user.id).toBe(account!.id);
      expect(opened!.session.memberships.map(({ membership }) => membership.user_id)).toEqual([account!.id]);
      expect(opened!.session.acting).toBe(organisationId);
      const { rows: [inside] } = await client.query('select app_user() as user, app_org() as org, app_role() as role, app_kind() as kind');
      expect(inside).toEqual({ user: account!.id, org: organisationId, role: 'EDITOR', kind: 'PLIE' });
      await client.query('commit');
      const { rows: [after] } = await client.query('select app_user() as user, app_org() as org, app_role() as role');
      expect(after).toEqual({ user: null, org: null, role: null });
    });
  });
});
