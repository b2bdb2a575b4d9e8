/**
 * A person's whole record, for their rights of access and portability (GDPR art. 15 and 20, asked through the
 * controller of the PLIE that follows them): identity, statuses at entry, placements with their hours, exits,
 * restriction and erasure, and who read the identity (for the PLIE's administrators), as JSON; and as the
 * follow-up spreadsheet the import reads (CSV or XLSX), the person's lines only, so that another PLIE can take
 * the person over.
 */
import { numbered, scope } from '../access/can.js';
import { guard } from '../access/operations.js';
import type { ServiceContext } from '../context/request-context.js';
import type { RowRef } from '../context/rows.js';
import { transactionSql } from '../db/raw-sql.js';
import { identitiesSelected, readsOfPerson, type IdentityBearingAnswer } from '../personal-data/identity-reads.js';
import { followedBeneficiary } from './access.js';
import { FOLLOW_UP_WRITERS, type FollowUpFormat } from './export.js';

const OPERATION = 'GET /exports/person';
const READ_LOG_FOR_ADMINISTRATORS = 'Qui a consulté cette identité : relevé réservé aux administrateurs du PLIE, à leur demander.';

/** Dates as days, and a market another PLIE facilitates named as the export names it (reference and buyer's SIRET). */
const RECORD = `
  select json_build_object(
    'followedBy', (select name from organisation where id = b.followed_by_id),
    'registeredAt', b.created_at,
    'identity', (select json_build_object('lastName', i.last_name, 'firstName', i.first_name, 'birthDate', i.birth_date,
                   'email', i.email, 'phone', i.phone, 'address', i.address) from beneficiary_identity i where i.beneficiary_id = b.id),
    'statusesAtEntry', json_build_object('sex', b.sex, 'entryDate', b.entry_date, 'ageAtEntry', b.age_at_entry,
      'residenceCommune', b.residence_commune, 'qpv', (select name from qpv where id = b.qpv_id), 'isBrsa', b.is_brsa,
      'isDeld', b.is_deld, 'isAse', b.is_ase, 'isRqth', b.is_rqth, 'qualificationLevel', b.qualification_level),
    'restrictedAt', b.restricted_at,
    'erasedAt', b.erased_at,
    'placements', coalesce((select json_agg(json_build_object(
        'employer', json_build_object('siret', c.siret, 'name', c.name),
        'market', json_build_object('reference', m.reference, 'buyerSiret', m.buyer_siret),
        'contractType', p.contract_type, 'modality', p.modality, 'startDate', p.start_date, 'endDate', p.end_date,
        'weeklyHours', p.weekly_hours,
        'hours', coalesce((select json_agg(json_build_object('month', to_char(h.month, 'YYYY-MM'), 'hours', h.hours) order by h.month)
                             from monthly_hours h where h.placement_id = p.id), '[]'::json)
      ) order by p.start_date, p.id)
      from placement p join company c on c.id = p.company_id left join app_followed_people_markets() m on m.id = p.market_id
      where p.beneficiary_id = b.id), '[]'::json),
    'exits', coalesce((select json_agg(json_build_object('exitDate', e.exit_date, 'outcome', e.outcome, 'subsidy', e.subsidy,
        'contractStart', e.contract_start, 'contractEnd', e.contract_end, 'category', e.category) order by e.exit_date)
      from beneficiary_exit e where e.beneficiary_id = b.id), '[]'::json)
  ) as record
  from beneficiary b where b.id = ?`;

/** The person's record as JSON, and the identity it carries; NOT_FOUND unless the acting PLIE follows them. */
export async function personRecord(ctx: ServiceContext, ref: RowRef): Promise<IdentityBearingAnswer> {
  guard(ctx.viewer, OPERATION);
  const person = await followedBeneficiary(ctx, ref);
  const [row] = await ctx.em.execute<{ record: Record<string, unknown> }[]>(RECORD, [person.id]);
  const sql = transactionSql(ctx.em);
  const readBy = await readsOfPerson(sql, ctx.viewer, person.id);
  const record = JSON.stringify({ id: person.id, ...row!.record, readBy, ...(readBy ? {} : { readByNote: READ_LOG_FOR_ADMINISTRATORS }) }, null, 2);
  return { write: async (out) => void out.end(record), reads: await identitiesSelected(sql, onlyThePerson(ctx, person.id)) };
}

/** The person's lines of the follow-up spreadsheet, and the identity they carry; NOT_FOUND, before anything is sent, unless the acting PLIE follows them. */
export async function personRecordFile(ctx: ServiceContext, ref: RowRef, format: FollowUpFormat): Promise<IdentityBearingAnswer> {
  guard(ctx.viewer, OPERATION);
  const person = await followedBeneficiary(ctx, ref);
  const people = onlyThePerson(ctx, person.id);
  const sql = transactionSql(ctx.em);
  return { write: (out) => FOLLOW_UP_WRITERS[format](sql, people, out), reads: await identitiesSelected(sql, people) };
}

/** The person's identity among those the acting organisation reads, as a condition on `beneficiary_identity i`. */
function onlyThePerson(ctx: ServiceContext, beneficiaryId: string) {
  const followed = scope(ctx.viewer, 'beneficiary_identity', 'i');
  return numbered({ sql: `${followed.sql} and i.beneficiary_id = ?`, params: [...followed.params, beneficiaryId] }, 1);
}
