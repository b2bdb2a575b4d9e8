/**
 * The columns of the follow-up spreadsheet (docs/imports.md): each with the header an export writes,
 * the other headers people use for it, and how its cells are read. A row may fill some groups only:
 * the person is always named; the rest is written when the row fills it.
 */
import { ContractType, PlacementModality, QualificationLevel, Sex } from '../../db/entities/index.js';
import { CONTRACT_TYPE_LABELS, decimalComma, frenchDate, MODALITY_LABELS, normalizeLabel, QUALIFICATION_LABELS, SEX_LABELS, YES_NO_LABELS } from '../../reporting/labels.js';
import { choice, date, decimal, digits, integer, month, roundAsStored, text, yesNo, type Cell } from './values.js';

export type ColumnGroup =
  /** Names and birth date: the natural key of a person within a PLIE. */
  | 'person'
  /** The person's statuses at entry: written when any of them is filled. */
  | 'typology'
  /** Employer, market and start date: the natural key of a placement. */
  | 'placementKey'
  /** The contract's terms: written when any of them is filled. */
  | 'terms'
  /** One month of hours on the placement. */
  | 'hours';

/** How a column's cells are read from a file, and written to an export (CSV as text, XLSX with typed cells). */
export interface CellKind {
  read: (cell: Cell) => unknown;
  write: (value: unknown, target: 'csv' | 'xlsx') => Cell;
}

export interface Column {
  field: string;
  header: string;
  aliases: string[];
  group: ColumnGroup;
  kind: CellKind;
  /** May stay empty when the rest of its group is filled. */
  optional: boolean;
  /** The value of an empty cell (a check box left empty is « non »). */
  empty: unknown;
}

const isoToUtc = (iso: string) => new Date(`${iso}T00:00:00Z`);
const whenPresent = (write: (value: never, target: 'csv' | 'xlsx') => Cell) => (value: unknown, target: 'csv' | 'xlsx') =>
  (value === null || value === undefined ? null : write(value as never, target));

const TEXT: CellKind = { read: text, write: whenPresent((value: string) => value) };
const DIGITS: CellKind = { read: digits, write: TEXT.write };
const DATE: CellKind = { read: date, write: whenPresent((value: string, target) => (target === 'xlsx' ? isoToUtc(value) : frenchDate(value))) };
const MONTH: CellKind = { read: month, write: whenPresent((value: string, target) => (target === 'xlsx' ? isoToUtc(value) : frenchDate(value).slice(3))) };
const NUMBER: CellKind = { read: decimal, write: whenPresent((value: number | string, target) => (target === 'xlsx' ? Number(value) : decimalComma(Number(value)))) };
/** Hours, stored with two decimals: read as stored, so that a more precise figure compares equal to what it became. */
const HUNDREDTHS: CellKind = { read: (cell) => roundAsStored(decimal(cell), 2), write: NUMBER.write };
const INTEGER: CellKind = { read: integer, write: NUMBER.write };
const YES_NO: CellKind = { read: yesNo, write: (value) => (value ? YES_NO_LABELS.YES : YES_NO_LABELS.NO) };
const choiceOf = <T extends string>(labels: Record<T, string>, aliases: Record<string, T>): CellKind =>
  ({ read: choice(labels, aliases), write: whenPresent((value: T) => labels[value]) });

const column = (field: string, header: string, group: ColumnGroup, kind: CellKind, aliases: string[] = [], optional = false): Column =>
  ({ field, header, group, kind, aliases, optional, empty: kind === YES_NO ? false : null });

