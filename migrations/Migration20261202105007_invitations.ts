import { Migration } from '@mikro-orm/migrations';

/**
 * Invitations, so that nobody is made a member of an organisation without their consent, and an inviter never learns
 * whether an account exists for an e-mail. Until now inviteMember attached any existing account at once (and
 * answered with its display name), and created the account of an unknown e-mail.
 *
 * - An administrator invites an e-mail into their organisation (the Département's admins into any): a PENDING
 *   invitation, which names no account. The invitee, signed in with that verified e-mail, accepts or refuses it;
 *   an administrator may revoke it while it waits. Closed invitations are kept, never deleted.
 * - app_answer_invitation(invitation, accept, request id), run as the owner, is the invitee's only way to answer:
 *   it checks that the invitation is the signed-in user's and still pending, closes it, and on acceptance creates
 *   the membership or makes the existing one active again with the role offered (the Département's seat rule
 *   applies), recording each write in the audit trail under the invitation's organisation.
 * - For the application role a trigger refuses any other way to create a membership or make one active again, to
 *   move one to another person or organisation, to answer an invitation, or to delete one; and app_user takes no
 *   insert from it: accounts are created by app_sign_in only, for a person with a pending invitation who signs in
 *   with a verified e-mail for the first time (with the name the invitation proposed, and no membership: they
 *   then see their invitations and answer them). The owner (migrations, demo seed) still writes directly.
 */
const NAME = 'Migration20261202105007_invitations';

/** An audit event written by the owner's functions, in the shape the ORM's trail gives them (audit-trail.ts). */
const audit = (organisation: string, entity: string, id: string, action: string, changes: string) =>
  `insert into audit_event (id, user_id, organisation_id, entity, entity_id, action, changes, request_id)
          values (gen_random_uuid(), app_user(), ${organisation}, '${entity}', ${id}, '${action}', ${changes}, request_id);`;

const ANSWER = `create function app_answer_invitation(invitation_id uuid, accept boolean, request_id text) returns uuid
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      declare
        answered invitation;
        member membership;
      begin
        select i.* into answered from invitation i join app_user u on u.email = i.email
         where i.id = invitation_id and u.id = app_user()
           for update of i;
        if not found then
          raise exception 'no invitation of the signed-in user has this id' using errcode = 'P0002', constraint = 'invitation_of_invitee';
        end if;
        if answered.status <> 'PENDING' then
          raise exception 'this invitation is closed' using errcode = '23514', constraint = 'invitation_pending';
        end if;
        update invitation set status = case when accept then 'ACCEPTED' else 'REFUSED' end, closed_at = now(), updated_at = now(),
                              version = version + 1
         where id = answered.id returning * into answered;
        ${audit('answered.organisation_id', 'Invitation', 'answered.id', 'UPDATE', "jsonb_build_object('status', answered.status, 'closedAt', answered.closed_at)")}
        if not accept then
          return null;
        end if;
        update membership set active = true, role = answered.role, invitation_id = answered.id, updated_at = now(), version = version + 1
         where user_id = app_user() and organisation_id = answered.organisation_id
        returning * into member;
        if found then
          ${audit('answered.organisation_id', 'Membership', 'member.id', 'UPDATE', "jsonb_build_object('active', true, 'role', member.role, 'invitation', answered.id)")}
        else
          insert into membership (id, user_id, organisation_id, role, active, invitation_id)
          values (gen_random_uuid(), app_user(), answered.organisation_id, answered.role, true, answered.id)
          returning * into member;
          ${audit('answered.organisation_id', 'Membership', 'member.id', 'CREATE', "jsonb_build_object('id', member.id, 'user', member.user_id, 'organisation', member.organisation_id, 'role', member.role, 'active', true, 'invitation', answered.id)")}
        end if;
        return member.id;
      end $$;`;

