/**
 * One batch of spreadsheet rows: every row checked against the same rules as the mutations, the rows
 * that depend on a refused one refused too, then the accepted rows written with a few set-based
 * statements (src/imports/spreadsheet/writes.ts). A row is accepted whole or refused whole.
 */
import { numbered, scope } from '../../access/can.js';
import { randomUUID } from 'node:crypto';
import { isValidSiret } from '../../domain/siret.js';
import { checkAgeAtEntry, checkMonthlyHours, checkPlacementTerms, checkQpv } from '../../reporting/rules.js';
import { Validation } from '../../reporting/validation.js';
import type { Sql } from '../../db/raw-sql.js';
import { COLUMNS } from './columns.js';
import type { MarketRef, References } from './references.js';
import type { HoursLine, PersonKey, RowProblem, SheetRow, Terms, Typology } from './rows.js';
import type { ImportActor, Written } from './writes.js';
import { writeBatch } from './writes.js';
import { restrictedRefusal } from '../../follow-up/restriction.js';
import { comparedName, firstCloseCandidates, type ComparedName } from '../../domain/duplicates.js';
import { toGlobalId } from '../../context/global-id.js';

/**
 * Problems that refuse nothing: the line is accepted and written, the problem only warns (counted apart,
 * so that an all-or-nothing import still commits).
 */
export const WARNING_CODES: ReadonlySet<string> = new Set(['PROBABLE_DUPLICATE']);
/**
 * People of the PLIE born on one day that a new person is compared with: far more than any PLIE follows (a few a
 * day at most), and a bound that keeps a file of thousands of people born the same day linear.
 */
const SAME_DAY_COMPARED = 50;

export interface NewBeneficiary extends Typology { id: string; ageAtEntry: number; qpvId: string | null; key: PersonKey }
export interface ExistingBeneficiary extends Typology { id: string; ageAtEntry: number; qpvId: string | null }
export interface PlacementWrite extends Terms {
  id: string; beneficiaryId: string; companyId: string; marketId: string; startDate: string; lotId: string | null;
}
export interface HoursWrite extends HoursLine { placementId: string }

/** What the accepted rows of a batch write. */
export interface BatchWrites {
  newBeneficiaries: NewBeneficiary[];
  beneficiaryUpdates: ExistingBeneficiary[];
  newPlacements: PlacementWrite[];
  placementUpdates: PlacementWrite[];
  hours: HoursWrite[];
}

const HEADER_OF = new Map(COLUMNS.map((column) => [column.field, column.header]));
const FIELD_ALIASES: Record<string, string> = { qpvId: 'qpv' };

interface ExistingPlacement { id: string; startDate: string; endDate: string | null }

/** A row on its way: the ids it resolves to, and its problems. */
class RowState {
  readonly problems: RowProblem[];
  personKey: string;
  beneficiaryId: string | null = null;
  placementKey: string | null = null;
  companyId: string | null = null;
  market: MarketRef | null = null;
  lotId: string | null = null;
  /** From the statuses at entry the row states, once checked. */
  qpvId: string | null = null;
  ageAtEntry: number | null = null;
  /** Checked once the placement's effective dates are known. */
  hoursChecked = false;

  constructor(readonly row: SheetRow) {
    this.problems = [...row.problems];
    // A row refused as read (a name too long, say) goes no further: its key may be incomplete.
    this.personKey = this.refused ? '' : personKeyOf(row.person!);
  }

  get refused(): boolean {
    return this.problems.length > 0;
  }

  /** The problems of a Validation, placed in this row's columns. */
  take(validation: Validation): void {
    for (const problem of validation.problems) {
      const field = FIELD_ALIASES[problem.field] ?? problem.field;
      this.problems.push({ sheet: this.row.sheet, row: this.row.row, column: HEADER_OF.get(field) ?? null, code: problem.code, message: problem.message, existingId: problem.existingId });
    }
  }

