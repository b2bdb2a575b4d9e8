/** Enumerations shared by the database model and the GraphQL schema. Values are stable API and column values. */

export enum OrganisationKind {
  DEPARTEMENT = 'DEPARTEMENT',
  PLIE = 'PLIE',
  BAILLEUR = 'BAILLEUR',
  VILLE = 'VILLE',
  EPCI = 'EPCI',
  REGION = 'REGION',
  ETAT = 'ETAT',
}

export enum MembershipRole {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  VIEWER = 'VIEWER',
}

export enum Programme {
  NPNRU = 'NPNRU',
  ERBM = 'ERBM',
  CSNE = 'CSNE',
  GUP = 'GUP',
  DEPARTEMENT = 'DEPARTEMENT',
  OTHER = 'OTHER',
}

export enum CharterTargetKind {
  /** Share of hours worked on ANRU-financed works and engineering done by insertion. */
  WORKS_HOURS_RATE = 'WORKS_HOURS_RATE',
  /** Share of hours worked on GUP (gestion urbaine de proximité) markets done by insertion. */
  GUP_HOURS_RATE = 'GUP_HOURS_RATE',
  YOUNG_BENEFICIARIES_SHARE = 'YOUNG_BENEFICIARIES_SHARE',
  TRAINING_ACCESS_SHARE = 'TRAINING_ACCESS_SHARE',
  WOMEN_BENEFICIARIES_SHARE = 'WOMEN_BENEFICIARIES_SHARE',
}

export enum MarketNature {
  WORKS = 'WORKS',
  ENGINEERING = 'ENGINEERING',
  SERVICES = 'SERVICES',
  GUP = 'GUP',
}

/** The four modalities of the public procurement code. */
export enum ClauseMechanism {
  /** Condition d'exécution, art. L2112-2. */
  EXECUTION_CONDITION = 'EXECUTION_CONDITION',
  /** Critère d'attribution, art. L2152-7. */
  AWARD_CRITERION = 'AWARD_CRITERION',
  /** Marché réservé, art. L2113-12 to L2113-14. */
  RESERVED_MARKET = 'RESERVED_MARKET',
  /** Marché dont l'objet est l'insertion ou la qualification. */
  INSERTION_OBJECT = 'INSERTION_OBJECT',
}

export enum MarketStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
  ARCHIVED = 'ARCHIVED',
}

export enum HeadcountBand {
  NONE = 'NONE',
  FROM_1_TO_9 = 'FROM_1_TO_9',
  FROM_10_TO_49 = 'FROM_10_TO_49',
  FROM_50_TO_249 = 'FROM_50_TO_249',
  FROM_250 = 'FROM_250',
}

export enum CompanyKind {
  ORDINARY = 'ORDINARY',
  SIAE_ACI = 'SIAE_ACI',
  SIAE_EI = 'SIAE_EI',
  SIAE_ETTI = 'SIAE_ETTI',
  SIAE_AI = 'SIAE_AI',
  GEIQ = 'GEIQ',
  ADAPTED = 'ADAPTED',
  TEMPORARY_WORK_AGENCY = 'TEMPORARY_WORK_AGENCY',
}

export enum Sex {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
}

export enum QualificationLevel {
  NONE = 'NONE',
  LEVEL_3 = 'LEVEL_3',
  LEVEL_4 = 'LEVEL_4',
  LEVEL_5 = 'LEVEL_5',
  LEVEL_6_PLUS = 'LEVEL_6_PLUS',
}

export enum ContractType {
  CDI = 'CDI',
  CDD = 'CDD',
  CDDI = 'CDDI',
  TEMPORARY_MISSION = 'TEMPORARY_MISSION',
  APPRENTICESHIP = 'APPRENTICESHIP',
  PROFESSIONALISATION = 'PROFESSIONALISATION',
  CUI_CIE = 'CUI_CIE',
  EMPLOI_FRANC = 'EMPLOI_FRANC',
  TRAINING = 'TRAINING',
}

export enum PlacementModality {
  DIRECT_HIRE = 'DIRECT_HIRE',
  TEMPORARY_WORK = 'TEMPORARY_WORK',
  GEIQ = 'GEIQ',
  SIAE_SUBCONTRACTING = 'SIAE_SUBCONTRACTING',
  TRAINING = 'TRAINING',
}

export enum ExitCategoryValue {
  DURABLE_JOB = 'DURABLE_JOB',
  TRANSITION_JOB = 'TRANSITION_JOB',
  POSITIVE_EXIT = 'POSITIVE_EXIT',
  OTHER = 'OTHER',
}

/** What the person does at the end of the path; the exit category is computed from it (domain/exit-classification). */
export enum ExitOutcome {
  CDI = 'CDI',
  CDD = 'CDD',
  TEMPORARY_MISSION = 'TEMPORARY_MISSION',
  PROFESSIONALISATION = 'PROFESSIONALISATION',
  APPRENTICESHIP = 'APPRENTICESHIP',
  CIVIL_SERVICE = 'CIVIL_SERVICE',
  QUALIFYING_TRAINING = 'QUALIFYING_TRAINING',
  SIAE_INSERTION_JOB = 'SIAE_INSERTION_JOB',
  OTHER_TRAINING = 'OTHER_TRAINING',
  NO_EMPLOYMENT = 'NO_EMPLOYMENT',
  OTHER = 'OTHER',
}

export enum ContractSubsidy {
  NONE = 'NONE',
  CUI_CIE = 'CUI_CIE',
  EMPLOI_FRANC = 'EMPLOI_FRANC',
}

export enum ImportStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  /** Read to the end; `written` tells whether the accepted rows were committed. */
  COMPLETED = 'COMPLETED',
  /** Stopped by an error: nothing was written. */
  FAILED = 'FAILED',
}

/** Where an invitation stands: waiting for the invitee's answer, then accepted, refused, or revoked by an administrator. */
export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REFUSED = 'REFUSED',
  REVOKED = 'REVOKED',
}
