/**
 * The accepted rows of a batch, written with one statement per kind of change, each with its audit
 * events in the same statement. An update that would change nothing is not made: importing the same
 * file again writes nothing and leaves no trace. Every statement also states the PLIE's scope, and
 * row-level security checks it again.
 */
import { numbered, scope } from '../../access/can.js';
import type { Action } from '../../access/model/sql.js';
import { auditedChangesSql } from '../../audit/audit-trail.js';
import type { Viewer } from '../../context/request-context.js';
import type { ImportCounts } from '../../db/entities/index.js';
import type { Sql } from '../../db/raw-sql.js';
import type { BatchWrites } from './batch.js';

/** What a batch wrote: the counts of an import but for the lines. */
export type Written = Omit<ImportCounts, 'rows' | 'accepted' | 'refused'>;

/** Who imports, for which PLIE, in which job (the audit events' request id). */
export interface ImportActor {
  /** Whose rules, in the access model, every statement states. */
  viewer: Viewer;
  organisationId: string;
  userId: string | null;
  apiKeyId: string | null;
  /** The import job: the audit events' request id. */
  importId: string;
}

const TYPOLOGY_COLUMNS = `sex text, entry_date date, age_at_entry int, residence_commune text, qpv_id uuid,
  is_brsa boolean, is_deld boolean, is_ase boolean, is_rqth boolean, qualification_level text`;
const TYPOLOGY = 'sex, entry_date, age_at_entry, residence_commune, qpv_id, is_brsa, is_deld, is_ase, is_rqth, qualification_level';
const TERMS_COLUMNS = 'lot_id uuid, contract_type text, modality text, end_date date, weekly_hours numeric';
const TERMS = 'lot_id, contract_type, modality, end_date, weekly_hours';
/** States the access model's rule of `action` on `table` for the row `alias`, its parameters numbered after the statement's. */
type Rule = (table: string, action: Action, alias: string) => string;
const prefixed = (alias: string, columns: string) => columns.split(', ').map((column) => `${alias}.${column}`).join(', ');

/**
 * Runs `write` ($1: the rows as JSON; $2 the organisation; the access model's rules it states), which
 * returns id, action and changes, and files an audit event for each row it wrote (of an identity, the
 * names of the fields written only). Returns how many rows were created and updated.
 */
async function audited(sql: Sql, context: ImportActor, entity: string, writeWith: (rule: Rule) => string, rows: object[]): Promise<{ CREATE: number; UPDATE: number }> {
  const counts = { CREATE: 0, UPDATE: 0 };
  if (!rows.length) return counts;
  const ruleParams: unknown[] = [];
  const write = writeWith((table, action, alias) => {
    const rule = numbered(scope(context.viewer, table, alias, action), AUDITED_PARAMS + ruleParams.length + 1);
    ruleParams.push(...rule.params);
    return rule.sql;
  });
  const result = await sql<{ action: 'CREATE' | 'UPDATE'; count: number }>(
    `with written as (${write}),
     trail as (
       insert into audit_event (id, user_id, api_key_id, organisation_id, entity, entity_id, action, changes, request_id)
       select gen_random_uuid(), $3, $4, $2, '${entity}', written.id, written.action, ${auditedChangesSql(entity, "written.changes - 'created_at' - 'updated_at'")}, $5
         from written)
     select action, count(*)::int as count from written group by action`,
    [JSON.stringify(rows), context.organisationId, context.userId, context.apiKeyId, context.importId, ...ruleParams],
  );
  for (const { action, count } of result) counts[action] = count;
  return counts;
}

/** The parameters every audited statement has before those of its rules. */
const AUDITED_PARAMS = 5;

const snake = (row: object) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]));

