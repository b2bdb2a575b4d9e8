import { Migration } from '@mikro-orm/migrations';

/** The SQLSTATE of a write refused for a restricted person (class CL: the platform's own). */
const RESTRICTED_ERRCODE = 'CL001';

/** The people whose rows a statement wrote (`written`, its transition table), by the way the rows name them. */
const PEOPLE_WRITTEN = {
  person: 'written w join beneficiary b on b.id = w.beneficiary_id',
  hours: 'written w join placement p on p.id = w.placement_id join beneficiary b on b.id = p.beneficiary_id',
};

/** The tables of a person's follow-up, frozen while their processing is restricted, and how their rows name them. */
const FOLLOW_UP_TABLES = [['beneficiary_identity', 'person'], ['placement', 'person'], ['monthly_hours', 'hours'], ['beneficiary_exit', 'person']];

/**
 * The restriction of a person's processing (GDPR art. 18): `beneficiary.restricted_at`, and triggers that refuse any
 * write to a restricted person's follow-up whatever the path (mutations, imports, a script), behind the services'
 * own checks, which answer in French first. Only lifting the restriction changes the person's row meanwhile; erasure
 * stays possible (a restricted person's rows may be deleted, never changed).
 */
export class Migration20261202180000_beneficiary_restriction extends Migration {

  override name = 'Migration20261202180000_beneficiary_restriction';

  override up(): void | Promise<void> {
    this.addSql('alter table "beneficiary" add column "restricted_at" timestamptz null;');
    this.addSql(`create function app_restricted_beneficiary_guard() returns trigger language plpgsql as $$
      begin
        if old.restricted_at is not null and new.restricted_at is not null then
          raise exception 'the processing of beneficiary % is restricted', old.id using errcode = '${RESTRICTED_ERRCODE}';
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger beneficiary_restricted before update on beneficiary
      for each row execute function app_restricted_beneficiary_guard();`);
    // Once per statement (an import writes thousands of rows in one), as the owner: the PLIE facilitating a market
    // reports hours of people it does not read.
    for (const [name, people] of Object.entries(PEOPLE_WRITTEN)) {
      this.addSql(`create function app_restricted_${name}_guard() returns trigger
        language plpgsql security definer set search_path = public, pg_temp as $$
        declare
          person uuid;
        begin
          select b.id into person from ${people} where b.restricted_at is not null limit 1;
          if found then
            raise exception 'the processing of beneficiary % is restricted', person using errcode = '${RESTRICTED_ERRCODE}';
          end if;
          return null;
        end $$;`);
    }
    for (const [table, name] of FOLLOW_UP_TABLES) {
      for (const event of ['insert', 'update']) {
        this.addSql(`create trigger ${table}_restricted_${event} after ${event} on "${table}" referencing new table as written
          for each statement execute function app_restricted_${name}_guard();`);
      }
    }
  }

  override down(): void | Promise<void> {
    for (const [table] of FOLLOW_UP_TABLES) {
      for (const event of ['insert', 'update']) this.addSql(`drop trigger ${table}_restricted_${event} on "${table}";`);
    }
    for (const name of Object.keys(PEOPLE_WRITTEN)) this.addSql(`drop function app_restricted_${name}_guard();`);
    this.addSql('drop trigger beneficiary_restricted on beneficiary;');
    this.addSql('drop function app_restricted_beneficiary_guard();');
    this.addSql('alter table "beneficiary" drop column "restricted_at";');
  }

}
