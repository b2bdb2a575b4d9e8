/** What a reader reads through the API, over HTTP as a client would, against the oracle. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  OracleApiKeysDocument, OracleAuditEventsDocument, OracleBeneficiariesDocument, OracleChartersDocument, OracleCompaniesDocument,
  OracleIdentityReadsDocument, OracleImportJobsDocument, OracleMarketsDocument, OracleMembersDocument, OracleNodeDocument, OracleOperationsDocument,
  OracleOrganisationsDocument, OraclePlacementsDocument,
} from '../generated/graphql.js';
import { execute } from '../support/api.js';
import { asOwner, sql } from '../support/sql.js';
import { mismatches } from './layers.js';
import { expectedRows } from './oracle.js';
import { tokenOf, type Reader } from './readers.js';

interface Page<N> { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null }; nodes: N[] }

/** Every node of a connection, page after page (totalCount checked against what was listed), or the code it was refused with. */
async function everyNode<R, N>(api: Api, token: string, document: TypedDocumentNode<R, { after?: string }>, pick: (data: R) => Page<N>) {
  const nodes: N[] = [];
  let after: string | undefined;
  let totalCount = 0;
  for (let page = 0; page < 100; page += 1) {
    const response = await execute(api.url, document, { after }, { token });
    if (response.errors) return { nodes, refusedWith: response.errors[0]!.extensions.code };
    const connection = pick(response.data!);
    nodes.push(...connection.nodes);
    totalCount = connection.totalCount;
    if (!connection.pageInfo.hasNextPage) {
      expect(nodes).toHaveLength(connection.totalCount);
      return { nodes, refusedWith: null };
    }
    after = connection.pageInfo.endCursor ?? undefined;
  }
  const distinct = new Set(nodes.map((node) => JSON.stringify(node))).size;
  throw new Error(`${operationName(document)}: more than 100 pages, ${nodes.length} nodes read (${distinct} distinct) of ${totalCount}`);
}

const operationName = (document: TypedDocumentNode<unknown, never>) =>
  document.definitions.map((definition) => ('name' in definition ? definition.name?.value : undefined)).join();
const databaseId = (globalId: string) => parseGlobalId(globalId)!.id;
const idsOf = (nodes: { id: string }[]) => new Set(nodes.map((node) => databaseId(node.id)));

/** Node types and the table of their rows: node(id:) on a row the reader may not read answers NOT_FOUND. */
const NODE_TABLES: Record<string, string> = {
  Market: 'market', Lot: 'lot', Award: 'award', Beneficiary: 'beneficiary', Exit: 'beneficiary_exit', Placement: 'placement',
  Charter: 'charter', Operation: 'operation', ApiKey: 'api_key', AuditEvent: 'audit_event', ImportJob: 'import_job', IdentityRead: 'identity_read',
  Membership: 'membership', User: 'app_user',
};

/**
 * Asserts that the reader reads through the API exactly the rows the oracle gives it, in every list and
 * relation the API exposes, identities included, and that node(id:) on rows of others answers NOT_FOUND.
 */
