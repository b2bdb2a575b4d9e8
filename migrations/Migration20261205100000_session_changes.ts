import { Migration } from '@mikro-orm/migrations';

const SESSION_TABLES = ['app_user', 'membership', 'organisation'];

/**
 * A notification on app_session_changes at the commit of any change to what app_open_session reads: accounts,
 * memberships and organisations, whoever writes them (the application, an owner's tool, a hand-written statement).
 * Every process of the API listens and forgets the sessions it kept (src/auth/kept-sessions.ts). PostgreSQL sends a
 * transaction's notifications at its commit, once (the same notification raised by many rows is sent once), and none
 * for a transaction rolled back. The triggers are row triggers, so that a statement that changes no row (a sign-in
 * that finds no account to bind) notifies nothing, and a truncation's own; they fire under replication too (enable
 * always). A change made with the triggers disabled is seen when the kept sessions expire (a minute).
 */
export class Migration20261205100000_session_changes extends Migration {

  override name = 'Migration20261205100000_session_changes';

  override up(): void | Promise<void> {
    this.addSql(`create function app_session_changed() returns trigger
      language plpgsql as $$
      begin
        perform pg_notify('app_session_changes', '');
        return null;
      end $$;`);
    this.addSql('revoke execute on function app_session_changed() from public;');
    for (const table of SESSION_TABLES) {
      this.addSql(`create trigger ${table}_session_changed after insert or update or delete on ${table}
        for each row execute function app_session_changed();`);
      this.addSql(`create trigger ${table}_session_truncated after truncate on ${table}
        for each statement execute function app_session_changed();`);
      this.addSql(`alter table ${table} enable always trigger ${table}_session_changed, enable always trigger ${table}_session_truncated;`);
    }
  }

  override down(): void | Promise<void> {
    for (const table of SESSION_TABLES) {
      this.addSql(`drop trigger ${table}_session_truncated on ${table};`);
      this.addSql(`drop trigger ${table}_session_changed on ${table};`);
    }
    this.addSql('drop function app_session_changed();');
  }

}
