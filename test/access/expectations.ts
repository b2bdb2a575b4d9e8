import { sql } from '../support/sql.js';

/**
 * What each organisation may read, computed from the demo data with plain SQL as the owner: the
 * access model of docs/permissions.md written independently of the policies and ORM filters.
 */
export interface Visible {
  markets: Set<string>;
  beneficiaries: Set<string>;
  identities: Set<string>;
  placements: Set<string>;
  charters: Set<string>;
  operations: Set<string>;
}

const ids = async (text: string, params: unknown[]) => new Set((await sql<{ id: string }>(text, params)).map((row) => row.id));

export async function visibleTo(organisationId: string, kind: string): Promise<Visible> {
  const dep = kind === 'DEPARTEMENT';
  const p = [organisationId, dep];
  const ownMarkets = 'select id from market where buyer_id = $1 or facilitator_id = $1';
  const visibleCharters = 'select id from charter where coordinator_id = $1 union select charter_id from charter_signatory where organisation_id = $1';
  return {
    markets: await ids(`select id from market where $2::boolean or id in (${ownMarkets})`, p),
    beneficiaries: await ids(
      `select id from beneficiary where $2::boolean or followed_by_id = $1 or id in (select beneficiary_id from placement where market_id in (${ownMarkets}))`, p),
    identities: await ids(
      'select b.id from beneficiary b where b.followed_by_id = $1 or ($2::boolean and b.is_brsa)', p),
    placements: await ids(
      `select p.id from placement p join beneficiary b on b.id = p.beneficiary_id
        where $2::boolean or b.followed_by_id = $1 or p.market_id in (${ownMarkets})`, p),
    charters: await ids(`select id from charter where $2::boolean or id in (${visibleCharters})`, p),
    operations: await ids(
      `select id from operation where $2::boolean or owner_id = $1 or charter_id in (${visibleCharters})
          or id in (select operation_id from market where id in (${ownMarkets}))`, p),
  };
}

/** One active single-membership user per organisation, with the organisation's kind. */
export async function oneUserPerOrganisation(role = 'VIEWER') {
  return sql<{ email: string; organisation_id: string; kind: string; name: string }>(
    `select distinct on (o.id) u.email, o.id as organisation_id, o.kind, o.name
       from organisation o join membership m on m.organisation_id = o.id and m.active and m.role = $1
       join app_user u on u.id = m.user_id
      where (select count(*) from membership other where other.user_id = u.id and other.active) = 1
        and u.email not like '%@test.demo'
      order by o.id, u.email`,
    [role],
  );
}
