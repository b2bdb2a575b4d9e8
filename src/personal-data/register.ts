import path from 'node:path';
import { KINDS, nothing } from '../access/model/predicates.js';
import { accessTo, detailReaders, type TableAccess } from '../access/model/rules.js';
import { AGREEMENT_RETENTION_UNTIL } from '../config/config.js';
import { PROJECT_ROOT } from '../config/paths.js';
import { inFrench, KIND_NAMES, readersInFrench } from './access-in-french.js';
import {
  CATEGORIES, PERSONAL_DATA, PURPOSES, SUBJECTS, WITHOUT_PERSONAL_DATA, type PersonalDataTable, type Purpose, type Subject,
} from './declaration.js';

export const REGISTER_DOC = path.join(PROJECT_ROOT, 'docs', 'rgpd.md');

/** How the register cites annex 1 of the Département's model partnership agreement (seed 003), on personal data. */
const ANNEX = 'annexe 1 de la convention';
const DPO_ADDRESS = 'Delegue.Protection.Donnees@pasdecalais.fr';

const longFrenchDate = (iso: string) => new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
const code = (name: string) => `\`${name}\``;
const tablesWhere = (keep: (declared: PersonalDataTable) => boolean) => PERSONAL_DATA.filter(keep).map((declared) => code(declared.table)).join(', ');

function controllerAndProcessors(): string[] {
  return [
    '## 1. Responsable du traitement, sous-traitants',
    '',
    `- **Responsable du traitement** : le Département du Pas-de-Calais. La structure signataire « est autorisé[e] à traiter pour le compte du département les données à caractère personnel nécessaires pour fournir le service suivant : accompagnement des bénéficiaires du Revenu de Solidarité Active résidant dans le Département du Pas de Calais et/ou jeunes de moins de 26 ans (prioritairement jeunes issus de l’ASE) » (${ANNEX}, 1).`,
    `- **Délégué à la protection des données** du Département : ${DPO_ADDRESS} (${ANNEX}, 2 j et k).`,
    `- **Sous-traitants** : les structures porteuses des PLIE signataires de la convention (« l’organisme »), qui suivent les personnes et saisissent leurs données. Elles ne recourent à un sous-traitant ultérieur qu’avec l’autorisation écrite du Département (${ANNEX}, 2 h).`,
    '- **Exploitant et hébergeur de la plateforme** : à désigner au déploiement ; ce sont des sous-traitants ultérieurs au sens du même article. Le rôle propriétaire de la base de données (migrations, import des données ouvertes DECP) n’est pas soumis au modèle d’accès : il est réservé à l’exploitant.',
    '- Les autres partenaires (bailleurs sociaux, communes, EPCI, Région, État) sont **destinataires** de ce que le modèle d’accès leur ouvre (section 5) ; la convention ne dit pas leur qualité au regard du RGPD : à préciser par le responsable du traitement.',
    '',
  ];
}

function purposes(): string[] {
  return [
    '## 2. Finalités et base légale',
    '',
    ...Object.entries(PURPOSES).map(([purpose, text]) => `- ${text} Tables : ${tablesWhere((declared) => declared.purposes.includes(purpose as Purpose))}.`),
    '',
    'Base légale : la convention autorise le traitement « pour le compte du département » pour le service qu’elle décrit ; elle ne nomme pas la base légale au sens de l’article 6 du RGPD, ni celle de l’article 9 pour la RQTH : **à compléter par le délégué à la protection des données du Département**. Le Département lit l’identité des seuls allocataires du RSA, comme chef de file du RSA ([domain.md](domain.md), §6).',
    '',
    `Les données sont traitées « uniquement pour la ou les seule(s) finalité(s) qui fait/font l’objet de la prestation et notamment [sans] les commercialiser » (${ANNEX}, 2 a).`,
    '',
  ];
}

function subjects(): string[] {
  return [
    '## 3. Catégories de personnes concernées',
    '',
    ...Object.entries(SUBJECTS).map(([subject, { description }]) => `- ${description}. Tables : ${tablesWhere((declared) => declared.subjects.includes(subject as Subject))}.`),
    '',
  ];
}

function table(declared: PersonalDataTable): string[] {
  const columns = Object.entries(declared.columns);
  return [
    `### ${code(declared.table)} : ${declared.rows}`,
    '',
    `Personnes concernées : ${declared.subjects.map((subject) => SUBJECTS[subject].name).join(', ')}.` +
      (declared.derivedFrom ? ` Tenue par la base de données à partir de ${declared.derivedFrom}, jamais écrite par l’application.` : ''),
    '',
    '| colonne | donnée | catégorie | sensible |',
    '| --- | --- | --- | --- |',
    ...columns.map(([column, { data, category, sensitive }]) => `| ${code(column)} | ${data} | ${CATEGORIES[category]} | ${sensitive ?? ''} |`),
    '',
  ];
}

