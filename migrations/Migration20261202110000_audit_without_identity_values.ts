import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail held every value of an identity written (names, birth date, e-mail, phone, address), read by
 * admins who may not read that identity (the Département's, for people not on RSA: issue 13).
 * The application now writes only the names of the fields (`{"redacted": [...]}`, src/audit/audit-trail.ts);
 * this trigger strips the values again whatever path writes the event, and the events already written lose theirs
 * (for good: the values are not kept anywhere else in the trail, and down() cannot bring them back).
 * app_audit_field_names keeps the names an event already lists, and only strings: a stripped event stays as it is.
 */
export class Migration20261202110000_audit_without_identity_values extends Migration {

  override name = 'Migration20261202110000_audit_without_identity_values';

  override up(): void | Promise<void> {
    this.addSql(`create function app_audit_field_names(changes jsonb) returns jsonb language sql immutable
      as $$ select jsonb_build_object('redacted', coalesce(jsonb_agg(field order by field), '[]'::jsonb))
              from (select field from jsonb_object_keys(changes) field where field <> 'redacted'
                    union select listed #>> '{}' from jsonb_array_elements(case jsonb_typeof(changes -> 'redacted') when 'array' then changes -> 'redacted' else '[]' end) listed
                     where jsonb_typeof(listed) = 'string') fields $$;`);
    this.addSql(`create function app_audit_event_names_only() returns trigger language plpgsql
      as $$ begin new.changes := app_audit_field_names(new.changes); return new; end $$;`);
    this.addSql(`create trigger audit_event_identity_names_only before insert on audit_event
      for each row when (new.entity = 'BeneficiaryIdentity') execute function app_audit_event_names_only();`);
    this.addSql(`update audit_event set changes = app_audit_field_names(changes) where entity = 'BeneficiaryIdentity';`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop trigger audit_event_identity_names_only on audit_event;');
    this.addSql('drop function app_audit_event_names_only();');
    this.addSql('drop function app_audit_field_names(jsonb);');
  }

}
