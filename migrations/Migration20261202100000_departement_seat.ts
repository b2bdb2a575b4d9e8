import { Migration } from '@mikro-orm/migrations';

/**
 * A member of the Département holds no seat in another organisation: acting for the Département they read the
 * identities of every BRSA person, and a second seat would let them read, there, what the Département may not.
 * The API checked it only when the Département gave the outside seat, so the order of the invitations, or a
 * deactivation followed by a re-invitation, got round it. Now the database refuses any membership becoming active
 * (inserted, reactivated, moved to another organisation or user) that would make an active Département seat
 * coexist with another active seat of the same person, whoever writes it.
 *
 * Two such writes at the same time would each check before the other committed: the trigger first takes a
 * transaction advisory lock on the person (key space 3, beside the PLIEs' 1 and the companies' 2 of the platform
 * sums), held to the commit, and in READ COMMITTED its check then reads what the transaction it waited for wrote.
 *
 * Seats that already break the rule are the leak itself: the migration deactivates the seats outside the
 * Département (never deleted, like every membership) and files the change in the audit trail.
 */
const NAME = 'Migration20261202100000_departement_seat';

const DEPARTEMENT_MEMBERS = `select m.user_id from membership m join organisation o on o.id = m.organisation_id
  where m.active and o.kind = 'DEPARTEMENT'`;

export class Migration20261202100000_departement_seat extends Migration {

  override name = NAME;

  override up(): void | Promise<void> {
    this.addSql(`with deactivated as (
        update membership set active = false, version = version + 1, updated_at = now()
         where active and user_id in (${DEPARTEMENT_MEMBERS})
           and organisation_id not in (select id from organisation where kind = 'DEPARTEMENT')
        returning id, organisation_id)
      insert into audit_event (id, organisation_id, entity, entity_id, action, changes, request_id)
      select gen_random_uuid(), organisation_id, 'Membership', id, 'UPDATE', '{"active": false}'::jsonb, 'migration:${NAME}' from deactivated;`);
    this.addSql(`create function app_refuse_second_seat() returns trigger language plpgsql security definer
      set search_path = public, pg_temp as $$
      begin
        if not new.active then
          return new;
        end if;
        perform pg_advisory_xact_lock((3::bigint << 32) + hashtext(new.user_id::text));
        if exists (
            select from membership m join organisation o on o.id = m.organisation_id
             where m.user_id = new.user_id and m.active and m.id <> new.id
               and (o.kind = 'DEPARTEMENT' or (select kind from organisation where id = new.organisation_id) = 'DEPARTEMENT')) then
          raise exception 'a member of the Département holds no seat in another organisation'
            using errcode = '23514', constraint = 'membership_departement_seat';
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger membership_departement_seat before insert or update of active, organisation_id, user_id on membership
      for each row execute function app_refuse_second_seat();`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop trigger membership_departement_seat on membership;');
    this.addSql('drop function app_refuse_second_seat();');
  }

}
