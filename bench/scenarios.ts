/**
 * The three questions asked of the API and of the baseline, a request that reads nothing, and the check that both
 * answer the same.
 */
import { toGlobalId } from '../src/graphql/relay/global-id.js';
import type { Target } from './measure.js';

export const PAGE_SIZE = 50;
export const CHARTER_SEARCH = 'Calais';

/** The operations a partner front-end sends (same selections as test/operations/*.graphql). */
export const MARKETS_PAGE_QUERY = `query MarketsPage($first: Int, $after: String, $filter: MarketFilter, $orderBy: MarketOrder) {
  markets(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        id reference object nature clauseMechanism amountHt labourRate insertionRate hourlyCost statedHours
        buyer { id name kind }
        facilitator { id name }
        operation { id name programme }
        plannedHours { hours basis }
        realisedHours
      }
    }
  }
}`;

export const CHARTERS_QUERY = `query Charters($filter: CharterFilter) {
  charters(filter: $filter) {
    totalCount
    nodes {
      id name startDate endDate
      coordinator { id name }
      signatories { id name kind }
      qpvs { id name commune }
      targets { kind value ageThreshold }
    }
  }
}`;

/** The breach investigation (bench/identity-reads.ts): a page of the reads of one user between two dates. */
export const BREACH_PAGE = 500;
export const BREACH_QUERY = `query Breach($after: String, $filter: IdentityReadFilter) {
  identityReads(first: ${BREACH_PAGE}, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    nodes { createdAt channel requestId beneficiaryIds organisation { name } }
  }
}`;

/**
 * A query that reads nothing: what a request costs before its question (for the API its token, its session's
 * statement and transaction, GraphQL's pipeline), against which the three questions' costs are read.
 */
export const NOTHING_QUERY = 'query Nothing { __typename }';

export const VIEWER_QUERY = `query Viewer {
  viewer {
    user { id email displayName }
    memberships { id role active organisation { id name kind } }
    actingOrganisation { id name kind }
    actingRole
  }
}`;

export interface Scenario {
  key: string;
  label: string;
  api: Target;
  baseline: Target;
  /** Throws when the answers differ; otherwise describes what they hold (e.g. "50 markets"). */
  check(apiBody: unknown, baselineBody: unknown): string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Same value with every array sorted, for comparisons where the API does not define an order (QPVs of a charter). */
export function canonical(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key]!)]));
  }
  return value;
}

