/** The French words of the API's codes about people, placements and exits. */
import type { AgeBand, ContractSubsidy, ContractType, ExitCategory, ExitOutcome, PlacementModality, QualificationLevel, Sex } from '../../gql/graphql';

export const SEX_LABELS: Record<Sex, string> = { FEMALE: 'Femme', MALE: 'Homme' };

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  UNDER_25: 'Moins de 25 ans',
  AGE_25: '25 ans',
  AGE_26_29: '26 à 29 ans',
  AGE_30_44: '30 à 44 ans',
  AGE_45_54: '45 à 54 ans',
  AGE_55_PLUS: '55 ans et plus',
};

export const QUALIFICATION_LABELS: Record<QualificationLevel, string> = {
  NONE: 'Sans qualification (infra 3)',
  LEVEL_3: 'Niveau 3 (CAP, BEP)',
  LEVEL_4: 'Niveau 4 (baccalauréat)',
  LEVEL_5: 'Niveau 5 (bac + 2)',
  LEVEL_6_PLUS: 'Niveau 6 et plus (bac + 3 et au-delà)',
};

export const CONTRACT_LABELS: Record<ContractType, string> = {
  CDI: 'CDI',
  CDD: 'CDD',
  CDDI: 'CDDI (insertion)',
  TEMPORARY_MISSION: 'Mission d’intérim',
  APPRENTICESHIP: 'Contrat d’apprentissage',
  PROFESSIONALISATION: 'Contrat de professionnalisation',
  CUI_CIE: 'CUI-CIE',
  EMPLOI_FRANC: 'Emploi franc',
  TRAINING: 'Formation',
};

export const MODALITY_LABELS: Record<PlacementModality, string> = {
  DIRECT_HIRE: 'Embauche directe',
  TEMPORARY_WORK: 'Travail temporaire',
  GEIQ: 'GEIQ',
  SIAE_SUBCONTRACTING: 'Sous-traitance à une SIAE',
  TRAINING: 'Formation',
};

export const OUTCOME_LABELS: Record<ExitOutcome, string> = {
  CDI: 'CDI',
  CDD: 'CDD',
  TEMPORARY_MISSION: 'Mission d’intérim',
  APPRENTICESHIP: 'Contrat d’apprentissage',
  PROFESSIONALISATION: 'Contrat de professionnalisation',
  CIVIL_SERVICE: 'Emploi dans la fonction publique',
  SIAE_INSERTION_JOB: 'Emploi en structure d’insertion (SIAE)',
  QUALIFYING_TRAINING: 'Formation qualifiante',
  OTHER_TRAINING: 'Autre formation',
  NO_EMPLOYMENT: 'Sans emploi',
  OTHER: 'Autre',
};

export const SUBSIDY_LABELS: Record<ContractSubsidy, string> = { NONE: 'Aucune aide', CUI_CIE: 'CUI-CIE', EMPLOI_FRANC: 'Emploi franc' };

export const CATEGORY_LABELS: Record<ExitCategory, string> = {
  DURABLE_JOB: 'Emploi durable',
  TRANSITION_JOB: 'Emploi de transition',
  POSITIVE_EXIT: 'Sortie positive',
  OTHER: 'Autre sortie',
};

/** 2026-03-01 → 01/03/2026. */
export function frenchDate(date: string | null | undefined): string {
  if (!date) return '—';
  const [year, month, day] = date.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

export const hoursFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
