/**
 * The write half of the isolation oracle: for a writer (an organisation's kind, a role, a person or an API
 * key), which inserts, updates and deletes of every table the domain allows (docs/domain.md §4 and §6, the
 * README's "Reporting"). Each attempt names real rows, chosen as the owner by their relation to the writer
 * (a person it follows, one it reads without following, one it may not read; a market it buys, one it
 * facilitates, one of others…) and by what the read oracle lets it read.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Actor } from '../support/acting.js';
import { asOwner } from '../support/sql.js';
import { expectedRows, keyExpression } from './oracle.js';

export type Action = 'insert' | 'update' | 'delete';

export interface Attempt {
  table: string;
  action: Action;
  /** What is attempted, in words. */
  what: string;
  text: string;
  params: unknown[];
  /** Whether the domain allows this writer to do it; undefined: the domain leaves it open, not checked. */
  allowed: boolean | undefined;
}

/** Organisations that buy: the buyers and the Département for its own markets. A PLIE or the État never buys. */
const BUYING_KINDS = new Set(['DEPARTEMENT', 'BAILLEUR', 'VILLE', 'EPCI', 'REGION']);

/** Tables of derived data, kept by triggers: nobody writes them directly. */
const FACTS = ['hours_fact', 'market_fact', 'exit_fact', 'placement_year_fact', 'platform_hours', 'platform_people', 'platform_contracts',
  'platform_company_year', 'platform_markets', 'platform_exits'];

type Row = Record<string, unknown>;

/** The only rows the platform deletes: a lot its buyer removes, an award it withdraws, an identity erased. */
const DELETED_ROWS = new Set(['lot', 'award', 'beneficiary_identity']);

