/**
 * The personal data the platform holds, declared column by column, in French for the register of processing
 * (docs/rgpd.md, rendered by register.ts). Every table of the database is declared here, either with its
 * personal data or as holding none; test/personal-data/register.test.ts fails on a table or a column of a
 * table holding personal data that is not declared.
 *
 * Words in quotes are the partnership agreement's (seed 003: the Département's model agreement and its
 * annex 1, "Obligations liées à la protection des données à caractère personnel").
 */

/** Whose data it is. */
export enum Subject {
  BENEFICIARIES = 'BENEFICIARIES',
  USERS = 'USERS',
  INVITEES = 'INVITEES',
}

export const SUBJECTS: Record<Subject, { name: string; description: string }> = {
  [Subject.BENEFICIARIES]: {
    name: 'les personnes suivies',
    description: 'Les personnes accompagnées par un PLIE et placées sur des marchés à clause sociale d’insertion (bénéficiaires : allocataires du RSA, demandeurs d’emploi de longue durée, jeunes, jeunes sortis de l’aide sociale à l’enfance, travailleurs handicapés…)',
  },
  [Subject.USERS]: {
    name: 'les utilisateurs',
    description: 'Les agents des organisations partenaires qui ont un compte (utilisateurs), dont ceux qui créent les clés d’API de leur organisation',
  },
  [Subject.INVITEES]: {
    name: 'les personnes invitées',
    description: 'Les personnes invitées à rejoindre une organisation, avant qu’elles ne répondent : l’adresse électronique et le nom que l’administrateur a saisis',
  },
};

/** Why it is held. */
export enum Purpose {
  SUPPORT = 'SUPPORT',
  INDICATORS = 'INDICATORS',
  ACCOUNTS = 'ACCOUNTS',
  TRACEABILITY = 'TRACEABILITY',
}

export const PURPOSES: Record<Purpose, string> = {
  [Purpose.SUPPORT]: 'Suivi des parcours d’insertion sur les marchés à clause sociale : les personnes suivies, leurs mises à l’emploi, les heures travaillées chaque mois et leurs sorties. C’est le service que décrit la convention : « accompagnement des bénéficiaires du Revenu de Solidarité Active résidant dans le Département du Pas de Calais et/ou jeunes de moins de 26 ans (prioritairement jeunes issus de l’ASE) » (annexe 1, 1).',
  [Purpose.INDICATORS]: 'Production des indicateurs que les partenaires doivent rendre (ANRU, chartes locales d’insertion, Département, FSE+) : des sommes et des effectifs, sans identité, les petits effectifs masqués pour qui ne peut voir les personnes.',
  [Purpose.ACCOUNTS]: 'Gestion des comptes, des invitations, des habilitations et des clés d’API des organisations partenaires : « la restriction d’accès aux données traitées aux seules personnes habilitées » (annexe 1, 2 m).',
  [Purpose.TRACEABILITY]: 'Traçabilité : le journal d’audit de chaque écriture et le compte rendu de chaque import de fichier, pour contrôler qui a écrit quoi (annexe 1, 2 q : « permettre la réalisation d’audits »).',
};

/** The categories of the CNIL's model register, and those of the sensitive data the domain names. */
export enum Category {
  IDENTITY = 'IDENTITY',
  CONTACT = 'CONTACT',
  PERSONAL_LIFE = 'PERSONAL_LIFE',
  WORKING_LIFE = 'WORKING_LIFE',
  SOCIAL_SITUATION = 'SOCIAL_SITUATION',
  HEALTH = 'HEALTH',
  CONNECTION = 'CONNECTION',
  FREE_TEXT = 'FREE_TEXT',
}

export const CATEGORIES: Record<Category, string> = {
  [Category.IDENTITY]: 'État civil, identité, données d’identification',
  [Category.CONTACT]: 'Coordonnées',
  [Category.PERSONAL_LIFE]: 'Vie personnelle',
  [Category.WORKING_LIFE]: 'Vie professionnelle',
  [Category.SOCIAL_SITUATION]: 'Situation sociale et économique',
  [Category.HEALTH]: 'Données de santé',
  [Category.CONNECTION]: 'Données de connexion et de traçabilité',
  [Category.FREE_TEXT]: 'Textes libres ou valeurs recopiées',
};

