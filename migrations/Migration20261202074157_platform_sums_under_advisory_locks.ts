import { Migration } from '@mikro-orm/migrations';

/**
 * Hours written at the same time in two transactions kept the placement years and the platform's sums exact in
 * neither: both deleted then inserted the same placement year (the second failed on its primary key: twelve months
 * of one placement sent at once, 27 of 36 refused), and each took its "before" contribution to platform_people and
 * platform_company_year from a snapshot without the other's placement years (a person counted twice, a company year
 * overwritten). `insert … on conflict` alone would hide the error and keep the wrong figures.
 *
 * So app_refresh_placement_years now first takes a transaction advisory lock on each PLIE and each company its
 * placements concern (before and after the write), then runs the refresh as it was (renamed
 * app_refresh_locked_placement_years). In READ COMMITTED each statement of that function takes a fresh snapshot, so
 * once the locks are held it reads what the transaction it waited for committed. Why these keys:
 * - every row the refresh writes is keyed by one of them: the platform_people, platform_contracts and platform_hours
 *   rows by the PLIE, platform_company_year by the company, the placement years by their placement, whose PLIE (its
 *   person's) and company are both locked. Two refreshes that could touch the same row are thus serialised whole, and
 *   never wait for each other's row locks on the sums in an order of their own: a lock per person alone would leave
 *   two people of one PLIE updating the same platform_people rows in two orders (a deadlock);
 * - a PLIE's writes of hours already waited for each other on its platform_hours rows until commit: the lock costs
 *   them little more, and leaves different PLIEs and companies concurrent.
 * The locks of one refresh are taken in ascending order of their key, all before anything is read, so two statements
 * cannot wait for each other. A key is a hash of the id (a collision only serialises two unrelated refreshes); the
 * companies' fall in 256 keys, because a transaction holds its locks to the end and PostgreSQL's lock table has room
 * for a few thousand in all: an import naming thousands of employers would otherwise run out of shared memory.
 * A transaction writing hours in several statements (an import's batches) takes its locks statement by statement:
 * against another such transaction, or one writing the very hours rows it will write next, PostgreSQL may still
 * detect a deadlock and roll one back whole, as it did before on the sums' rows.
 */
const COMPANY_KEYS = 256;
const plieKey = (id: string) => `(1::bigint << 32) + hashtext(${id}::text)`;
const companyKey = (id: string) => `(2::bigint << 32) + (hashtext(${id}::text) & ${COMPANY_KEYS - 1})`;

const LOCKED_REFRESH = `create function app_refresh_placement_years(placement_ids uuid[]) returns void language plpgsql security definer
      set search_path = public, pg_temp as $$
      declare
        key bigint;
      begin
        foreach key in array array(
            select ${plieKey('b.followed_by_id')} from placement p join beneficiary b on b.id = p.beneficiary_id where p.id = any(placement_ids)
            union select ${plieKey('followed_by_id')} from placement_year_fact where placement_id = any(placement_ids)
            union select ${companyKey('company_id')} from placement where id = any(placement_ids)
            union select ${companyKey('company_id')} from placement_year_fact where placement_id = any(placement_ids)
            order by 1) loop
          perform pg_advisory_xact_lock(key);
        end loop;
        perform app_refresh_locked_placement_years(placement_ids);
      end $$;`;

export class Migration20261202074157_platform_sums_under_advisory_locks extends Migration {

  override name = 'Migration20261202074157_platform_sums_under_advisory_locks';

  override up(): void | Promise<void> {
    this.addSql('alter function app_refresh_placement_years(uuid[]) rename to app_refresh_locked_placement_years;');
    this.addSql(LOCKED_REFRESH);
  }

  override down(): void | Promise<void> {
    this.addSql('drop function app_refresh_placement_years(uuid[]);');
    this.addSql('alter function app_refresh_locked_placement_years(uuid[]) rename to app_refresh_placement_years;');
  }

}