const MEMBERSHIP_GUARD = `create function app_membership_by_invitation_only() returns trigger language plpgsql as $$
      begin
        if app_bypasses_policies() then
          return coalesce(new, old);
        end if;
        if tg_op = 'INSERT' then
          raise exception 'a membership is created only by accepting an invitation' using errcode = '42501';
        end if;
        if tg_op = 'DELETE' then
          raise exception 'a membership is deactivated, never deleted' using errcode = '42501';
        end if;
        if (new.user_id, new.organisation_id, new.invitation_id) is distinct from (old.user_id, old.organisation_id, old.invitation_id)
           or (new.active and not old.active) then
          raise exception 'a membership is made active again only by accepting an invitation, and never moved' using errcode = '42501';
        end if;
        return new;
      end $$;`;

const INVITATION_GUARD = `create function app_invitation_lifecycle() returns trigger language plpgsql as $$
      begin
        if app_bypasses_policies() then
          return coalesce(new, old);
        end if;
        if tg_op = 'INSERT' then
          if new.status <> 'PENDING' or new.closed_at is not null then
            raise exception 'an invitation is created pending' using errcode = '42501';
          end if;
          return new;
        end if;
        if tg_op = 'DELETE' then
          raise exception 'an invitation is closed, never deleted' using errcode = '42501';
        end if;
        if old.status <> 'PENDING' or new.status <> 'REVOKED'
           or (new.organisation_id, new.email, new.display_name, new.role, new.invited_by_id)
              is distinct from (old.organisation_id, old.email, old.display_name, old.role, old.invited_by_id) then
          raise exception 'an administrator only revokes a pending invitation; the invitee alone answers it' using errcode = '42501';
        end if;
        return new;
      end $$;`;

const KEEP_IDENTITY = `create or replace function app_keep_identity() returns trigger language plpgsql as $$
      begin
        if app_bypasses_policies() then
          return new;
        end if;
        if tg_op = 'INSERT' then
          raise exception 'an account is created only by signing in' using errcode = '42501';
        end if;
        if (new.email, new.oidc_issuer, new.oidc_subject) is distinct from (old.email, old.oidc_issuer, old.oidc_subject) then
          raise exception 'the identity of an account (e-mail, issuer, subject) is written only by signing in' using errcode = '42501';
        end if;
        return new;
      end $$;`;

/** app_sign_in as before, and for an e-mail with no account but a pending invitation, the account, created bound. */
const SIGN_IN = (withInvitations: boolean) => `create or replace function app_sign_in(issuer text, subject text, verified_email text) returns uuid
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      declare
        account uuid;
        address text := lower(verified_email);
      begin
        select id into account from app_user where oidc_issuer = issuer and oidc_subject = subject;
        if account is not null or address is null then
          return account;
        end if;${withInvitations ? `
        if not exists (select from app_user where email = address) then
          insert into app_user (id, email, display_name, oidc_issuer, oidc_subject)
          select gen_random_uuid(), address, i.display_name, issuer, subject
            from invitation i where i.email = address and i.status = 'PENDING' order by i.created_at limit 1
          on conflict do nothing
          returning id into account;
          if account is not null then
            insert into audit_event (id, user_id, entity, entity_id, action, changes)
            values (gen_random_uuid(), account, 'User', account, 'CREATE', (select jsonb_build_object('id', id, 'email', email,
                    'displayName', display_name, 'oidcIssuer', oidc_issuer, 'oidcSubject', oidc_subject) from app_user where id = account));
            return account;
          end if;
        end if;` : ''}
        update app_user set oidc_issuer = issuer, oidc_subject = subject, version = version + 1, updated_at = now()
         where email = address and oidc_subject is null
        returning id into account;
        if account is not null then
          insert into audit_event (id, user_id, entity, entity_id, action, changes)
          values (gen_random_uuid(), account, 'User', account, 'UPDATE', jsonb_build_object('oidcIssuer', issuer, 'oidcSubject', subject));
          return account;
        end if;
        -- The same identity's first sign-in in another transaction, which bound or created the account first.
        select id into account from app_user where oidc_issuer = issuer and oidc_subject = subject;
        if account is null and exists (select from app_user where email = address) then
          raise exception 'this account is bound to another identity' using errcode = '28000', constraint = 'app_user_oidc_identity_bound';
        end if;
        return account;
      end $$;`;

