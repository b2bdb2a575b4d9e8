/**
 * What an indicator covers, as SQL conditions. The queries are raw SQL: the ORM's tenant filter does not
 * apply to them, row-level security does. Run inside the request transaction (the settings it sets are
 * what the policies read), they see exactly the rows the acting organisation may read, and so compute
 * that organisation's part of the scope: everything for the Département, a buyer's own markets, a PLIE's
 * people and facilitated markets. Market columns come through a LEFT JOIN: a placement the viewer may
 * read on a market it may not (a PLIE's person on another PLIE's market) still counts where the scope
 * does not depend on the market, with an unknown market nature.
 */
export type IndicatorScope =
  | { kind: 'EVERYTHING' }
  | { kind: 'CHARTER' | 'ORGANISATION' | 'OPERATION' | 'MARKET'; id: string };

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** Markets `m` the scope covers: an organisation's are those it buys or facilitates. */
export function marketScope(scope: IndicatorScope): SqlFragment {
  switch (scope.kind) {
    case 'EVERYTHING':
      return { sql: 'true', params: [] };
    case 'CHARTER':
      return { sql: 'm.charter_id = ?', params: [scope.id] };
    case 'OPERATION':
      return { sql: 'm.operation_id = ?', params: [scope.id] };
    case 'MARKET':
      return { sql: 'm.id = ?', params: [scope.id] };
    case 'ORGANISATION':
      return { sql: '(m.buyer_id = ? or m.facilitator_id = ?)', params: [scope.id, scope.id] };
  }
}

/** Rows of placement `p`, LEFT JOINed to its market `m`, that the scope covers; an organisation's also hold the people it follows. */
export function placementScope(scope: IndicatorScope): SqlFragment {
  if (scope.kind === 'MARKET') return { sql: 'p.market_id = ?', params: [scope.id] };
  const markets = marketScope(scope);
  if (scope.kind !== 'ORGANISATION') return markets;
  return { sql: `(${markets.sql} or p.beneficiary_id in (select id from beneficiary where followed_by_id = ?))`, params: [...markets.params, scope.id] };
}

/**
 * People (their id in `column`) the scope covers: those placed at least once on it, and for an
 * organisation also the people it follows, placed or not.
 */
export function beneficiaryScope(scope: IndicatorScope, column: string): SqlFragment {
  if (scope.kind === 'EVERYTHING') return { sql: 'true', params: [] };
  const placements = placementScope(scope);
  const placed = `exists (select 1 from placement p left join market m on m.id = p.market_id where p.beneficiary_id = ${column} and ${placements.sql})`;
  if (scope.kind !== 'ORGANISATION') return { sql: placed, params: placements.params };
  return { sql: `(${column} in (select id from beneficiary where followed_by_id = ?) or ${placed})`, params: [scope.id, ...placements.params] };
}
