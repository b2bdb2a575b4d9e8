import { Migration } from '@mikro-orm/migrations';

/** The record of each spreadsheet import (who, when, which file, counts, problems), readable by its organisation only. */
export class Migration20261130184106_import_jobs extends Migration {

  override name = 'Migration20261130184106_import_jobs';

  override up(): void | Promise<void> {
    this.addSql(`create table "import_job" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "version" int not null default 1, "organisation_id" uuid not null, "user_id" uuid null, "api_key_id" uuid null, "file_name" text not null, "file_hash" text not null, "file_bytes" bigint not null, "dry_run" boolean not null, "all_or_nothing" boolean not null, "status" text not null default 'QUEUED', "bytes_read" bigint not null default '0', "counts" jsonb null, "problem_count" int not null default 0, "problems" jsonb not null default '[]', "error" text null, "started_at" timestamptz(3) null, "finished_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`create index "import_job_organisation_id_created_at_index" on "import_job" ("organisation_id", "created_at");`);

    this.addSql(`alter table "import_job" add constraint "import_job_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "import_job" add constraint "import_job_status_check" check ("status" in ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'));`);
    this.addSql(`alter table "import_job" enable row level security;`);
    this.addSql(`alter table "import_job" force row level security;`);
    this.addSql(`create policy "import_job_select" on "import_job" for select using (organisation_id = (select app_org()));`);
    this.addSql(`create policy "import_job_insert" on "import_job" for insert with check ((select app_can_write()) and organisation_id = (select app_org()));`);
    this.addSql(`create policy "import_job_update" on "import_job" for update using ((select app_can_write()) and organisation_id = (select app_org())) with check ((select app_can_write()) and organisation_id = (select app_org()));`);
    this.addSql(`create policy "import_job_delete" on "import_job" for delete using ((select app_can_write()) and organisation_id = (select app_org()));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "import_job" cascade;`);
  }

}