export async function writeBatch(sql: Sql, writes: BatchWrites, context: ImportActor): Promise<Written> {
  const people = await audited(sql, context, 'Beneficiary', () => `
    insert into beneficiary (id, followed_by_id, ${TYPOLOGY})
    select r.id, $2, ${prefixed('r', TYPOLOGY)} from jsonb_to_recordset($1::jsonb) as r(id uuid, ${TYPOLOGY_COLUMNS})
    returning id, 'CREATE' as action, to_jsonb(beneficiary) as changes`,
  writes.newBeneficiaries.map(({ key: _key, ...row }) => snake(row)));
  await audited(sql, context, 'BeneficiaryIdentity', () => `
    insert into beneficiary_identity (beneficiary_id, followed_by_id, last_name, first_name, birth_date)
    select r.id, $2, r.last_name, r.first_name, r.birth_date from jsonb_to_recordset($1::jsonb) as r(id uuid, last_name text, first_name text, birth_date date)
    returning beneficiary_id as id, 'CREATE' as action, jsonb_strip_nulls(to_jsonb(beneficiary_identity)) as changes`,
  writes.newBeneficiaries.map(({ id, key }) => ({ id, last_name: key.lastName, first_name: key.firstName, birth_date: key.birthDate })));
  const updatedPeople = await audited(sql, context, 'Beneficiary', (rule) => `
    update beneficiary b set (${TYPOLOGY}) = (${prefixed('r', TYPOLOGY)}), version = b.version + 1, updated_at = now()
      from jsonb_to_recordset($1::jsonb) as r(id uuid, ${TYPOLOGY_COLUMNS})
     where b.id = r.id and ${rule('beneficiary', 'update', 'b')} and (${prefixed('b', TYPOLOGY)}) is distinct from (${prefixed('r', TYPOLOGY)})
    returning b.id, 'UPDATE' as action, to_jsonb(r) as changes`,
  writes.beneficiaryUpdates.map(snake));
  const placements = await audited(sql, context, 'Placement', (rule) => `
    insert into placement (id, beneficiary_id, company_id, market_id, start_date, ${TERMS})
    select r.id, r.beneficiary_id, r.company_id, r.market_id, r.start_date, ${prefixed('r', TERMS)}
      from jsonb_to_recordset($1::jsonb) as r(id uuid, beneficiary_id uuid, company_id uuid, market_id uuid, start_date date, ${TERMS_COLUMNS})
     where ${rule('placement', 'create', 'r')}
    returning id, 'CREATE' as action, to_jsonb(placement) as changes`,
  writes.newPlacements.map(snake));
  const updatedPlacements = await audited(sql, context, 'Placement', (rule) => `
    update placement p set (${TERMS}) = (${prefixed('r', TERMS)}), version = p.version + 1, updated_at = now()
      from jsonb_to_recordset($1::jsonb) as r(id uuid, ${TERMS_COLUMNS})
     where p.id = r.id and ${rule('placement', 'update', 'p')}
       and (${prefixed('p', TERMS)}) is distinct from (${prefixed('r', TERMS)})
    returning p.id, 'UPDATE' as action, to_jsonb(r) as changes`,
  writes.placementUpdates.map(snake));
  const hours = await audited(sql, context, 'MonthlyHours', (rule) => `
    insert into monthly_hours (id, placement_id, month, hours)
    select gen_random_uuid(), r.placement_id, r.month, r.hours from jsonb_to_recordset($1::jsonb) as r(placement_id uuid, month date, hours numeric)
     where ${rule('monthly_hours', 'create', 'r')}
    on conflict (placement_id, month) do update set hours = excluded.hours, version = monthly_hours.version + 1, updated_at = now()
     where monthly_hours.hours is distinct from excluded.hours
    returning id, case when xmax = 0 then 'CREATE' else 'UPDATE' end as action, to_jsonb(monthly_hours) as changes`,
  writes.hours.map(snake));
  return {
    beneficiariesCreated: people.CREATE,
    beneficiariesUpdated: updatedPeople.UPDATE,
    placementsCreated: placements.CREATE,
    placementsUpdated: updatedPlacements.UPDATE,
    hoursCreated: hours.CREATE,
    hoursUpdated: hours.UPDATE,
    hoursUnchanged: writes.hours.length - hours.CREATE - hours.UPDATE,
  };
}