function data(): string[] {
  /** Each sensitive datum once, with the columns that hold it (the facts copy the beneficiary's). */
  const sensitive = new Map<string, string[]>();
  for (const declared of PERSONAL_DATA) {
    for (const [column, { data, sensitive: why }] of Object.entries(declared.columns)) {
      if (!why) continue;
      const what = `${data} : ${why}`;
      sensitive.set(what, [...(sensitive.get(what) ?? []), code(`${declared.table}.${column}`)]);
    }
  }
  return [
    '## 4. Catégories de données',
    '',
    ...Object.entries(CATEGORIES).flatMap(([category, name]) => {
      const where = tablesWhere((declared) => Object.values(declared.columns).some((column) => column.category === category));
      return where ? [`- ${name} : ${where}.`] : [];
    }),
    '',
    '**Données sensibles** :',
    '',
    ...[...sensitive].map(([what, columns]) => `- ${what} (${columns.join(', ')}).`),
    '',
    'Les identifiants internes sont des UUID tirés au hasard : ils relient les lignes d’une personne sans la nommer. L’identité d’une personne suivie (nom, prénom, date de naissance, coordonnées) est tenue dans `beneficiary_identity` seule ; les indicateurs se calculent sur des tables qui n’en ont aucune. Ailleurs, seuls un fichier envoyé pour import, le temps de son import (`import_file_chunk`), le compte rendu d’un import, qui peut en citer une valeur refusée (`import_job.problems`), et les lignes qu’il a refusées, telles que le fichier les avait, que l’expéditeur télécharge pour les corriger (`import_job.refused_rows`), en contiennent.',
    '',
    ...PERSONAL_DATA.flatMap(table),
    'Les autres tables ne contiennent pas de données personnelles :',
    '',
    ...Object.entries(WITHOUT_PERSONAL_DATA).map(([name, why]) => `- ${code(name)} : ${why}.`),
    '',
  ];
}

/** Who, of the readers of the rows, reads their detail columns (minimisation: the others read the rows without them). */
function detailInFrench(access: TableAccess): string {
  const readers = detailReaders(access.table);
  const others = KINDS.filter((kind) => !readers.includes(kind) && access.read[kind] !== nothing).map((kind) => KIND_NAMES[kind]).join(', ');
  return `- Les colonnes ${access.detailColumns!.map(code).join(', ')} de ces lignes ne sont lues que par : ${readers.map((kind) => KIND_NAMES[kind]).join(', ')}.`
    + (others ? ` ${others[0]!.toUpperCase()}${others.slice(1)} lisent les lignes sans elles : l’API leur répond \`null\` (minimisation).` : '');
}

function recipients(): string[] {
  return [
    '## 5. Destinataires, par nature d’organisation',
    '',
    'Déduits du modèle d’accès (`src/access/model/rules.ts`, rendu en anglais dans [permissions.md](permissions.md)) : pour chaque table, les lignes que lisent les utilisateurs et les clés d’API d’une organisation de chaque nature (« elle »), quel que soit leur rôle sauf mention. Les mêmes règles sont appliquées par la sécurité au niveau des lignes de PostgreSQL, le filtre de l’ORM, les services et l’API (section 7).',
    '',
    ...PERSONAL_DATA.flatMap((declared) => {
      const access = accessTo(declared.table);
      const withoutOrganisation = access.withoutOrganisation?.read;
      return [
        `**${code(declared.table)}** :`,
        '',
        ...readersInFrench(access.read).map(({ kinds, rows }) => `- ${kinds[0]!.toUpperCase()}${kinds.slice(1)} : ${rows}.`),
        ...(withoutOrganisation ? [`- Un utilisateur qui n’agit pour aucune organisation : ${inFrench(withoutOrganisation)}.`] : []),
        ...(access.readDetail ? [detailInFrench(access)] : []),
        '',
      ];
    }),
    'Les indicateurs ne donnent que des sommes et des effectifs ; un effectif de personnes trop petit est masqué pour qui ne peut voir les personnes ([indicators.md](indicators.md)). Aucune donnée n’est communiquée hors des organisations partenaires.',
    '',
  ];
}