/** Every attempt the writer's situation allows to build, each with what the domain says of it. */
export async function attemptsOf(writer: Actor, keys: Map<string, string[]>): Promise<Attempt[]> {
  const readable = await expectedRows(writer, keys);
  const O = writer.organisationId;
  const edits = writer.role !== 'VIEWER';
  const administers = writer.role === 'ADMIN' && writer.userId !== null;
  const supervises = writer.kind === 'DEPARTEMENT';
  const ids = (table: string) => [...readable.get(table)!];

  return asOwner(async (client) => {
    const attempts: Attempt[] = [];
    /** The first row (as JSON) the query names by `id`, or undefined. */
    const row = async (table: string, where: string, params: unknown[] = []): Promise<Row | undefined> =>
      (await client.query<{ row: Row }>(`select to_jsonb(t) as row from ${table} t where ${where} order by ${keys.get(table)!.map((c) => `t.${c}`).join(', ')} limit 1`, params)).rows[0]?.row;
    const keyOf = (table: string, found: Row) => keys.get(table)!.map((column) => String(found[column])).join('|');
    const key = (table: string) => keyExpression(table, keys.get(table)!);

    const insert = (table: string, what: string, template: Row | undefined, changes: Row, allowed: boolean | undefined) => {
      if (template) attempts.push({
        table, action: 'insert', what, allowed,
        text: `insert into ${table} select * from json_populate_record(null::${table}, $1::json)`, params: [JSON.stringify({ ...template, ...changes })],
      });
    };
    /** Writes a column (by default the first of its key, unchanged: the update itself is what is checked). */
    const update = (table: string, what: string, found: Row | undefined, allowed: boolean | undefined, column?: string, value?: unknown) => {
      if (!found) return;
      const target = column ?? keys.get(table)![0]!;
      attempts.push({
        table, action: 'update', what, allowed,
        text: `update ${table} set ${target} = ${column ? '$2' : target} where ${key(table)} = $1`, params: column ? [keyOf(table, found), value] : [keyOf(table, found)],
      });
    };
    /** Nothing is deleted but a lot and an award (a buyer removes a lot, withdraws an award): the rest is archived, revoked or deactivated, and the trail names it. */
    const remove = (table: string, what: string, found: Row | undefined, allowed: boolean | undefined) => {
      if (found) attempts.push({ table, action: 'delete', what, allowed: DELETED_ROWS.has(table) ? allowed : false, text: `delete from ${table} where ${key(table)} = $1`, params: [keyOf(table, found)] });
    };
    const newId = () => ({ id: randomUUID() });

    // The directory and the reference data: kept by the Département's administrators.
    const own = await row('organisation', 't.id = $1', [O]);
    const other = await row('organisation', `t.id <> $1 and t.kind = 'PLIE'`, [O]);
    const directory = supervises && administers;
    insert('organisation', 'add an organisation to the directory', own, { ...newId(), name: `Nouvelle ${randomUUID()}` }, directory);
    update('organisation', 'change its own entry in the directory', own, directory);
    update('organisation', "change another organisation's entry", other, directory);
    remove('organisation', 'remove another organisation', other, directory);
    const qpv = await row('qpv', 'true');
    insert('qpv', 'add a QPV', qpv, newId(), directory);
    update('qpv', 'change a QPV', qpv, directory);
    remove('qpv', 'remove a QPV', qpv, directory);

    // Companies are shared: any editor of an organisation that buys or places people registers and corrects them (not the État).
    const company = await row('company', 'true');
    const registers = edits && writer.kind !== 'ETAT';
    insert('company', 'register a company', company, { ...newId(), siret: String(Date.now()).padStart(14, '9').slice(-14) }, registers);
    update('company', 'correct a company', company, registers);

    // Accounts, memberships and keys: administration, by the people who administer the organisation, never by a key.
    const outsider = await row('app_user', 't.id not in (select user_id from membership where organisation_id = $1)', [O]);
    update('app_user', "change the account of a person who is not one of its members", outsider, supervises && administers ? undefined : false, 'display_name', 'Intrus');
    const member = await row('membership', 't.organisation_id = $1 and t.user_id is distinct from $2', [O, writer.userId]);
    const foreignMember = await row('membership', 't.organisation_id <> $1', [O]);
    // A membership is created only by its invitee accepting an invitation, never written directly, even by an administrator.
    insert('membership', 'give its organisation a new member directly', member, { ...newId(), user_id: outsider?.id }, false);
    insert('membership', 'give another organisation a new member directly', foreignMember, { ...newId(), user_id: outsider?.id }, false);
    // An invitation is sent by the people who administer the organisation (the Département's, into any organisation).
    const inviter = writer.userId ?? (await row('membership', 't.organisation_id = $1', [O]))?.user_id;
    const invitation = (organisation: unknown) => ({
      ...newId(), organisation_id: organisation, email: `invite-${randomUUID()}@test.demo`, display_name: 'Personne invitée', role: 'VIEWER',
      invited_by: inviter, status: 'PENDING', closed_at: null, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), version: 1,
    });
    insert('invitation', 'invite someone into its organisation', {}, invitation(O), administers);
    insert('invitation', 'invite someone into another organisation', {}, invitation(other?.id), supervises && administers);
    update('membership', "change the role of one of its organisation's members", member, administers, 'role', 'EDITOR');
    update('membership', "change the role of another organisation's member (the Département's admins manage any organisation's)", foreignMember, supervises && administers, 'role', 'EDITOR');
    remove('membership', 'delete a membership (they are deactivated, never deleted)', member, false);
    const ownKey = await row('api_key', 't.organisation_id = $1', [O]);
    const foreignKey = await row('api_key', 't.organisation_id <> $1', [O]);
    insert('api_key', 'create a key for its organisation', ownKey ?? foreignKey, { ...newId(), organisation_id: O, prefix: randomUUID().slice(0, 12) }, administers);
    insert('api_key', 'create a key for another organisation', foreignKey, { ...newId(), prefix: randomUUID().slice(0, 12) }, false);
    update('api_key', "revoke one of its organisation's keys", ownKey, administers, 'revoked_at', new Date().toISOString());
    update('api_key', "revoke another organisation's key", foreignKey, false, 'revoked_at', new Date().toISOString());
    remove('api_key', 'delete a key (revoked keys are kept: the trail names them)', ownKey, false);

    // Charters: written by their coordinator and by the Département.
    const coordinated = await row('charter', 't.coordinator_id = $1', [O]);
    const signedOnly = await row('charter', 't.coordinator_id <> $1 and t.id in (select charter_id from charter_signatory where organisation_id = $1)', [O]);
    const foreignCharter = await row('charter', 'not (t.id = any($1::uuid[]))', [ids('charter')]);
    const anyCharter = coordinated ?? signedOnly ?? foreignCharter ?? await row('charter', 'true');
    insert('charter', 'create a charter another organisation coordinates', anyCharter, { ...newId(), name: `Charte ${randomUUID()}`, coordinator_id: other?.id }, supervises && edits);
    for (const [charter, how, allowed] of [
      [coordinated, 'a charter it coordinates', edits], [signedOnly, 'a charter it signed but does not coordinate', supervises && edits],
      [foreignCharter, 'a charter it neither signed nor coordinates', supervises && edits],
    ] as const) {
      if (!charter) continue;
      update('charter', `change ${how}`, charter, allowed);
      remove('charter', `delete ${how}`, charter, allowed);
      for (const part of ['charter_signatory', 'charter_target', 'charter_qpv']) {
        const found = await row(part, 't.charter_id = $1', [charter.id]);
        insert(part, `add to ${how}`, found, newId(), allowed);
        update(part, `change in ${how}`, found, allowed);
        remove(part, `remove from ${how}`, found, allowed);
      }
    }

    // Operations: written by their owner.
    const owned = await row('operation', 't.owner_id = $1', [O]);
    const readOnly = await row('operation', 't.owner_id <> $1 and t.id = any($2::uuid[])', [O, ids('operation')]);
    const foreignOperation = await row('operation', 'not (t.id = any($1::uuid[]))', [ids('operation')]);
    insert('operation', 'create an operation it owns (it owns some already)', owned, newId(), edits);
    insert('operation', 'create an operation another organisation owns', owned ?? readOnly ?? foreignOperation, { ...newId(), owner_id: other?.id }, false);
    update('operation', 'change an operation it owns', owned, edits);
    remove('operation', 'delete an operation it owns', owned, edits);
    update('operation', 'change an operation it reads but does not own', readOnly, false);
    update('operation', 'change an operation it may not read', foreignOperation, false);

    // Markets, lots and awards: written by their buyer; a market names only an operation its buyer may read.
    const bought = await row('market', 't.buyer_id = $1 and exists (select from lot l join award a on a.lot_id = l.id where l.market_id = t.id)', [O]);
    const facilitated = await row('market', 't.facilitator_id = $1 and t.buyer_id <> $1 and exists (select from lot l join award a on a.lot_id = l.id where l.market_id = t.id)', [O]);
    const foreignMarket = await row('market', 'not (t.id = any($1::uuid[])) and exists (select from lot l join award a on a.lot_id = l.id where l.market_id = t.id)', [ids('market')]);
    const template = bought ?? facilitated ?? foreignMarket;
    const buyer = BUYING_KINDS.has(writer.kind) && edits;
    const fresh = { ...newId(), reference: `ORACLE-${randomUUID()}`, buyer_id: O, charter_id: null, facilitator_id: null };
    insert('market', 'declare a market it buys', template, { ...fresh, operation_id: null }, buyer);
    const readableOperation = readOnly ?? owned;
    if (readableOperation) insert('market', 'declare a market it buys, of an operation it reads', template, { ...fresh, operation_id: readableOperation.id }, buyer);
    if (foreignOperation) insert('market', 'declare a market it buys, of an operation it may not read', template, { ...fresh, operation_id: foreignOperation.id }, false);
    insert('market', 'declare a market another organisation buys', template, { ...fresh, buyer_id: other?.id }, false);
    update('market', 'change a market it buys', bought, edits);
    if (foreignOperation) update('market', 'move a market it buys to an operation it may not read', bought, false, 'operation_id', foreignOperation.id);
    remove('market', 'delete a market it buys', bought, edits);
    for (const [market, how, allowed] of [[bought, 'a market it buys', edits], [facilitated, 'a market it facilitates', false], [foreignMarket, 'a market of others', false]] as const) {
      if (!market) continue;
      if (market !== bought) {
        update('market', `change ${how}`, market, allowed);
        remove('market', `delete ${how}`, market, allowed);
      }
      const lot = await row('lot', 't.market_id = $1 and exists (select from award a where a.lot_id = t.id)', [market.id]);
      const award = await row('award', 't.lot_id = $1', [lot?.id]);
      insert('lot', `add a lot to ${how}`, lot, { ...newId(), number: 99 }, allowed);
      update('lot', `change a lot of ${how}`, lot, allowed);
      remove('lot', `remove a lot of ${how}`, lot, allowed);
      insert('award', `award a lot of ${how}`, award, newId(), allowed);
      update('award', `change an award of ${how}`, award, allowed);
      remove('award', `withdraw an award of ${how}`, award, allowed);
    }

    // People, their identity and their exits: written by the PLIE that follows them.
    const follower = writer.kind === 'PLIE' && edits;
    const ownPerson = await row('beneficiary', 't.followed_by_id = $1 and exists (select from beneficiary_exit e where e.beneficiary_id = t.id)', [O]);
    const readPerson = await row('beneficiary', `t.followed_by_id <> $1 and t.id = any($2::uuid[])
      and exists (select from beneficiary_exit e where e.beneficiary_id = t.id and e.id = any($3::uuid[]))`, [O, ids('beneficiary'), ids('beneficiary_exit')])
      ?? await row('beneficiary', 't.followed_by_id <> $1 and t.id = any($2::uuid[])', [O, ids('beneficiary')]);
    const hiddenPerson = await row('beneficiary', 'not (t.id = any($1::uuid[])) and exists (select from beneficiary_exit e where e.beneficiary_id = t.id)', [ids('beneficiary')]);
    const anyPerson = ownPerson ?? readPerson ?? hiddenPerson;
    insert('beneficiary', 'register a person it follows', anyPerson, { ...newId(), followed_by_id: O }, follower);
    insert('beneficiary', 'register a person another PLIE follows', anyPerson, { ...newId(), followed_by_id: other?.id }, false);
    for (const [person, how, allowed] of [
      [ownPerson, 'a person it follows', edits], [readPerson, 'a person it reads but does not follow', false], [hiddenPerson, 'a person it may not read', false],
    ] as const) {
      if (!person) continue;
      update('beneficiary', `change ${how}`, person, allowed);
      remove('beneficiary', `delete ${how}`, person, allowed);
      const identity = await row('beneficiary_identity', 't.beneficiary_id = $1', [person.id]);
      insert('beneficiary_identity', `record the identity of ${how}`, identity, {}, allowed);
      update('beneficiary_identity', `change the identity of ${how}`, identity, allowed);
      // Erasure (GDPR art. 17): by the administrators of the PLIE that follows the person.
      remove('beneficiary_identity', `delete the identity of ${how}`, identity, person === ownPerson && follower && administers);
      const exit = await row('beneficiary_exit', 't.beneficiary_id = $1', [person.id]);
      insert('beneficiary_exit', `record an exit of ${how}`, exit, newId(), allowed);
      update('beneficiary_exit', `change an exit of ${how}`, exit, allowed);
      remove('beneficiary_exit', `delete an exit of ${how}`, exit, allowed);
    }

    // Placements and their hours: written by the PLIE that follows the person or the PLIE that facilitates the market;
    // a placement names a person its writer may read.
    const withHours = 'exists (select from monthly_hours h where h.placement_id = t.id)';
    const ownPlacement = await row('placement', `t.beneficiary_id in (select id from beneficiary where followed_by_id = $1) and ${withHours}`, [O]);
    const facilitatedPlacement = await row('placement', `t.market_id in (select id from market where facilitator_id = $1)
      and t.beneficiary_id not in (select id from beneficiary where followed_by_id = $1) and ${withHours}`, [O]);
    const foreignPlacement = await row('placement', `not (t.id = any($1::uuid[])) and ${withHours}`, [ids('placement')]);
    const unreadable = await row('beneficiary', 'not (t.id = any($1::uuid[]))', [ids('beneficiary')]);
    const unreadMarket = await row('market', 'not (t.id = any($1::uuid[]))', [ids('market')]);
    const facilitatedMarket = await row('market', 't.facilitator_id = $1', [O]);
    const placement = ownPlacement ?? facilitatedPlacement ?? foreignPlacement;
    if (ownPlacement && unreadMarket) insert('placement', 'place a person it follows on a market it may not read', placement, { ...newId(), market_id: unreadMarket.id, lot_id: null }, edits);
    if (facilitatedPlacement) insert('placement', 'place a person it reads on a market it facilitates (placing is for the PLIE that follows the person)', placement, { ...newId(), beneficiary_id: facilitatedPlacement.beneficiary_id, market_id: facilitatedPlacement.market_id, lot_id: null }, false);
    if (unreadable && facilitatedMarket) insert('placement', 'place a person it may not read on a market it facilitates', placement, { ...newId(), beneficiary_id: unreadable.id, market_id: facilitatedMarket.id, lot_id: null }, false);
    if (unreadable && unreadMarket) insert('placement', 'place a person it may not read on a market of others', placement, { ...newId(), beneficiary_id: unreadable.id, market_id: unreadMarket.id, lot_id: null }, false);
    if (unreadable) update('placement', 'put a person it may not read on a placement on its market', facilitatedPlacement, false, 'beneficiary_id', unreadable.id);
    for (const [found, how, allowed] of [
      [ownPlacement, 'a placement of a person it follows', edits], [facilitatedPlacement, "a placement of another PLIE's person on a market it facilitates", edits],
      [foreignPlacement, 'a placement it may not read', false],
    ] as const) {
      if (!found) continue;
      update('placement', `change ${how}`, found, allowed);
      remove('placement', `delete ${how}`, found, allowed);
      const hours = await row('monthly_hours', 't.placement_id = $1', [found.id]);
      insert('monthly_hours', `report hours of ${how}`, hours, newId(), allowed);
      update('monthly_hours', `correct hours of ${how}`, hours, allowed);
      remove('monthly_hours', `remove hours of ${how}`, hours, allowed);
    }

    // The audit trail and the indicator facts are written by the platform alone.
    const event = await row('audit_event', 't.id = any($1::uuid[])', [ids('audit_event')]) ?? await row('audit_event', 'true');
    insert('audit_event', "write an event in another organisation's trail", event, { ...newId(), organisation_id: other?.id, user_id: writer.userId, api_key_id: writer.apiKeyId }, false);
    update('audit_event', 'change an event of the trail', event, false, 'action', 'DELETE');
    remove('audit_event', 'delete an event of the trail', event, false);

    // The record of identity reads: written by whoever reads, for itself, whatever its kind and role; never changed nor deleted.
    const readRecord = { ...newId(), created_at: new Date(), updated_at: new Date(), version: 1, organisation_id: O, user_id: writer.userId,
      api_key_id: writer.apiKeyId, followed_by_id: O, beneficiary_ids: [], channel: 'GRAPHQL', request_id: null };
    insert('identity_read', 'record its own read', readRecord, {}, true);
    insert('identity_read', 'record a read for another organisation', readRecord, { ...newId(), organisation_id: other?.id }, false);
    const read = await row('identity_read', 'true');
    update('identity_read', 'change a record of reads', read, false);
    remove('identity_read', 'delete a record of reads', read, false);
    for (const fact of FACTS) {
      const readableKeys = [...readable.get(fact)!].slice(0, 1);
      const found = await row(fact, `${key(fact).replaceAll(`${fact}.`, 't.')} = any($1::text[])`, [readableKeys]) ?? await row(fact, 'true');
      insert(fact, 'write a fact', found, fact.endsWith('_fact') && 'id' in (found ?? {}) ? newId() : { year: 1999 }, false);
      update(fact, 'change a fact', found, false);
      remove(fact, 'delete a fact', found, false);
    }

    // Imports: an organisation's editors import its files.
    const job = await row('import_job', 't.organisation_id = $1', [O]);
    const foreignJob = await row('import_job', 't.organisation_id <> $1', [O]);
    // Files are imported by a PLIE (its follow-up) and the Département (the DECP), never by a buyer or the État.
    insert('import_job', 'start an import for its organisation', job ?? foreignJob, { ...newId(), organisation_id: O, user_id: writer.userId, api_key_id: writer.apiKeyId },
      edits && (writer.kind === 'PLIE' || supervises));
    insert('import_job', 'start an import for another organisation', job ?? foreignJob, { ...newId(), organisation_id: other?.id }, false);
    update('import_job', "follow one of its organisation's imports", job, edits);
    update('import_job', "change another organisation's import", foreignJob, false);
    // A file's parts are sent with its job, by those who start it.
    const part = (found: Row | undefined) => found && { import_job_id: found.id, seq: 1_000_000, bytes: '\\x00' };
    insert('import_file_chunk', 'send a part of a file for one of its imports', part(job), {}, edits && (writer.kind === 'PLIE' || supervises));
    insert('import_file_chunk', "send a part of a file for another organisation's import", part(foreignJob), {}, false);

    return attempts;
  });
}

export type Outcome = 'written' | 'refused';

/**
 * What row-level security did with the statement: it wrote a row, or it refused (an error of row-level security,
 * or no row matched what the writer may change). An integrity error (a unique key, a foreign key) comes after
 * row-level security's checks: the row passed them, so it counts as written.
 */
export async function outcomeOf(run: (text: string, params: unknown[]) => Promise<number>, attempt: Attempt): Promise<Outcome> {
  await run('savepoint attempt', []);
  try {
    return (await run(attempt.text, attempt.params)) > 0 ? 'written' : 'refused';
  } catch (error) {
    const code = (error as pg.DatabaseError).code ?? '';
    if (code === '42501') return 'refused';
    if (code.startsWith('23')) return 'written';
    throw new Error(`${attempt.table} ${attempt.action} "${attempt.what}" failed: ${(error as Error).message}`);
  } finally {
    await run('rollback to savepoint attempt', []);
  }
}
