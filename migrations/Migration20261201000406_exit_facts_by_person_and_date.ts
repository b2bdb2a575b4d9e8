import { Migration } from '@mikro-orm/migrations';

/**
 * A scope's exits are read person by person for a period (indicators/queries/scope.ts exitFacts): with an index
 * on the person alone, PostgreSQL intersected it with the index on the date, reading the whole period's exits
 * once per person (80 % of a charter's indicator request). On (person, date) each person is one probe.
 */
export class Migration20261201000406_exit_facts_by_person_and_date extends Migration {

  override name = 'Migration20261201000406_exit_facts_by_person_and_date';

  override up(): void | Promise<void> {
    this.addSql(`drop index "exit_fact_beneficiary_id_index";`);
    this.addSql(`create index "exit_fact_beneficiary_id_exit_date_index" on "exit_fact" ("beneficiary_id", "exit_date");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "exit_fact_beneficiary_id_exit_date_index";`);
    this.addSql(`create index "exit_fact_beneficiary_id_index" on "exit_fact" ("beneficiary_id");`);
  }

}
