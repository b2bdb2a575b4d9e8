import { Migration } from '@mikro-orm/migrations';

/**
 * Import jobs run from a queue in the database (graphile-worker, installed at start by the owner): the file waits in
 * import_file_chunk until its job ends, so that any instance runs any job; import_job says which worker pool runs it
 * and how many runs were lost with their process.
 *
 * Row-level security hides the jobs of every organisation but the acting one, and a worker has no acting organisation
 * until it has read whom a job runs for; a lost run's sender may also have lost the right to write it. The sweeper
 * and the worker therefore read and end jobs, and find whether the key that sent one is still valid, through these functions, run as the owner: they name jobs by id,
 * expose no content, and only ever move a job that has not ended to QUEUED or FAILED, its file removed when it fails.
 */
export class Migration20261202132856_import_queue extends Migration {

  override name = 'Migration20261202132856_import_queue';

  override up(): void | Promise<void> {
    this.addSql(`create table "import_file_chunk" ("import_job_id" uuid not null, "seq" int not null, "bytes" bytea not null, primary key ("import_job_id", "seq"));`);
    this.addSql(`alter table "import_job" add "runner" text null, add "interruptions" smallint not null default 0;`);
    this.addSql(`alter table "import_file_chunk" add constraint "import_file_chunk_import_job_id_foreign" foreign key ("import_job_id") references "import_job" ("id") on delete cascade;`);
    this.addSql(`alter table "import_file_chunk" enable row level security;`);
    this.addSql(`alter table "import_file_chunk" force row level security;`);
    this.addSql(`create index import_job_running on import_job (id) where status = 'RUNNING';`);
    this.addSql(`create function app_running_import_jobs() returns table (id uuid, runner text)
      language sql stable security definer set search_path = public, pg_temp
      as $$ select id, runner from import_job where status = 'RUNNING' $$;`);
    this.addSql(`create function app_active_api_key(key_id uuid)
      returns table (id uuid, organisation_id uuid, organisation_kind text, role text, name text, prefix text, created_at timestamptz)
      language sql stable security definer set search_path = public, pg_temp
      as $$ select k.id, k.organisation_id, o.kind, k.role, k.name, k.prefix, k.created_at
              from api_key k join organisation o on o.id = k.organisation_id where k.id = key_id and k.revoked_at is null $$;`);
    this.addSql(`create function app_queued_import_jobs() returns bigint
      language sql stable security definer set search_path = public, pg_temp
      as $$ select count(*) from import_job where status = 'QUEUED' $$;`);
    this.addSql(`create function app_fail_import_job(job_id uuid, reason text) returns void
      language sql volatile security definer set search_path = public, pg_temp
      as $$ delete from import_file_chunk where import_job_id = job_id;
            update import_job set status = 'FAILED', error = reason, runner = null, finished_at = now(), updated_at = now(), version = version + 1
             where id = job_id and status in ('QUEUED', 'RUNNING') $$;`);
    this.addSql(`create function app_interrupted_import_job(job_id uuid, most_interruptions int, reason text) returns text
      language plpgsql volatile security definer set search_path = public, pg_temp
      as $$ declare lost import_job;
      begin
        update import_job set interruptions = interruptions + 1, status = 'QUEUED', runner = null, bytes_read = 0, updated_at = now(), version = version + 1
         where id = job_id and status = 'RUNNING' returning * into lost;
        if not found then return null; end if;
        if lost.interruptions >= most_interruptions then
          perform app_fail_import_job(job_id, reason);
          return 'FAILED';
        end if;
        return 'QUEUED';
      end $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop function app_interrupted_import_job(uuid, int, text);');
    this.addSql('drop function app_fail_import_job(uuid, text);');
    this.addSql('drop function app_queued_import_jobs();');
    this.addSql('drop function app_active_api_key(uuid);');
    this.addSql('drop function app_running_import_jobs();');
    this.addSql('drop index import_job_running;');
    this.addSql(`drop table if exists "import_file_chunk" cascade;`);
    this.addSql(`alter table "import_job" drop column "runner", drop column "interruptions";`);
  }

}
