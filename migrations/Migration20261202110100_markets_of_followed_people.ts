import { Migration } from '@mikro-orm/migrations';

/**
 * A PLIE writes the placements and hours of the people it follows whoever facilitates the market, and its
 * follow-up spreadsheet names a placement by its market's reference, buyer SIRET and lot number. Row-level security
 * hides a market (and its lots) from a PLIE that neither buys nor facilitates it, and must keep doing so: reading
 * the market would let it read every placement and hours line on it. These two functions give the acting
 * organisation only what names the markets the people it follows are placed on (their lots included), and nothing of
 * anyone else's placements; they run as the owner, like app_followed_beneficiaries, and answer for app_org() only.
 */
export class Migration20261202110100_markets_of_followed_people extends Migration {

  override name = 'Migration20261202110100_markets_of_followed_people';

  override up(): void | Promise<void> {
    this.addSql(`create function app_followed_people_markets()
      returns table (id uuid, reference text, buyer_siret text, start_date date, end_date date)
      language sql stable security definer set search_path = public, pg_temp
      as $$ select m.id, m.reference, o.siret, m.start_date, m.end_date from market m join organisation o on o.id = m.buyer_id
             where m.id in (select market_id from placement where beneficiary_id in (select app_followed_beneficiaries())) $$;`);
    this.addSql(`create function app_followed_people_lots() returns table (id uuid, market_id uuid, number smallint)
      language sql stable security definer set search_path = public, pg_temp
      as $$ select l.id, l.market_id, l.number from lot l
             where l.market_id in (select market_id from placement where beneficiary_id in (select app_followed_beneficiaries())) $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop function app_followed_people_lots();');
    this.addSql('drop function app_followed_people_markets();');
  }

}
