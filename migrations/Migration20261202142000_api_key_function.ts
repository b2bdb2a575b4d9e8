import { Migration } from '@mikro-orm/migrations';

/**
 * The asking API key, as row-level-security policies read it (`{key}` in the access model): set for
 * the request's transaction like the user (app_user()), so that a key reads the trail of its own writes.
 */
export class Migration20261202142000_api_key_function extends Migration {

  override name = 'Migration20261202142000_api_key_function';

  override up(): void | Promise<void> {
    this.addSql(`create function app_api_key() returns uuid language sql stable as $$ select app_setting('app.api_key_id')::uuid $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop function app_api_key();');
  }

}