  refuse(column: string | null, code: string, message: string): void {
    this.problems.push({ sheet: this.row.sheet, row: this.row.row, column, code, message });
  }
}

const personKeyOf = (person: PersonKey) => [person.lastName.toLowerCase(), person.firstName.toLowerCase(), person.birthDate].join('|');

export interface BatchResult {
  /** The refusals, then the warnings (WARNING_CODES) of accepted lines. */
  problems: RowProblem[];
  accepted: number;
  refused: number;
  /** The rows refused, with their problems (to keep them for the sender: src/imports/refused-rows.ts). */
  refusedRows: { sheet: string; row: number; problems: RowProblem[] }[];
  written: Written;
}

export class BatchProcessor {
  constructor(private readonly sql: Sql, private readonly references: References, private readonly actor: ImportActor) {}

  async process(rows: SheetRow[]): Promise<BatchResult> {
    const states = rows.map((row) => new RowState(row));
    const readable = states.filter((state) => !state.refused);
    await this.loadReferences(readable);
    const { ids: existingPeople, restricted } = await this.existingBeneficiaries(readable);
    for (const state of readable) if (restricted.has(state.personKey)) state.refuse(HEADER_OF.get('lastName')!, 'RESTRICTED', restrictedRefusal().message);
    const plannedPeople = this.checkPeople(readable.filter((state) => !state.refused), existingPeople);
    this.resolvePlacementKeys(readable);
    const existingPlacements = await this.existingPlacements(readable);
    const writes = this.settle(readable, existingPeople, plannedPeople, existingPlacements);
    const warnings = await this.probableDuplicates(readable, writes);
    const written = await writeBatch(this.sql, writes, this.actor);
    const problems = [...states.flatMap((state) => state.problems), ...warnings];
    const refused = states.filter((state) => state.refused).length;
    const refusedRows = states.filter((state) => state.refused).map((state) => ({ sheet: state.row.sheet, row: state.row.row, problems: state.problems }));
    return { problems, accepted: states.length - refused, refused, refusedRows, written };
  }

  private async loadReferences(states: RowState[]): Promise<void> {
    const keys = states.map((state) => state.row.placementKey).filter((key) => key !== undefined);
    await Promise.all([
      this.references.companies.load(keys.map((key) => key.employerSiret).filter(isValidSiret)),
      this.references.markets.load(keys.map((key) => key.marketReference)),
      this.references.qpvs.load(),
    ]);
  }

  /** The people the PLIE already follows, by key, and the keys of those whose follow-up is frozen (restricted). */
  private async existingBeneficiaries(states: RowState[]): Promise<{ ids: Map<string, string>; restricted: Set<string> }> {
    const keys = [...new Map(states.map((state) => [state.personKey, state.row.person!])).values()];
    // The identities the PLIE reads: those of the people it follows.
    const followed = numbered(scope(this.actor.viewer, 'beneficiary_identity', 'i'), 2);
    const rows = await this.sql<{ id: string; last: string; first: string; birth: string; restricted: boolean }>(
      `select i.beneficiary_id as id, lower(i.last_name) as last, lower(i.first_name) as first, to_char(i.birth_date, 'YYYY-MM-DD') as birth,
              b.restricted_at is not null as restricted
         from beneficiary_identity i
         join beneficiary b on b.id = i.beneficiary_id
         join jsonb_to_recordset($1::jsonb) as k(last text, first text, birth date)
           on lower(i.last_name) = k.last and lower(i.first_name) = k.first and i.birth_date = k.birth
        where ${followed.sql}`,
      [JSON.stringify(keys.map((key) => ({ last: key.lastName.toLowerCase(), first: key.firstName.toLowerCase(), birth: key.birthDate }))), ...followed.params],
    );
    const keyOf = (row: { last: string; first: string; birth: string }) => [row.last, row.first, row.birth].join('|');
    return { ids: new Map(rows.map((row) => [keyOf(row), row.id])), restricted: new Set(rows.filter((row) => row.restricted).map(keyOf)) };
  }