export interface PersonalColumn {
  /** What the column says of the person, in French. */
  data: string;
  category: Category;
  /** Why the data is sensitive, when it is. */
  sensitive?: string;
}

export interface PersonalDataTable {
  table: string;
  /** What a row is, in French. */
  rows: string;
  subjects: Subject[];
  purposes: Purpose[];
  /** Rows copied from other tables by the database's triggers: what they are drawn from. */
  derivedFrom?: string;
  columns: Record<string, PersonalColumn>;
  /** Columns that say nothing of the person: the row's own key, its times, its version… */
  otherColumns: string[];
}

const ROW_BOOKKEEPING = ['created_at', 'updated_at', 'version'];

const personKey = (whose: string): PersonalColumn => ({
  data: `identifiant interne ${whose} (UUID tiré au hasard, sans signification : un pseudonyme)`, category: Category.IDENTITY,
});
const beneficiaryKey = personKey('de la personne suivie');
const userKey = personKey('de l’utilisateur');
const follower: PersonalColumn = { data: 'le PLIE qui suit la personne', category: Category.WORKING_LIFE };

const BRSA: PersonalColumn = {
  data: 'allocataire du RSA à l’entrée', category: Category.SOCIAL_SITUATION,
  sensitive: 'révèle une situation de précarité ; c’est ce statut qui fonde la lecture de l’identité par le Département, chef de file du RSA',
};
const ASE: PersonalColumn = {
  data: 'sorti(e) de l’aide sociale à l’enfance', category: Category.SOCIAL_SITUATION,
  sensitive: 'révèle une prise en charge passée par l’aide sociale à l’enfance',
};
const RQTH: PersonalColumn = {
  data: 'reconnaissance de la qualité de travailleur handicapé (RQTH)', category: Category.HEALTH,
  sensitive: 'révèle un handicap : donnée de santé (article 9 du RGPD)',
};

/** The person's typology at entry, as the beneficiary holds it and the indicator facts copy it. */
const TYPOLOGY: Record<string, PersonalColumn> = {
  sex: { data: 'sexe', category: Category.IDENTITY },
  age_at_entry: { data: 'âge en années révolues à l’entrée dans le dispositif (calculé de la date de naissance)', category: Category.IDENTITY },
  qpv_id: { data: 'quartier prioritaire de la politique de la ville (QPV) de résidence', category: Category.PERSONAL_LIFE },
  is_brsa: BRSA,
  is_deld: { data: 'demandeur d’emploi de longue durée à l’entrée', category: Category.SOCIAL_SITUATION },
  is_ase: ASE,
  is_rqth: RQTH,
};

/** A placement as the indicator facts copy it: the contract, the employer and the market. */
const PLACEMENT_FACTS: Record<string, PersonalColumn> = {
  beneficiary_id: beneficiaryKey,
  followed_by_id: follower,
  company_id: { data: 'l’employeur', category: Category.WORKING_LIFE },
  company_kind: { data: 'le type de l’employeur (entreprise ordinaire, SIAE, GEIQ…)', category: Category.WORKING_LIFE },
  headcount_band: { data: 'la tranche d’effectif de l’employeur', category: Category.WORKING_LIFE },
  naf_code: { data: 'le secteur d’activité (NAF) de l’employeur', category: Category.WORKING_LIFE },
  market_nature: { data: 'la nature du marché (travaux, ingénierie, services, GUP)', category: Category.WORKING_LIFE },
  contract_type: { data: 'le type de contrat', category: Category.WORKING_LIFE },
  modality: { data: 'la modalité de mise à l’emploi (embauche directe, intérim, GEIQ…)', category: Category.WORKING_LIFE },
  placement_start: { data: 'la date de début du contrat', category: Category.WORKING_LIFE },
  placement_end: { data: 'la date de fin du contrat', category: Category.WORKING_LIFE },
  ...TYPOLOGY,
};