function retention(): string[] {
  return [
    '## 6. Durée de conservation',
    '',
    `- « L’ensemble des documents devra être conservé jusqu’au 31 décembre 2032 » (convention, article 7). Au terme de la prestation, l’organisme s’engage à « détruire toutes les données à caractère personnel » ou à les « renvoyer […] au département », « la destruction de toutes les copies existantes » accompagnant le renvoi, et à « justifier par écrit de la destruction » (${ANNEX}, 2 n).`,
    `- La date est la variable de configuration \`RETENTION_UNTIL\` (par défaut ${AGREEMENT_RETENTION_UNTIL}, soit le ${longFrenchDate(AGREEMENT_RETENTION_UNTIL)}).`,
    '- Après cette date, \`npm run retention\` renvoie à chaque PLIE son suivi complet (le classeur XLSX que l’import relit, écrit dans un dossier pour le Département), puis détruit les identités des personnes qu’il suit, un PLIE après l’autre : une commande interrompue reprend où elle s’est arrêtée, relancée elle ne fait rien. La typologie, les mises à l’emploi, les heures et les sorties restent sans identité : les indicateurs ne changent pas. Les fichiers envoyés pour import et les comptes rendus d’import (qui peuvent citer une valeur refusée) sont effacés aussi ; le journal d’audit ne garde aucune valeur d’identité. \`--dry-run\` dit ce qui serait fait. La commande imprime, PLIE par PLIE, ce qui a été rendu puis détruit : la justification écrite de la destruction.',
    '- Avant cette date, une personne sans activité (entrée, mise à l’emploi, heures, sortie) depuis plus de \`ANONYMISE_INACTIVE_AFTER_MONTHS\` mois (réglage désactivé par défaut) perd son identité par la même commande. Sinon, rien n’est supprimé par l’application hormis l’effacement qu’un PLIE fait d’une personne (section 9) et les lots et attributions des marchés : les lignes sont archivées, retirées ou désactivées, et le journal d’audit les nomme.',
    '',
  ];
}

function security(): string[] {
  return [
    '## 7. Mesures de sécurité',
    '',
    'En place dans la plateforme :',
    '',
    '- **Habilitations déclarées une fois** (section 5) et appliquées à quatre niveaux générés de la même déclaration, pour qu’une erreur à l’un ne divulgue rien : l’API (chaque opération refusée par défaut, `graphql-shield`), les services (chaque écriture vérifiée), le filtre de l’ORM sur chaque lecture, et la **sécurité au niveau des lignes** de PostgreSQL, activée et forcée sur chaque table pour le rôle applicatif, qui ne possède rien et ne peut la contourner. Une ligne qu’une organisation ne peut lire répond « introuvable », comme une ligne absente.',
    '- **Identité à part** : les nom, prénom, date de naissance et coordonnées d’une personne suivie sont dans une table lue par le seul PLIE qui la suit et, pour les allocataires du RSA, par le Département ; l’API répond `null` aux autres.',
    `- **Typologie minimisée** : de la typologie d’une personne suivie, l’âge exact à l’entrée, la commune de résidence, le quartier prioritaire nommé et le niveau de qualification ne sont lus que par : ${detailReaders('beneficiary').map((kind) => KIND_NAMES[kind]).join(', ')} ; les autres destinataires lisent ce que comptent les indicateurs (sexe, tranche d’âge à l’entrée, résidence en QPV ou non, statuts), l’API leur répond \`null\` pour le reste (section 5).`,
    '- **Indicateurs sans identité** : calculés sur des tables sans identité, exacts pour le Département et le coordinateur d’une charte qui doivent les rendre, perturbés de ±2 par clé de cellule et masqués sous 5, par semestre ou année civile seulement, pour les autres (`src/indicators/disclosure.ts`).',
    '- **Journal d’audit** de chaque écriture, dans la même transaction que l’écriture ; d’une identité, il ne garde que les noms des champs écrits, jamais leurs valeurs (un déclencheur les retire encore, quel que soit le chemin d’écriture) ; il ne garde jamais l’empreinte d’une clé ; il est lu par les administrateurs de l’organisation, et chaque personne ou clé d’API y lit ses propres écritures (pour retrouver celle dont la réponse s’est perdue).',
    '- **Authentification** : jetons OpenID Connect vérifiés par les clés publiques du fournisseur d’identité, obligatoires en production (les jetons de développement y sont refusés) ; un compte est lié à l’identité (émetteur, sujet) de sa première connexion.',
    '- **Clés d’API** : seule une empreinte SHA-256 du secret est gardée, la clé n’est montrée qu’une fois ; une clé se retire à tout moment et n’administre ni membres ni clés.',
    '- **Registre des lectures d’identité** (\`identity_read\`) : chaque réponse qui porte des identités (le champ \`identity\` de l’API, l’export de suivi, le dossier d’une personne) est précédée de l’inscription de qui a lu l’identité de quelles personnes, pour quelle organisation, quand, par quel moyen et sous quel identifiant de requête ; une réponse dont la lecture n’a pu être inscrite n’est pas envoyée. Ce registre, à part du journal d’audit, ne contient aucune identité ; les administrateurs du Département et ceux du PLIE qui suit les personnes le lisent (\`identityReads\`), par exemple pour dire, après une violation, tout ce qu’un utilisateur ou une clé a lu entre deux dates.',
    '- **Journaux et métriques** sans donnée personnelle : le journal des requêtes ne garde ni en-tête, ni jeton, ni corps, ni adresse électronique, ni paramètres d’URL ; les métriques ne nomment ni personne ni organisation.',
    '- **Exports** : les cellules qu’un tableur exécuterait comme formules sont neutralisées.',
    '- **Réponses jamais conservées** : chaque réponse de l’API, des exports et des rapports est envoyée avec `Cache-Control: no-store`, qu’aucun navigateur ni mandataire ne garde, et avec les en-têtes de sécurité habituels (rien ne s’y charge ni ne l’encadre, pas de référent transmis, HTTPS exigé une fois connu : `src/http/security-headers.ts`).',
    '- **Disponibilité** : requêtes limitées en profondeur et en coût, imports limités en taille.',
    '',
    `À assurer par le déploiement (la plateforme ne le fait pas elle-même) : le **chiffrement des échanges** (TLS, par un mandataire inverse : la plateforme sert en HTTP), le chiffrement des disques, les sauvegardes et leur restauration, l’application des correctifs de sécurité, comme le demande l’option 2 des mesures de sécurité (${ANNEX}, 2 m).`,
    '',
  ];
}

