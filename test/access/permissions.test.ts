import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { extendSchema, GraphQLObjectType, parse } from 'graphql';
import { PERMISSIONS_DOC, renderPermissions } from '../../src/access/model/docs.js';
import { ACCESS_MODEL } from '../../src/access/model/rules.js';
import { OPERATIONS } from '../../src/access/operations.js';
import { ROUTES } from '../../src/http/server.js';
import { fieldRules } from '../../src/access/permissions.js';
import { TENANT_TABLES } from '../../src/access/row-policies.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { buildApiSchema } from '../../src/graphql/schema.js';
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { MarketReferencesDocument, ViewerDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

const OPERATIONS_FILE = path.join(PROJECT_ROOT, 'test', 'access', 'operations.json');

describe('the permission layer', () => {
  it('refuses a schema with a root field or a type that has no rule: the API would not start', async () => {
    const schema = await buildApiSchema();
    expect(() => fieldRules(schema)).not.toThrow();
    const withRootField = extendSchema(schema, parse('extend type Query { strayCount: Int }'));
    expect(() => fieldRules(withRootField)).toThrow(/No access rule for Query\.strayCount/);
    const withType = extendSchema(schema, parse('type Stray { secret: String } extend type Market { stray: Stray }'));
    expect(() => fieldRules(withType)).toThrow(/No access rule for Stray\.secret/);
  });

  it('names an operation for every root field and every HTTP route, and nothing else', async () => {
    const schema = await buildApiSchema();
    const rootFields = ['Query', 'Mutation'].flatMap((name) => Object.keys((schema.getType(name) as GraphQLObjectType).getFields()).map((field) => `${name}.${field}`));
    const served = [...rootFields, ...ROUTES.flatMap((route) => route.operations)];
    expect([...new Set(served)].sort()).toEqual(Object.keys(OPERATIONS).sort());
  });

  it('asks of each operation, GraphQL and HTTP alike, what was reviewed (test/access/operations.json)', async () => {
    const requirements = Object.fromEntries(Object.entries(OPERATIONS).map(([name, requirement]) => [name, requirement.sentence]).sort());
    expect(requirements).toEqual(JSON.parse(await readFile(OPERATIONS_FILE, 'utf8')));
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
    const modelled = ACCESS_MODEL.map((access) => access.table).sort();
    expect(modelled).toEqual([...TENANT_TABLES].sort());
  });
});
