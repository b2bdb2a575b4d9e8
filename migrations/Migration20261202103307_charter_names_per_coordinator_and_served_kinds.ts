import { Migration } from '@mikro-orm/migrations';

/**
 * The kinds the platform serves (ENTREPRISE and SIAE had no access decision), and a charter's name
 * unique within its coordinator only, so that a clash never reveals another tenant's charter.
 */
export class Migration20261202103307_charter_names_per_coordinator_and_served_kinds extends Migration {

  override name = 'Migration20261202103307_charter_names_per_coordinator_and_served_kinds';

  override up(): void | Promise<void> {
    this.addSql(`alter table "organisation" drop constraint "organisation_kind_check";`);
    this.addSql(`alter table "organisation" add constraint "organisation_kind_check" check ("kind" in ('DEPARTEMENT', 'PLIE', 'BAILLEUR', 'VILLE', 'EPCI', 'REGION', 'ETAT'));`);

    this.addSql(`alter table "charter" drop constraint "charter_name_unique";`);
    this.addSql(`alter table "charter" add constraint "charter_coordinator_id_name_unique" unique ("coordinator_id", "name");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "charter" drop constraint "charter_coordinator_id_name_unique";`);
    this.addSql(`alter table "charter" add constraint "charter_name_unique" unique ("name");`);
    this.addSql(`alter table "organisation" drop constraint "organisation_kind_check";`);
    this.addSql(`alter table "organisation" add constraint "organisation_kind_check" check ("kind" in ('DEPARTEMENT', 'PLIE', 'BAILLEUR', 'VILLE', 'EPCI', 'REGION', 'ETAT', 'ENTREPRISE', 'SIAE'));`);
  }

}
