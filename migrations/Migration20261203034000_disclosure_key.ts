import { randomBytes } from 'node:crypto';
import { Migration } from '@mikro-orm/migrations';

/**
 * The secret the record keys of disclosure control are drawn with (src/indicators/disclosure.ts): drawn anew for
 * each database when it is migrated, never written in the code, so that a viewer who reads the ids of its own rows
 * cannot work out their keys, nor the noise of a cell they share with others. Every instance on the database reads
 * the same one.
 */
export class Migration20261203034000_disclosure_key extends Migration {

  override name = 'Migration20261203034000_disclosure_key';

  override up(): void | Promise<void> {
    this.addSql(`create function app_disclosure_key() returns text language sql immutable parallel safe
      as $$ select '${randomBytes(32).toString('hex')}'::text $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop function app_disclosure_key();');
  }

}
