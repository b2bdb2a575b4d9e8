import { Migration } from '@mikro-orm/migrations';

/**
 * What row-level-security policies read: the request's settings (set with set_config(…, true) at the
 * start of each request's transaction) and two sets that a policy cannot compute by querying tables
 * whose own policies would refer back to it. Those two run as the owner (SECURITY DEFINER), which
 * bypasses row-level security, and answer only for the acting organisation.
 */
export class Migration20261123181222_access_functions extends Migration {

  override name = 'Migration20261123181222_access_functions';

  override up(): void | Promise<void> {
    this.addSql(`create function app_setting(name text) returns text language sql stable
      as $$ select nullif(current_setting(name, true), '') $$;`);
    this.addSql(`create function app_user() returns uuid language sql stable as $$ select app_setting('app.user_id')::uuid $$;`);
    this.addSql(`create function app_org() returns uuid language sql stable as $$ select app_setting('app.org_id')::uuid $$;`);
    this.addSql(`create function app_kind() returns text language sql stable as $$ select app_setting('app.org_kind') $$;`);
    this.addSql(`create function app_role() returns text language sql stable as $$ select app_setting('app.role') $$;`);
    this.addSql(`create function app_is_departement() returns boolean language sql stable
      as $$ select coalesce(app_kind() = 'DEPARTEMENT' and app_org() is not null, false) $$;`);
    this.addSql(`create function app_can_write() returns boolean language sql stable
      as $$ select coalesce(app_role() in ('ADMIN', 'EDITOR') and app_org() is not null, false) $$;`);
    this.addSql(`create function app_is_admin() returns boolean language sql stable
      as $$ select coalesce(app_role() = 'ADMIN' and app_org() is not null, false) $$;`);
    this.addSql(`create function app_visible_charters() returns setof uuid language sql stable security definer
      set search_path = public, pg_temp
      as $$ select id from charter where coordinator_id = app_org()
            union select charter_id from charter_signatory where organisation_id = app_org() $$;`);
    this.addSql(`create function app_followed_beneficiaries() returns setof uuid language sql stable security definer
      set search_path = public, pg_temp
      as $$ select id from beneficiary where followed_by_id = app_org() $$;`);
  }

  override down(): void | Promise<void> {
    for (const name of ['app_followed_beneficiaries', 'app_visible_charters', 'app_is_admin', 'app_can_write', 'app_is_departement', 'app_role', 'app_kind', 'app_org', 'app_user']) {
      this.addSql(`drop function ${name}();`);
    }
    this.addSql('drop function app_setting(text);');
  }

}
