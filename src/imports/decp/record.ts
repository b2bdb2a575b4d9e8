import type { ClauseMechanism } from '../../db/entities/enums.js';
import { isValidSiret, normalizeSiret } from '../../domain/siret.js';
import type { Publication } from './publication.js';
import { clauseMechanismOf, socialConsiderations } from './social-considerations.js';
import { decpDate, decpNumber } from './values.js';

/** What the platform takes from a DECP market record, its modifications applied. */
export interface DecpMarket {
  id: string;
  buyerSiret: string;
  object: string;
  cpvCode: string;
  notificationDate: string;
  durationMonths: number;
  /** Euros excluding tax, to the cent. */
  amountHt: number;
  clauseMechanism: ClauseMechanism;
  /** Winners identified by a valid SIRET, without repeats. */
  winnerSirets: string[];
  /** Winners identified otherwise (VAT number, foreign identifier) or by an invalid SIRET: not imported. */
  otherWinners: number;
  /** When this publication of the market was made: of several in a file, the latest stands. */
  publication: Publication;
}

/** A record the import cannot take: it is skipped, and the problem reported; the other records are imported. */
export class DecpRecordError extends Error {
  override readonly name = 'DecpRecordError';
}

type Json = Record<string, unknown>;

const CPV = /^[0-9]{8}(-[0-9])?$/;
/** Bounds of the columns (smallint months, numeric(14, 2) amount). */
const MAX_MONTHS = 1200;
const MAX_AMOUNT = 1e12;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `[{ item: {...} }]` lists of the 2024 format, unwrapped; the 2019 format's `[{...}]` are taken as they are. */
function items(list: unknown, item: string): unknown[] {
  return Array.isArray(list) ? list.map((entry) => (isObject(entry) && isObject(entry[item]) ? entry[item] : entry)) : [];
}

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** What decides whether a record is imported at all, read leniently: nothing here rejects the record. */
export function screenRecord(raw: unknown): { buyerSiret: string | null; clauseMechanism: ClauseMechanism | null } {
  const record = isObject(raw) ? raw : {};
  const buyer = isObject(record.acheteur) ? text(record.acheteur.id) : null;
  return {
    buyerSiret: buyer === null ? null : normalizeSiret(buyer),
    clauseMechanism: clauseMechanismOf(socialConsiderations(record.considerationsSociales)),
  };
}

class RecordReader {
  constructor(private readonly label: string) {}

  fail(problem: string): never {
    throw new DecpRecordError(`${this.label} : ${problem}`);
  }

  required<T>(value: T | null, problem: string): T {
    return value === null ? this.fail(problem) : value;
  }

  months(value: unknown, what: string): number {
    const months = decpNumber(value);
    return months !== null && Number.isInteger(months) && months >= 1 && months <= MAX_MONTHS
      ? months
      : this.fail(`${what} invalide (${JSON.stringify(value)} : un nombre entier de mois, de 1 à ${MAX_MONTHS})`);
  }

  amount(value: unknown, what: string): number {
    const amount = decpNumber(value);
    return amount !== null && amount >= 0 && amount < MAX_AMOUNT
      ? Math.round(amount * 100) / 100
      : this.fail(`${what} invalide (${JSON.stringify(value)} : un nombre d'euros positif)`);
  }
}

/** The modifications, in the order of their number (the 2019 format numbers none: then in the order written). */
function modificationsOf(raw: unknown): Json[] {
  const written = items(raw, 'modification').filter(isObject);
  const rank = (modification: Json) => decpNumber(modification.id) ?? written.indexOf(modification);
  return [...written].sort((a, b) => rank(a) - rank(b));
}

/** The latest value each modification field takes. */
function latestModifications(modifications: Json[]): { montant?: unknown; dureeMois?: unknown; titulaires?: unknown } {
  const latest: Json = {};
  for (const modification of modifications) {
    for (const field of ['montant', 'dureeMois', 'titulaires']) if (modification[field] !== undefined) latest[field] = modification[field];
  }
  return latest;
}

function publicationOf(record: Json, modifications: Json[]): Publication {
  const dates = [record.datePublicationDonnees, ...modifications.map((modification) => modification.datePublicationDonneesModification)]
    .map(decpDate)
    .filter((date) => date !== null);
  return { date: dates.length ? dates.reduce((latest, date) => (date > latest ? date : latest)) : null, modifications: modifications.length };
}

function winners(titulaires: unknown): Pick<DecpMarket, 'winnerSirets' | 'otherWinners'> {
  const sirets = new Set<string>();
  let otherWinners = 0;
  for (const winner of items(titulaires, 'titulaire')) {
    const id = isObject(winner) && winner.typeIdentifiant === 'SIRET' ? text(winner.id) : null;
    const siret = id === null ? null : normalizeSiret(id);
    if (siret !== null && isValidSiret(siret)) sirets.add(siret);
    else otherWinners += 1;
  }
  return { winnerSirets: [...sirets], otherWinners };
}

/**
 * A DECP market record (2024 or 2019 format), checked and mapped; its modifications (amendments) apply in
 * order: the latest amount, duration and list of winners stand. Throws a DecpRecordError naming the record
 * and the problem.
 */
export function parseDecpMarket(raw: unknown, position: number): DecpMarket {
  const unnamed = new RecordReader(`Enregistrement n° ${position}`);
  const record = isObject(raw) ? raw : unnamed.fail("ce n'est pas un objet JSON");
  const id = unnamed.required(text(record.id), 'identifiant (id) absent');
  const reader = new RecordReader(`Marché « ${id} » (enregistrement n° ${position})`);
  const { buyerSiret, clauseMechanism } = screenRecord(record);
  const cpvCode = text(record.codeCPV);
  const notificationDate = decpDate(record.dateNotification);
  const modifications = modificationsOf(record.modifications);
  const modified = latestModifications(modifications);
  return {
    id,
    buyerSiret: buyerSiret !== null && /^\d{14}$/.test(buyerSiret) ? buyerSiret : reader.fail(`SIRET de l'acheteur invalide (${JSON.stringify(buyerSiret)})`),
    object: reader.required(text(record.objet), 'objet absent'),
    cpvCode: cpvCode !== null && CPV.test(cpvCode) ? cpvCode : reader.fail(`code CPV invalide (${JSON.stringify(record.codeCPV)})`),
    notificationDate: notificationDate ?? reader.fail(`date de notification invalide (${JSON.stringify(record.dateNotification)})`),
    durationMonths: reader.months(modified.dureeMois ?? record.dureeMois, 'durée'),
    amountHt: reader.amount(modified.montant ?? record.montant, 'montant'),
    clauseMechanism: reader.required(clauseMechanism, 'aucune considération sociale'),
    ...winners(modified.titulaires ?? record.titulaires),
    publication: publicationOf(record, modifications),
  };
}
