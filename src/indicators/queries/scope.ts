/**
 * What an indicator covers, as SQL conditions on the indicator facts (src/db/entities/facts.ts): hours
 * facts `f`, market facts `m`, exit facts `e`. A part is the whole scope or a signatory's share of it.
 * The queries run in the request transaction: row-level security lets each organisation read the facts of
 * the charters it signed, its markets and its people, and nothing else, whatever the scope asked.
 */
import type { Period } from '../period.js';

export type IndicatorScope =
  | { kind: 'EVERYTHING' }
  | { kind: 'CHARTER' | 'ORGANISATION' | 'OPERATION' | 'MARKET'; id: string };

/**
 * A signatory's share: a buyer's is its markets; a PLIE's is the people it follows (their hours, wherever
 * they work) and, for planned hours, the markets it facilitates.
 */
export interface Share {
  organisationId: string;
  kind: 'BUYER' | 'PLIE';
}

export interface IndicatorPart {
  scope: IndicatorScope;
  /** A signatory's share of the scope; absent: the whole scope. */
  share?: Share;
}

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

const ALL: SqlFragment = { sql: 'true', params: [] };

function and(...fragments: SqlFragment[]): SqlFragment {
  return { sql: `(${fragments.map((fragment) => `(${fragment.sql})`).join(' and ')})`, params: fragments.flatMap((fragment) => fragment.params) };
}

/** An organisation's facts: the markets it buys or facilitates and, in hours facts, the people it follows. */
function organisationCondition(alias: 'f' | 'm', id: string): SqlFragment {
  return alias === 'f'
    ? { sql: 'f.buyer_id = ? or f.facilitator_id = ? or f.followed_by_id = ?', params: [id, id, id] }
    : { sql: 'm.buyer_id = ? or m.facilitator_id = ?', params: [id, id] };
}

function scopeCondition(alias: 'f' | 'm', scope: IndicatorScope): SqlFragment {
  switch (scope.kind) {
    case 'EVERYTHING':
      return ALL;
    case 'CHARTER':
      return { sql: `${alias}.charter_id = ?`, params: [scope.id] };
    case 'OPERATION':
      return { sql: `${alias}.operation_id = ?`, params: [scope.id] };
    case 'MARKET':
      return { sql: alias === 'f' ? 'f.market_id = ?' : 'm.id = ?', params: [scope.id] };
    case 'ORGANISATION':
      return organisationCondition(alias, scope.id);
  }
}

const SHARE_COLUMNS: Record<Share['kind'], Record<'f' | 'm', string>> = {
  BUYER: { f: 'f.buyer_id', m: 'm.buyer_id' },
  PLIE: { f: 'f.followed_by_id', m: 'm.facilitator_id' },
};

/**
 * How a family's figures are split: WHOLE gives one set for the part, PLIE or BUYER one set per
 * signatory of that kind (its share, as SHARE_COLUMNS says), from the same statement.
 */
export type Split = 'WHOLE' | Share['kind'];

/** The part key of the figures of the whole part. */
export const WHOLE_PART = '';

/** SQL of the part key a row of facts `f` or `m` counts in. */
export const partKey = (alias: 'f' | 'm', split: Split) => (split === 'WHOLE' ? `'${WHOLE_PART}'` : SHARE_COLUMNS[split][alias]);

function partCondition(alias: 'f' | 'm', { scope, share }: IndicatorPart): SqlFragment {
  return and(scopeCondition(alias, scope), share ? { sql: `${SHARE_COLUMNS[share.kind][alias]} = ?`, params: [share.organisationId] } : ALL);
}

/** Hours facts `f` of the part, as one parenthesised condition. */
export const hoursFacts = (part: IndicatorPart) => partCondition('f', part);

/** Market facts `m` of the part, as one parenthesised condition. */
export const marketFacts = (part: IndicatorPart) => partCondition('m', part);

/**
 * FROM and WHERE of the exit facts `e` dated in the period of the people the part covers: those with hours
 * in it; for the whole platform, everyone. Each person's exits are fetched by index (lateral, and `offset 0`
 * keeps PostgreSQL from flattening it into a join it could hash) and the dates filtered there: row-level
 * security then checks those exits only, where a semi-join may check every exit of the period first, each
 * with a probe of the person's hours.
 */
export function exitFacts(part: IndicatorPart, period: Period, split: Split): SqlFragment & { partKey: string } {
  const dated = { sql: 'e.exit_date >= ?::date and e.exit_date < ?::date', params: [period.start, period.end] };
  if (part.scope.kind === 'EVERYTHING') {
    if (split === 'BUYER' || part.share?.kind === 'BUYER') throw new Error('a buyer has no share of the whole platform');
    // Everyone's, and a PLIE's share: the exits of everyone it follows.
    const partKey = split === 'PLIE' ? 'e.followed_by_id' : `'${WHOLE_PART}'`;
    return part.share
      ? { sql: `exit_fact e where ${dated.sql} and e.followed_by_id = ?`, params: [...dated.params, part.share.organisationId], partKey }
      : { sql: `exit_fact e where ${dated.sql}`, params: dated.params, partKey };
  }
  const facts = hoursFacts(part);
  return {
    sql: `(select distinct ${partKey('f', split)} as part, f.beneficiary_id from hours_fact f where ${facts.sql}) people
          cross join lateral (select e.category from exit_fact e where e.beneficiary_id = people.beneficiary_id and ${dated.sql} offset 0) e`,
    params: [...facts.params, ...dated.params],
    partKey: 'people.part',
  };
}