export const PERSONAL_DATA: PersonalDataTable[] = [
  {
    table: 'beneficiary',
    rows: 'une personne suivie par un PLIE : sa typologie à l’entrée, celle que comptent les indicateurs',
    subjects: [Subject.BENEFICIARIES], purposes: [Purpose.SUPPORT, Purpose.INDICATORS],
    columns: {
      id: beneficiaryKey,
      followed_by_id: follower,
      entry_date: { data: 'date d’entrée dans le dispositif', category: Category.WORKING_LIFE },
      residence_commune: { data: 'commune de résidence', category: Category.PERSONAL_LIFE },
      qualification_level: { data: 'niveau de qualification', category: Category.WORKING_LIFE },
      ...TYPOLOGY,
      restricted_at: { data: 'date depuis laquelle le traitement de ses données est limité, à sa demande (RGPD, art. 18)', category: Category.PERSONAL_LIFE },
      erased_at: { data: 'date à laquelle son identité a été effacée, à sa demande (RGPD, art. 17)', category: Category.PERSONAL_LIFE },
    },
    otherColumns: ROW_BOOKKEEPING,
  },
  {
    table: 'beneficiary_identity',
    rows: 'l’identité d’une personne suivie, tenue à part de sa typologie et lue par moins d’organisations',
    subjects: [Subject.BENEFICIARIES], purposes: [Purpose.SUPPORT],
    columns: {
      beneficiary_id: beneficiaryKey,
      followed_by_id: follower,
      last_name: { data: 'nom', category: Category.IDENTITY },
      first_name: { data: 'prénom', category: Category.IDENTITY },
      birth_date: { data: 'date de naissance', category: Category.IDENTITY },
      email: { data: 'adresse électronique', category: Category.CONTACT },
      phone: { data: 'téléphone', category: Category.CONTACT },
      address: { data: 'adresse postale', category: Category.CONTACT },
    },
    otherColumns: ROW_BOOKKEEPING,
  },
  {
    table: 'placement',
    rows: 'une mise à l’emploi : un contrat de travail d’une personne suivie avec une entreprise, sur un marché',
    subjects: [Subject.BENEFICIARIES], purposes: [Purpose.SUPPORT, Purpose.INDICATORS],
    columns: {
      beneficiary_id: beneficiaryKey,
      company_id: { data: 'l’employeur', category: Category.WORKING_LIFE },
      market_id: { data: 'le marché sur lequel la personne travaille', category: Category.WORKING_LIFE },
      lot_id: { data: 'le lot de ce marché', category: Category.WORKING_LIFE },
      contract_type: { data: 'le type de contrat', category: Category.WORKING_LIFE },
      modality: { data: 'la modalité de mise à l’emploi', category: Category.WORKING_LIFE },
      start_date: { data: 'la date de début du contrat', category: Category.WORKING_LIFE },
      end_date: { data: 'la date de fin du contrat', category: Category.WORKING_LIFE },
      weekly_hours: { data: 'la durée hebdomadaire de travail', category: Category.WORKING_LIFE },
    },
    otherColumns: ['id', ...ROW_BOOKKEEPING],
  },
  {
    table: 'monthly_hours',
    rows: 'les heures travaillées par une personne sur une mise à l’emploi, un mois donné',
    subjects: [Subject.BENEFICIARIES], purposes: [Purpose.SUPPORT, Purpose.INDICATORS],
    columns: {
      placement_id: { data: 'la mise à l’emploi, donc la personne', category: Category.WORKING_LIFE },
      month: { data: 'le mois travaillé', category: Category.WORKING_LIFE },
      hours: { data: 'les heures travaillées', category: Category.WORKING_LIFE },
    },
    otherColumns: ['id', ...ROW_BOOKKEEPING],
  },
  {
    table: 'beneficiary_exit',
    rows: 'la sortie d’une personne du dispositif et sa catégorie (sortie dynamique ou non)',
    subjects: [Subject.BENEFICIARIES], purposes: [Purpose.SUPPORT, Purpose.INDICATORS],
    columns: {
      beneficiary_id: beneficiaryKey,
      exit_date: { data: 'la date de sortie', category: Category.WORKING_LIFE },
      outcome: { data: 'la situation à la sortie (CDI, CDD, formation…)', category: Category.WORKING_LIFE },
      subsidy: { data: 'l’aide à l’emploi du contrat de sortie (CUI-CIE, emploi franc)', category: Category.WORKING_LIFE },
      contract_start: { data: 'le début du contrat de sortie', category: Category.WORKING_LIFE },
      contract_end: { data: 'la fin du contrat de sortie', category: Category.WORKING_LIFE },
      category: { data: 'la catégorie de sortie (emploi durable, de transition, sortie positive, autre)', category: Category.WORKING_LIFE },
      rule: { data: 'la règle de classement qui a donné la catégorie', category: Category.WORKING_LIFE },
    },
    otherColumns: ['id', ...ROW_BOOKKEEPING],
  },
  {
    table: 'hours_fact',
    rows: 'un mois d’heures d’une mise à l’emploi, avec tout ce que les indicateurs regroupent : sans identité, mais la typologie de la personne',
    subjects: [Subject.BENEFICIARIES], purposes: [Purpose.INDICATORS],
    derivedFrom: 'monthly_hours, placement, beneficiary, company et market',
    columns: {
      ...PLACEMENT_FACTS,
      placement_id: { data: 'la mise à l’emploi', category: Category.WORKING_LIFE },
      month: { data: 'le mois travaillé', category: Category.WORKING_LIFE },
      hours: { data: 'les heures travaillées', category: Category.WORKING_LIFE },
      market_id: { data: 'le marché', category: Category.WORKING_LIFE },
    },
    otherColumns: ['id', 'charter_id', 'operation_id', 'buyer_id', 'facilitator_id'],
  },
  {
    table: 'placement_year_fact',
    rows: 'une année d’une mise à l’emploi (mois travaillés, heures par mois), pour les indicateurs de toute la plateforme',
    subjects: [Subject.BENEFICIARIES], purposes: [Purpose.INDICATORS],
    derivedFrom: 'monthly_hours et hours_fact',
    columns: {
      ...PLACEMENT_FACTS,
      placement_id: { data: 'la mise à l’emploi', category: Category.WORKING_LIFE },
      year: { data: 'l’année', category: Category.WORKING_LIFE },
      contract_months: { data: 'la durée du contrat en mois', category: Category.WORKING_LIFE },
      worked: { data: 'les mois travaillés de l’année', category: Category.WORKING_LIFE },
      hours_by_month: { data: 'les heures travaillées de chaque mois', category: Category.WORKING_LIFE },
    },
    otherColumns: [],
  },
  {
    table: 'exit_fact',
    rows: 'une sortie avec le PLIE qui suit la personne, lisible là où ses heures le sont',
    subjects: [Subject.BENEFICIARIES], purposes: [Purpose.INDICATORS],
    derivedFrom: 'beneficiary_exit',
    columns: {
      beneficiary_id: beneficiaryKey,
      followed_by_id: follower,
      exit_date: { data: 'la date de sortie', category: Category.WORKING_LIFE },
      category: { data: 'la catégorie de sortie', category: Category.WORKING_LIFE },
    },
    otherColumns: ['id'],
  },
  {
    table: 'app_user',
    rows: 'le compte d’une personne',
    subjects: [Subject.USERS], purposes: [Purpose.ACCOUNTS],
    columns: {
      id: userKey,
      email: { data: 'adresse électronique (professionnelle)', category: Category.CONTACT },
      display_name: { data: 'nom affiché', category: Category.IDENTITY },
      oidc_issuer: { data: 'le fournisseur d’identité auquel le compte est lié', category: Category.CONNECTION },
      oidc_subject: { data: 'l’identifiant de la personne chez ce fournisseur', category: Category.CONNECTION },
    },
    otherColumns: ROW_BOOKKEEPING,
  },
  {
    table: 'membership',
    rows: 'le rôle d’un utilisateur dans une organisation',
    subjects: [Subject.USERS], purposes: [Purpose.ACCOUNTS],
    columns: {
      user_id: userKey,
      organisation_id: { data: 'l’organisation dont la personne est membre', category: Category.WORKING_LIFE },
      role: { data: 'son rôle (administrateur, éditeur, lecteur)', category: Category.WORKING_LIFE },
      active: { data: 'si ce rôle est en vigueur', category: Category.WORKING_LIFE },
    },
    otherColumns: ['id', 'invitation_id', ...ROW_BOOKKEEPING],
  },
  {
    table: 'invitation',
    rows: 'une invitation à rejoindre une organisation',
    subjects: [Subject.INVITEES, Subject.USERS], purposes: [Purpose.ACCOUNTS],
    columns: {
      email: { data: 'l’adresse électronique de la personne invitée', category: Category.CONTACT },
      display_name: { data: 'le nom que l’administrateur lui a donné', category: Category.IDENTITY },
      organisation_id: { data: 'l’organisation qui l’invite', category: Category.WORKING_LIFE },
      role: { data: 'le rôle offert', category: Category.WORKING_LIFE },
      status: { data: 'la réponse (en attente, acceptée, refusée, retirée)', category: Category.WORKING_LIFE },
      closed_at: { data: 'la date de la réponse', category: Category.WORKING_LIFE },
      invited_by_id: { data: 'l’utilisateur qui a invité', category: Category.IDENTITY },
    },
    otherColumns: ['id', ...ROW_BOOKKEEPING],
  },
  {
    table: 'api_key',
    rows: 'une clé d’API d’une organisation (seule une empreinte SHA-256 du secret est gardée)',
    subjects: [Subject.USERS], purposes: [Purpose.ACCOUNTS],
    columns: {
      created_by: { data: 'l’utilisateur qui a créé la clé', category: Category.IDENTITY },
      name: { data: 'le libellé de la clé, texte libre de son créateur', category: Category.FREE_TEXT },
      last_used_at: { data: 'la dernière utilisation de la clé', category: Category.CONNECTION },
    },
    otherColumns: ['id', 'organisation_id', 'role', 'prefix', 'secret_hash', 'revoked_at', ...ROW_BOOKKEEPING],
  },
  {
    table: 'audit_event',
    rows: 'une écriture : qui l’a faite, pour quelle organisation, sur quelle ligne, et ce qu’elle a changé',
    subjects: [Subject.USERS, Subject.BENEFICIARIES, Subject.INVITEES], purposes: [Purpose.TRACEABILITY],
    columns: {
      user_id: { data: 'l’utilisateur qui a écrit', category: Category.CONNECTION },
      api_key_id: { data: 'la clé d’API qui a écrit', category: Category.CONNECTION },
      entity_id: { data: 'la ligne écrite (une personne suivie, un compte…)', category: Category.CONNECTION },
      changes: {
        data: 'les valeurs écrites : la typologie d’une personne suivie (statuts RSA, ASE, RQTH compris), le nom d’un compte, l’adresse d’une invitation… ; d’une identité, seulement les noms des champs écrits, jamais leurs valeurs ; jamais l’empreinte d’une clé',
        category: Category.FREE_TEXT,
        sensitive: 'recopie les statuts RSA, ASE et RQTH des personnes suivies quand ils sont écrits',
      },
      request_id: { data: 'la requête', category: Category.CONNECTION },
      created_at: { data: 'l’heure de l’écriture', category: Category.CONNECTION },
    },
    otherColumns: ['id', 'organisation_id', 'entity', 'action', 'updated_at', 'version'],
  },
  {
    table: 'identity_read',
    rows: 'une lecture d’identités : qui a lu l’identité de quelles personnes suivies, pour quelle organisation, quand, par quel moyen',
    subjects: [Subject.USERS, Subject.BENEFICIARIES], purposes: [Purpose.TRACEABILITY],
    columns: {
      user_id: { data: 'l’utilisateur qui a lu', category: Category.CONNECTION },
      api_key_id: { data: 'la clé d’API qui a lu', category: Category.CONNECTION },
      beneficiary_ids: { data: 'les personnes suivies dont l’identité a été lue (leurs identifiants internes, jamais leur identité)', category: Category.CONNECTION },
      channel: { data: 'le moyen de la lecture : l’API, l’export de suivi, le dossier d’une personne', category: Category.CONNECTION },
      request_id: { data: 'la requête', category: Category.CONNECTION },
      created_at: { data: 'l’heure de la lecture', category: Category.CONNECTION },
    },
    otherColumns: ['id', 'organisation_id', 'followed_by_id', 'updated_at', 'version'],
  },
  {
    table: 'import_job',
    rows: 'un import de fichier de suivi : qui, quand, quel fichier, et les problèmes trouvés',
    subjects: [Subject.USERS, Subject.BENEFICIARIES], purposes: [Purpose.TRACEABILITY],
    columns: {
      user_id: { data: 'l’utilisateur qui a importé', category: Category.CONNECTION },
      api_key_id: { data: 'la clé d’API qui a importé', category: Category.CONNECTION },
      file_name: { data: 'le nom du fichier, tel que l’utilisateur l’a nommé', category: Category.FREE_TEXT },
      problems: { data: 'les premiers problèmes trouvés, dont les messages citent la valeur refusée d’une cellule (une date de naissance mal écrite, par exemple)', category: Category.FREE_TEXT },
      error: { data: 'la raison d’un échec de tout l’import', category: Category.FREE_TEXT },
      refused_rows: {
        data: 'les lignes refusées telles que le fichier les avait (10 000 au plus), avec le motif du refus, que l’expéditeur télécharge pour les corriger pendant 7 jours (effacées ensuite, à la fin de l’import suivant de l’organisation) : identité, typologie et mises à l’emploi des personnes de ces lignes',
        category: Category.FREE_TEXT,
        sensitive: 'recopie les statuts RSA, ASE et RQTH des personnes suivies des lignes refusées',
      },
      created_at: { data: 'l’heure de l’envoi', category: Category.CONNECTION },
    },
    otherColumns: ['id', 'organisation_id', 'file_hash', 'file_bytes', 'dry_run', 'all_or_nothing', 'status', 'bytes_read', 'counts', 'problem_count', 'runner', 'interruptions', 'started_at', 'finished_at', 'updated_at', 'version'],
  },
  {
    table: 'import_file_chunk',
    rows: 'une part (1 Mio au plus) d’un fichier de suivi envoyé pour import, gardée le temps que l’import soit fait, quelle que soit l’instance du serveur qui le fait, et effacée quand il se termine (réussi ou non)',
    subjects: [Subject.BENEFICIARIES], purposes: [Purpose.SUPPORT],
    columns: {
      bytes: {
        data: 'le contenu du fichier tel qu’il a été envoyé : toutes les données personnelles qu’il contient, identité, typologie et mises à l’emploi des personnes suivies, y compris les lignes que l’import refusera',
        category: Category.FREE_TEXT,
        sensitive: 'recopie les statuts RSA, ASE et RQTH des personnes suivies que le fichier contient',
      },
    },
    otherColumns: ['import_job_id', 'seq'],
  },
];

