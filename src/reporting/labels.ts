import { ContractType, PlacementModality, QualificationLevel, Sex } from '../db/entities/index.js';

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
