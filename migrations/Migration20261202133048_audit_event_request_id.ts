import { Migration } from '@mikro-orm/migrations';

export class Migration20261202133048_audit_event_request_id extends Migration {

  override name = 'Migration20261202133048_audit_event_request_id';

  override up(): void | Promise<void> {
    this.addSql(`create index "audit_event_request_id_index" on "audit_event" ("request_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "audit_event_request_id_index";`);
  }

}
