import { Migration } from '@mikro-orm/migrations';

/** Who read whose identity (src/db/entities/identity-read.ts), under row-level security like every table. */
export class Migration20261202182300_identity_read extends Migration {

  override name = 'Migration20261202182300_identity_read';

  override up(): void | Promise<void> {
    this.addSql(`create table "identity_read" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "version" int not null default 1, "organisation_id" uuid not null, "user_id" uuid null, "api_key_id" uuid null, "followed_by_id" uuid not null, "beneficiary_ids" uuid[] not null, "channel" text not null, "request_id" text null, constraint "identity_read_pkey" primary key ("id"));`);
    this.addSql('create index "identity_read_user_id_created_at_index" on "identity_read" ("user_id", "created_at");');
    this.addSql('create index "identity_read_api_key_id_created_at_index" on "identity_read" ("api_key_id", "created_at");');
    this.addSql('create index "identity_read_followed_by_id_created_at_index" on "identity_read" ("followed_by_id", "created_at");');
    this.addSql('create index identity_read_people on identity_read using gin (beneficiary_ids);');
    this.addSql('alter table "identity_read" enable row level security;');
    this.addSql('alter table "identity_read" force row level security;');
  }

  override down(): void | Promise<void> {
    this.addSql('drop table if exists "identity_read" cascade;');
  }

}