function transfersAndDuties(): string[] {
  return [
    '## 8. Transferts hors de l’Union européenne',
    '',
    'Aucun. La plateforme ne transmet de données personnelles à aucun tiers : sa page GraphiQL est servie par elle-même, sans CDN ; la vérification des jetons ne fait que lire les clés publiques du fournisseur d’identité. L’hébergement choisi au déploiement doit être situé dans l’Union européenne.',
    '',
    '## 9. Droits des personnes, violations',
    '',
    `- Les droits d’accès, de rectification, d’effacement, d’opposition, de limitation et de portabilité s’exercent auprès du responsable du traitement : une demande reçue par un partenaire est transmise « dès réception par courrier électronique à ${DPO_ADDRESS} » (${ANNEX}, 2 j). Dans la plateforme, le PLIE qui suit une personne rectifie ses données et en limite le traitement (\`restrictBeneficiary\`, levée par \`liftBeneficiaryRestriction\`) : son suivi est alors figé, aucune mise à l’emploi, heure, sortie ni modification n’est acceptée, par l’API, un import ou la base elle-même, et elle reste comptée dans les indicateurs. Les administrateurs de ce PLIE effacent son identité (\`eraseBeneficiary\`) : nom, prénom, date de naissance et coordonnées sont détruits, sa typologie, ses mises à l’emploi, ses heures et ses sorties restent sans eux, et chaque indicateur reste le même ; elle n’est plus dans l’export de suivi. Pour les droits d’accès et de portabilité, ce PLIE extrait le dossier entier d’une personne (identité, statuts à l’entrée, mises à l’emploi et leurs heures, sorties, limitation, effacement, et, pour ses administrateurs, qui a consulté son identité : quand, pour quelle organisation, par quelle voie) en JSON (\`GET /exports/person.json?id=…\`), et ses lignes du fichier de suivi en CSV ou XLSX, que l’import d’un autre PLIE relit (\`/exports/person.csv\`, \`.xlsx\`).`,
    `- Une violation de données est notifiée au Département « dans un délai maximum de 24 heures après en avoir pris connaissance », à ${DPO_ADDRESS} (${ANNEX}, 2 k). Le journal d’audit et le journal des requêtes (identifiant de requête, organisation, opération) aident à établir ce qui a été lu ou écrit ; la procédure elle-même est organisationnelle.`,
    '',
  ];
}

/** The Markdown of docs/rgpd.md: the register of processing, in French, for the data protection officers. */
export function renderRegister(): string {
  return [
    '# Registre des activités de traitement',
    '',
    'Généré par `npm run permissions` à partir de la déclaration des données personnelles (`src/personal-data/declaration.ts`), du modèle d’accès (`src/access/model/rules.ts`) et de la configuration ; un test échoue quand ce fichier n’est plus à jour, et quand une table ou une colonne de données personnelles n’est pas déclarée. Les passages entre guillemets citent la convention de partenariat type du Département et son annexe 1, « Obligations liées à la protection des données à caractère personnel » (délibération 003 des sources de [domain.md](domain.md)), qui demande de « tenir par écrit un registre de toutes les catégories d’activités de traitement » (2 p).',
    '',
    ...controllerAndProcessors(),
    ...purposes(),
    ...subjects(),
    ...data(),
    ...recipients(),
    ...retention(),
    ...security(),
    ...transfersAndDuties(),
  ].join('\n');
}