export class Migration20261202105007_invitations extends Migration {

  override name = NAME;

  override up(): void | Promise<void> {
    this.addSql(`create table "invitation" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "version" int not null default 1, "organisation_id" uuid not null, "email" text not null, "display_name" text not null, "role" text not null, "invited_by_id" uuid not null, "status" text not null default 'PENDING', "closed_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`create index "invitation_organisation_id_index" on "invitation" ("organisation_id");`);
    this.addSql(`create index "invitation_email_index" on "invitation" ("email");`);
    this.addSql(`create index "invitation_invited_by_id_index" on "invitation" ("invited_by_id");`);
    this.addSql(`create unique index invitation_pending_unique on invitation (organisation_id, email) where status = 'PENDING';`);

    this.addSql(`alter table "membership" add "invitation_id" uuid null;`);
    this.addSql(`alter table "membership" add constraint "membership_invitation_id_foreign" foreign key ("invitation_id") references "invitation" ("id") on delete set null;`);
    this.addSql(`alter table "membership" add constraint "membership_invitation_id_unique" unique ("invitation_id");`);

    this.addSql(`alter table "invitation" add constraint "invitation_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "invitation" add constraint "invitation_invited_by_id_foreign" foreign key ("invited_by_id") references "app_user" ("id");`);
    this.addSql(`alter table "invitation" add constraint "invitation_email_lowercase" check (email = lower(email));`);
    this.addSql(`alter table "invitation" add constraint "invitation_role_check" check ("role" in ('ADMIN', 'EDITOR', 'VIEWER'));`);
    this.addSql(`alter table "invitation" add constraint "invitation_status_check" check ("status" in ('PENDING', 'ACCEPTED', 'REFUSED', 'REVOKED'));`);
    this.addSql(`alter table "invitation" enable row level security;`);
    this.addSql(`alter table "invitation" force row level security;`);
    // Its policies, like every table's, are rendered from the access model (src/access/model/rules.ts) by `npm run policies`.

    this.addSql(ANSWER);
    this.addSql(MEMBERSHIP_GUARD);
    // Named to fire before membership_departement_seat (triggers fire in name order): no lock for a write refused anyway.
    this.addSql('create trigger membership_by_invitation_only before insert or update or delete on membership for each row execute function app_membership_by_invitation_only();');
    this.addSql(INVITATION_GUARD);
    this.addSql('create trigger invitation_lifecycle before insert or update or delete on invitation for each row execute function app_invitation_lifecycle();');
    this.addSql(KEEP_IDENTITY);
    this.addSql('drop trigger app_user_identity on app_user;');
    this.addSql('create trigger app_user_identity before insert or update on app_user for each row execute function app_keep_identity();');
    this.addSql(SIGN_IN(true));
    this.addSql('drop function app_user_for_invitation(text, text);');
  }

  override down(): void | Promise<void> {
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
    this.addSql(SIGN_IN(false));
    this.addSql('drop trigger app_user_identity on app_user;');
    this.addSql('create trigger app_user_identity before update on app_user for each row execute function app_keep_identity();');
    this.addSql('drop trigger invitation_lifecycle on invitation;');
    this.addSql('drop function app_invitation_lifecycle();');
    this.addSql('drop trigger membership_by_invitation_only on membership;');
    this.addSql('drop function app_membership_by_invitation_only();');
    this.addSql('drop function app_answer_invitation(uuid, boolean, text);');
    this.addSql(`alter table "membership" drop constraint "membership_invitation_id_foreign";`);
    this.addSql(`alter table "membership" drop column "invitation_id";`);
    this.addSql(`drop table if exists "invitation" cascade;`);
  }

}
