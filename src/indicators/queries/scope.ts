/**
 * What an indicator covers, as SQL conditions on the indicator facts (src/db/entities/facts.ts): hours
 * facts `f`, market facts `m`, exit facts `e`. A part is the whole scope or a signatory's share of it: one
 * statement counts them all, grouped by part (withParts).
 * The queries run in the request transaction: row-level security lets each organisation read the facts of
 * the charters it signed, its markets and its people, and nothing else, whatever the scope asked.
 */
import { UUID } from '../../graphql/relay/global-id.js';
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

/** What a set of indicators is of: a scope, or a signatory's share of it. */
export interface IndicatorPart {
  scope: IndicatorScope;
  /** A signatory's share of the scope; absent: the whole scope. */
  share?: Share;
}

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** An organisation's facts: the markets it buys or facilitates and, in hours facts, the people it follows. */
function organisationCondition(alias: 'f' | 'm', id: string): SqlFragment {
  return alias === 'f'
    ? { sql: 'f.buyer_id = ? or f.facilitator_id = ? or f.followed_by_id = ?', params: [id, id, id] }
    : { sql: 'm.buyer_id = ? or m.facilitator_id = ?', params: [id, id] };
}

/** The facts `f` (hours) or `m` (markets) of the scope, as one parenthesised condition. */
export function scopeCondition(alias: 'f' | 'm', scope: IndicatorScope): SqlFragment {
  const condition = (): SqlFragment => {
    switch (scope.kind) {
      case 'EVERYTHING':
        return { sql: 'true', params: [] };
      case 'CHARTER':
        return { sql: `${alias}.charter_id = ?`, params: [scope.id] };
      case 'OPERATION':
        return { sql: `${alias}.operation_id = ?`, params: [scope.id] };
      case 'MARKET':
        return { sql: alias === 'f' ? 'f.market_id = ?' : 'm.id = ?', params: [scope.id] };
      case 'ORGANISATION':
        return organisationCondition(alias, scope.id);
    }
  };
  const { sql, params } = condition();
  return { sql: `(${sql})`, params };
}

/**
 * The parts one statement counts: the whole scope ('WHOLE') and, for a kind of signatory, every
 * signatory's share of that kind or only some signatories' (SomeShares), each a group of the same rows (withParts).
 */
export type Split = 'WHOLE' | Share['kind'] | SomeShares;

/**
 * The shares of some signatories of a kind only, where the scope has many more (one département's PLIEs
 * over the whole platform): the rows of the others count in the whole alone.
 */
export interface SomeShares {
  kind: Share['kind'];
  organisationIds: readonly string[];
}

/** The split of the shares of `kind` among `splits`, if any. */
export function sharesSplit(splits: readonly Split[], kind: Share['kind']): Exclude<Split, 'WHOLE'> | undefined {
  return splits.find((split): split is Exclude<Split, 'WHOLE'> => split === kind || (typeof split === 'object' && split.kind === kind));
}

/** An organisation id as an SQL literal: ids come from the database, and are checked to be uuids anyway. */
function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`not an organisation id: ${JSON.stringify(id)}`);
  return `'${id}'`;
}

/** The part key of the whole scope's figures. */
export const WHOLE_PART = '';

/** The part key of a signatory's share: kind and id (an organisation's share as a buyer and as a PLIE would differ). */
export const shareKey = ({ kind, organisationId }: Share) => `${kind}:${organisationId}`;

/** Rows: hours facts and placement years `f`, market facts `m`, exit facts `e` (and the platform's sums of each). */
export type Alias = 'f' | 'm' | 'e';

/** The column of rows `alias` that names whose share of each kind a row counts in. */
const SHARE_COLUMNS: Record<Share['kind'], Partial<Record<Alias, string>>> = {
  BUYER: { f: 'f.buyer_id', m: 'm.buyer_id' },
  PLIE: { f: 'f.followed_by_id', m: 'm.facilitator_id', e: 'e.followed_by_id' },
};

/** SQL of the key of the part of `split` a row `alias` counts in; null when the row names no such organisation. */
export function partKey(alias: Alias, split: Split): string {
  if (split === 'WHOLE') return `'${WHOLE_PART}'`;
  const kind = typeof split === 'string' ? split : split.kind;
  const column = SHARE_COLUMNS[kind][alias];
  if (!column) throw new Error(`these rows (${alias}) have no ${kind} share`);
  const key = `'${kind}:' || ${column}`;
  if (typeof split === 'string') return key;
  // A part key is a column of the rows, the same text for every part: the few ids are written into it.
  return split.organisationIds.length === 0 ? 'null' : `case when ${column} in (${split.organisationIds.map(uuidLiteral).join(', ')}) then ${key} end`;
}

/**
 * The rows of `from` (FROM and WHERE of rows `alias`) as rows `alias` with a `part` column: each row once
 * per part of `splits` it counts in. A statement that groups by `part` then counts every part at once.
 */
export function withParts(alias: Alias, from: SqlFragment, splits: readonly Split[]): SqlFragment {
  const keys = splits.map((split) => partKey(alias, split));
  if (keys.length === 1 && typeof splits[0] === 'string') return { sql: `(select ${keys[0]} as part, ${alias}.* from ${from.sql}) ${alias}`, params: from.params };
  return { sql: `(select * from (select unnest(array[${keys.join(', ')}]) as part, ${alias}.* from ${from.sql}) ${alias} where part is not null) ${alias}`, params: from.params };
}

/**
 * FROM of the exit facts `e` (columns `part`, `id` and `category`) dated in the period of the people each part
 * covers: those with hours in it; over the whole platform, everyone (a PLIE's share: everyone it follows).
 * Each person's exits are fetched once, by index (lateral, and `offset 0` keeps PostgreSQL from flattening
 * it into a join it could hash; materialised, so that it is not run again for each part), and the dates
 * filtered there: row-level security then checks those exits only, where a semi-join may check every exit
 * of the period first, each with a probe of the person's hours.
 */
export function exitFacts(scope: IndicatorScope, period: Period, splits: readonly Split[]): SqlFragment {
  const dated = { sql: 'e.exit_date >= ?::date and e.exit_date < ?::date', params: [period.start, period.end] };
  if (scope.kind === 'EVERYTHING') return withParts('e', { sql: `exit_fact e where ${dated.sql}`, params: dated.params }, splits);
  const facts = scopeCondition('f', scope);
  const people = withParts('f', { sql: 'facts f', params: [] }, splits);
  return {
    sql: `(with facts as (select distinct f.beneficiary_id, f.buyer_id, f.followed_by_id from hours_fact f where ${facts.sql}),
                people as (select distinct f.part, f.beneficiary_id from ${people.sql}),
                exits as materialized (select p.beneficiary_id, e.id, e.category from (select distinct beneficiary_id from facts) p
                                        cross join lateral (select e.id, e.category from exit_fact e where e.beneficiary_id = p.beneficiary_id and ${dated.sql} offset 0) e)
           select people.part, exits.id, exits.category from exits join people on people.beneficiary_id = exits.beneficiary_id) e`,
    params: [...facts.params, ...dated.params],
  };
}
