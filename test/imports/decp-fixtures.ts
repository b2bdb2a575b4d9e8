import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** SIRET of the Département du Pas-de-Calais in the demo data (seeds/demo/organisations.ts). */
export const DEPARTEMENT_SIRET = '22620001200012';
/** Buyer of the reference example, on no platform. */
export const UNKNOWN_BUYER_SIRET = '21750001630066';

type Json = Record<string, unknown>;

const titulaires = (sirets: string[]) => sirets.map((id) => ({ titulaire: { id, typeIdentifiant: 'SIRET' } }));

/**
 * A DECP v2 market record, shaped like the reference example (../shared/reference/decp/marches_avec_modifications.json),
 * with the fields the import reads set from `fields`.
 */
export function marche(fields: {
  id: string; buyer?: string; considerations?: string[]; cpv?: string; notified?: string; months?: number; amount?: number | string;
  winners?: string[]; objet?: string; extra?: Json;
}): Json {
  return {
    id: fields.id,
    acheteur: { id: fields.buyer ?? DEPARTEMENT_SIRET },
    marcheInnovant: false,
    ccag: 'Travaux',
    offresRecues: 4,
    formePrix: 'Forfaitaire',
    typesPrix: { typePrix: ['Définitif ferme'] },
    considerationsEnvironnementales: { considerationEnvironnementale: ['Clause environnementale'] },
    attributionAvance: false,
    considerationsSociales: { considerationSociale: fields.considerations ?? ['Clause sociale'] },
    nature: 'Marché',
    objet: fields.objet ?? `Travaux ${fields.id}`,
    codeCPV: fields.cpv ?? '45000000-7',
    techniques: { technique: ['Sans objet'] },
    modalitesExecution: { modaliteExecution: ['Tranches'] },
    titulaires: titulaires(fields.winners ?? []),
    typeGroupementOperateurs: 'Pas de groupement',
    sousTraitanceDeclaree: false,
    datePublicationDonnees: '2024-05-25',
    procedure: "Appel d'offres ouvert",
    lieuExecution: { code: '62000', typeCode: 'Code postal' },
    dureeMois: fields.months ?? 48,
    dateNotification: fields.notified ?? '2024-05-15',
    montant: fields.amount ?? 575000,
    ...fields.extra,
  };
}

/** A concession contract, as in ../shared/reference/decp/marches_concessions.json (only its shape matters). */
export const concession = (id: string): Json => ({
  id, autoriteConcedante: { id: DEPARTEMENT_SIRET }, nature: 'Concession de travaux', objet: 'Concession', procedure: 'Procédure négociée ouverte',
  dureeMois: 12, dateSignature: '2024-04-02', datePublicationDonnees: '2024-04-12', dateDebutExecution: '2024-04-01', valeurGlobale: 10.3,
  montantSubventionPublique: 0.5, concessionnaires: [{ concessionnaire: { typeIdentifiant: 'SIRET', id: '38103128500491' } }],
  considerationsSociales: { considerationSociale: ['Clause sociale'] },
  considerationsEnvironnementales: { considerationEnvironnementale: ['Pas de considération environnementale'] },
});

export const modification = (id: number, change: { montant?: number | string; dureeMois?: number; winners?: string[]; published?: string }): Json => ({
  modification: {
    id, dateNotificationModification: '2024-09-01', datePublicationDonneesModification: change.published ?? '2024-09-02',
    ...(change.montant !== undefined ? { montant: change.montant } : {}),
    ...(change.dureeMois !== undefined ? { dureeMois: change.dureeMois } : {}),
    ...(change.winners ? { titulaires: titulaires(change.winners) } : {}),
  },
});

const folders: string[] = [];

/** Writes a DECP file (or any text) into a temporary folder and returns its path. */
export async function decpFile(content: { marche?: Json[]; 'contrat-concession'?: Json[] } | string): Promise<string> {
  return writeDecpFile(typeof content === 'string' ? content : JSON.stringify({ marches: content }, null, 1));
}

/** A file of the 2019 format (v1): `{"marches": [...]}`, each record typed by `_type`. */
export async function decp2019File(records: Json[]): Promise<string> {
  return writeDecpFile(JSON.stringify({ marches: records }, null, 1));
}

/**
 * A market record of the 2019 format: buyer with a name, winners and modifications not wrapped, no social
 * consideration in the format.
 */
export const marche2019 = (id: string, fields: { buyer?: string; winners?: string[]; extra?: Json } = {}): Json => ({
  _type: 'Marché', id, uid: `${fields.buyer ?? DEPARTEMENT_SIRET}${id}`, acheteur: { id: fields.buyer ?? DEPARTEMENT_SIRET, nom: 'Département du Pas-de-Calais' },
  nature: 'Marché', objet: `Travaux ${id}`, codeCPV: '45000000', procedure: 'Procédure adaptée',
  lieuExecution: { code: '62000', typeCode: 'Code postal', nom: 'Arras' }, dureeMois: 12, dateNotification: '2019-05-15+02:00',
  datePublicationDonnees: '2019-05-20', montant: 120000, formePrix: 'Ferme',
  titulaires: (fields.winners ?? []).map((siret) => ({ typeIdentifiant: 'SIRET', id: siret, denominationSociale: 'Entreprise' })),
  modifications: [],
  ...fields.extra,
});

async function writeDecpFile(text: string): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'clauses-decp-'));
  folders.push(folder);
  const file = path.join(folder, 'decp.json');
  await writeFile(file, text);
  return file;
}

export async function removeDecpFiles(): Promise<void> {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
}
