import { Migration } from '@mikro-orm/migrations';

/**
 * Exit facts are readable wherever the person's hours are. Written `beneficiary_id in (select beneficiary_id
 * from hours_fact)`, that read every hours fact the viewer may see before the first exit it checked: a whole
 * scan of hours_fact per indicator request, growing with the platform. Written as a correlated exists over
 * an index on the person, it probes the person's own facts. Same rows, written by hand (policies are not diffed).
 */
const READ_BY_SCAN = `(select app_is_departement()) or followed_by_id = (select app_org()) or beneficiary_id in (select beneficiary_id from hours_fact)`;
const READ_BY_PROBE = `(select app_is_departement()) or followed_by_id = (select app_org()) or exists (select from hours_fact f where f.beneficiary_id = exit_fact.beneficiary_id)`;

export class Migration20261130192600_exit_facts_by_person extends Migration {

  override name = 'Migration20261130192600_exit_facts_by_person';

  override up(): void | Promise<void> {
    this.addSql(`create index "hours_fact_beneficiary_id_index" on "hours_fact" ("beneficiary_id");`);
    this.addSql(`alter policy "exit_fact_select" on "exit_fact" using (${READ_BY_PROBE});`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter policy "exit_fact_select" on "exit_fact" using (${READ_BY_SCAN});`);
    this.addSql(`drop index "hours_fact_beneficiary_id_index";`);
  }

}
