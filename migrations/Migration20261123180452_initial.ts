import { Migration } from '@mikro-orm/migrations';

export class Migration20261123180452_initial extends Migration {

  override name = 'Migration20261123180452_initial';

  override up(): void | Promise<void> {
    this.addSql(`alter table "charter_qpv" drop constraint "charter_qpv_charter_id_foreign";`);
    this.addSql(`alter table "charter_qpv" drop constraint "charter_qpv_qpv_id_foreign";`);

    this.addSql(`alter table "market" drop constraint "market_rates";`);
    this.addSql(`alter table "market" add constraint "market_rates" check ((labour_rate is null or labour_rate between 0 and 1) and (insertion_rate is null or insertion_rate between 0 and 1));`);

    this.addSql(`alter table "charter_qpv" drop constraint "charter_qpv_pkey";`);
    this.addSql(`alter table "charter_qpv" add "id" uuid not null, add "created_at" timestamptz not null default now(), add "updated_at" timestamptz not null default now(), add "version" int not null default 1;`);
    this.addSql(`alter table "charter_qpv" add constraint "charter_qpv_charter_id_foreign" foreign key ("charter_id") references "charter" ("id");`);
    this.addSql(`alter table "charter_qpv" add constraint "charter_qpv_qpv_id_foreign" foreign key ("qpv_id") references "qpv" ("id");`);
    this.addSql(`alter table "charter_qpv" add constraint "charter_qpv_charter_id_qpv_id_unique" unique ("charter_id", "qpv_id");`);
    this.addSql(`alter table "charter_qpv" add primary key ("id");`);

    this.addSql(`alter table "beneficiary" drop constraint "beneficiary_age_at_entry";`);
    this.addSql(`alter table "beneficiary" add constraint "beneficiary_age_at_entry" check (age_at_entry between 14 and 99);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "charter_qpv" drop constraint "charter_qpv_charter_id_foreign";`);
    this.addSql(`alter table "charter_qpv" drop constraint "charter_qpv_qpv_id_foreign";`);

    this.addSql(`alter table "beneficiary" drop constraint "beneficiary_age_at_entry";`);
    this.addSql(`alter table "beneficiary" add constraint "beneficiary_age_at_entry" check ((age_at_entry >= 14) AND (age_at_entry <= 99));`);

    this.addSql(`alter table "charter_qpv" drop constraint "charter_qpv_charter_id_qpv_id_unique";`);
    this.addSql(`alter table "charter_qpv" drop constraint "charter_qpv_pkey";`);
    this.addSql(`alter table "charter_qpv" drop column "id", drop column "created_at", drop column "updated_at", drop column "version";`);
    this.addSql(`alter table "charter_qpv" add constraint "charter_qpv_charter_id_foreign" foreign key ("charter_id") references "charter" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "charter_qpv" add constraint "charter_qpv_qpv_id_foreign" foreign key ("qpv_id") references "qpv" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "charter_qpv" add primary key ("charter_id", "qpv_id");`);

    this.addSql(`alter table "market" drop constraint "market_rates";`);
    this.addSql(`alter table "market" add constraint "market_rates" check (((labour_rate IS NULL) OR ((labour_rate >= 0) AND (labour_rate <= 1))) AND ((insertion_rate IS NULL) OR ((insertion_rate >= 0) AND (insertion_rate <= 1))));`);
  }

}
