import { Migration } from '@mikro-orm/migrations';

/** The erasure of a person's identity (GDPR art. 17): when it was erased; the identity row itself is deleted. */
export class Migration20261202181500_beneficiary_erasure extends Migration {

  override name = 'Migration20261202181500_beneficiary_erasure';

  override up(): void | Promise<void> {
    this.addSql('alter table "beneficiary" add column "erased_at" timestamptz null;');
  }

  override down(): void | Promise<void> {
    this.addSql('alter table "beneficiary" drop column "erased_at";');
  }

}
