import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  NodeByIdDocument, VisibleBeneficiariesDocument, VisibleChartersDocument, VisibleMarketsDocument,
  VisibleOperationsDocument, VisiblePlacementsDocument,
} from '../generated/graphql.js';
import { execute, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';
import { visibleTo } from './expectations.js';

interface Page<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  nodes: N[];
}

/** Every node of a connection, page after page, checking that totalCount agrees with what is listed. */
async function everyNode<R, N>(api: Api, token: string, document: TypedDocumentNode<R, { after?: string }>, pick: (data: R) => Page<N>) {
  const nodes: N[] = [];
  let after: string | undefined;
  let totalCount = 0;
  for (let page = 0; page < 50; page += 1) {
    const response = await execute(api.url, document, { after }, { token });
    expect(response.errors).toBeUndefined();
    const connection = pick(response.data!);
    totalCount = connection.totalCount;
    nodes.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor ?? undefined;
  }
  expect(nodes).toHaveLength(totalCount);
  return nodes;
}

const databaseIds = (nodes: { id: string }[]) => new Set(nodes.map((node) => parseGlobalId(node.id)!.id));

/**
 * Asserts that the user of `organisationId` reads exactly the rows the access model gives that
 * organisation: lists, counts, identities, and node(id:) on rows of others answering NOT_FOUND.
 */
export async function expectReadsOnlyItsShare(api: Api, user: { email: string; organisation_id: string; kind: string }) {
  const token = await tokenFor(user.email);
  const expected = await visibleTo(user.organisation_id, user.kind);

  const markets = await everyNode(api, token, VisibleMarketsDocument, (data) => data.markets);
  expect(databaseIds(markets)).toEqual(expected.markets);

  const beneficiaries = await everyNode(api, token, VisibleBeneficiariesDocument, (data) => data.beneficiaries);
  expect(databaseIds(beneficiaries)).toEqual(expected.beneficiaries);
  expect(databaseIds(beneficiaries.filter((b) => b.identity !== null))).toEqual(
    new Set([...expected.identities].filter((id) => expected.beneficiaries.has(id))),
  );

  const placements = await everyNode(api, token, VisiblePlacementsDocument, (data) => data.placements);
  expect(databaseIds(placements)).toEqual(expected.placements);

  const charters = await execute(api.url, VisibleChartersDocument, {}, { token });
  expect(databaseIds(charters.data!.charters.nodes)).toEqual(expected.charters);
  const operations = await execute(api.url, VisibleOperationsDocument, {}, { token });
  expect(databaseIds(operations.data!.operations.nodes)).toEqual(expected.operations);

  const foreign = await sql<{ type: string; id: string }>(
    `(select 'Market' as type, id from market where not (id = any($1::uuid[])) order by id limit 3)
     union all (select 'Beneficiary', id from beneficiary where not (id = any($2::uuid[])) order by id limit 3)
     union all (select 'Placement', id from placement where not (id = any($3::uuid[])) order by id limit 3)`,
    [[...expected.markets], [...expected.beneficiaries], [...expected.placements]],
  );
  for (const row of foreign) {
    const response = await execute(api.url, NodeByIdDocument, { id: toGlobalId(row.type, row.id) }, { token });
    expect(response.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  }
}
