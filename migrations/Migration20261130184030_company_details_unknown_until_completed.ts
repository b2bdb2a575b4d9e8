import { Migration } from '@mikro-orm/migrations';

export class Migration20261130184030_company_details_unknown_until_completed extends Migration {

  override name = 'Migration20261130184030_company_details_unknown_until_completed';

  override up(): void | Promise<void> {
    this.addSql(`alter table "company" alter column "name" drop not null;`);
    this.addSql(`alter table "company" alter column "headcount_band" drop not null;`);
    this.addSql(`alter table "company" alter column "naf_code" drop not null;`);
  }

  /** Fails while a company still lacks one of them: complete or remove those companies first. */
  override down(): void | Promise<void> {
    this.addSql(`alter table "company" alter column "name" set not null;`);
    this.addSql(`alter table "company" alter column "headcount_band" set not null;`);
    this.addSql(`alter table "company" alter column "naf_code" set not null;`);
  }

}
