import { KINDS, nothing, type ByKind, type Predicate } from '../access/model/predicates.js';
import { OrganisationKind } from '../db/entities/enums.js';

export const KIND_NAMES: Record<OrganisationKind, string> = {
  [OrganisationKind.DEPARTEMENT]: 'Département',
  [OrganisationKind.PLIE]: 'PLIE',
  [OrganisationKind.BAILLEUR]: 'bailleurs sociaux',
  [OrganisationKind.VILLE]: 'communes',
  [OrganisationKind.EPCI]: 'EPCI',
  [OrganisationKind.REGION]: 'Région',
  [OrganisationKind.ETAT]: 'État',
};

/**
 * The access model's sentences (docs/permissions.md says them in English) as the register says them, the
 * reader being "the organisation" its user acts for. A sentence of the model joins its parts with ", and "
 * and ", or "; a part missing here stops the rendering, so that the register cannot fall behind the model.
 */
const PARTS: Record<string, string> = {
  all: 'toutes les lignes',
  'people it follows': 'les personnes qu’elle suit',
  'people placed on markets it facilitates': 'les personnes placées sur les marchés qu’elle anime',
  'people placed on markets it buys': 'les personnes placées sur les marchés qu’elle achète',
  'people on RSA only (chef de file of the RSA)': 'les seuls allocataires du RSA (chef de file du RSA)',
  'of people it follows': 'celles des personnes qu’elle suit',
  'reads of the identities of people it follows': 'les lectures des identités des personnes qu’elle suit',
  'of people placed on markets it facilitates': 'celles des personnes placées sur les marchés qu’elle anime',
  'of people whose hours facts it reads': 'celles des personnes dont elle lit les heures',
  'on markets it facilitates': 'celles des marchés qu’elle anime',
  'on markets it buys': 'celles des marchés qu’elle achète',
  'markets it facilitates': 'celles des marchés qu’elle anime',
  'markets it buys': 'celles des marchés qu’elle achète',
  'of placements it reads': 'celles des mises à l’emploi qu’elle lit',
  'of charters it coordinates or signed': 'celles des chartes qu’elle coordonne ou a signées',
  'itself and the members of its organisation': 'son propre compte et ceux des membres de l’organisation',
  'itself (its account was found by signing in, app_sign_in)': 'son propre compte (trouvé à la connexion)',
  "its own memberships and its organisation's": 'ses propres rôles et ceux des membres de l’organisation',
  'its own memberships': 'ses propres rôles',
  'its own': 'celles de l’organisation',
  'its administrators (people, never an API key)': 'ses administrateurs (des personnes, jamais une clé d’API)',
  'the events of the writes of whoever asks (the person or the API key itself), for its organisation':
    'les événements des écritures de qui demande (la personne ou la clé d’API elle-même) pour l’organisation',
  'those sent to its own e-mail': 'celles adressées à l’adresse électronique de l’utilisateur',
  'except events about an identity it may not read': 'sauf les événements d’une identité qu’elle ne peut pas lire',
  'or about an import job it may not read': 'sauf ceux d’un import qu’elle ne peut pas lire',
  'of the import jobs it reads': 'celles des imports qu’elle lit',
};

const JOINERS: Record<string, string> = { ', and ': ', et ', ', or ': ', ou ' };

/** Which rows a predicate of the access model lets through, in French. */
export function inFrench(predicate: Predicate): string {
  if (predicate === nothing) return 'aucune';
  return predicate.sentence.split(/(, and |, or )/).map((part) => {
    const french = JOINERS[part] ?? PARTS[part];
    if (french === undefined) throw new Error(`No French for the access model's "${part}": add it to src/personal-data/access-in-french.ts`);
    return french;
  }).join('');
}

/** Who reads what, the kinds that read the same rows together: { kinds: 'bailleurs sociaux, communes, EPCI, Région', rows: '…' }. */
export function readersInFrench(byKind: ByKind): { kinds: string; rows: string }[] {
  const kindsByRows = new Map<string, string[]>();
  for (const kind of KINDS) {
    const rows = inFrench(byKind[kind] ?? nothing);
    kindsByRows.set(rows, [...(kindsByRows.get(rows) ?? []), KIND_NAMES[kind]]);
  }
  return [...kindsByRows].map(([rows, kinds]) => ({ kinds: kinds.join(', '), rows }));
}