export async function expectApiReadsOnlyItsShare(api: Api, reader: Reader, keys: Map<string, string[]>) {
  const token = await tokenOf(reader);
  const expected = await expectedRows(reader, keys);
  const read = new Map<string, Set<string>>();
  const shown = new Map<string, Set<string>>();
  const list = async <R, N extends { id: string }>(table: string, document: TypedDocumentNode<R, { after?: string }>, pick: (data: R) => Page<N>) => {
    const { nodes, refusedWith } = await everyNode(api, token, document, pick);
    // A list refused outright reads nothing: acceptable only where the oracle lets the reader read nothing of it.
    if (refusedWith) expect([table, refusedWith, expected.get(table)!.size]).toEqual([table, 'FORBIDDEN', 0]);
    read.set(table, idsOf(nodes));
    shown.set(table, expected.get(table)!);
    return nodes;
  };

  await list('organisation', OracleOrganisationsDocument, (data) => data.organisations);
  await list('company', OracleCompaniesDocument, (data) => data.companies);
  await list('operation', OracleOperationsDocument, (data) => data.operations);
  await list('placement', OraclePlacementsDocument, (data) => data.placements);
  await list('api_key', OracleApiKeysDocument, (data) => data.apiKeys);
  await list('audit_event', OracleAuditEventsDocument, (data) => data.auditEvents);
  await list('import_job', OracleImportJobsDocument, (data) => data.importJobs);
  await list('identity_read', OracleIdentityReadsDocument, (data) => data.identityReads);

  const charters = await list('charter', OracleChartersDocument, (data) => data.charters);
  const markets = await list('market', OracleMarketsDocument, (data) => data.markets);
  const people = await list('beneficiary', OracleBeneficiariesDocument, (data) => data.beneficiaries);
  const members = await list('membership', OracleMembersDocument, (data) => data.members);
  const named = (rows: { key: string }[]) => new Set(rows.map((row) => row.key));
  const expectedIds = (table: string) => [...expected.get(table)!];

  // Link tables as the API shows them ("charter|other end"), and targets as a count per charter.
  const pairs = (table: string, otherEnd: string) => sql<{ key: string }>(
    `select charter_id || '|' || ${otherEnd} as key from ${table} where id = any($1::uuid[])`, [expectedIds(table)]);
  read.set('charter_signatory', new Set(charters.flatMap((charter) => charter.signatories.map((organisation) => `${databaseId(charter.id)}|${databaseId(organisation.id)}`))));
  shown.set('charter_signatory', named(await pairs('charter_signatory', 'organisation_id')));
  read.set('charter_qpv', new Set(charters.flatMap((charter) => charter.qpvs.map((qpv) => `${databaseId(charter.id)}|${databaseId(qpv.id)}`))));
  shown.set('charter_qpv', named(await pairs('charter_qpv', 'qpv_id')));
  read.set('charter_target', new Set(charters.map((charter) => `${databaseId(charter.id)}|${charter.targets.length}`)));
  shown.set('charter_target', named(await sql<{ key: string }>(
    `select c.id || '|' || count(t.id) as key from charter c left join charter_target t on t.charter_id = c.id and t.id = any($2::uuid[])
      where c.id = any($1::uuid[]) group by c.id`, [expectedIds('charter'), expectedIds('charter_target')])));

  const lots = markets.flatMap((market) => market.lots);
  read.set('lot', idsOf(lots));
  shown.set('lot', expected.get('lot')!);
  read.set('award', idsOf(lots.flatMap((lot) => lot.awards)));
  shown.set('award', expected.get('award')!);

  read.set('beneficiary_identity', idsOf(people.filter((person) => person.identity !== null)));
  shown.set('beneficiary_identity', expected.get('beneficiary_identity')!);
  read.set('beneficiary_exit', idsOf(people.flatMap((person) => person.exits)));
  shown.set('beneficiary_exit', expected.get('beneficiary_exit')!);

  // members lists the acting organisation's memberships only, and their users.
  shown.set('membership', named(await sql<{ key: string }>(
    'select id::text as key from membership where organisation_id = $1 and id = any($2::uuid[])', [reader.organisationId, expectedIds('membership')])));
  read.set('app_user', new Set(members.map((member) => databaseId(member.user.id))));
  shown.set('app_user', named(await sql<{ key: string }>(
    'select distinct user_id::text as key from membership where organisation_id = $1 and user_id = any($2::uuid[])', [reader.organisationId, expectedIds('app_user')])));

  expect(mismatches(shown, read)).toEqual({});
  // Reading identities above recorded the reads (identity_read): the oracle again, for the rows as they are now.
  expect(await nodeAnswers(api, token, reader, await expectedRows(reader, keys))).toEqual([]);
}

/** node(id:) on a few rows of each type: those of others answer NOT_FOUND (FORBIDDEN where the reader reads none), its own resolve. */
async function nodeAnswers(api: Api, token: string, reader: Reader, expected: Map<string, Set<string>>): Promise<string[]> {
  const wrong: string[] = [];
  // Among the rows it may not read, those of its own organisation first (its keys, its trail, for a reader who may not read them).
  // One query after the other: a connection runs one at a time.
  const samples = await asOwner(async (client) => {
    const found = [];
    for (const [type, table] of Object.entries(NODE_TABLES)) {
      const { rows } = await client.query<{ id: string; allowed: boolean }>(
        `(select id, true as allowed from ${table} where id = any($1::uuid[]) order by id limit 1)
         union all (select id, false from ${table} t where not (id = any($1::uuid[]))
                     order by to_jsonb(t) ->> 'organisation_id' is not distinct from $2::text desc, id limit 2)`,
        [[...expected.get(table)!], reader.organisationId],
      );
      found.push({ type, table, rows });
    }
    return found;
  });
  for (const { type, table, rows } of samples) {
    const allowed = expected.get(table)!;
    for (const row of rows) {
      const response = await execute(api.url, OracleNodeDocument, { id: toGlobalId(type, row.id) }, { token });
      const answer = response.errors?.[0]?.extensions.code ?? response.data?.node.__typename;
      const right = row.allowed ? [type] : allowed.size ? ['NOT_FOUND'] : ['NOT_FOUND', 'FORBIDDEN'];
      if (!right.includes(answer!)) wrong.push(`node(${type} ${row.id}, ${row.allowed ? 'readable' : 'not readable'}) answered ${answer}`);
    }
  }
  return wrong;
}