  /**
   * A warning for each accepted line that creates a person close to one the PLIE already follows (same
   * birth date, a close name: domain/duplicates.ts); the exact namesake is the same person, not a new one.
   */
  private async probableDuplicates(states: RowState[], writes: BatchWrites): Promise<RowProblem[]> {
    const created = new Set(writes.newBeneficiaries.map((person) => personKeyOf(person.key)));
    const creating = lastBy(states.filter((state) => !state.refused && state.row.typology && created.has(state.personKey)), (state) => state.personKey);
    if (!creating.size) return [];
    const births = [...new Set([...creating.values()].map((state) => state.row.person!.birthDate))];
    // The identities the acting PLIE reads: only the people it follows.
    const followed = numbered(scope(this.actor.viewer, 'beneficiary_identity', 'i'), 2);
    const rows = await this.sql<{ id: string; lastName: string; firstName: string; birthDate: string }>(
      `select id, "lastName", "firstName", "birthDate" from (
         select i.beneficiary_id as id, i.last_name as "lastName", i.first_name as "firstName", to_char(i.birth_date, 'YYYY-MM-DD') as "birthDate",
                row_number() over (partition by i.birth_date order by i.created_at, i.beneficiary_id) as nth
           from beneficiary_identity i
          where i.birth_date = any($1::date[]) and ${followed.sql}) same_day
        where nth <= ${SAME_DAY_COMPARED}`,
      [births, ...followed.params],
    );
    const sameDay = new Map<string, { id: string; name: ComparedName }[]>();
    for (const row of rows) {
      const name = comparedName(row);
      if (name) sameDay.set(row.birthDate, [...(sameDay.get(row.birthDate) ?? []), { id: row.id, name }]);
    }
    const people = [...creating.values()].flatMap((state) => {
      const name = comparedName(state.row.person!);
      return name ? [{ state, name }] : [];
    });
    const warnings: RowProblem[] = [];
    for (const [{ state }, close] of await firstCloseCandidates(people, sameDay)) {
      warnings.push({
        sheet: state.row.sheet, row: state.row.row, column: HEADER_OF.get('lastName') ?? null, code: 'PROBABLE_DUPLICATE',
        message: 'Ligne acceptée, mais une personne déjà suivie par votre PLIE est née le même jour sous un nom proche : vérifiez qu’il ne s’agit pas d’un doublon',
        existingId: toGlobalId('Beneficiary', close.id),
      });
    }
    return warnings;
  }

  /** The statuses at entry each row states, checked; a person seen for the first time gets an id. */
  private checkPeople(states: RowState[], existing: Map<string, string>): Map<string, string> {
    const planned = new Map<string, string>();
    for (const state of states) {
      const typology = state.row.typology;
      if (!typology) continue;
      const validation = new Validation();
      state.ageAtEntry = checkAgeAtEntry(validation, state.row.person!.birthDate, typology.entryDate);
      if (typology.qpv) {
        const qpv = this.references.qpvs.find(typology.qpv, typology.residenceCommune);
        checkQpv(validation, 'qpv', typology.qpv, qpv, typology.residenceCommune);
        state.qpvId = qpv?.id ?? null;
      }
      state.take(validation);
      if (!existing.has(state.personKey) && !planned.has(state.personKey)) planned.set(state.personKey, randomUUID());
    }
    for (const state of states) state.beneficiaryId = existing.get(state.personKey) ?? planned.get(state.personKey) ?? null;
    return planned;
  }

