import { Migration } from '@mikro-orm/migrations';

/**
 * A signed-in person's session opened in one statement, where it took four round trips (the account's setting, the
 * account, its memberships, the acting organisation's settings). app_open_session(account, named organisation):
 * - reads the account (null if there is none: the caller refuses it), its active memberships and their organisations,
 *   by name;
 * - chooses the acting membership: the one of the organisation named (an id as text, the X-Organisation header's),
 *   or with none named the only membership, else none; a named organisation the account is no active member of
 *   leaves none, and the caller refuses it;
 * - sets the request's settings for the rest of the transaction only (set_config(…, true)): app.user_id, and
 *   app.org_id, app.org_kind and app.role of the acting membership (empty without one), app.api_key_id empty;
 * - returns { user, memberships: [{ membership, organisation }], acting: organisation id or null }, rows as to_jsonb
 *   writes them (column names).
 *
 * Why running as the owner gives the caller nothing it did not have: the application role may already set these
 * settings itself (set_config) and then read, under row-level security, exactly what is returned: its own account,
 * its own memberships and their organisations (the access model's rules without an organisation). Who the account
 * is was decided before, by the verified token and app_sign_in; this function only saves the round trips. Its
 * acting organisation is one of the account's active memberships, as the application chose it. It is not callable
 * by PUBLIC, only by the application role (granted with its other rights, grantApplicationAccess).
 */
export class Migration20261203103000_open_session extends Migration {

  override name = 'Migration20261203103000_open_session';

  override up(): void | Promise<void> {
    this.addSql(`create function app_open_session(account uuid, named_organisation text) returns jsonb
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      declare
        account_row jsonb;
        memberships jsonb;
        acting jsonb;
      begin
        select to_jsonb(u) into account_row from app_user u where u.id = account;
        if account_row is null then
          return null;
        end if;
        select coalesce(jsonb_agg(jsonb_build_object('membership', to_jsonb(m), 'organisation', to_jsonb(o)) order by o.name), '[]')
          into memberships
          from membership m join organisation o on o.id = m.organisation_id
         where m.user_id = account and m.active;
        select element into acting from jsonb_array_elements(memberships) element
         where case when named_organisation is null then jsonb_array_length(memberships) = 1
                    else element->'organisation'->>'id' = named_organisation end;
        perform set_config('app.user_id', account::text, true),
                set_config('app.org_id', coalesce(acting->'organisation'->>'id', ''), true),
                set_config('app.org_kind', coalesce(acting->'organisation'->>'kind', ''), true),
                set_config('app.role', coalesce(acting->'membership'->>'role', ''), true),
                set_config('app.api_key_id', '', true);
        return jsonb_build_object('user', account_row, 'memberships', memberships, 'acting', acting->'organisation'->'id');
      end $$;`);
    this.addSql('revoke execute on function app_open_session(uuid, text) from public;');
  }

  override down(): void | Promise<void> {
    this.addSql('drop function app_open_session(uuid, text);');
  }

}
