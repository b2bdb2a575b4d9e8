import { Migration } from '@mikro-orm/migrations';

/**
 * An account is bound to the identity that first signs in to it: its issuer (an OpenID provider, or the platform's
 * development key) and its subject there. Until now the subject was never written, so any identity carrying the
 * same verified e-mail signed in as that account, forever.
 *
 * - app_sign_in(issuer, subject, verified e-mail), run as the owner before the request's transaction (a query's
 *   transaction is rolled back, the binding must last): the account bound to that identity; else the account of
 *   that e-mail, if bound to nobody, which it binds (once: a row lock decides between two first sign-ins at the
 *   same time) and records in the audit trail; an account of that e-mail bound to another identity is refused.
 * - The application role never writes an account's identity (e-mail, issuer, subject) itself, administrators
 *   included: a trigger refuses it, so that no other path can rebind an account to someone else.
 */
export class Migration20261202100100_oidc_identity_binding extends Migration {

  override name = 'Migration20261202100100_oidc_identity_binding';

  override up(): void | Promise<void> {
    this.addSql(`alter table "app_user" drop constraint "app_user_oidc_subject_unique";`);
    this.addSql(`alter table "app_user" add "oidc_issuer" text null;`);
    this.addSql(`alter table "app_user" add constraint "app_user_oidc_identity_unique" unique ("oidc_issuer", "oidc_subject");`);
    this.addSql(`alter table "app_user" add constraint "app_user_oidc_identity_whole" check ((oidc_issuer is null) = (oidc_subject is null));`);

    this.addSql(`create function app_bypasses_policies() returns boolean language sql stable
      as $$ select rolbypassrls or rolsuper from pg_roles where rolname = current_user $$;`);
    this.addSql(`create function app_keep_identity() returns trigger language plpgsql as $$
      begin
        if not app_bypasses_policies()
           and (new.email, new.oidc_issuer, new.oidc_subject) is distinct from (old.email, old.oidc_issuer, old.oidc_subject) then
          raise exception 'the identity of an account (e-mail, issuer, subject) is written only by signing in' using errcode = '42501';
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger app_user_identity before update on app_user for each row execute function app_keep_identity();`);

    this.addSql(`create function app_sign_in(issuer text, subject text, verified_email text) returns uuid
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      declare
        account uuid;
        address text := lower(verified_email);
      begin
        select id into account from app_user where oidc_issuer = issuer and oidc_subject = subject;
        if account is not null or address is null then
          return account;
        end if;
        update app_user set oidc_issuer = issuer, oidc_subject = subject, version = version + 1, updated_at = now()
         where email = address and oidc_subject is null
        returning id into account;
        if account is not null then
          insert into audit_event (id, user_id, entity, entity_id, action, changes)
          values (gen_random_uuid(), account, 'User', account, 'UPDATE', jsonb_build_object('oidcIssuer', issuer, 'oidcSubject', subject));
          return account;
        end if;
        -- The same identity's first sign-in in another transaction, which bound the account first.
        select id into account from app_user where oidc_issuer = issuer and oidc_subject = subject;
        if account is null and exists (select from app_user where email = address) then
          raise exception 'this account is bound to another identity' using errcode = '28000', constraint = 'app_user_oidc_identity_bound';
        end if;
        return account;
      end $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop function app_sign_in(text, text, text);');
    this.addSql('drop trigger app_user_identity on app_user;');
    this.addSql('drop function app_keep_identity();');
    this.addSql('drop function app_bypasses_policies();');
    this.addSql(`alter table "app_user" drop constraint "app_user_oidc_identity_unique";`);
    this.addSql(`alter table "app_user" drop constraint "app_user_oidc_identity_whole";`);
    this.addSql(`alter table "app_user" drop column "oidc_issuer";`);
    this.addSql(`alter table "app_user" add constraint "app_user_oidc_subject_unique" unique ("oidc_subject");`);
  }

}