/** The tables that hold no personal data, and why. */
export const WITHOUT_PERSONAL_DATA: Record<string, string> = {
  organisation: 'l’annuaire des organisations partenaires, des personnes morales',
  qpv: 'les quartiers prioritaires, données de référence',
  company: 'les entreprises, du répertoire SIRENE public (un entrepreneur individuel peut y figurer sous son nom, tel que SIRENE le publie)',
  charter: 'les chartes locales d’insertion',
  charter_signatory: 'les signataires des chartes, des organisations',
  charter_target: 'les objectifs des chartes',
  charter_qpv: 'les quartiers des chartes',
  operation: 'les opérations (programmes)',
  market: 'les marchés et leurs clauses',
  lot: 'les lots des marchés',
  award: 'les attributions des lots à des entreprises',
  market_fact: 'les marchés, pour les indicateurs',
  platform_hours: 'des sommes d’heures par PLIE, année et type de contrat',
  platform_people: 'des effectifs de personnes par PLIE, période et modalité d’une ventilation : aucune ligne ne désigne une personne ; lus par le seul Département',
  platform_contracts: 'des nombres de contrats par PLIE, période, type et durée',
  platform_company_year: 'les mois travaillés de chaque entreprise, par PLIE',
  platform_markets: 'des nombres de marchés et leurs heures prévues',
  platform_exits: 'des nombres de sorties par PLIE, période et catégorie',
};
