/**
 * The three questions asked of PostGraphile (bench/postgraphile-server.ts), and the request that reads nothing,
 * with the check that it says the same as the API. Its names differ (rowId, organisationByBuyerId, decimals as
 * strings…), so both answers are mapped to a common shape of plain data first: database ids, numbers, the same fields.
 */
import { parseGlobalId } from '../src/graphql/relay/global-id.js';
import type { Target } from './measure.js';
import { CHARTER_SEARCH, dataOf, firstDifference, canonical, NOTHING_QUERY, PAGE_SIZE, type Json } from './scenarios.js';

export const PEER_MARKETS_QUERY = `query MarketsPage($buyer: UUID!, $first: Int) {
  allMarkets(condition: {buyerId: $buyer}, orderBy: [REFERENCE_ASC, ROW_ID_ASC], first: $first) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        rowId reference object nature clauseMechanism amountHt labourRate insertionRate hourlyCost statedHours
        organisationByBuyerId { rowId name kind }
        organisationByFacilitatorId { rowId name }
        operationByOperationId { rowId name programme }
        plannedHours { hours basis }
        realisedHours
      }
    }
  }
}`;

export const PEER_CHARTERS_QUERY = `query Charters($search: String) {
  allCharters(condition: {search: $search}, orderBy: [NAME_ASC, ROW_ID_ASC]) {
    totalCount
    nodes {
      rowId name startDate endDate
      organisationByCoordinatorId { rowId name }
      charterSignatoriesByCharterId { nodes { organisationByOrganisationId { rowId name kind } } }
      charterQpvsByCharterId { nodes { qpvByQpvId { rowId name commune } } }
      charterTargetsByCharterId { nodes { kind value ageThreshold } }
    }
  }
}`;

export const PEER_VIEWER_QUERY = `query Viewer($email: String!) {
  appUserByEmail(email: $email) {
    rowId email displayName
    membershipsByUserId(condition: {active: true}) { nodes { rowId role active organisationByOrganisationId { rowId name kind } } }
  }
}`;

export interface PeerScenario {
  target: Target;
  /** Throws when PostGraphile does not say the same as the API. */
  check(apiBody: unknown, peerBody: unknown): void;
}

// The answers are read loosely: their shapes are checked by comparing the mapped data.
type Row = Record<string, any>;

/** The database id of an API global id. */
function rowIdOf(globalId: string): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed) throw new Error(`the API answered an id that is not a global id: ${globalId}`);
  return parsed.id;
}

/** A decimal as a number: the API answers floats, PostGraphile numeric columns as strings. */
const decimal = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** An organisation, operation or QPV: its database id and the fields asked. */
function apiRef(row: Row | null, fields: string[]): Json {
  return row === null ? null : { id: rowIdOf(row.id), ...Object.fromEntries(fields.map((field) => [field, row[field]])) };
}
function peerRef(row: Row | null, fields: string[]): Json {
  return row === null ? null : { id: row.rowId, ...Object.fromEntries(fields.map((field) => [field, row[field]])) };
}

const MARKET_FIELDS = ['reference', 'object', 'nature', 'clauseMechanism'];
const MARKET_DECIMALS = ['amountHt', 'labourRate', 'insertionRate', 'hourlyCost', 'statedHours'];

function market(id: string, node: Row, relations: { buyer: Json; facilitator: Json; operation: Json }): Json {
  return {
    id,
    ...Object.fromEntries(MARKET_FIELDS.map((field) => [field, node[field]])),
    ...Object.fromEntries(MARKET_DECIMALS.map((field) => [field, decimal(node[field])])),
    ...relations,
    plannedHours: { hours: decimal(node.plannedHours.hours), basis: node.plannedHours.basis },
    realisedHours: decimal(node.realisedHours),
  };
}

function apiMarkets(data: Row): Json {
  const page = data.markets;
  return {
    totalCount: page.totalCount,
    hasNextPage: page.pageInfo.hasNextPage,
    markets: page.edges.map(({ node }: Row) => market(rowIdOf(node.id), node, {
      buyer: apiRef(node.buyer, ['name', 'kind']),
      facilitator: apiRef(node.facilitator, ['name']),
      operation: apiRef(node.operation, ['name', 'programme']),
    })),
  };
}

