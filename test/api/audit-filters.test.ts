import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { AuditTrailDocument, CreateApiKeyDocument, RevokeApiKeyDocument } from '../generated/graphql.js';
import { execute, startTestApi } from '../support/api.js';
import { adminOf, invite, newEmail, type Admin } from '../support/members.js';
import { sql } from '../support/sql.js';

let api: Api;
let admin: Admin;
let adminUserId: string;
beforeAll(async () => {
  api = await startTestApi();
  admin = await adminOf('BAILLEUR');
  [{ id: adminUserId }] = (await sql<{ id: string }>('select id from app_user where email = $1', [admin.email])) as [{ id: string }];
});
afterAll(() => api.close());

const trail = (filter: Record<string, unknown>) => execute(api.url, AuditTrailDocument, { filter, first: 1000 }, { token: admin.token });

describe('the audit trail’s filters', () => {
  it('finds the writes by action, by who wrote them and by period', async () => {
    const before = new Date();
    const created = await execute(api.url, CreateApiKeyDocument, { input: { name: `Filtres ${randomUUID()}`, role: 'VIEWER' } }, { token: admin.token });
    const { id } = created.data!.createApiKey.apiKey;
    expect((await execute(api.url, RevokeApiKeyDocument, { id }, { token: admin.token })).errors).toBeUndefined();
    expect((await invite(api.url, admin, newEmail('filtres'))).errors).toBeUndefined();
    const after = new Date();
    const [{ entity_id: keyId }] = (await sql<{ entity_id: string }>("select entity_id from audit_event where entity = 'ApiKey' and user_id = $1 order by created_at desc limit 1", [adminUserId])) as [{ entity_id: string }];

    const window = { from: before.toISOString(), to: new Date(after.getTime() + 1).toISOString() };
    const all = (await trail({ ...window, userId: adminUserId })).data!.auditEvents.nodes;
    expect(all.map((event) => [event.entity, event.action]).sort()).toEqual([['ApiKey', 'CREATE'], ['ApiKey', 'UPDATE'], ['Invitation', 'CREATE']]);
    expect(all.every((event) => event.userId === adminUserId)).toBe(true);

    const updates = (await trail({ ...window, userId: adminUserId, action: 'UPDATE' })).data!.auditEvents.nodes;
    expect(updates.map((event) => [event.entity, event.entityId])).toEqual([['ApiKey', keyId]]);
    expect((await trail({ ...window, userId: adminUserId, action: 'DELETE' })).data!.auditEvents.totalCount).toBe(0);
    expect((await trail({ from: window.to })).data!.auditEvents.totalCount).toBe(0);
    expect((await trail({ to: window.from, entityId: keyId })).data!.auditEvents.totalCount).toBe(0);
    expect((await trail({ ...window, userId: randomUUID() })).data!.auditEvents.totalCount).toBe(0);
    expect((await trail({ ...window, apiKeyId: randomUUID() })).data!.auditEvents.totalCount).toBe(0);
  });

  it('refuses an action or an id that could name nothing, beside the field, quoting nothing back', async () => {
    for (const [filter, field] of [[{ action: 'créer; drop' }, 'filter.action'], [{ userId: 'pas-un-uuid' }, 'filter.userId'], [{ apiKeyId: 'x' }, 'filter.apiKeyId']] as const) {
      const answer = await trail(filter);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(answer.errors![0]!.message).not.toContain(Object.values(filter)[0]);
    }
  });
});