  private resolvePlacementKeys(states: RowState[]): void {
    for (const state of states) {
      const key = state.row.placementKey;
      if (!key || !state.beneficiaryId) continue;
      const siretValid = isValidSiret(key.employerSiret);
      if (!siretValid) state.refuse(HEADER_OF.get('employerSiret')!, 'INVALID_SIRET', `SIRET invalide : ${key.employerSiret} (14 chiffres, clé de contrôle)`);
      state.companyId = siretValid ? this.references.companies.get(key.employerSiret) : null;
      if (siretValid && !state.companyId) {
        state.refuse(HEADER_OF.get('employerSiret')!, 'UNKNOWN_COMPANY', `Aucune entreprise de SIRET ${key.employerSiret} : enregistrez-la d'abord`);
      }
      const candidates = (this.references.markets.get(key.marketReference) ?? []).filter((market) => !key.buyerSiret || market.buyerSiret === key.buyerSiret);
      if (candidates.length === 1) state.market = candidates[0]!;
      else if (!candidates.length) state.refuse(HEADER_OF.get('marketReference')!, 'UNKNOWN_MARKET', `Aucun marché de référence « ${key.marketReference} » suivi par votre PLIE`);
      else state.refuse(HEADER_OF.get('buyerSiret')!, 'AMBIGUOUS_MARKET', `Plusieurs acheteurs ont un marché « ${key.marketReference} » : indiquez le SIRET acheteur`);
      if (state.companyId && state.market) state.placementKey = [state.beneficiaryId, state.companyId, state.market.id, key.startDate].join('|');
    }
  }

  private async existingPlacements(states: RowState[]): Promise<Map<string, ExistingPlacement>> {
    const keys = [...new Set(states.flatMap((state) => state.placementKey ?? []))].map((key) => key.split('|'));
    await this.references.lots.load(states.flatMap((state) => (state.market && state.row.terms?.lotNumber != null ? `${state.market.id}:${state.row.terms.lotNumber}` : [])));
    // A file's placements are those the PLIE creates: of the people it follows.
    const itsOwn = numbered(scope(this.actor.viewer, 'placement', 'p', 'create'), 2);
    const rows = await this.sql<ExistingPlacement & { key: string }>(
      `select p.id, concat_ws('|', p.beneficiary_id, p.company_id, p.market_id, to_char(p.start_date, 'YYYY-MM-DD')) as key,
              to_char(p.start_date, 'YYYY-MM-DD') as "startDate", to_char(p.end_date, 'YYYY-MM-DD') as "endDate"
         from placement p
         join jsonb_to_recordset($1::jsonb) as k(b uuid, c uuid, m uuid, s date)
           on p.beneficiary_id = k.b and p.company_id = k.c and p.market_id = k.m and p.start_date = k.s
        where ${itsOwn.sql}`,
      [JSON.stringify(keys.map(([b, c, m, s]) => ({ b, c, m, s }))), ...itsOwn.params],
    );
    return new Map(rows.map((row) => [row.key, row]));
  }

  /**
   * Checks what depends on other rows (a person's statuses, a placement's terms, the months within the
   * placement), refusing until nothing changes: a row refused can leave another without what it needs.
   */
  private settle(states: RowState[], existingPeople: Map<string, string>, plannedPeople: Map<string, string>,
    existingPlacements: Map<string, ExistingPlacement>): BatchWrites {
    for (const state of states) this.checkTerms(state);
    for (;;) {
      const accepted = states.filter((state) => !state.refused);
      const people = lastBy(accepted.filter((state) => state.row.typology), (state) => state.personKey);
      const terms = lastBy(accepted.filter((state) => state.placementKey && state.row.terms), (state) => state.placementKey!);
      let changed = false;
      for (const state of accepted) {
        changed = this.checkDependencies(state, existingPeople, people, existingPlacements, terms) || changed;
      }
      if (!changed) return this.writesOf(accepted, existingPeople, plannedPeople, existingPlacements, people, terms);
    }
  }

  private checkTerms(state: RowState): void {
    const { terms, placementKey } = state.row;
    if (!terms || !placementKey || !state.market) return;
    const validation = new Validation();
    checkPlacementTerms(validation, { startDate: placementKey.startDate, endDate: terms.endDate, weeklyHours: terms.weeklyHours }, state.market);
    if (terms.lotNumber != null) {
      state.lotId = this.references.lots.get(`${state.market.id}:${terms.lotNumber}`);
      validation.check(state.lotId !== null, 'lotNumber', 'UNKNOWN_LOT', `Le marché ${placementKey.marketReference} n'a pas de lot ${terms.lotNumber}`);
    }
    state.take(validation);
  }