function peerMarkets(data: Row): Json {
  const page = data.allMarkets;
  return {
    totalCount: page.totalCount,
    hasNextPage: page.pageInfo.hasNextPage,
    markets: page.edges.map(({ node }: Row) => market(node.rowId, node, {
      buyer: peerRef(node.organisationByBuyerId, ['name', 'kind']),
      facilitator: peerRef(node.organisationByFacilitatorId, ['name']),
      operation: peerRef(node.operationByOperationId, ['name', 'programme']),
    })),
  };
}

const target = (row: Row): Json => ({ kind: row.kind, value: decimal(row.value), ageThreshold: row.ageThreshold });

function apiCharters(data: Row): Json {
  return {
    totalCount: data.charters.totalCount,
    charters: data.charters.nodes.map((node: Row) => ({
      id: rowIdOf(node.id), name: node.name, startDate: node.startDate, endDate: node.endDate,
      coordinator: apiRef(node.coordinator, ['name']),
      signatories: node.signatories.map((row: Row) => apiRef(row, ['name', 'kind'])),
      qpvs: node.qpvs.map((row: Row) => apiRef(row, ['name', 'commune'])),
      targets: node.targets.map(target),
    })),
  };
}

function peerCharters(data: Row): Json {
  return {
    totalCount: data.allCharters.totalCount,
    charters: data.allCharters.nodes.map((node: Row) => ({
      id: node.rowId, name: node.name, startDate: node.startDate, endDate: node.endDate,
      coordinator: peerRef(node.organisationByCoordinatorId, ['name']),
      signatories: node.charterSignatoriesByCharterId.nodes.map((row: Row) => peerRef(row.organisationByOrganisationId, ['name', 'kind'])),
      qpvs: node.charterQpvsByCharterId.nodes.map((row: Row) => peerRef(row.qpvByQpvId, ['name', 'commune'])),
      targets: node.charterTargetsByCharterId.nodes.map(target),
    })),
  };
}

const membership = (id: string, row: Row, organisation: Json): Json => ({ id, role: row.role, active: row.active, organisation });

function apiViewer(data: Row): Json {
  const { user, memberships } = data.viewer;
  return {
    user: { id: rowIdOf(user.id), email: user.email, displayName: user.displayName },
    memberships: memberships.map((row: Row) => membership(rowIdOf(row.id), row, apiRef(row.organisation, ['name', 'kind']))),
  };
}

function peerViewer(data: Row): Json {
  const user = data.appUserByEmail;
  if (!user) throw new Error('PostGraphile does not find the viewer');
  return {
    user: { id: user.rowId, email: user.email, displayName: user.displayName },
    memberships: user.membershipsByUserId.nodes.map((row: Row) => membership(row.rowId, row, peerRef(row.organisationByOrganisationId, ['name', 'kind']))),
  };
}

/**
 * Compares the mapped answers: arrays regardless of order (the API defines no order for a charter's
 * signatories or QPVs), then, for the markets, their order.
 */
function sameAs(apiShape: (data: Row) => Json, peerShape: (data: Row) => Json, orderOf?: (shape: Row) => string) {
  return (apiBody: unknown, peerBody: unknown) => {
    const api = apiShape(dataOf(apiBody, 'the API'));
    const peer = peerShape(dataOf(peerBody, 'PostGraphile'));
    const difference = firstDifference(canonical(api), canonical(peer));
    if (difference) throw new Error(`the API and PostGraphile do not answer the same (API vs PostGraphile, common shape): ${difference}`);
    if (orderOf && orderOf(api as Row) !== orderOf(peer as Row)) throw new Error('the API and PostGraphile list the markets in different orders');
  };
}

export function buildPeerScenarios(options: { peerUrl: string; volumeBuyerId: string; email: string }): Record<string, PeerScenario> {
  const graphql = (query: string, variables: Record<string, unknown>): Target => ({
    url: `${options.peerUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const references = (shape: Row) => shape.markets.map((row: Row) => row.id).join(',');
  return {
    markets: { target: graphql(PEER_MARKETS_QUERY, { buyer: options.volumeBuyerId, first: PAGE_SIZE }), check: sameAs(apiMarkets, peerMarkets, references) },
    charter: { target: graphql(PEER_CHARTERS_QUERY, { search: CHARTER_SEARCH }), check: sameAs(apiCharters, peerCharters) },
    viewer: { target: graphql(PEER_VIEWER_QUERY, { email: options.email }), check: sameAs(apiViewer, peerViewer) },
    nothing: { target: graphql(NOTHING_QUERY, {}), check: sameAs((data) => data, (data) => data) },
  };
}
