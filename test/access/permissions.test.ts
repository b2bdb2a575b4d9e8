import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { extendSchema, parse } from 'graphql';
import { ACCESS_MODEL, PERMISSIONS_DOC, renderPermissions } from '../../src/access/model.js';
import { fieldRules } from '../../src/access/permissions.js';
import { TENANT_TABLES } from '../../src/access/row-policies.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { buildApiSchema } from '../../src/graphql/schema.js';
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { MarketReferencesDocument, ViewerDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

const ROOT_RULES_FILE = path.join(PROJECT_ROOT, 'test', 'access', 'root-field-rules.json');

describe('the permission layer', () => {
  it('refuses a schema with a root field or a type that has no rule: the API would not start', async () => {
    const schema = await buildApiSchema();
    expect(() => fieldRules(schema)).not.toThrow();
    const withRootField = extendSchema(schema, parse('extend type Query { strayCount: Int }'));
    expect(() => fieldRules(withRootField)).toThrow(/No access rule for Query\.strayCount/);
    const withType = extendSchema(schema, parse('type Stray { secret: String } extend type Market { stray: Stray }'));
    expect(() => fieldRules(withType)).toThrow(/No access rule for Stray\.secret/);
  });

  it('gives each root field the rule that was reviewed (test/access/root-field-rules.json)', async () => {
    const rules = fieldRules(await buildApiSchema());
    const root = Object.fromEntries(Object.entries(rules).filter(([coordinate]) => /^(Query|Mutation)\./.test(coordinate)).sort());
    expect(root).toEqual(JSON.parse(await readFile(ROOT_RULES_FILE, 'utf8')));
  });
});

describe('acting for an organisation', () => {
  let api: Api;
  let email: string;
  beforeAll(async () => {
    api = await startTestApi();
    [{ email }] = (await sql<{ email: string }>(
      `select u.email from app_user u join membership m on m.user_id = u.id and m.active group by u.email having count(*) = 2 limit 1`,
    )) as [{ email: string }];
  });
  afterAll(() => api.close());

  it('is required for tenant data: without X-Organisation a user of two organisations is refused', async () => {
    const token = await tokenFor(email);
    expect((await execute(api.url, ViewerDocument, {}, { token })).errors).toBeUndefined();
    const refused = await execute(api.url, MarketReferencesDocument, {}, { token });
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(refused.data).toBeNull();
  });

  it('scopes to the organisation the header names', async () => {
    const [organisation] = await sql<{ organisation_id: string; count: string }>(
      `select m.organisation_id, (select count(*) from market where facilitator_id = m.organisation_id or buyer_id = m.organisation_id) as count
         from membership m join app_user u on u.id = m.user_id where u.email = $1 and m.active order by 1 limit 1`,
      [email],
    );
    const response = await execute(api.url, MarketReferencesDocument, {}, {
      token: await tokenFor(email),
      organisation: toGlobalId('Organisation', organisation!.organisation_id),
    });
    expect(response.data?.markets.totalCount).toBe(Number(organisation!.count));
  });
});

describe('the access model', () => {
  it('is what docs/permissions.md says (run `npm run permissions`)', async () => {
    expect(renderPermissions()).toBe(await readFile(PERMISSIONS_DOC, 'utf8'));
  });

  it('covers every table, and every table has its row-level-security policies', () => {
    const modelled = ACCESS_MODEL.flatMap((access) => access.table.split(', ')).sort();
    expect(modelled).toEqual([...TENANT_TABLES].sort());
  });
});
