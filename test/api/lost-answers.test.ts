/**
 * A client that lost the answer to a write (a connection cut, a timeout) finds whether it was committed:
 * it sent `x-request-id`, and the audit trail answers by that id, to whoever wrote and to the
 * organisation's administrators.
 */
import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { AuditTrailDocument, CreateApiKeyDocument, RegisterCompanyDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { newSiret } from '../support/companies.js';
import { demoUser, sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function adminOf(organisationId: string): Promise<string> {
  const [admin] = await sql<{ email: string }>(
    `select u.email from app_user u join membership m on m.user_id = u.id where m.organisation_id = $1 and m.role = 'ADMIN' and m.active order by u.email limit 1`,
    [organisationId],
  );
  return tokenFor(admin!.email);
}

/** Registers a company under that request id; returns the SIRET, which the event's changes carry. */
async function registerCompany(token: string, requestId: string): Promise<string> {
  const siret = newSiret();
  const fields = { siret, name: 'Réponse perdue', nafCode: '43.99C', headcountBand: 'FROM_10_TO_49' as const, kind: 'ORDINARY' as const };
  const written = await execute(api.url, RegisterCompanyDocument, { fields }, { token, headers: { 'x-request-id': requestId } });
  expect(written.errors).toBeUndefined();
  expect(written.headers.get('x-request-id')).toBe(requestId);
  return siret;
}

/** The SIRETs of the companies the trail shows this reader under that request id. */
async function foundBy(token: string, requestId: string): Promise<string[]> {
  const found = await execute(api.url, AuditTrailDocument, { filter: { requestId } }, { token });
  expect(found.errors).toBeUndefined();
  return found.data!.auditEvents.nodes.map((event) => {
    expect(event).toEqual(expect.objectContaining({ entity: 'Company', action: 'CREATE', requestId }));
    return (event.changes as { siret: string }).siret;
  });
}

describe('the writes of a request, found by its x-request-id', () => {
  const requestIds = { editor: `perdu-${randomUUID()}`, admin: `perdu-${randomUUID()}`, key: `perdu-${randomUUID()}` };
  const sirets: Record<keyof typeof requestIds, string> = { editor: '', admin: '', key: '' };
  let editorToken: string;
  let adminToken: string;
  let keySecret: string;

  beforeAll(async () => {
    const editor = await demoUser('PLIE', 'EDITOR');
    editorToken = await tokenFor(editor.email);
    adminToken = await adminOf(editor.organisationId);
    const created = await execute(api.url, CreateApiKeyDocument, { input: { name: 'Front-end qui rejoue', role: 'EDITOR' } }, { token: adminToken });
    expect(created.errors).toBeUndefined();
    keySecret = created.data!.createApiKey.secret;

    sirets.editor = await registerCompany(editorToken, requestIds.editor);
    await registerCompany(editorToken, `autre-${randomUUID()}`);
    sirets.admin = await registerCompany(adminToken, requestIds.admin);
    sirets.key = await registerCompany(keySecret, requestIds.key);
  });

  it('shows an editor the events of its own request, and not those of another user of its organisation or of its API key', async () => {
    expect(await foundBy(editorToken, requestIds.editor)).toEqual([sirets.editor]);
    expect(await foundBy(editorToken, requestIds.admin)).toEqual([]);
    expect(await foundBy(editorToken, requestIds.key)).toEqual([]);
  });

  it("shows an API key the events of its own request, and not a user's", async () => {
    expect(await foundBy(keySecret, requestIds.key)).toEqual([sirets.key]);
    expect(await foundBy(keySecret, requestIds.editor)).toEqual([]);
    expect(await foundBy(keySecret, requestIds.admin)).toEqual([]);
  });

  it("shows an administrator every write of its organisation's, its editors' and its keys' alike", async () => {
    for (const author of ['editor', 'admin', 'key'] as const) expect(await foundBy(adminToken, requestIds[author])).toEqual([sirets[author]]);
  });

  it('refuses a request id the platform would not have kept, or a row id that is none, without quoting them back', async () => {
    for (const requestId of ['x'.repeat(129), 'perdu avec espace', '']) {
      const found = await execute(api.url, AuditTrailDocument, { filter: { requestId } }, { token: editorToken });
      expect(found.errors?.[0]).toEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'filter.requestId' }) }));
      expect(found.errors?.[0]?.message).not.toContain('x'.repeat(129));
    }
    const byRow = await execute(api.url, AuditTrailDocument, { filter: { entityId: 'x'.repeat(100_000) } }, { token: editorToken });
    expect(byRow.errors?.[0]).toEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'filter.entityId' }) }));
    expect(byRow.errors?.[0]?.message.length).toBeLessThan(200);
  });

  it("shows nobody of another organisation that request's events", async () => {
    const otherEditor = await tokenFor((await demoUser('BAILLEUR', 'EDITOR')).email);
    expect(await foundBy(otherEditor, requestIds.editor)).toEqual([]);
  });
});
