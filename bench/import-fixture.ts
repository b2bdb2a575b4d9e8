/**
 * What the import benchmark's files refer to, set up as the database owner: a PLIE and one of its
 * editors from the demo data, a ten-year market it facilitates (the demo markets are too short for
 * the placements of a million hour lines to spread over), and the demo companies as employers.
 */
import { isValidSiret } from '../src/domain/siret.js';
import { withClient } from '../src/db/roles.js';
import type { BenchMarket } from './follow-up-file.js';

export interface ImportFixture {
  /** A demo editor of the PLIE, with no other active membership. */
  email: string;
  organisationId: string;
  market: BenchMarket;
  employerSirets: string[];
}

const MARKET_REFERENCE = 'BANC-IMPORT-10-ANS';
const MARKET_START = '2020-01-01';
const MARKET_YEARS = 10;
const EMPLOYERS = 5;

export async function prepareImportFixture(ownerUrl: string): Promise<ImportFixture> {
  return withClient(ownerUrl, async (client) => {
    const [editor] = (await client.query<{ email: string; organisation_id: string }>(
      `select u.email, o.id as organisation_id
         from organisation o join membership ms on ms.organisation_id = o.id and ms.role = 'EDITOR' and ms.active
         join app_user u on u.id = ms.user_id
        where o.kind = 'PLIE' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
        order by o.name, u.email limit 1`,
    )).rows;
    if (!editor) throw new Error('the demo data has no PLIE editor with a single active membership');
    // A buyer whose markets the PLIE already facilitates; the file names it by SIRET when it has one.
    const [buyer] = (await client.query<{ id: string; siret: string | null }>(
      `select o.id, o.siret from market m join organisation o on o.id = m.buyer_id
        where m.facilitator_id = $1 order by o.siret nulls last, o.name limit 1`,
      [editor.organisation_id],
    )).rows;
    if (!buyer) throw new Error('the PLIE facilitates no demo market');
    const [market] = (await client.query<{ id: string }>(
      `insert into market (id, buyer_id, facilitator_id, reference, object, nature, clause_mechanism, start_date, end_date, duration_months)
       values (gen_random_uuid(), $1, $2, $3, 'Marché du banc d''import (dix ans)', 'WORKS', 'EXECUTION_CONDITION',
               $4::date, ($4::date + make_interval(years => $5))::date - 1, $5 * 12)
       returning id`,
      [buyer.id, editor.organisation_id, MARKET_REFERENCE, MARKET_START, MARKET_YEARS],
    )).rows;
    const sirets = (await client.query<{ siret: string }>('select siret from company order by siret')).rows.map((row) => row.siret).filter(isValidSiret);
    if (!sirets.length) throw new Error('the demo data has no company with a valid SIRET');
    return {
      email: editor.email,
      organisationId: editor.organisation_id,
      market: { id: market!.id, reference: MARKET_REFERENCE, buyerSiret: buyer.siret, startDate: MARKET_START, months: MARKET_YEARS * 12 },
      employerSirets: sirets.slice(0, EMPLOYERS),
    };
  });
}
