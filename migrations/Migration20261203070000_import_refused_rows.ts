import { Migration } from '@mikro-orm/migrations';

/** The lines an import refused, as the file had them, with their reason: the sender downloads them to fix them (src/imports/refused-rows.ts). */
export class Migration20261203070000_import_refused_rows extends Migration {

  override name = 'Migration20261203070000_import_refused_rows';

  override up(): void | Promise<void> {
    this.addSql(`alter table "import_job" add column "refused_rows" jsonb not null default '[]';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "import_job" drop column "refused_rows";`);
  }

}
