import { Migration } from '@mikro-orm/migrations';

/**
 * Two steps that happen before row-level security knows who is asking, so they run as the owner
 * (SECURITY DEFINER) and do exactly one thing each:
 * - app_authenticate_api_key: the key of that prefix and hash, if not revoked, stamped as used;
 * - app_user_for_invitation: for an administrator only, the account of an e-mail, created if new.
 */
export class Migration20261123183340_authentication_functions extends Migration {

  override name = 'Migration20261123183340_authentication_functions';

  override up(): void | Promise<void> {
    this.addSql(`create function app_authenticate_api_key(key_prefix text, key_hash text)
      returns table (id uuid, organisation_id uuid, organisation_kind text, role text, name text, prefix text, created_at timestamptz)
      language sql volatile security definer set search_path = public, pg_temp
      as $$ update api_key k set last_used_at = now()
             where k.prefix = key_prefix and k.secret_hash = key_hash and k.revoked_at is null
         returning k.id, k.organisation_id, (select o.kind from organisation o where o.id = k.organisation_id), k.role,
                   k.name, k.prefix, k.created_at $$;`);
    this.addSql(`create function app_user_for_invitation(invited_email text, invited_name text) returns uuid
      language plpgsql volatile security definer set search_path = public, pg_temp
      as $$ declare account uuid;
      begin
        if not app_is_admin() then
          raise exception 'only administrators invite members' using errcode = '42501';
        end if;
        select id into account from app_user where email = lower(invited_email);
        if account is null then
          insert into app_user (id, email, display_name) values (gen_random_uuid(), lower(invited_email), invited_name)
          returning id into account;
        end if;
        return account;
      end $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop function app_user_for_invitation(text, text);');
    this.addSql('drop function app_authenticate_api_key(text, text);');
  }

}