  /** True when the row was refused for lack of what another row should have provided. */
  private checkDependencies(state: RowState, existingPeople: Map<string, string>, people: Map<string, RowState>,
    existingPlacements: Map<string, ExistingPlacement>, terms: Map<string, RowState>): boolean {
    if (!existingPeople.has(state.personKey) && !people.has(state.personKey)) {
      state.refuse(HEADER_OF.get('lastName')!, 'UNKNOWN_BENEFICIARY',
        "Participant inconnu de votre PLIE : renseignez ses statuts à l'entrée (sexe, date d'entrée…) sur une ligne acceptée");
      return true;
    }
    const hours = state.row.hours;
    if (!state.placementKey || (!hours && !state.row.terms)) return false;
    const provider = terms.get(state.placementKey);
    const placement = provider ? { startDate: provider.row.placementKey!.startDate, endDate: provider.row.terms!.endDate } : existingPlacements.get(state.placementKey);
    if (!placement) {
      state.refuse(HEADER_OF.get('startDate')!, 'UNKNOWN_PLACEMENT',
        "Mise à l'emploi inconnue : renseignez son contrat (type, modalité, heures hebdomadaires) sur une ligne acceptée");
      return true;
    }
    if (!hours || state.hoursChecked) return false;
    state.hoursChecked = true;
    const validation = new Validation();
    checkMonthlyHours(validation, hours.hours, hours.month, placement);
    state.take(validation);
    return state.refused;
  }

  private writesOf(accepted: RowState[], existingPeople: Map<string, string>, plannedPeople: Map<string, string>,
    existingPlacements: Map<string, ExistingPlacement>, people: Map<string, RowState>, terms: Map<string, RowState>): BatchWrites {
    const beneficiaryOf = (state: RowState) => ({ ...state.row.typology!, qpvId: state.qpvId, ageAtEntry: state.ageAtEntry! });
    const placementOf = (state: RowState, id: string): PlacementWrite => ({
      ...state.row.terms!, id, beneficiaryId: state.beneficiaryId!, companyId: state.companyId!, marketId: state.market!.id,
      startDate: state.row.placementKey!.startDate, lotId: state.lotId,
    });
    const plannedPlacements = new Map([...terms.keys()].filter((key) => !existingPlacements.has(key)).map((key) => [key, randomUUID()]));
    const placementIdOf = (key: string) => existingPlacements.get(key)?.id ?? plannedPlacements.get(key)!;
    const hours = lastBy(accepted.filter((state) => state.row.hours), (state) => `${state.placementKey}|${state.row.hours!.month}`);
    return {
      newBeneficiaries: [...people].filter(([key]) => plannedPeople.has(key) && !existingPeople.has(key))
        .map(([key, state]) => ({ ...beneficiaryOf(state), id: plannedPeople.get(key)!, key: state.row.person! })),
      beneficiaryUpdates: [...people].filter(([key]) => existingPeople.has(key)).map(([key, state]) => ({ ...beneficiaryOf(state), id: existingPeople.get(key)! })),
      newPlacements: [...terms].filter(([key]) => plannedPlacements.has(key)).map(([key, state]) => placementOf(state, plannedPlacements.get(key)!)),
      placementUpdates: [...terms].filter(([key]) => existingPlacements.has(key)).map(([key, state]) => placementOf(state, placementIdOf(key))),
      hours: [...hours.values()].map((state) => ({ ...state.row.hours!, placementId: placementIdOf(state.placementKey!) })),
    };
  }
}

/** The last item of each key: a later line of the file corrects an earlier one. */
function lastBy<T>(items: T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}