const SEX = choiceOf(SEX_LABELS, { F: Sex.FEMALE, féminin: Sex.FEMALE, H: Sex.MALE, M: Sex.MALE, masculin: Sex.MALE });
const QUALIFICATION = choiceOf(QUALIFICATION_LABELS, {
  'niveau 3': QualificationLevel.LEVEL_3, 'niveau 4': QualificationLevel.LEVEL_4, 'niveau 5': QualificationLevel.LEVEL_5,
  'niveau 6': QualificationLevel.LEVEL_6_PLUS, 'niveau 7': QualificationLevel.LEVEL_6_PLUS, 'niveau 8': QualificationLevel.LEVEL_6_PLUS,
});
const CONTRACT_TYPE = choiceOf(CONTRACT_TYPE_LABELS, {
  intérim: ContractType.TEMPORARY_MISSION, apprentissage: ContractType.APPRENTICESHIP, professionnalisation: ContractType.PROFESSIONALISATION,
});
const MODALITY = choiceOf(MODALITY_LABELS, { intérim: PlacementModality.TEMPORARY_WORK, ETTI: PlacementModality.TEMPORARY_WORK, SIAE: PlacementModality.SIAE_SUBCONTRACTING });

export const COLUMNS: readonly Column[] = [
  column('lastName', 'Nom', 'person', TEXT, ['nom de famille', 'nom de naissance', 'nom du participant']),
  column('firstName', 'Prénom', 'person', TEXT, ['prenom du participant']),
  column('birthDate', 'Date de naissance', 'person', DATE, ['ne le', 'nee le', 'ne e le', 'date naissance']),
  column('sex', 'Sexe', 'typology', SEX, ['genre']),
  column('entryDate', "Date d'entrée", 'typology', DATE, ['date d entree dans le dispositif', 'entree', 'date entree plie']),
  column('residenceCommune', 'Commune de résidence', 'typology', TEXT, ['commune', 'ville de residence']),
  column('qpv', 'QPV', 'typology', TEXT, ['code qpv', 'quartier prioritaire', 'quartier'], true),
  column('isBrsa', 'BRSA', 'typology', YES_NO, ['beneficiaire du rsa', 'rsa'], true),
  column('isDeld', 'DELD', 'typology', YES_NO, ['demandeur d emploi de longue duree'], true),
  column('isRqth', 'RQTH', 'typology', YES_NO, ['travailleur handicape'], true),
  column('isAse', 'ASE', 'typology', YES_NO, ['aide sociale a l enfance'], true),
  column('qualificationLevel', 'Niveau de qualification', 'typology', QUALIFICATION, ['niveau', 'qualification']),
  column('employerSiret', 'SIRET employeur', 'placementKey', DIGITS, ['siret', 'siret entreprise', 'siret de l employeur']),
  column('marketReference', 'Référence du marché', 'placementKey', TEXT, ['reference marche', 'marche', 'ref marche']),
  column('buyerSiret', 'SIRET acheteur', 'placementKey', DIGITS, ['siret du maitre d ouvrage', 'siret maitre d ouvrage'], true),
  column('startDate', 'Date de début', 'placementKey', DATE, ['debut', 'date de debut du contrat', 'date debut']),
  column('lotNumber', 'N° de lot', 'terms', INTEGER, ['lot', 'numero de lot', 'n lot'], true),
  column('contractType', 'Type de contrat', 'terms', CONTRACT_TYPE, ['contrat']),
  column('modality', 'Modalité', 'terms', MODALITY, ['modalite d embauche', 'modalite de mise a l emploi']),
  column('endDate', 'Date de fin', 'terms', DATE, ['fin', 'date de fin du contrat', 'date fin'], true),
  column('weeklyHours', 'Heures hebdomadaires', 'terms', HUNDREDTHS, ['duree hebdomadaire', 'heures par semaine']),
  column('month', 'Mois', 'hours', MONTH, ['mois travaille', 'periode']),
  column('hours', 'Heures', 'hours', HUNDREDTHS, ['heures realisees', 'nombre d heures', 'heures travaillees']),
];

const BY_HEADER = new Map<string, Column>(COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((name) => [normalizeLabel(name), c] as const)));

export function columnOfHeader(header: string): Column | undefined {
  return BY_HEADER.get(normalizeLabel(header));
}

/** The columns of these groups, in the export's order. */
export const columnsOf = (groups: readonly ColumnGroup[]) => COLUMNS.filter((column) => groups.includes(column.group));