/** Path of the first difference between two JSON values, or null when equal. */
export function firstDifference(a: Json, b: Json, path = '$'): string | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i += 1) {
      const found = firstDifference(a[i]!, b[i]!, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(key in a) || !(key in b)) return `${path}.${key}: present on one side only`;
      const found = firstDifference(a[key]!, b[key]!, `${path}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

export function dataOf(body: unknown, who: string): Record<string, Json> {
  const response = body as { data?: Record<string, Json> | null; errors?: unknown };
  if (response?.errors !== undefined) throw new Error(`${who} answered with errors: ${JSON.stringify(response.errors).slice(0, 1_000)}`);
  if (!response?.data) throw new Error(`${who} answered without data: ${JSON.stringify(body).slice(0, 1_000)}`);
  return response.data;
}

function sameData(apiBody: unknown, baselineBody: unknown): void {
  const difference = firstDifference(canonical(dataOf(apiBody, 'the API')), canonical(dataOf(baselineBody, 'the baseline')));
  if (difference) throw new Error(`the API and the baseline do not answer the same (API vs baseline): ${difference}`);
}

export function buildScenarios(options: { apiUrl: string; baselineUrl: string; token: string; volumeBuyerId: string; email: string }): Scenario[] {
  const graphql = (query: string, variables: Record<string, unknown> = {}): Target => ({
    url: `${options.apiUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const get = (path: string): Target => ({ url: `${options.baselineUrl}${path}`, method: 'GET' });

  return [
    {
      key: 'markets',
      label: `markets: page of ${PAGE_SIZE}`,
      api: graphql(MARKETS_PAGE_QUERY, {
        first: PAGE_SIZE,
        filter: { buyerId: toGlobalId('Organisation', options.volumeBuyerId) },
        orderBy: { field: 'REFERENCE', direction: 'ASC' },
      }),
      baseline: get(`/markets?buyer=${options.volumeBuyerId}&first=${PAGE_SIZE}`),
      check(apiBody, baselineBody) {
        type Page = { markets: { edges: { node: { reference: string; buyer: unknown; facilitator: unknown; operation: unknown } }[] } };
        const api = dataOf(apiBody, 'the API') as unknown as Page;
        const baseline = dataOf(baselineBody, 'the baseline') as unknown as Page;
        const references = (page: Page) => page.markets.edges.map((edge) => edge.node.reference).join(',');
        if (api.markets.edges.length !== PAGE_SIZE || baseline.markets.edges.length !== PAGE_SIZE) {
          throw new Error(`expected ${PAGE_SIZE} markets from both, got ${api.markets.edges.length} from the API and ${baseline.markets.edges.length} from the baseline`);
        }
        if (references(api) !== references(baseline)) throw new Error('the API and the baseline list the markets in different orders');
        if (!api.markets.edges.every(({ node }) => node.buyer && node.facilitator && node.operation)) {
          throw new Error('some markets of the page have no buyer, facilitator or operation: the page does not load every relation');
        }
        sameData(apiBody, baselineBody);
        return `${PAGE_SIZE} markets`;
      },
    },
    {
      key: 'charter',
      label: `charter "${CHARTER_SEARCH}"`,
      api: graphql(CHARTERS_QUERY, { filter: { search: CHARTER_SEARCH } }),
      baseline: get(`/charters?search=${encodeURIComponent(CHARTER_SEARCH)}`),
      check(apiBody, baselineBody) {
        type Charters = { charters: { nodes: { signatories: unknown[]; qpvs: unknown[]; targets: unknown[] }[] } };
        const api = (dataOf(apiBody, 'the API') as unknown as Charters).charters.nodes;
        const baseline = (dataOf(baselineBody, 'the baseline') as unknown as Charters).charters.nodes;
        if (api.length === 0) throw new Error(`no charter matches "${CHARTER_SEARCH}" in the API's answer`);
        if (api.length !== baseline.length) throw new Error(`${api.length} charters from the API, ${baseline.length} from the baseline`);
        const signatories = (nodes: Charters['charters']['nodes']) => nodes.map((node) => node.signatories.length).join(',');
        if (signatories(api) !== signatories(baseline)) {
          throw new Error(`signatories: ${signatories(api)} from the API, ${signatories(baseline)} from the baseline`);
        }
        sameData(apiBody, baselineBody);
        const first = api[0]!;
        return `${api.length} charter, ${first.signatories.length} signatories, ${first.qpvs.length} QPVs, ${first.targets.length} targets`;
      },
    },
    {
      key: 'viewer',
      label: 'viewer',
      api: graphql(VIEWER_QUERY),
      baseline: get(`/viewer?email=${encodeURIComponent(options.email)}`),
      check(apiBody, baselineBody) {
        type Viewer = { viewer: { memberships: unknown[] } };
        const api = (dataOf(apiBody, 'the API') as unknown as Viewer).viewer.memberships;
        const baseline = (dataOf(baselineBody, 'the baseline') as unknown as Viewer).viewer.memberships;
        if (api.length === 0) throw new Error(`${options.email} has no active membership in the API's answer`);
        if (api.length !== baseline.length) throw new Error(`${api.length} memberships from the API, ${baseline.length} from the baseline`);
        sameData(apiBody, baselineBody);
        return `1 user, ${api.length} membership${api.length > 1 ? 's' : ''}`;
      },
    },
    {
      key: 'nothing',
      label: 'nothing read',
      api: graphql(NOTHING_QUERY),
      // The baseline's request that reads nothing: an HTTP answer, without a statement.
      baseline: get('/health'),
      check(apiBody, baselineBody) {
        const typename = dataOf(apiBody, 'the API').__typename;
        if (typename !== 'Query') throw new Error(`the API answered __typename ${JSON.stringify(typename)}, not "Query"`);
        if ((baselineBody as { status?: unknown } | null)?.status !== 'ok') throw new Error(`the baseline's /health answered ${JSON.stringify(baselineBody)}`);
        return '__typename; the baseline: GET /health';
      },
    },
  ];
}
