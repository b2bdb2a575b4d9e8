import {
  CharterTargetKind, ClauseMechanism, CompanyKind, ContractType, ExitCategoryValue, HeadcountBand, MarketNature, PlacementModality, QualificationLevel, Sex,
} from '../db/entities/index.js';

/** Lower case, no accents, words separated by one space: how headers and labels are compared. */
export function normalizeLabel(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** An ISO date as people read it in France: 14/07/2025. */
export const frenchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A number with a decimal comma, as French spreadsheets hold it: 151,67. */
export const decimalComma = (value: number) => String(value).replace('.', ',');

/** What a person reads for each value, in spreadsheets and reports. Stable: an export is read back by the import. */
export const SEX_LABELS: Record<Sex, string> = {
  [Sex.FEMALE]: 'Femme',
  [Sex.MALE]: 'Homme',
};

export const QUALIFICATION_LABELS: Record<QualificationLevel, string> = {
  [QualificationLevel.NONE]: 'Sans qualification',
  [QualificationLevel.LEVEL_3]: 'Niveau 3 (CAP, BEP)',
  [QualificationLevel.LEVEL_4]: 'Niveau 4 (Bac)',
  [QualificationLevel.LEVEL_5]: 'Niveau 5 (Bac+2)',
  [QualificationLevel.LEVEL_6_PLUS]: 'Niveau 6 et plus',
};

export const CONTRACT_TYPE_LABELS: Record<ContractType, string> = {
  [ContractType.CDI]: 'CDI',
  [ContractType.CDD]: 'CDD',
  [ContractType.CDDI]: 'CDDI',
  [ContractType.TEMPORARY_MISSION]: "Mission d'intérim",
  [ContractType.APPRENTICESHIP]: "Contrat d'apprentissage",
  [ContractType.PROFESSIONALISATION]: 'Contrat de professionnalisation',
  [ContractType.CUI_CIE]: 'CUI-CIE',
  [ContractType.EMPLOI_FRANC]: 'Emploi franc',
  [ContractType.TRAINING]: 'Formation',
};

export const MODALITY_LABELS: Record<PlacementModality, string> = {
  [PlacementModality.DIRECT_HIRE]: 'Embauche directe',
  [PlacementModality.TEMPORARY_WORK]: 'Intérim (ETT ou ETTI)',
  [PlacementModality.GEIQ]: 'GEIQ',
  [PlacementModality.SIAE_SUBCONTRACTING]: 'Sous-traitance SIAE',
  [PlacementModality.TRAINING]: 'Formation',
};

export const MARKET_NATURE_LABELS: Record<MarketNature, string> = {
  [MarketNature.WORKS]: 'Travaux',
  [MarketNature.ENGINEERING]: 'Ingénierie',
  [MarketNature.SERVICES]: 'Services',
  [MarketNature.GUP]: 'Gestion urbaine de proximité (GUP)',
};

export const HEADCOUNT_LABELS: Record<HeadcountBand, string> = {
  [HeadcountBand.NONE]: 'Sans salarié',
  [HeadcountBand.FROM_1_TO_9]: '1 à 9 salariés',
  [HeadcountBand.FROM_10_TO_49]: '10 à 49 salariés',
  [HeadcountBand.FROM_50_TO_249]: '50 à 249 salariés',
  [HeadcountBand.FROM_250]: '250 salariés et plus',
};

export const COMPANY_KIND_LABELS: Record<CompanyKind, string> = {
  [CompanyKind.ORDINARY]: 'Entreprise classique',
  [CompanyKind.SIAE_ACI]: "SIAE : atelier et chantier d'insertion",
  [CompanyKind.SIAE_EI]: "SIAE : entreprise d'insertion",
  [CompanyKind.SIAE_ETTI]: "SIAE : entreprise de travail temporaire d'insertion",
  [CompanyKind.SIAE_AI]: 'SIAE : association intermédiaire',
  [CompanyKind.GEIQ]: 'GEIQ',
  [CompanyKind.ADAPTED]: 'Entreprise adaptée',
  [CompanyKind.TEMPORARY_WORK_AGENCY]: 'Entreprise de travail temporaire',
};

export const EXIT_CATEGORY_LABELS: Record<ExitCategoryValue, string> = {
  [ExitCategoryValue.DURABLE_JOB]: 'Emploi durable',
  [ExitCategoryValue.TRANSITION_JOB]: 'Emploi de transition',
  [ExitCategoryValue.POSITIVE_EXIT]: 'Sortie positive',
  [ExitCategoryValue.OTHER]: 'Autre sortie',
};

export const TARGET_KIND_LABELS: Record<CharterTargetKind, string> = {
  [CharterTargetKind.WORKS_HOURS_RATE]: "Taux d'heures d'insertion, travaux et ingénierie",
  [CharterTargetKind.GUP_HOURS_RATE]: "Taux d'heures d'insertion, GUP",
  [CharterTargetKind.YOUNG_BENEFICIARIES_SHARE]: 'Part de jeunes',
  [CharterTargetKind.TRAINING_ACCESS_SHARE]: 'Part des participants ayant accédé à une formation',
  [CharterTargetKind.WOMEN_BENEFICIARIES_SHARE]: 'Part de femmes',
};

export const YES_NO_LABELS = { YES: 'Oui', NO: 'Non' } as const;

export const CLAUSE_MECHANISM_LABELS: Record<ClauseMechanism, string> = {
  [ClauseMechanism.EXECUTION_CONDITION]: "Condition d'exécution (art. L2112-2)",
  [ClauseMechanism.AWARD_CRITERION]: "Critère d'attribution (art. L2152-7)",
  [ClauseMechanism.RESERVED_MARKET]: 'Marché réservé (art. L2113-12 à L2113-14)',
  [ClauseMechanism.INSERTION_OBJECT]: "Marché d'insertion ou de qualification",
};
